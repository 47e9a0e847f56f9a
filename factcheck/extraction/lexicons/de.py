"""German. Nouns are capitalised, and "am 5. März" is a date, not a sentence end."""

from ..wordlists import words
from . import Lexicon, alternation, not_followed_by, values

L = "de"
LEXICON = Lexicon(
    code=L,
    abbreviations=words("""dr prof hr fr z.b d.h u.a bzw ca nr v.a vgl sog evtl inkl jh st abs ggf s u.u zzgl ggü"""),
    ambiguous_abbreviations=words("usw etc mio mrd tsd"),
    number_words=values(
        """1 eins; 2 zwei; 3 drei; 4 vier; 5 fünf; 6 sechs; 7 sieben; 8 acht; 9 neun; 10 zehn; 11 elf; 12 zwölf;
        13 dreizehn; 14 vierzehn; 15 fünfzehn; 16 sechzehn; 17 siebzehn; 18 achtzehn; 19 neunzehn; 20 zwanzig;
        30 dreißig; 40 vierzig; 50 fünfzig; 60 sechzig; 70 siebzig; 80 achtzig; 90 neunzig; 100 hundert einhundert;
        0.5 hälfte halbiert;
        0.333 drittel; 0.25 viertel; 2 doppelt verdoppelt""",
        L,
    ),
    scales=values(
        """1e3 tausend tsd; 1e6 million millionen mio; 1e9 milliarde milliarden mrd; 1e12 billion billionen""", L
    ),
    number_connectors=words("und"),
    percent=alternation("prozent* prozentpunkt*", L),
    currency=alternation("euro dollar franken pfund rubel", L),
    months=alternation("januar februar märz april mai juni juli august september oktober november dezember", L),
    record=alternation(
        """rekord* erstmals erste ersten erster erstes einzig* größt* höchst* niedrigst* kleinst* meisten historisch*
        beispiellos* niemand noch_nie führend* maximal* minimal* in_folge""",
        L,
    ),
    outcome=alternation(
        """geheilt heilung genes* überleb* remission wirksam* nebenwirkung* immunität sterblichkeit gestorben starb
        starben tod tote toten getötet gerettet sicherheit zerstör* reduziert verhinder* behandlung* impf* infiziert*
        verletzt* krankenhaus*""",
        L,
    ),
    laws=alternation(
        """*gesetz* verordnung* erlass* regulier* zugelassen zulassung* genehmig* lizenz* *verbot* verboten erlaubt*
        registriert* zertifi* *gericht* urteil* *strafe* bußgeld* pflicht* ratifi* beschlossen verabschiedet
        bundestag* *widrig freigesprochen freispruch* sprach*_frei verurteil*""",
        L,
    ),
    trials=alternation("klinisch* studie* patent*", L),
    causation=alternation(
        """verursacht* führt_zu führte_zu wegen aufgrund dank infolge beigetragen gesenkt senkt reduziert verringert*
        erhöht* gesteigert steigt stieg gestiegen sinkt sank gesunken verbessert* verschlechtert* zusammenhang""",
        L,
    ),
    money=alternation(
        """kostet kosten kostete preis* budget* haushalt* finanzier* förder* einnahmen ausgaben gehalt* lohn löhne
        bezahlt gezahlt zahlt zahlte investition* steuer* kredit* schulden tarif* rente* subvention*""",
        L,
    ),
    according_to=alternation("laut zufolge nach_angaben gemäß", L),
    attribution=alternation(
        """sagte sagt erklärte teilte_mit mitteilte betonte bestätigte kündigte_an ankündigte fügte_hinzu berichtete
        unterstrich""",
        L,
    ),
    hedge_or_wish=alternation(
        """hoffe hoffen hofft wünsch* wollen will möchte* sollte* soll sollen müssen muss notwendig* nötig* brauchen
        wichtig* glaube glauben überzeugt* denke denken vielleicht wahrscheinlich vermutlich stolz* dankbar* danke
        begrüß* nach_ansicht nach_einschätzung""",
        L,
    ),
    vague=alternation(
        """ernst* hervorragend* beeindruckend* bemerkenswert* enorm* riesig* wunderbar* sehr wirklich wahrhaft* modern*
        einige mehrere verschiedene zahlreich* viele tausende hunderte dutzende in_zukunft kommenden_jahren""",
        L,
    ),
    first_person=alternation("ich wir uns unser* mein* mir mich", L),
    speech_event=alternation(
        """traf trafen treffen sitzung* rede diskutiert* erörter* teilgenommen teilnahme fand_statt besuchte
        besuch gratulier* äußerte* rief_auf pressekonferenz*""",
        L,
    ),
    future=alternation(
        "wird werden soll sollen plant planen geplant* erwartet* prognos* voraussichtlich beabsichtigt*",
        L,
        r"bis\s+20\d\d",
    ),
    # A participle before "werden" is a passive infinitive, something still to be done ("soll im Herbst eröffnet
    # werden", "um abgeschlossen zu werden"), not something done.
    accomplishment=not_followed_by(
        alternation(
            """entwickelt* geschaffen erstellt* gebaut eröffnet gestartet abgeschlossen durchgeführt eingeführt
            hergestellt erfunden getestet""",
            L,
        ),
        r"\s+(?:zu\s+)?werden(?![\w'])",
    ),
)
