"""Spanish."""

from ..wordlists import words
from . import Lexicon, alternation, values

L = "es"
LEXICON = Lexicon(
    code=L,
    abbreviations=words("sr sra srta dr dra lic ing d dña pág págs núm art aprox av avda gral cía"),
    ambiguous_abbreviations=words("etc"),
    number_words=values(
        """1 uno una un; 2 dos; 3 tres; 4 cuatro; 5 cinco; 6 seis; 7 siete; 8 ocho; 9 nueve; 10 diez; 11 once;
        12 doce; 13 trece; 14 catorce; 15 quince; 16 dieciséis; 17 diecisiete; 18 dieciocho; 19 diecinueve;
        20 veinte; 21 veintiuno veintiún; 22 veintidós; 23 veintitrés; 24 veinticuatro; 25 veinticinco;
        26 veintiséis; 27 veintisiete; 28 veintiocho; 29 veintinueve; 30 treinta; 40 cuarenta; 50 cincuenta;
        60 sesenta; 70 setenta; 80 ochenta; 90 noventa; 100 cien ciento; 200 doscientos doscientas; 300 trescientos
        trescientas; 400 cuatrocientos cuatrocientas; 500 quinientos quinientas; 600 seiscientos seiscientas;
        700 setecientos setecientas; 800 ochocientos ochocientas; 900 novecientos novecientas;
        0.5 mitad; 0.333 tercio tercera; 0.25 cuarta; 2 doble duplicó""",
        L,
    ),
    scales=values("1e3 mil; 1e6 millón millones mill; 1e12 billón billones", L),
    number_connectors=words("y"),
    percent=alternation("por_ciento porcentaje*", L),
    currency=alternation("euros euro dólares dólar pesos libras rublos", L),
    months=alternation(
        "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre", L
    ),
    record=alternation(
        """récord* primer primera primero primeros primeras única único únicos únicas mayor mayores menor menores
        máximo* mínimo* histórico* histórica* sin_precedentes nadie nunca_antes líder* más_alto* más_alta* más_bajo*
        más_baja* consecutiv* seguid*""",
        L,
    ),
    outcome=alternation(
        """cura curan curar curó curado curada curación recuper* sobreviv* supervivencia remisión eficacia eficaz*
        efectos_secundarios inmunidad mortalidad murió murieron muerte* muertos fallec* salvó salvar salvado*
        seguridad destruy* mató mataron reduce redujo previene prevenir previno tratamiento* vacuna* contagi*
        infectad* herido* hospitaliz*""",
        L,
    ),
    laws=alternation(
        """ley leyes decreto* legislación legislativ* regula* aprob* licencia* prohib* permiso* registrad* registro*
        certific* tribunal* juez* jueza sentencia* multa* obligatori* ratific* congreso parlamento constitucional*
        inconstitucional* anul*""",
        L,
    ),
    trials=alternation("ensayo* clínico* estudio* patente*", L),
    causation=alternation(
        """causa causó causado provoc* condujo conduce llevó_a debido_a a_causa_de gracias_a como_resultado contribu*
        reduj* reducción aument* increment* subió subieron cayó cayeron descenso bajó mejoró mejora empeor*
        relacionad*_con vinculad*_con""",
        L,
    ),
    money=alternation(
        """cuesta costó coste* costo* precio* presupuest* financia* destin* ingreso* gasto* salario* sueldo* pago* pagó
        inversión inversiones impuesto* crédito* deuda* tarifa* pensión pensiones subsidi*""",
        L,
    ),
    according_to=alternation("según de_acuerdo_con conforme_a citando", L),
    attribution=alternation(
        """dijo afirmó declaró señaló anunció explicó añadió subrayó confirmó aseguró informó indicó destacó precisó
        dice afirma asegura""",
        L,
    ),
    hedge_or_wish=alternation(
        """espero esperamos ojalá desea* deseo queremos quiere debe deben debemos debería* hay_que necesari* necesita*
        importante* creo creemos pienso pensamos convencid* confiamos confío tal_vez quizá quizás probablemente
        orgullo* orgullos* agradec* bienvenid*""",
        L,
    ),
    vague=alternation(
        """excelente* impresionant* extraordinari* enorme* maravillos* muy realmente verdaderamente moderno* moderna*
        algunos algunas varios varias diversos numeros* muchos muchas miles_de cientos_de decenas_de en_el_futuro
        próximos_años gran_importancia""",
        L,
    ),
    first_person=alternation("yo nosotros nosotras nuestro* nuestra* mi mis me nos", L),
    speech_event=alternation(
        """se_reunió reunión reuniones discurso* debate* debatió discutió participó participaron se_celebró celebró
        visitó visita felicitó expresó hizo_un_llamamiento rueda_de_prensa""",
        L,
    ),
    future=alternation(
        """será serán planea* prevé previsto prevista pronóstic* se_espera esperan_que tiene_previsto pretende va_a
        van_a""",
        L,
        r"(?:para|hasta)\s+20\d\d",
    ),
    accomplishment=alternation(
        """desarrolló desarrollado* creó creado* construyó construido* inauguró lanzó completó realizó realizado*
        introdujo fabricó registró probó""",
        L,
    ),
)
