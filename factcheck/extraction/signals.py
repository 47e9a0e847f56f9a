"""News-domain signals: the surface marks of a checkable statement in a news article.

The ClaimBuster model learned from U.S. debate transcripts; news copy differs (wire-agency register,
institutions instead of politicians, medical outcomes instead of tax rates). These hand-written
signals carry what an editor looks for regardless of domain: figures, money, dates, records,
outcomes, approvals, attribution, and the marks of what is *not* checkable (wishes, hedges, vague
praise, speeches about speeches). How much each one counts is learned (``training``), not set here.

Patterns are written in lower case and run on the lower-cased sentence: case-insensitive matching is
several times slower in Python's ``re``, and scoring speed matters (thousands of sentences a second).

English uses the expressions below, on which the shipped model was fitted. Every other language computes the
same signals from its own words (``lexicons``): the language-independent marks (digits, %, currency signs,
years, a question, a colon, length) are read as in English, and the word lists say the rest in that language.
Some signals have no lexicon outside English (textbook background, what someone saw or felt, how a treatment
works, dosing, incidental counts, uniqueness, unnamed sources, hedges, effects that spare the rest, work at a named
institution, remarks recalled or noted with nothing pinned down, a speaker on their own gain) and stay 0 there; a
comparison is read from the lexicon's records (a first, a largest, an only), and "nothing checkable" is derived from
the others in every language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .lexicons import Lexicon, fold, lexicon
from .numbers import extract_figures
from .wordlists import words

#: Spelled-out figures an editor can check. Vague plurals ("thousands of lives", "dozens") are left out on
#: purpose: "thousands of people cured" is rhetoric, "52 people treated" is a claim.
NUMBER_WORDS = sorted(
    words(
        """
        two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty
        sixty seventy eighty ninety hundred half double doubled tripled halved
        """
    )
)

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
)
YEAR = re.compile(r"(?<![\w.,-])(?:1[89]|20)\d\d(?:\s?[-–]\s?(?:1[89]|20)?\d\d)?(?![\w%])")
#: A figure that stands on its own: not part of a name such as "COVID-19", "3D" or "B-ALL".
CARDINAL = re.compile(r"(?<![\w-])\d+(?:[.,]\d+)*(?![\w-])|\b(?:" + "|".join(NUMBER_WORDS) + r")\b")
PERCENT = re.compile(r"\d(?:[\d.,]*\d)?\s?(?:%|per ?cent\b)|\bpercent(?:age)?\b")
MONEY = re.compile(
    r"[$€£¥₽]\s?\d|\d[\d.,]*\s?(?:dollars|euros|pounds|rubles|roubles|tenge|yuan|[$€£₽])"
    r"|\b(?:cost|costs|price|priced|budget|funding|allocated|worth|salary|paid|pay|free of charge|free for)\b"
)
#: Day-and-month dates; years are matched by ``YEAR``.
DATE = re.compile(rf"\b\d{{1,2}}\s+{_MONTH}(?!\w)|\b{_MONTH}\s+\d{{1,2}}\b")
RECORD = re.compile(
    r"(?<!^)\bfirst\b(?!,)|\b(?:only|sole|largest|biggest|highest|lowest|smallest|fastest|furthest|farthest|greatest"
    r"|tallest|longest|oldest|deepest|cheapest|strongest|busiest|best|worst"
    r"|most\s+(?:extensive|advanced|common|effective|successful)|record|world'?s? leading)\b"
)
#: What a treatment did to patients: cure, survival, immunity, safety. The strongest mark of a medical claim.
OUTCOME = re.compile(
    r"\b(?:cur(?:e|es|ed|ing)|heal(?:s|ed|ing)?|recover(?:y|ed|s)?|surviv\w*|remission|relapse|efficacy"
    r"|effective(?:ness)?|side effects?|adverse|immunity|immune to|regression|mortality|death rate|died|deaths?"
    r"|saves? lives|lives saved|life expectancy|safe(?:ty)?|without (?:harming|damaging)|harmless"
    r"|no longer (?:ill|sick)"
    r"|restores? (?:hearing|sight|vision|movement|function)|stops? the (?:growth|spread)|works against"
    r"|cannot be (?:transmitted|passed)|protect(?:s|ed|ion)? (?:\w+ )?against|prevents? (?:infection|death|disease)"
    r"|responded to|works (?:in|for|against)|treated|cured)\b"
)
#: How a treatment works (cells attack, drugs destroy): textbook mechanism, not what it achieved in patients.
MECHANISM = re.compile(
    r"\b(?:destroy\w*|kill\w*|attack\w*|target\w*|recogni[sz]\w*|detect\w*|bind\w*|infiltrat\w*|block\w*"
    r"|trigger\w*|modif(?:y|ied|ies|ication)|reprogramm?\w*|reinfus\w*|mechanism)\b"
)
#: Status a desk can look up in a register: approved, registered, licensed, banned, reimbursed, prescription-only.
REGULATORY = re.compile(
    r"\b(?:approv\w*|regulators?|regulatory|regulations?|licen[cs]\w*|registered|registration|certif\w*|laws?"
    r"|decree|legislation|bans?|banned|authori[sz]\w*|patents?(?! office)|permit\w*|guidelines|rules|insurance|insurer"
    r"|covered by|reimburs\w*|prescri(?:ption|bed)|withdr(?:ew|awn) from (?:sale|the market)|recalled from|abolish\w*"
    r"|legal(?:ly|i[sz]ed)?|illegal|cleared (?:for|by)|revok\w*|suspended|"
    r"mandatory|compulsory|in force|officially recogni[sz]ed|no longer (?:considered )?experimental)\b"
)
#: A trial or study as such ("clinical trials", "preclinical"): what happened in one is checkable, that one
#: exists or will start is often background.
TRIAL = re.compile(
    r"\b(?:clinical (?:trials?|stud(?:y|ies))|pre-?clinical|trials?|phase (?:i{1,3}|[123])|volunteers)\b"
)
#: Comparison with others: "than", "twice as", "compared with", "no other", a first or best within a place.
COMPARISON = re.compile(
    r"\b(?:than|compared (?:to|with)|in comparison|unlike|twice as|(?:three|four|ten) times|doubles?|halves"
    r"|ahead of|lag(?:s|ging)? behind|(?:any|all) other"
    r"|(?:do|does|did) not (?:yet )?(?:have|produce|offer|make)|(?:has|have) no (?:such|similar)|at all"
    r"|in the (?:world|country|region)|worldwide|in (?:eastern |western |central )?(?:europe|asia|africa|america))\b"
)
#: A dose or a schedule ("one dose every two weeks", "once a day"): the guideline counts dosing as checkable.
DOSING = re.compile(
    r"\b(?:doses?|dosing|dosage|once|twice) (?:a|per|every|each)\b|\bdoses?\b|\bdosage\b"
    r"|\bevery (?:\w+ )?(?:days?|weeks?|months?)\b|\b(?:once|twice|three times) (?:a|per) (?:day|week|month)\b"
)
#: Counts a desk would not chase: attendance, pages, the length of a session, or a stock of things merely on a
#: register or a list ("48 apps are registered", "the catalogue lists 340 titles") with no effect claimed.
INCIDENTAL_COUNT = re.compile(
    r"\b(?:pages?|chapters?|poems?|essays?|talks|lasted|guests?|attendees?|visitors?|delegates?|delegation|speakers?"
    r"|questions?|floors?|photographs?|photos?|exhibits?|choirs?|stands?|shifts?|a\.m\.|p\.m\.|o'clock"
    r"|took the floor|attended by|gathered|consisted of|in the (?:morning|afternoon|evening)|rows?"
    r"|(?:are|is|were|have been|has been) (?:now |currently |officially )?"
    r"(?:registered|listed|catalogued|on (?:the|its) list)"
    r"|lists|contains|features|presented|there (?:are|were))\b"
)
ACCORDING_TO = re.compile(r"\baccording to\b|\bin (?:his|her|their) words\b|\bas (?:reported|stated) by\b")
ATTRIBUTION = re.compile(
    r"\b(?:said|says|noted|stated|told|reported|announced|claimed|claims|emphasi[sz]ed"
    r"|clarified|explained|added|stressed|confirmed|found|showed|shows|demonstrated)\b"
)
#: Wishes, obligations and beliefs.
HEDGE_OR_WISH = re.compile(
    r"\b(?:hope[sd]?|hoping|wish\w*|should|must|ought|necessary|need to|needs to|the need for|important|believe[sd]?"
    r"|convinced|confident|think|thinks|desire|want|wants|let us|let's|strive|dream|perhaps|maybe|probably"
    r"|might|proud|grateful|thank\w*|welcome)\b"
)
VAGUE = re.compile(
    r"\b(?:great|serious|breakthrough|world-class|impressive|excellent|amazing|remarkable|huge|enormous"
    r"|wonderful|good|very|really|extremely|truly|genuine|enthusiasts|professionals|leading|modern"
    r"|something|some (?:products|things|kind)|a number of|various|certain|broadly|generally|largely"
    r"|(?:thousands|hundreds|millions|dozens|tens) of|countless|numerous|in (?:the )?coming years"
    r"|many (?:more )?(?:lives|people|patients|families|children)|one day|sooner or later|in the long run)\b"
)
#: A named actor did something concrete: the kind of achievement claim press releases inflate.
ACCOMPLISHMENT = re.compile(
    r"\b(?:has|have|had|was|were|been)\s+(?:\w+\s+)?(?:developed|designed|created|invented|built|produced"
    r"|completed|launched|manufactured|conducted|performed|achieved|opened|introduced|registered|tested)\b"
    r"|\b(?:developed|designed|created|invented|completed|launched|conducted|performed|opened|introduced)\s+"
    r"(?:a|an|the|its|their|his|her|\w+\s+(?:trials?|tests?|studies))\b"
)
#: Textbook background: how a technology works in general, not what happened.
EXPLANATORY = re.compile(
    r"\b(?:is|are) (?:based on|built around|a type of|a form of|a method of|used (?:in|for|to)|called)\b"
    r"|['’]re used (?:in|for|to)\b|\brepresents an?\b|\brefers to\b|\bfor example\b|\bin other words\b|\bsuch as\b"
)
#: What someone saw, heard or felt: true or not, nobody outside can check it.
PERSONAL_PERCEPTION = re.compile(
    r"\b(?:i|he|she|we|they)\s+(?:had\s+|have\s+|has\s+)?(?:ever\s+)?(?:heard|seen|saw|visited|felt|met|remember"
    r"|keep an eye)\b"
)
FIRST_PERSON = re.compile(r"\b(?:i|we|me|us|our|my|we've|we’ve|i'm|i’m)\b")
SPEECH_EVENT = re.compile(
    r"\b(?:made a (?:speech|proposal|statement|presentation|report)|(?:talked|spoke|speaking|informed"
    r"|told \w+) (?:\w+ ){0,4}about|had something to say|expressed (?:the|his|her) (?:desire|hope|confidence)"
    r"|drew attention|touched on|called on|thanked|discussed|took part|was held|were shown"
    r"|(?:was|were) (?:briefed|informed)"
    r"|(?:announced|organi[sz]ed|hosted|supported|attended|opened) by|shared (?:details|\w+ thoughts)|took the floor"
    r"|(?:after|on) hearing|turned to)\b"
)
FUTURE = re.compile(
    r"\b(?:will|plans?|planned|expected|expects|is to|are to|going to|set to|due to|aims? to|intends?|in the future)\b"
)
#: A claim that nobody else has something, or that it has no precedent: "nobody in Europe has this", "no other
#: clinic offers", "has no analogues". The desk checks these first, since they are easy to refute with one
#: counterexample. Narration ("nobody had expected", "no one has said") is not a claim of uniqueness.
_NOBODY = r"\b(?:nobody|no one|no-one)"
_PLACE = r" (?:in|on|across|outside|at|among|from|of) [\w' -]{1,40}?"
_ELSEWHERE = rf"(?: else(?:{_PLACE})?|{_PLACE})"
#: "Has" words need no scope ("nobody has this scanner"); "can" and "does" do ("no one else can", "nobody in the
#: region does"), or "nobody can do this alone" would count.
UNIQUENESS = re.compile(
    rf"{_NOBODY}{_ELSEWHERE}?(?: (?:yet|ever|so far|else))? (?:has|have|had|offers?|makes?|produces?|performs?"
    r"|possesses|owns|runs|operates|provides|manufactures|treats)\b"
    r"(?! (?:ever |yet |really |even )?(?:been|yet|said|asked|expected|known|heard|seen|thought|claimed|come|called"
    r"|told|explained|replied|responded|commented|answered|noticed|bothered|dared|wanted|cared|complained"
    r"|objected)\b)"
    rf"|{_NOBODY}{_ELSEWHERE}(?: (?:yet|ever|so far|else))? (?:does|do|did|can|could)\b"
    r"|\bno other \w+ (?:in|on|across|outside|within|anywhere|has|have|had|can|could|offers?|makes?|produces?"
    r"|performs?|does|do|runs?|operates?|provides?|treats?|trains?)\b|\bnowhere else\b"
    r"|\b(?:has|have|had) no (?:equals?|analogues?|analogs?|rivals?|counterparts?|precedents?|competitors?)\b"
    r"|\b(?:without|no) (?:precedent|analogues?|equal)\b|\bunprecedented\b|\bunique in (?:the|its|europe|asia)\b"
    r"|\bnone of (?:the|its|our|their) (?:\w+ )?(?:rivals|competitors|neighbou?rs|peers)\b"
    r"|\bnever (?:been|before) (?:done|performed|achieved|attempted|tried|used|made|seen)\b|\bnever before\b"
)
#: Claims pinned on nobody in particular ("some said", "critics argue", "it is believed"): a desk cannot ask
#: the source, and what follows is usually a forecast or an opinion ("others said it would save lives").
UNNAMED_SOURCE = re.compile(
    r"(?:^|[,;:“\"«] ?|\b(?:and|but|while|whereas) )(?:some|others|many|most|people|some people|experts|critics"
    r"|observers|sceptics|skeptics|opponents|supporters|detractors|commentators|analysts|insiders|locals"
    r"|residents|parents|doctors|scientists)\s+(?:\w+\s+)?(?:say|says|said|believe[sd]?|think|thought|argue[sd]?"
    r"|claim(?:ed)?|insist(?:ed)?|fear(?:ed)?|predict(?:ed)?|warn(?:ed)?|suggest(?:ed)?|expect(?:ed)?"
    r"|feel|felt|worry|worried|doubt(?:ed)?)\b"
    r"|\bit (?:is|was|has been) (?:widely |often |generally )?(?:said|believed|rumou?red|claimed|thought"
    r"|alleged|feared|whispered)\b|\brumou?rs? (?:has it|say|said|suggest)\b"
    r"|\bthere (?:are|were) (?:those|people|voices) who\b|\baccording to (?:some|rumou?rs?|critics|many|others)\b"
)
#: A condition or concession that qualifies what is said ("albeit in two or three kinds", "if you have achieved
#: it", "more or less", "to some extent"): the statement hedges itself, so there is less to pin down.
HEDGED = re.compile(
    r"\b(?:albeit|admittedly|granted that|even if|even though|so to speak|in a sense|in a way|more or less"
    r"|to (?:some|a certain) (?:extent|degree)|at least in part|somewhat|in some cases|in part)\b"
    r"|\bif (?:you|we|they|one|he|she|it) (?:have|has|had|are|were|can|could|did|do|does|manage)\b"
    r"|\b(?:some|only|just|perhaps|maybe) (?:one|two|three|four|five|six) (?:to|or) (?:two|three|four|five|six"
    r"|seven|eight)\b|\b(?:one|two|three|four) or (?:two|three|four|five)\b|\ba couple of\b|\ba handful of\b"
)
#: An effect said to spare everything else: "destroys cancer cells without harming healthy ones", "only the
#: tumour". A mechanism stated as a fact about this treatment, and a safety claim a desk can check.
SELECTIVE_EFFECT = re.compile(
    r"\bwithout (?:harming|damaging|affecting|hurting|destroying|killing|attacking|touching|injuring|poisoning"
    r"|causing|triggering|provoking|compromising|weakening|impairing|slowing)\b"
    r"|\b(?:leaves?|leaving|left) no (?:\w+ )?(?:residue|traces?|scars?)\b|\bcannot cause (?:the )?(?:\w+ )?"
    r"(?:disease|infection|illness)\b|\b(?:spar(?:e|es|ing|ed)|leav(?:e|es|ing)|left) (?:the )?(?:\w+ )?"
    r"(?:healthy|normal|\w+ (?:itself|intact|unharmed))\b"
    r"|\b(?:healthy|normal) (?:cells|tissues?|ones|organs) (?:intact|unharmed|untouched|alone)\b"
    r"|\bonly (?:the |on |at )?(?:cancer|cancerous|tumou?r|malignant|infected|diseased|sick|affected|damaged)"
    r" (?:cells|tissues?|ones)\b|\b(?:does|do)(?:n't| not) (?:harm|damage|hurt|injure|poison)\b"
    r"|\b(?:does|do)(?:n't| not) (?:affect|attack|touch) (?:the )?(?:healthy|normal|surrounding)\b|\bno harm to\b"
)
#: Work placed at a named institution ("trials are under way at the Almazov Centre", "developed by the Gamaleya
#: Institute"): that this institution does it is a fact a desk can confirm with the institution. The name is a
#: capitalised word before an institution noun, after "at", "by" or "in"; read on the original case.
INSTITUTION = re.compile(
    r"\b(?:at|by|in|within)\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+(?:(?:of|for|and)\s+)?){1,8}?"
    r"(?:Center|Centre|Institute|University|Hospital|Clinic|Laborator(?:y|ies)|Academy|College|Foundation"
    r"|Infirmary|NMRC|Research Cent(?:er|re))\b"
    r"|\b(?:at|by|in|within)\s+(?:the\s+)?(?:Center|Centre|Institute|University|Hospital|Clinic|Laboratory|Academy)"
    r"\s+(?:of|for)\s+[A-Z]"
)
INSTITUTION_ACTIVITY = re.compile(
    r"\b(?:under ?way|in progress|taking place|being (?:\w+ )?(?:developed|tested|used|built|carried out|conducted"
    r"|trialled|trialed|offered|studied|run|prepared|produced|made|performed|applied)|carried out|performed"
    r"|conducted|developing|develops|developed|produced|produces|manufactured|offers|offered|available"
    r"|treated|treats|running|runs|operates|tested|testing|trialled|trialed|in use|used|uses|using"
    r"|perform(?:s|ing)?)\b"
)
#: A remark recalled, reminded of or noted ("the minister reminded that ...", "she recalled how ...", "he noted that
#: ..."): with a figure, a date, a record, an outcome or a status in it the remark is a claim; without one it is
#: narration of what was said at a meeting, which a model trained on debate speech reads as a claim because of the
#: clause that follows.
RECALLED_REMARK = re.compile(
    r"\bremind(?:ed|s|ing)?\b"
    r"|(?<!was )(?<!were )(?<!been )(?<!being )\brecall(?:ed|s|ing)? "
    r"(?:that|how|when|what|why|the (?:time|days|years))\b"
    r"|\b(?:not(?:ed|es|ing)|point(?:ed|s|ing) out|remark(?:ed|s)|observ(?:ed|es)|reiterat(?:ed|es)|reflect(?:ed|s) on"
    r"|admitt(?:ed|s)|acknowledg(?:ed|es)|conced(?:ed|es)|went on to say) (?:\w+ ){0,2}?(?:that|how|when|why)\b"
)
#: A speaker on their own business or gain, in the first person ("it has allowed us to earn some money", "the
#: orders keep us busy", "our shop is doing well"): with nothing pinned down (as for ``RECALLED_REMARK``) it is a
#: remark about oneself, not a claim.
OWN_GAIN = re.compile(
    r"\b(?:allow(?:ed|s)?|help(?:ed|s)?|enabl(?:ed|es)|gave|gives|brought|brings) (?:us|me)\b"
    r"|\b(?:earn(?:ed|s|ing)?|mak(?:e|es|ing)|made|turn(?:ed|s)?) (?:us |me )?"
    r"(?:(?:some|a little|a bit of|good|decent|extra|enough|real|a|a lot of|more) ){0,2}"
    r"(?:money|profit|income|cash|living)\b"
    r"|\b(?:pay|pays|paid|paying) (?:the|our|my) (?:bills|rent|wages|salaries|staff)\b"
    r"|\bkeeps? (?:us|me) (?:afloat|busy|going|in business)\b"
    r"|\b(?:our|my) (?:own )?(?:business|company|firm|shop|farm|store|restaurant|workshop|studio|bakery|orders|clients"
    r"|customers|sales|turnover|income|earnings|profits?|margins?)\b"
)
_CAPITALISED_INSIDE = re.compile(r"(?<=[\s(“\"«])[A-Z][a-z]+")

SIGNAL_NAMES: tuple[str, ...] = (
    "quantity",
    "percent",
    "money",
    "date",
    "record",
    "outcome",
    "regulatory",
    "according_to",
    "attribution",
    "named_entity",
    "hedge_or_wish",
    "vague",
    "first_person",
    "question",
    "lead_in",
    "short",
    "speech_event",
    "future",
    "accomplishment",
    "explanatory",
    "personal_perception",
    "mechanism",
    "trial",
    "comparison",
    "dosing",
    "incidental_count",
    "uniqueness",
    "unnamed_source",
    "hedged",
    "selective_effect",
    "institution_activity",
    "recalled_remark",
    "own_gain",
    "nothing_checkable",
)

#: What the desk reads for each signal when it asks why a sentence scored as it did (``types.Signal``).
SIGNAL_LABELS: dict[str, str] = {
    "quantity": "a figure",
    "percent": "a percentage",
    "money": "money or cost",
    "date": "a date or year",
    "record": "a record/first/only",
    "outcome": "a medical outcome",
    "regulatory": "regulatory or legal status",
    "according_to": "attributed (according to)",
    "attribution": "attributed (said, reported)",
    "named_entity": "a named person or body",
    "hedge_or_wish": "a hope, wish or opinion",
    "vague": "vague or praising words",
    "first_person": "first person (I, we)",
    "question": "a question",
    "lead_in": "a lead-in ending in a colon",
    "short": "a short fragment",
    "speech_event": "narration of who spoke",
    "future": "a plan or prediction",
    "accomplishment": "something done (developed, launched)",
    "explanatory": "textbook background",
    "personal_perception": "what someone saw or felt",
    "mechanism": "how a treatment works",
    "trial": "a trial or study",
    "comparison": "a comparison with others",
    "dosing": "a dose or schedule",
    "incidental_count": "an incidental count (guests, pages, items)",
    "uniqueness": "nobody else has it (no other, no precedent)",
    "unnamed_source": "said by unnamed others (some, critics)",
    "hedged": "a condition or concession (if, albeit)",
    "selective_effect": "spares the rest (without harming healthy cells)",
    "institution_activity": "work at a named institution",
    "recalled_remark": "a remark recalled or noted, with no figure",
    "own_gain": "a speaker on their own business or gain",
    "nothing_checkable": "no figure, status, outcome or record",
}
#: The signals that name something a desk can look up; a sentence with none of them rests on the model alone.
CHECKABLE_SIGNALS = (
    "quantity",
    "percent",
    "money",
    "date",
    "record",
    "outcome",
    "regulatory",
    "accomplishment",
    "trial",
    "comparison",
    "dosing",
    "uniqueness",
    "selective_effect",
    "institution_activity",
)
_CHECKABLE = [SIGNAL_NAMES.index(name) for name in CHECKABLE_SIGNALS]


def _has_quantity(lower: str) -> bool:
    """``has_quantity`` on a lower-cased sentence: the day of a date ("on 3 March") is part of the date, not a count."""
    return any(not YEAR.fullmatch(match.group(0)) for match in CARDINAL.finditer(DATE.sub(" ", lower)))


def has_quantity(text: str) -> bool:
    """A figure that is not a year or the day of a date ("85 patients", "six drugs", "about €500,000")."""
    return _has_quantity(text.lower())


_CURRENCY_SIGN = re.compile(r"[$€£¥₽₴₸]\s?\d|\d\s?[$€£¥₽₴₸]")
_DIGIT_FIGURE = re.compile(r"(?<![\w-])\d+(?:[.,\s]\d+)*(?![\w-])")
_ACRONYM = re.compile(r"(?<!\w)[^\W\d_]{2,6}(?!\w)")
_TOKEN = re.compile(r"[^\W\d_]+")
_QUESTION_MARKS = {"el": ("?", ";", ";")}


def _names_inside(text: str, language: str) -> bool:
    """A name or a body inside the sentence: a capitalised word after the first, or an acronym ("ВОЗ", "EU").

    German capitalises every noun, so there a name needs two capitalised words in a row or an acronym.
    """
    tokens = _TOKEN.findall(text)[1:]
    if any(token.isupper() and _ACRONYM.fullmatch(token) for token in tokens):
        return True
    capitalised = [token[0].isupper() and not token.isupper() for token in tokens]
    if language == "de":
        return any(a and b for a, b in zip(capitalised, capitalised[1:], strict=False))
    return any(capitalised)


def _day_and_month(folded: str, words: Lexicon) -> bool:
    return any(
        re.search(r"\d{1,2}\.?\s+$", folded[max(0, match.start() - 6) : match.start()])
        for match in words.months.finditer(folded)
    )


def _with_nothing_checkable(values: list[float]) -> list[float]:
    """``values`` and, last, whether none of ``CHECKABLE_SIGNALS`` fired: attribution, names and the model's
    wording weigh differently when there is nothing concrete to check."""
    return [*values, 0.0 if any(values[i] for i in _CHECKABLE) else 1.0]


def foreign_signal_vector(text: str, language: str) -> list[float]:
    """``signal_vector`` for a sentence in ``language`` (not English), from that language's lexicon."""
    words = lexicon(language)
    folded = fold(text, words.code)
    stripped = text.strip().rstrip("”\"'»’)“")
    figures = extract_figures(text, words.code)
    has_digit = any(not YEAR.fullmatch(match.group(0).strip()) for match in _DIGIT_FIGURE.finditer(folded))
    percent = "%" in folded or words.percent.search(folded)
    values = (
        bool(figures.quantities),  # a day of the month ("14 ноября") or a year is no quantity
        percent,
        _CURRENCY_SIGN.search(folded) or (has_digit and words.currency.search(folded)) or words.money.search(folded),
        YEAR.search(folded) or _day_and_month(folded, words),
        words.record.search(folded),
        words.outcome.search(folded),
        words.laws.search(folded),
        words.according_to.search(folded),
        words.attribution.search(folded),
        _names_inside(text, words.code),
        words.hedge_or_wish.search(folded),
        words.vague.search(folded),
        words.first_person.search(folded),
        stripped.endswith(_QUESTION_MARKS.get(words.code, ("?",))),
        stripped.endswith(":"),
        len(text.split()) < 6,
        words.speech_event.search(folded),
        words.future.search(folded),
        words.accomplishment.search(folded),
        False,
        False,
        False,  # mechanism
        words.trials.search(folded),
        words.record.search(folded),  # a first, a largest, an only: the lexicons' records compare with others
        False,  # dosing
        False,  # incidental_count
        False,  # uniqueness: the lexicons' records already carry "the only"
        False,  # unnamed_source
        False,  # hedged
        False,  # selective_effect
        False,  # institution_activity
        False,  # recalled_remark
        False,  # own_gain
    )
    return _with_nothing_checkable([1.0 if value else 0.0 for value in values])


def signal_vector(text: str, language: str = "en") -> list[float]:
    """The signals of one sentence, in ``SIGNAL_NAMES`` order, each 0 or 1."""
    if language != "en":
        return foreign_signal_vector(text, language)
    lower = text.lower()
    stripped = lower.strip().rstrip("”\"'»’)")
    quantity = _has_quantity(lower)
    outcome = OUTCOME.search(lower)
    percent = PERCENT.search(lower)
    money = MONEY.search(lower)
    selective = SELECTIVE_EFFECT.search(lower)
    date = YEAR.search(lower) or DATE.search(lower)
    record = RECORD.search(lower)
    # A figure, a date, a record, an outcome or a status pins a remark down: then it is a claim, said or not.
    regulatory = REGULATORY.search(lower)
    pinned = quantity or percent or _CURRENCY_SIGN.search(lower) or date or record or outcome or regulatory
    values = (
        quantity,
        percent,
        money,
        date,
        record,
        outcome,
        regulatory,
        ACCORDING_TO.search(lower),
        ATTRIBUTION.search(UNNAMED_SOURCE.sub(" ", lower)),  # "others said" names no source
        _CAPITALISED_INSIDE.search(text),
        HEDGE_OR_WISH.search(lower),
        VAGUE.search(lower),
        FIRST_PERSON.search(lower),
        stripped.endswith("?"),
        stripped.endswith(":"),
        len(text.split()) < 6,
        SPEECH_EVENT.search(lower),
        FUTURE.search(lower),
        ACCOMPLISHMENT.search(lower),
        EXPLANATORY.search(lower) and not selective,  # "is based on X, which spares healthy cells" claims an effect
        PERSONAL_PERCEPTION.search(lower),
        MECHANISM.search(lower) and not selective,  # what it spares is a claim about this treatment, not a textbook
        TRIAL.search(lower),
        COMPARISON.search(lower),
        DOSING.search(lower),
        quantity and not (outcome or percent or money) and INCIDENTAL_COUNT.search(lower),
        UNIQUENESS.search(lower),
        UNNAMED_SOURCE.search(lower),
        HEDGED.search(lower),
        selective,
        INSTITUTION.search(text) and INSTITUTION_ACTIVITY.search(lower),
        not pinned and RECALLED_REMARK.search(lower),
        not pinned and FIRST_PERSON.search(lower) and OWN_GAIN.search(lower),
    )
    return _with_nothing_checkable([1.0 if value else 0.0 for value in values])


def signal_matrix(texts: list[str], languages: str | Sequence[str] = "en") -> np.ndarray:
    """One row of signals per text; ``languages`` is one language for all or one per text."""
    per_text = [languages] * len(texts) if isinstance(languages, str) else list(languages)
    rows = [signal_vector(text, language) for text, language in zip(texts, per_text, strict=True)]
    return np.array(rows, dtype=float).reshape(len(texts), len(SIGNAL_NAMES))
