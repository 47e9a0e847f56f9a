"""The words speaker attribution reads news copy with in languages other than English, kept as data.

One :class:`ForeignLexicon` per language (Russian, Ukrainian, Serbian in both scripts, Greek, Kazakh,
Spanish, French, German). The rules that use them (``attribution_foreign``) are the same for every
language; what differs is here:

* ``verbs``: speech verbs as written, several words joined by "_" ("a_déclaré", "рекао_је", "деп_мәлімдеді");
* ``after_quote_verbs``: words that attribute only right after a quotation (German "so": „...“, so Novak);
* ``according``: what introduces a source after it ("по словам", "según", "selon", "laut", "σύμφωνα με");
* ``own_words``: the same with a pronoun, whose owner is the last speaker ("по её словам", "según ella");
* stems (lower case, matched as prefixes, so one entry covers the inflected forms): ``titles`` (person roles,
  "министр" also finds "министра"), ``organisations`` ("министерств", "ministerio") and ``not_names``
  (capitalised words that are never part of a person's name: months, places, institutions' subjects);
* ``generic``: plural sources with no name the desk could ask ("эксперты", "los expertos"): the publication's;
* ``function_words``: words that open a sentence capitalised without being a name ("В", "Por", "Laut").

Stems are deliberately short and few: a stem that also starts a surname would hide that person.
"""

from __future__ import annotations

from dataclasses import dataclass

from .wordlists import words


@dataclass(frozen=True)
class ForeignLexicon:
    code: str
    verbs: frozenset[str]
    after_quote_verbs: frozenset[str]
    according: frozenset[str]
    own_words: frozenset[str]
    titles: frozenset[str]
    organisations: frozenset[str]
    not_names: frozenset[str]
    generic: frozenset[str]
    pronouns: frozenset[str]
    function_words: frozenset[str]
    #: Words that open a clause without being its subject ("и", "но", "y", "aber", "και").
    conjunctions: frozenset[str]
    #: Words that end the speaker's phrase after a verb: "that" ("что", "que", "dass", "ότι", "да").
    complementisers: frozenset[str]
    #: Kazakh puts the subject first and the verb last ("Новак ... деп мәлімдеді").
    subject_first: bool = False
    #: "<name>-тың айтуынша" (Kazakh): the source stands before the word.
    according_after: frozenset[str] = frozenset()


_SLAVIC_CYRILLIC_NOT_NAMES = words(
    """
    январ феврал март апрел мая май июн июл август сентябр октябр ноябр декабр понедельник вторник сред
    четверг пятниц суббот воскресень росси москв украин киев казахстан алмат астан европ сша америк
    кита германи франци сербия белград греци афин минск беларус думе дум кремл рф ес нато оон
    здравоохранени финанс образовани экономик обороны иностранных внутренних культуры юстиции энергетики
    труда транспорта строительства промышленности сельского цифрового просвещения науки спорта
    """
)

RUSSIAN = ForeignLexicon(
    code="ru",
    verbs=words(
        """
        заявил заявила заявили заявляет сказал сказала сказали говорит сообщил сообщила сообщили
        отметил отметила отметили подчеркнул подчеркнула подчеркнули добавил добавила добавили
        пояснил пояснила пояснили уточнил уточнила заверил заверила признал признала напомнил напомнила
        рассказал рассказала утверждает утверждал утверждала считает полагает предупредил предупредила
        объявил объявила написал написала ответил ответила возразил возразила настаивает настаивал
        сообщило заявило отметило подчеркнуло добавило пояснило уточнило объявило сообщает заявляет
        """
    ),
    after_quote_verbs=frozenset(),
    according=words("по_словам по_мнению по_оценке по_утверждению по_заявлению по_данным"),
    own_words=words("по_его_словам по_её_словам по_ее_словам по_их_словам по_его_мнению по_её_мнению по_ее_мнению"),
    titles=words(
        """
        министр глав президент премьер мэр губернатор председател директор представител пресс-секретар
        депутат сенатор спикер руководител начальник заместител замминистр вице-премьер посол эксперт
        экономист врач профессор академик генсек генеральн лидер командующ судь прокурор ректор
        главврач аналитик советник
        """
    ),
    organisations=words(
        """
        министерств минздрав минфин минобр минэконом правительств ведомств компани банк центробанк
        цб воз мвд мчс росстат служб агентств комитет комисси администраци управлени институт
        университет больниц фонд партия партии союз совет суд прокуратур кремл
        """
    ),
    not_names=_SLAVIC_CYRILLIC_NOT_NAMES,
    generic=words(
        "эксперты экспертов аналитики чиновники источники учёные ученые врачи специалисты жители наблюдатели"
    ),
    pronouns=words("он она они"),
    function_words=words(
        """
        в во на по при после до для как так это этот эта эти тот та те но а и однако также кроме вчера
        сегодня ранее позже затем теперь когда если хотя уже еще ещё их его её ее по-прежнему между
        за из о об от у с со к ко над под без через всего более менее около почти лишь только
        """
    ),
    conjunctions=words("и а но однако также затем позже ранее вчера сегодня тогда"),
    complementisers=words("что чтобы будто как"),
)

UKRAINIAN = ForeignLexicon(
    code="uk",
    verbs=words(
        """
        заявив заявила заявили заявляє сказав сказала сказали каже повідомив повідомила повідомили
        зазначив зазначила зазначили наголосив наголосила додав додала додали пояснив пояснила
        підкреслив підкреслила запевнив запевнила визнав визнала нагадав нагадала розповів розповіла
        вважає стверджує попередив попередила написав написала відповів відповіла
        повідомило заявило зазначило наголосило додало пояснило повідомляє заявляє
        """
    ),
    after_quote_verbs=frozenset(),
    according=words("за_словами на_думку за_оцінкою за_даними"),
    own_words=words("за_його_словами за_її_словами за_їхніми_словами на_його_думку на_її_думку"),
    titles=words(
        """
        міністр голов президент прем'єр прем’єр мер губернатор директор представни речни депутат
        спікер керівни начальни заступни посол експерт економіст лікар професор академік лідер
        командувач суддя прокурор ректор аналітик радни очільни
        """
    ),
    organisations=words(
        """
        міністерств моз мінфін уряд відомств компані банк нбу вооз служб агентств комітет комісі
        адміністраці управлінн інститут університет лікарн фонд парті союз рад суд прокуратур
        """
    ),
    not_names=words(
        """
        січн лют берез квітн травн червн липн серпн вересн жовтн листопад грудн понеділ вівтор серед
        четвер п'ятниц субот неділ україн київ харків львів одес європ сша кита німеччин франці
        польщ охорони здоров'я здоров’я фінанс освіти економік оборони культури юстиції енергетики
        аграрної цифрової соціальної інфраструктури розвитку внутрішніх закордонних науки спорту верховна
        """
    ),
    generic=words("експерти аналітики посадовці джерела науковці лікарі фахівці мешканці спостерігачі"),
    pronouns=words("він вона вони"),
    function_words=words(
        """
        в у на за при після до для як так це цей ця ці той та ті але а і й однак також крім вчора
        сьогодні раніше пізніше потім тепер коли якщо хоча вже ще їх його її між з із о об від
        через понад близько майже лише тільки
        """
    ),
    conjunctions=words("і й а але однак також потім пізніше раніше вчора сьогодні та"),
    complementisers=words("що щоб ніби як"),
)

SERBIAN = ForeignLexicon(
    code="sr",
    verbs=words(
        """
        рекао_је рекла_је је_рекао је_рекла изјавио_је изјавила_је је_изјавио је_изјавила навео_је
        навела_је је_навео је_навела истакао_је истакла_је је_истакао је_истакла додао_је додала_је
        је_додао је_додала саопштио_је саопштила_је је_саопштио је_саопштила објаснио_је објаснила_је
        тврди сматра каже рекао рекла изјавио изјавила навео навела истакао истакла додао додала
        упозорио_је упозорила_је нагласио_је нагласила_је
        rekao_je rekla_je je_rekao je_rekla izjavio_je izjavila_je je_izjavio je_izjavila naveo_je
        navela_je je_naveo je_navela istakao_je istakla_je je_istakao je_istakla dodao_je dodala_je
        je_dodao je_dodala saopštio_je saopštila_je je_saopštio je_saopštila objasnio_je objasnila_je
        tvrdi smatra kaže rekao rekla izjavio izjavila naveo navela istakao istakla dodao dodala
        upozorio_je upozorila_je naglasio_je naglasila_je
        """
    ),
    after_quote_verbs=frozenset(),
    according=words(
        "према_речима по_речима према_мишљењу према_подацима prema_rečima po_rečima prema_mišljenju prema_podacima"
    ),
    own_words=words(
        """
        према_његовим_речима према_њеним_речима по_његовим_речима по_њеним_речима
        prema_njegovim_rečima prema_njenim_rečima po_njegovim_rečima po_njenim_rečima
        """
    ),
    titles=words(
        """
        министар министарк председни премијер градоначелни гувернер директор портпарол посланик
        шеф заменик амбасадор стручњак економист лекар професор академик лидер судиј тужилац ректор
        аналитичар саветни
        ministar ministark predsedni premijer gradonačelni guverner direktor portparol poslanik
        šef zameni ambasador stručnjak ekonomist lekar profesor akademik lider sudij tužilac rektor
        analitičar savetni
        """
    ),
    organisations=words(
        """
        министарств влад компаниј банк нбс сзо агенциј завод институт универзитет болниц фонд партиј
        савез скупштин суд тужилаштв републичк центар
        ministarstv vlad kompanij bank nbs szo agencij zavod institut univerzitet bolnic fond partij
        savez skupštin sud tužilaštv republičk centar
        """
    ),
    not_names=words(
        """
        јануар фебруар март април мај јун јул август септембар октобар новембар децембар понедељ
        утор сред четвр петак субот недељ србиј београд нови_сад европ сад кин немачк француск
        здравља финансиј просвет одбран
        januar februar mart april maj jun jul avgust septembar oktobar novembar decembar ponedelj
        utor sred četvr petak subot nedelj srbij beograd evrop sad kin nemačk francusk zdravlj
        finansij prosvet odbran
        """
    ),
    generic=words(
        """
        стручњаци аналитичари званичници извори научници лекари грађани
        stručnjaci analitičari zvaničnici izvori naučnici lekari građani
        """
    ),
    pronouns=words("он она они on ona oni"),
    function_words=words(
        """
        у на за при после до као тако ово овај ова ови тај та ти али а и међутим такође осим јуче
        данас раније касније затим сада када ако иако већ још између из о од са с кроз око скоро само
        u na za pri posle do kao tako ovo ovaj ova ovi taj ta ti ali a i međutim takođe osim juče
        danas ranije kasnije zatim sada kada ako iako već još između iz o od sa s kroz oko skoro samo
        """
    ),
    conjunctions=words(
        "и а али међутим такође затим касније раније јуче данас i a ali međutim takođe zatim kasnije ranije juče danas"
    ),
    complementisers=words("да како da kako"),
)

GREEK = ForeignLexicon(
    code="el",
    verbs=words(
        """
        δήλωσε δήλωσαν είπε είπαν ανέφερε ανέφεραν σημείωσε σημείωσαν τόνισε τόνισαν πρόσθεσε
        πρόσθεσαν εξήγησε υπογράμμισε ανακοίνωσε ανακοίνωσαν υποστήριξε υποστηρίζει δηλώνει λέει
        προειδοποίησε παραδέχθηκε παραδέχτηκε επισήμανε διευκρίνισε απάντησε έγραψε
        """
    ),
    after_quote_verbs=frozenset(),
    according=words("σύμφωνα_με_τον σύμφωνα_με_την σύμφωνα_με_το σύμφωνα_με_τους σύμφωνα_με κατά_τον κατά_την"),
    own_words=words("κατά_τον_ίδιο κατά_την_ίδια σύμφωνα_με_τον_ίδιο σύμφωνα_με_την_ίδια"),
    titles=words(
        """
        υπουργ πρόεδρ πρωθυπουργ δήμαρχ διοικητ διευθυντ εκπρόσωπ βουλευτ αρχηγ υφυπουργ πρέσβ
        ειδικ οικονομολόγ γιατρ καθηγητ ακαδημαϊκ ηγέτ δικαστ εισαγγελ πρύτανη αναλυτ σύμβουλ
        κυβερνητικ
        """
    ),
    organisations=words(
        """
        υπουργείο υπουργείου κυβέρνηση κυβέρνησης εταιρεία εταιρείας τράπεζα τράπεζας ελστατ εοδυ
        π.ο.υ. ποϋ υπηρεσία οργανισμ ινστιτούτο πανεπιστήμιο νοσοκομείο ταμείο κόμμα ένωση βουλή
        δικαστήριο
        """
    ),
    not_names=words(
        """
        ιανουαρ φεβρουαρ μαρτ απριλ μαΐ μαι ιουν ιουλ αυγουστ σεπτεμβρ οκτωβρ νοεμβρ δεκεμβρ δευτέρα
        τρίτη τετάρτη πέμπτη παρασκευή σάββατο κυριακή ελλάδ αθήν θεσσαλονίκ ευρώπ ηπα κίν γερμανί
        γαλλί κύπρ υγείας οικονομικών παιδείας άμυνας εσωτερικών εξωτερικών
        """
    ),
    generic=words("ειδικοί αναλυτές αξιωματούχοι πηγές επιστήμονες γιατροί κάτοικοι παρατηρητές"),
    pronouns=words("αυτός αυτή αυτοί ίδιος ίδια"),
    function_words=words(
        """
        ο η το οι τα τον την του της των στο στη στην στον στα σε με για από και αλλά ωστόσο επίσης
        όταν αν ενώ χθες σήμερα νωρίτερα αργότερα στη στις μετά πριν κατά ως όπως αυτό αυτή αυτός
        """
    ),
    conjunctions=words("και αλλά ωστόσο επίσης χθες σήμερα αργότερα νωρίτερα ο η οι"),
    complementisers=words("ότι πως να"),
)

KAZAKH = ForeignLexicon(
    code="kk",
    verbs=words(
        """
        деді деп_мәлімдеді мәлімдеді деп_атап_өтті атап_өтті деп_хабарлады хабарлады айтты деп_айтты
        деп_қосты қосты деп_түсіндірді түсіндірді деп_санайды деп_ескертті ескертті деп_жазды
        """
    ),
    after_quote_verbs=frozenset(),
    according=frozenset(),
    own_words=words("оның_айтуынша олардың_айтуынша"),
    titles=words(
        """
        министр басшы төраға президент премьер әкім директор өкіл баспасөз депутат сарапшы
        экономист дәрігер профессор академик көшбасшы орынбасар елші судья прокурор ректор талдаушы
        """
    ),
    organisations=words(
        "министрлі үкімет компания банк ұлттық ддсұ қызмет агенттік комитет институт университет аурухана қор партия"
    ),
    not_names=words(
        """
        қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан дүйсенбі
        сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі қазақстан алматы астана ресей еуропа қытай
        денсаулық сақтау қаржы білім экономика
        """
    ),
    generic=words("сарапшылар талдаушылар шенеуніктер дереккөздер ғалымдар дәрігерлер тұрғындар"),
    pronouns=words("ол олар"),
    function_words=words("бұл сол және бірақ алайда сондай-ақ кеше бүгін бұрын кейін өткен биыл жылы жылдың қазір"),
    conjunctions=words("және бірақ алайда сондай-ақ кеше бүгін кейін"),
    complementisers=frozenset(),
    subject_first=True,
    according_after=words("айтуынша пікірінше сөзінше"),
)

SPANISH = ForeignLexicon(
    code="es",
    verbs=words(
        """
        dijo dice afirmó afirma declaró declara aseguró asegura señaló señala explicó añadió agregó
        subrayó destacó indicó anunció advirtió sostuvo sostiene reconoció admitió insistió recordó
        precisó aclaró respondió escribió informó informa comunicó estimó considera cree manifestó expresó
        """
    ),
    after_quote_verbs=frozenset(),
    according=words("según de_acuerdo_con en_palabras_de a_juicio_de en_opinión_de"),
    own_words=words("según_él según_ella según_ellos en_sus_palabras a_su_juicio"),
    titles=words(
        """
        ministr president primer alcald gobernador director portavoz vocero diputad senador jef
        secretari embajador expert economista médic profesor académic líder juez fiscal rector
        analista asesor consejer vicepresident delegad
        """
    ),
    organisations=words(
        """
        ministerio gobierno compañía empresa banco oms instituto universidad hospital fondo partido
        sindicato consejo tribunal agencia servicio comisión ayuntamiento
        """
    ),
    not_names=words(
        """
        enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre lunes
        martes miércoles jueves viernes sábado domingo españa madrid méxico argentina europa estados
        unidos china alemania francia sanidad salud hacienda economía educación interior exterior
        defensa trabajo congreso senado banco central vivienda cultura justicia agricultura transportes
        igualdad industria energía exteriores ciencia universidades
        """
    ),
    generic=words("expertos analistas funcionarios fuentes científicos médicos vecinos observadores"),
    pronouns=words("él ella ellos ellas"),
    function_words=words(
        """
        el la los las un una unos unas en de del por para con sin sobre tras según como pero y o
        sin_embargo además también cuando si aunque ayer hoy antes después ahora este esta estos
        estas ese esa al entre desde hasta
        """
    ),
    conjunctions=words("y pero además también luego después ayer hoy sin_embargo e"),
    complementisers=words("que"),
)

FRENCH = ForeignLexicon(
    code="fr",
    verbs=words(
        """
        a_déclaré a_dit a_affirmé a_assuré a_souligné a_expliqué a_ajouté a_indiqué a_annoncé a_averti
        a_estimé a_reconnu a_rappelé a_précisé a_répondu a_écrit a_insisté déclare dit affirme assure
        souligne explique ajoute indique estime rappelle précise selon_lui déclaré affirmé ajouté
        souligné expliqué indiqué assuré
        """
    ),
    after_quote_verbs=frozenset(),
    according=words("selon d'après d’après de_l'avis_de"),
    own_words=words("selon_lui selon_elle selon_eux à_ses_yeux"),
    titles=words(
        """
        ministr président premier maire gouverneur directeur directric porte-parole député sénateur
        chef secrétaire ambassadeur expert économiste médecin professeur académicien dirigeant juge
        procureur recteur analyste conseill vice-président
        """
    ),
    organisations=words(
        """
        ministère gouvernement compagnie entreprise société banque oms institut université hôpital
        fonds parti syndicat conseil tribunal agence service commission mairie insee
        """
    ),
    not_names=words(
        """
        janvier février mars avril mai juin juillet août septembre octobre novembre décembre lundi
        mardi mercredi jeudi vendredi samedi dimanche france paris europe états-unis chine allemagne
        espagne santé économie finances éducation intérieur défense travail assemblée sénat logement culture
        justice agriculture armées transports écologie sports outre-mer numérique industrie énergie environnement
        """
    ),
    generic=words("experts analystes responsables sources scientifiques médecins habitants observateurs"),
    pronouns=words("il elle ils elles"),
    function_words=words(
        """
        le la les l' un une des du de d' en dans par pour avec sans sur après avant selon comme mais
        et ou cependant aussi quand si bien hier aujourd'hui ce cette ces au aux entre depuis
        """
    ),
    conjunctions=words("et mais aussi puis ensuite hier cependant"),
    complementisers=words("que qu'"),
)

GERMAN = ForeignLexicon(
    code="de",
    verbs=words(
        """
        sagte sagt erklärte erklärt betonte betont teilte_mit fügte_hinzu warnte warnt räumte_ein
        bestätigte bestätigt kündigte_an schrieb meinte meint behauptete behauptet versicherte
        unterstrich ergänzte antwortete hieß_es sagte_der sagte_die
        """
    ),
    after_quote_verbs=words("so"),
    according=words("laut nach_angaben_von nach_angaben_des nach_angaben_der nach_worten_von zufolge"),
    own_words=words("nach_seinen_worten nach_ihren_worten ihm_zufolge ihr_zufolge"),
    titles=words(
        """
        minister präsident kanzler bürgermeister gouverneur direktor sprecher abgeordnet senator chef
        leiter sekretär botschafter expert ökonom arzt ärztin professor lehrer vorsitzend richter
        staatsanwalt rektor analyst berater vize- dr. prof.
        """
    ),
    organisations=words(
        """
        ministerium regierung unternehmen firma bank bundesbank who institut universität krankenhaus
        klinik fonds partei gewerkschaft rat gericht agentur amt behörde kommission statistisch
        """
    ),
    not_names=words(
        """
        januar februar märz april mai juni juli august september oktober november dezember montag
        dienstag mittwoch donnerstag freitag samstag sonntag deutschland berlin europa usa china
        frankreich österreich gesundheit wirtschaft finanzen bildung bundestag jahr jahren prozent kultur
        justiz verkehr verteidigung umwelt landwirtschaft arbeit inneres äußeres
        millionen milliarden euro zahl zahlen die der das den dem des ein eine einer eines
        """
    ),
    generic=words("experten analysten beamte quellen wissenschaftler ärzte anwohner beobachter"),
    pronouns=words("er sie"),
    function_words=words(
        """
        der die das den dem des ein eine einer eines in im am an auf aus bei mit nach seit von vor zu
        zum zur für über unter laut wie aber und oder jedoch auch wenn als ob gestern heute zuvor
        später dies diese dieser dieses es man
        """
    ),
    conjunctions=words("und aber auch dann später gestern heute jedoch zudem"),
    complementisers=words("dass ob"),
)

#: Language code -> its lexicon. Serbian covers both scripts; "sh", "hr", "bs" read as Serbian Latin.
LEXICONS: dict[str, ForeignLexicon] = {
    "ru": RUSSIAN,
    "uk": UKRAINIAN,
    "sr": SERBIAN,
    "hr": SERBIAN,
    "bs": SERBIAN,
    "sh": SERBIAN,
    "el": GREEK,
    "kk": KAZAKH,
    "es": SPANISH,
    "fr": FRENCH,
    "de": GERMAN,
}
