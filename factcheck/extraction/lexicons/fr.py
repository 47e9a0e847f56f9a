"""French. Guillemets come with spaces inside them (« ainsi »), which the splitter allows for."""

from ..wordlists import words
from . import Lexicon, alternation, values

L = "fr"
LEXICON = Lexicon(
    code=L,
    abbreviations=words("mme mmes mlle mlles dr pr me mm st ste av bd env art p pp n° no vol chap"),
    ambiguous_abbreviations=words("etc"),
    number_words=values(
        """1 un une; 2 deux; 3 trois; 4 quatre; 5 cinq; 6 six; 7 sept; 8 huit; 9 neuf; 10 dix; 11 onze; 12 douze;
        13 treize; 14 quatorze; 15 quinze; 16 seize; 17 dix-sept; 18 dix-huit; 19 dix-neuf; 20 vingt vingts;
        30 trente; 40 quarante; 50 cinquante; 60 soixante; 70 soixante-dix; 80 quatre-vingt quatre-vingts;
        90 quatre-vingt-dix; 100 cent cents; 0.5 moitié; 0.333 tiers; 0.25 quart;
        2 double doublé""",
        L,
    ),
    scales=values("1e3 mille millier milliers; 1e6 million millions; 1e9 milliard milliards md mds mrd", L),
    number_connectors=words("et"),
    percent=alternation("pour_cent pourcentage*", L),
    currency=alternation("euros euro dollars dollar livres roubles francs", L),
    months=alternation("janvier février mars avril mai juin juillet août septembre octobre novembre décembre", L),
    record=alternation(
        """record* premier première premiers premières seul seule seuls seules unique* plus_grand* plus_haut* plus_bas*
        plus_faible* historique* sans_précédent* jamais personne_n'a aucun* leader* maximal* minimal* inédit*
        consécuti*""",
        L,
    ),
    outcome=alternation(
        """guéri* guérison rétabli* survi* rémission efficac* effets_secondaires immunité mortalité décéd* décès
        morts mort tué* sauvé* sauver sécurité sûr sûre détrui* réduit réduire prévient prévenir traitement* vaccin*
        infecté* contaminé* blessé* hospitalisé*""",
        L,
    ),
    laws=alternation(
        """loi lois décret* législat* réglement* régul* approuv* homologu* autoris* licence* interdi* permis enregistr*
        certifi* tribunal* cour juge* condamn* amende* obligatoire* ratifi* adopté* adoptée* promulgu* parlement*
        constitution* inconstitutionnel* censur* relax*""",
        L,
    ),
    trials=alternation("essai* clinique* étude* brevet*", L),
    causation=alternation(
        """causé* causer provoqu* entraîn* conduit_à mène_à en_raison_de à_cause_de grâce_à contribu* réduit
        réduction diminu* augment* hausse baisse amélior* aggrav* lié_à liée_à liés_à recul* chuté chute""",
        L,
    ),
    money=alternation(
        """coût* coûte coûté prix budget* financ* alloué* recette* dépense* salaire* payé* paie investissement* impôt*
        taxe* crédit* dette* tarif* retraite* pension* subvention*""",
        L,
    ),
    according_to=alternation("selon d'après citant", L),
    attribution=alternation(
        """a_déclaré déclaré a_dit indiqué annoncé expliqué ajouté souligné confirmé affirmé précisé rapporté déclare
        affirme assure""",
        L,
    ),
    hedge_or_wish=alternation(
        """espère espérons souhait* voulons veut veulent doit doivent devrait devraient faut nécessaire* besoin
        important* crois croit croyons pense pensons convaincu* confiant* peut-être probablement fier* fière*
        remerci* reconnaissan* bienvenue de_l'avis""",
        L,
    ),
    vague=alternation(
        """sérieu* excellent* impressionn* remarquable* énorme* formidable* merveilleu* très vraiment véritablement
        moderne* certains certaines plusieurs divers* nombreu* beaucoup milliers_de centaines_de dizaines_de
        à_l'avenir années_à_venir""",
        L,
    ),
    first_person=alternation("je j' nous notre nos moi mon ma mes", L),
    speech_event=alternation(
        """s'est_réuni* réunion* discours débat* discuté* participé* s'est_tenu* s'est_déroulé* a_visité visite*
        félicit* exprimé a_appelé conférence_de_presse""",
        L,
    ),
    future=alternation(
        "sera seront va vont prévoit prévu* prévision* projette envisag* compte devrait attend* s'attend",
        L,
        r"d'ici\s+(?:à\s+)?(?:20\d\d|la\s+fin)",
    ),
    accomplishment=alternation(
        """développé* conçu* créé* construit* inauguré* lancé* achevé* réalisé* introduit* fabriqué* mis_au_point
        testé*""",
        L,
    ),
)
