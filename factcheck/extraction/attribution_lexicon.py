"""The words speaker attribution reads news copy with, kept as data so each list can grow on its own.

Every list is one space-separated string (see ``wordlists.words``); multi-word verbs use "_" for the
space ("pointed_out"). Only English is here today; another language is another ``Lexicon`` value with
the same fields, and the rules in ``attribution_phrases`` stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from .wordlists import words


@dataclass(frozen=True)
class Lexicon:
    #: Verbs that introduce what someone said, wrote or holds, in every tense a reporter uses.
    speech_verbs: frozenset[str]
    #: "-ing" forms that hang a statement on the clause's subject: "X disagreed, saying ...".
    participles: frozenset[str]
    #: Capitalised or not, words that are a title, never a name: "Deputy Director", "Rear Admiral".
    titles: frozenset[str]
    #: Nouns that make a capitalised run an organisation's name: "Ministry", "Airlines", "Agency".
    organisation_words: frozenset[str]
    #: Places, which stand in capitalised runs but never speak.
    places: frozenset[str]
    #: Function words that start sentences capitalised and are never part of a name.
    function_words: frozenset[str]
    #: Capitalised words that head a line without being a speaker ("Update: ...", "Tuesday").
    not_speakers: frozenset[str]
    #: Nouns naming a person by role ("the minister said"), resolved to someone named earlier.
    person_roles: frozenset[str]
    #: Nouns naming an organisation by kind ("the company said"), resolved to one named earlier.
    organisation_roles: frozenset[str]
    #: Groups with no name the desk could ask ("experts say", "officials said"): the publication's.
    generic_sources: frozenset[str]
    #: Determiners of a generic group ("some economists", "many parents").
    quantifiers: frozenset[str]
    #: Connectors allowed inside a capitalised name ("Ministry of Health", "Ludwig van Beethoven").
    name_connectors: frozenset[str]
    #: Adverbs and auxiliaries between a speaker and the verb ("she later said", "he has said").
    verb_modifiers: frozenset[str]
    #: Nouns of "in her words", "her estimate is": the possessive's owner is the speaker.
    opinion_nouns: frozenset[str]
    #: Lower-case words after which a capitalised run cannot be a subject ("in Moscow", "at Daiwa").
    prepositions: frozenset[str]
    #: Verbs whose agent introduced by "by" is the speaker ("was given by X", "denied by X").
    passive_verbs: frozenset[str]
    #: What may stand between "according to" and the source ("a report by", "figures released by").
    document_nouns: frozenset[str]
    document_modifiers: frozenset[str]
    #: Third-person pronouns, by grammatical role.
    subject_pronouns: frozenset[str]
    possessive_pronouns: frozenset[str]
    object_pronouns: frozenset[str]

    def verb_forms(self) -> list[str]:
        """Speech verbs as regex alternatives, longest first so "pointed out" wins over "pointed"."""
        return sorted((verb.replace("_", r"\s+") for verb in self.speech_verbs), key=len, reverse=True)


ENGLISH = Lexicon(
    speech_verbs=words(
        """
        said says say saying told tells tell noted notes stated states added adds emphasised emphasized
        emphasises emphasizes stressed stresses explained explains clarified clarifies announced announces
        claimed claims claim reported reports argued argues argue warned warns warn confirmed confirms
        insisted insists insist believes believed believe thinks thought think expects expected expect
        pointed_out points_out informed reminded reminds recalled recalls remarked remarks observed
        observes underlined underlines underscored underscores asserted asserts declared declares
        continued continues concluded concludes wrote writes drew_attention replied replies answered
        answers assured assures admitted admits acknowledged acknowledges conceded concedes cautioned
        cautions suggested suggests predicted predicts estimated estimates vowed vows pledged pledges
        promised promises denied denies disputed disputes countered counters maintained maintains
        revealed reveals disclosed discloses estimated went_on_to_say asked asks urged urges
        is_convinced was_convinced expressed talked talks spoke speaks
        """
    ),
    participles=words("saying adding noting arguing insisting warning claiming explaining stressing"),
    titles=words(
        """
        mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister deputy director
        general acting chairman chairwoman chair head chief mayor governor senator secretary spokesman
        spokeswoman spokesperson ambassador academician doctor chancellor king queen prince commissioner
        manager founder ceo officer leader member presidium council board science sciences minister's
        rear admiral captain colonel major lieutenant sergeant constable inspector superintendent
        commander marshal bishop archbishop cardinal pope rabbi imam reverend father sister judge
        justice councillor councilor alderman representative rep congressman congresswoman mp mep
        economist professor coach manager detective officer agent attorney lawyer prosecutor
        dean rector provost principal headteacher teacher nurse surgeon physician chairperson
        premier emir sheikh sultan speaker whip laureate former
        """
    ),
    organisation_words=words(
        """
        university institute center centre hospital clinic academy agency office organization
        organisation ministry department council committee company corporation bank group media news
        party union association foundation school college laboratory service services government
        parliament court fund society federation republic city region state nmrc cancer medical research
        national federal international chemistry administration authority commission bureau board
        institution airlines airways energy pharmaceuticals pharma motors holdings industries systems
        technologies labs inc ltd plc corp gmbh trust network alliance coalition council police army
        navy force forces cross crescent programme program statistics reserve exchange assembly congress
        senate network watch
        """
    ),
    places=words(
        """
        europe asia africa america eastern western northern southern central russia belarus kazakhstan
        serbia moscow minsk china usa ukraine germany france britain united kingdom states england
        scotland wales ireland london paris berlin brussels washington beijing nairobi vienna kraków
        norway sweden poland spain italy india japan
        """
    ),
    function_words=words(
        """
        the a an according after before although while when if in on at for but and or as during
        speaking this that these those it its he she they we our his her their however meanwhile
        nevertheless also then so yet since there here i you what who which where why how
        """
    ),
    not_speakers=words(
        """
        update note photo source correction background analysis opinion exclusive breaking video live
        watch read listen editor's editor monday tuesday wednesday thursday friday saturday sunday
        january february march september october november december
        record
        """
    ),
    person_roles=words(
        """
        scientist president leader head minister doctor expert official director chairman chairwoman
        mayor spokesperson spokesman spokeswoman researcher professor physician governor chief
        specialist academician oncologist surgeon author manager ceo founder deputy source
        representative analyst economist chancellor secretary senator coach captain commander
        chairperson executive engineer teacher headteacher
        """
    ),
    organisation_roles=words(
        """
        company firm group ministry department agency bank organisation organization charity union
        council government regulator airline carrier manufacturer maker retailer business insurer
        lender university hospital institute commission
        """
    ),
    generic_sources=words(
        """
        experts officials sources critics analysts residents witnesses doctors police scientists
        researchers observers campaigners protesters officers authorities economists parents
        investigators activists locals neighbours neighbors insiders diplomats people reports studies
        data figures rumours rumors many some several most others
        """
    ),
    quantifiers=words("some many several most few other others all a an one"),
    name_connectors=words("of for and the de del della van von der den da di du al bin ibn le la"),
    verb_modifiers=words(
        """
        also further then later again repeatedly previously once has had have
        has_since recently subsequently earlier first last publicly privately already still
        """
    ),
    opinion_nouns=words("words view views opinion estimate estimates assessment statement account reckoning"),
    prepositions=words("in at to from with on by of for into over under about against near across"),
    passive_verbs=words(
        """
        announced stated reported said made presented proposed given denied issued released published
        confirmed disputed rejected provided compiled quoted cited voiced
        """
    ),
    document_nouns=words(
        """
        report reports statement statements figures data study studies survey surveys estimate estimates
        analysis release research poll polls review audit
        """
    ),
    document_modifiers=words(
        """
        a an the new latest annual official released published compiled issued press recent its his her
        their this that
        """
    ),
    subject_pronouns=words("he she they"),
    possessive_pronouns=words("his her their"),
    object_pronouns=words("him her them"),
)
