"""English: spelled-out numbers and their scales (the signals and claim types keep their own expressions)."""

from ..wordlists import words
from . import Lexicon, alternation, values

L = "en"
LEXICON = Lexicon(
    code=L,
    number_words=values(
        """1 one; 2 two; 3 three; 4 four; 5 five; 6 six; 7 seven; 8 eight; 9 nine; 10 ten; 11 eleven; 12 twelve dozen;
        13 thirteen; 14 fourteen; 15 fifteen; 16 sixteen; 17 seventeen; 18 eighteen; 19 nineteen; 20 twenty;
        30 thirty; 40 forty; 50 fifty; 60 sixty; 70 seventy; 80 eighty; 90 ninety; 100 hundred""",
        L,
    ),
    scales=values("1e3 thousand k; 1e6 million mln m; 1e9 billion bn; 1e12 trillion", L),
    number_connectors=words("and"),
    dot_groups_thousands=False,
    percent=alternation("percent per_cent percentage", L),
    currency=alternation("dollars euros pounds rubles roubles tenge hryvnias dinars", L),
)
