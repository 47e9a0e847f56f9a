"""Serbian, in both its scripts: the lists are written in Latin and read in Cyrillic too (a one-to-one
transliteration), so "рекорд" and "rekord" are one entry."""

from ..wordlists import words
from . import Lexicon, alternation, values

L = "sr"
_LATIN = [
    "lj",
    "nj",
    "dž",
    "a",
    "b",
    "c",
    "č",
    "ć",
    "d",
    "đ",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "r",
    "s",
    "š",
    "t",
    "u",
    "v",
    "z",
    "ž",
]
_CYRILLIC = [
    "љ",
    "њ",
    "џ",
    "а",
    "б",
    "ц",
    "ч",
    "ћ",
    "д",
    "ђ",
    "е",
    "ф",
    "г",
    "х",
    "и",
    "ј",
    "к",
    "л",
    "м",
    "н",
    "о",
    "п",
    "р",
    "с",
    "ш",
    "т",
    "у",
    "в",
    "з",
    "ж",
]


def cyrillic(text: str) -> str:
    """Serbian Latin -> Cyrillic (digraphs first); ``*`` and ``_`` pass through."""
    out = []
    i = 0
    while i < len(text):
        for latin, cyr in zip(_LATIN, _CYRILLIC, strict=True):
            if text.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def both(text: str) -> str:
    """The entries of ``text`` in Latin and in Cyrillic."""
    return f"{text} {cyrillic(text)}"


def both_values(text: str) -> str:
    """A ``values`` table in Latin and in Cyrillic (the figures are left alone)."""
    return f"{text}; {cyrillic(text)}"


def _pattern(text: str, *raw: str):
    return alternation(both(text), L, *raw)


LEXICON = Lexicon(
    code=L,
    abbreviations=words(both("dr prof mr dipl inž br str tzv npr tj sl ul gen")),
    ambiguous_abbreviations=words(both("itd itsl mil mlrd hilj din")),
    year_abbreviations=words(both("god g")),
    number_words=values(
        both_values(
            """1 jedan jedna jedno jednog jedne; 2 dva dve dvije dvoje; 3 tri troje; 4 četiri; 5 pet; 6 šest; 7 sedam;
            8 osam; 9 devet; 10 deset; 11 jedanaest; 12 dvanaest; 13 trinaest; 14 četrnaest; 15 petnaest;
            16 šesnaest; 17 sedamnaest; 18 osamnaest; 19 devetnaest; 20 dvadeset; 30 trideset; 40 četrdeset;
            50 pedeset; 60 šezdeset; 70 sedamdeset; 80 osamdeset; 90 devedeset; 100 sto stotinu; 200 dvesta dvjesta;
            300 trista; 400 četiristo; 500 petsto; 600 šeststo; 700 sedamsto; 800 osamsto; 900 devetsto; 0.5
            polovina polovinu;
            0.333 trećina trećinu; 0.25 četvrtina četvrtinu; 0.2 petina petinu; 2 dvostruko"""
        ),
        L,
    ),
    scales=values(
        both_values(
            """1000 hiljada hiljade hiljadu hilj tisuća; 1000000 milion miliona milioni mil mln;
            1000000000 milijarda milijarde milijardi mlrd"""
        ),
        L,
    ),
    percent=_pattern("procen* odsto"),
    currency=_pattern("dinar* din evr* dolar* rubalj* rublj*"),
    months=_pattern("januar* februar* mart* april* maj* jun* jul* avgust* septemb* oktob* novemb* decemb*"),
    record=_pattern(
        """rekord* prvi prva prvo prvog prve prvih prvom prvu jedini jedina jedino jedinog najveć* najviš* najniž*
        najmanj* istorijsk* bez_presedana niko nikada_ranije nikad_ranije lider* maksimaln* minimaln* zaredom
        uzastopn*"""
    ),
    outcome=_pattern(
        """izleč* lečenj* leči oporav* preživ* remisij* efikasn* neželjen* imunitet* smrtnost* umro umrla umrlo umrli
        preminu* poginu* smrt* spas* bezbedn* uništ* ubijen* ubio vakcin* obolel* zaraž* povređen* ranjen*
        hospitalizovan*"""
    ),
    laws=_pattern(
        """zakon* uredb* propis* regulat* odobr* usvoj* licenc* zabran* dozvol* registrova* registracij* sertifik*
        sud suda sudu sudom presud* kazn* obavez* ratifik* ustav* neustav* skupštin*"""
    ),
    trials=_pattern("klinič* ispitivanj* istraživanj* patent*"),
    causation=_pattern(
        """doveo_do dovela_do dovelo_do doveli_do dovodi_do uzrok* izaziva* izazval* zbog zahvaljujući kao_rezultat
        doprin* smanjil* smanjio smanjuje smanjenj* povećal* povećao povećava povećanj* porasl* porast* rast* pao
        pala palo pad* poboljš* pogorš* povezan*_sa uticaj* uticao uticala"""
    ),
    money=_pattern(
        """košta koštao koštal* cen* budžet* finansir* izdvoj* prihod* rashod* trošk* plat* isplat* investici* porez*
        kredit* dug* tarif* penzij* subvencij*"""
    ),
    according_to=_pattern("prema_rečima prema_podacima prema po_rečima po_podacima kako_navodi kako_je_saopšten*"),
    attribution=_pattern(
        """izjavio izjavila izjavili rekao rekla rekli saopštio saopštila saopštili saopštenj* naveo navela naveli
        istakao istakla istakli objasnio objasnila dodao dodala potvrdio potvrdila najavio najavila kaže kažu navodi"""
    ),
    hedge_or_wish=_pattern(
        """nadam nadamo nada_se nadaju želi želim želimo želja treba trebalo mora moramo moraju potrebn* neophodn*
        važno važn* verujem verujemo uveren* mislim mislimo smatram smatramo možda verovatno ponos* zahval* zahvaljujem
        pozdravlja* hajde po_mišljenju prema_mišljenju"""
    ),
    vague=_pattern(
        """odličn* sjajn* izvanredn* ogromn* ozbiljn* značajn* impresivn* veoma vrlo zaista izuzetn* savremen*
        vodeć* niz neki neke nekih razni* mnogi mnogo brojn* hiljade_ stotine_ desetine_ u_budućnosti narednih_godina"""
    ),
    first_person=_pattern("ja mi meni nas nama naš* moj moja moje moji"),
    speech_event=_pattern(
        """sastan* sastao sastala razgovara* razgovarao sednic* obratio obratila diskut* učestvova* održan* održala
        održao posetio posetila poseti čestit* pozvao pozvala izrazio izrazila brifing* konferencij*_za_medije"""
    ),
    future=_pattern("će ćemo ćete biće planira* namerava* očekuje* očekivan* prognoz* predviđ*", r"do\s+20\d\d"),
    accomplishment=_pattern(
        """razvio razvila razvili stvorio stvorila izgradio izgradila izgrađen* otvorio otvorila pokrenu* sproveo
        sprovela završio završila uveo uvela izumeo proizve* registrovao testirao"""
    ),
)
