"""Stopword lists. Arabic entries are written naturally and folded with the same normaliser."""

from __future__ import annotations

from .normalize import normalize

# Function words, pronouns, particles and question words (standard and common colloquial).
_ARABIC = """
في من إلى الى على عن مع عند لدى لدي منذ حتى بين ضد نحو خلال عبر حول دون تحت فوق أمام وراء بعد قبل
و ف ثم أو أم بل لكن لكن لا لم لن ليس ليست ما ماذا لماذا ليش ليه كيف كيفية شلون ازاي إزاي كم كام قديش
هل متى وين فين أين اين أي أيه ايه إيش ايش شو وش منو مين شنو
هو هي هم هن هما أنا انا نحن أنت انت أنتم انتم أنتن إياه
هذا هذه ذلك تلك هؤلاء أولئك هنا هناك هنالك ده دي دا هاد هادا هاي هيك كذا كذلك
الذي التي الذين اللذان اللتان اللاتي اللواتي اللي
إن ان أن إنّ أنّ كان كانت يكون تكون كانوا أصبح صار قد لقد سوف س
كل بعض غير أي إذا اذا لو لولا إلا الا إما اما أما حيث حين بينما عندما لما
له لها لهم لهن لك لكم لي لنا به بها بهم بي بك فيه فيها فيهم منه منها منهم عنه عنها عليه عليها
إليه إليها اليه اليها معه معها
يا أيها هل يعني يعنى بس برضه كمان
عشان علشان مشان لاجل لأجل
ذات ذو تم يتم أيضا ايضا جدا فقط
مش مو موب مب ماني شي شيء حاجه حاجة كده كدا هيك هيكا هاد هادي هادا هذي الي يلي ليش علشان برضو زي لسه لسا
خلاص اوكي عادي هلا هلق هسه الحين دلوقتي هون هنيك منين اشلون عليا عندي عنده عندها عندنا عندهم معايا معاي معي
اني انتي انتو بدي ابغى ابغي ابي اريد عايز عايزه عاوز ممكن لازم يقول تقول يقولوا يبي تبي يبغى يبغي تبغى تبغي
اسوي نسوي تسوي يسوي يسوون تسوون
ولا عم حدا بدو بدها بدهم بدون شوي شويه ومن وفي انه انها انهم واجد هالشي هاي ايوه اه طب طيب
احنا احنى حنا بتاع بتاعه بتاعي بتاعت تبع تبعي تبعه تبعها كتير كثير خالص منا امتى إمتى ايمتى إيمتى
"""

# A short English list in the spirit of Lucene's and Snowball's, plus question words.
_ENGLISH = """
a an the and or but if then else of at by for with about against between into through during
before after above below to from up down in out on off over under again further once
is am are was were be been being have has had having do does did doing
i me my myself we our ours you your yours he him his she her hers it its they them their theirs
this that these those there here
what which who whom whose when where why how
all any both each few more most other some such no nor not only own same so than too very
can could will would shall should may might must
s t just don now ll re ve d m o y
im i'm pls please hi hello hey u ur r
stuff thing things actually really kinda sorta like gonna wanna gotta lol plz thanks thx ok okay yeah
anyone anybody someone something anything everything ppl dont doesnt cant wont isnt arent whats hows
whos theres thats ive id say says said tell know need want get got
"""


def _fold(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


ARABIC_STOPWORDS: frozenset[str] = _fold(_ARABIC)
ENGLISH_STOPWORDS: frozenset[str] = _fold(_ENGLISH)
