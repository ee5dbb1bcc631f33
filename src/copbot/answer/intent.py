"""Who is asking: a guess of the asker's audience from the wording of the question.

"We're an ISP", "our app", "احنا شركة" read as industry; "our ministry", "national law" as
policy-makers; "my son", "I'm a teacher", "ابني" as parents and educators; "I'm 13", "my mum",
"اهلي" as a young person. The guess only nudges the ranking towards that audience's guideline
(see answer.Answerer); it never filters. Patterns run on normalised text.
"""

from __future__ import annotations

import re

from ..analysis.normalize import folded_pattern as _rx
from ..analysis.normalize import normalize

_AUDIENCE_PATTERNS = (
    ("industry", _rx(
        r"\b(compan(y|ies)|our (app|apps|platform|service|product|game|site|website|users|servers|customers|moderators|algorithm|network|team|safety team)|"
        r"we('re| are) (an?|building|making|developing)|we (run|have|make|build|own) (an? )?(\w+ ){0,2}(apps?|platforms?|games?|services?|sites?|networks?)|"
        r"startup|isp|operators?|providers?|developers?|studio|trust and safety|moderation|business(es)?)\b",
        r"(شركه|شركات|شركتنا|منصتنا|منصه|تطبيقنا|موقعنا|خدمتنا|مستخدمينا|عملاينا|عملائنا|سيرفرات|مزود|مزودي|مطور|مطورين|استوديو|المشغل|"
        r"عندنا (تطبيق|منصه|موقع|لعبه|خدمه|شبكه)|فريق (الامان|السلامه|الاشراف|المراجعه|الدعم)|مشرفي المحتوى)",
    )),
    ("policymakers", _rx(
        r"\b(governments?|ministr(y|ies)|minister|regulators?|national|countr(y|ies)|legislation|laws?|legal|polic(y|ies)|policy[- ]?makers?|parliament|strategy|criminal code)\b",
        r"(حكومه|حكومات|وزاره|الوزاره|الدوله|الدول|وطنيه|الوطني|تشريع|تشريعات|قانون|القانون|قوانين|منظم|الجهات التنظيميه|صناع القرار|صانعي السياسات|واضعي السياسات|استراتيجيه)",
    )),
    ("parents_educators", _rx(
        r"\b(my (son|daughter|kid|kids|child|children|teen|teenager|\d+ ?yo|\d+ ?year ?old)|parents?|teachers?|schools?|students?|pupils?|classroom|mum of|mom of|dad of)\b",
        r"(ابني|بنتي|ابنتي|ولدي|اولادي|ولادي|عيالي|طفلي|اطفالي|الاهل|معلم|معلمه|مدرس|مدرسه|المدرسه|طلابي|طالباتي|الطلاب|اولياء الامور)",
    )),
    ("children", _rx(
        r"\b(i'?m \d{1,2}\b|i am \d{1,2}\b|my (parents|mum|mom|dad|friends?|classmates?)|kids like me|am i allowed)\b",
        r"(عمري \d|امي|ابوي|بابا|ماما|اهلي|صحابي|اصحابي|زمايلي|زملايي|صاحبتي)",
    )),
)


def guess_audience(question: str) -> str | None:
    """The first audience whose wording the question uses, or None."""
    text = normalize(question)
    for audience, pattern in _AUDIENCE_PATTERNS:
        if pattern.search(text):
            return audience
    return None


# Small talk: a message made only of greetings, thanks, praise, goodbyes, "who are you" and
# acknowledgements, clause by clause ("السلام عليكم، من انت؟", "thanks, that was really helpful!").
_SMALL_TALK = (
    ("hello", _rx(r"^(hi+|hey+|hello+|hiya|good (morning|afternoon|evening)|greetings|yo|"
                  r"السلام عليكم( ورحمه الله( وبركاته)?)?|سلام|مرحبا|مرحبتين|اهلا|اهلين|هلا|هاي|صباح الخير|"
                  r"مساء الخير|صباح النور|مساء النور|hi there|hello there|hey there|"
                  r"can i ask (you )?(a question|something)|i have a question|(ممكن|عندي|بدي|ابي|ابغى) (اسال|سؤال)|"
                  r"ممكن اسالك|ممكن اسال سؤال)$")),
    ("thanks", _rx(r"^(thanks?( you| u)?( so much| a lot| very much)?|thank you very much|many thanks|thx|ty|"
                   r"cheers|much appreciated|"
                   r"شكرا( جزيلا| لك| لكم| ليك| ليكم| كتير| كثير| جدا)*|مشكور(ين)?|مشكوره|يعطيك العافيه|"
                   r"جزاك الله خيرا?|تسلم|تسلمي|تسلموا|يسلمو|الله يعطيك العافيه|ميرسي|merci( beaucoup)?|"
                   r"ما قصرت(و|وا|ي)?|بارك الله فيك(م)?|الله يجزاك خير)$")),
    ("bye", _rx(r"^(bye+|goodbye|good night|see you|cya|take care|مع السلامه|باي|"
                r"تصبح على خير|تصبحون على خير|الله معك|في امان الله)$")),
    ("who", _rx(r"^(who are you|what are you|what can you do|what do you do|are you a (bot|robot|human)|"
                r"how does this work|help|من انت|مين انت|شو انت|وش انت|انت مين|انت منو|منو انت|"
                r"شو بتعمل|شو تعمل|ايش تسوي|وش تسوي|شنو تسوي|بتعمل ايه|انت بوت|هل انت بوت|كيف اشتغل معك)$")),
    ("ok", _rx(r"^(ok+|okay|k|alright|got it|cool|great|nice|fine|👍|👌|🙏|تمام|اوكي|اوك|طيب|ماشي|"
               r"حسنا|تمم|زين|اوكيه|فهمت|واضح)$")),
)
# A clause that opens with one of these and goes on without a question or a "but" is still
# courtesy: "thanks, you are the best", «افادتني كثيرا في اعداد الورشه».
_COURTESY_OPENING = (
    ("thanks", _rx(r"^(thanks?|thank (you|u)|شكرا|مشكور|مشكورين|يسلمو|تسلم|جزاك الله|بارك الله|"
                   r"that was|this was|it was|(really|very|so) (helpful|useful)|helpful|useful|"
                   r"(you are|you're|ur|u r) (the best|great|amazing|awesome|a star|helpful)|good bot|"
                   r"great bot|nice bot|(great|good|nice|perfect|excellent|awesome|amazing|brilliant)"
                   r"( answer| reply| info| information| job| work)?|افدتني|افادتني|افادني|استفدت|مفيد|كلامك|الرد كان|رائع|ممتاز|"
                   r"انت احسن|احسن بوت|الله يعطيك|الله يجزاك|الله يبارك)\b")),
    ("who", _rx(r"^(who are (you|u)|who r u|what are (you|u)|are (you|u) (a |an )?(real|bot|robot|human|person|ai)|"
                r"what can (you|u|i)|what (kind of |sort of )?questions|من انت|مين انت|انت مين|منو انت|"
                r"شو انت|وش انت|هل انت|انت بوت|(و)?(ما|شو|ايش|وش|شنو) (نوع|نوعيه) )\b")),
)
_QUESTION_WORDS = _rx(r"\b(how|what|where|when|why|which|should|can my|is it|but|however|"
                      r"كيف|كيفاش|شلون|ازاي|ايش|شو|وش|شنو|ماذا|متى|وين|فين|ليش|لماذا|هل|بس|لكن|"
                      r"ابني|بنتي|ولدي|طفلي|my (son|daughter|child|kid))\b")
_WHO_META = _rx(r"\b(ask|questions?|can|do|does|help|type|kind|sort|real|person|human|bot|robot|ai|"
                r"اسال|اسأل|اطرح|اطرحها|الاسئله|اسئله|تساعد|تعرف|تجاوب|يمكنني|ممكن|عليك|بوت|حقيقي|"
                r"شخص|انسان|نوع)\b")
_CLAUSE_RE = re.compile(r"[!.,،؟?؛;:\n]+")
_EMOJI_RE = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f\u200d]+")
_PRIORITY = ("who", "thanks", "bye", "hello", "ok")
MAX_SMALL_TALK_WORDS = 20
COURTESY_WORDS = 10


def _plain_kind(clause: str) -> str | None:
    for kind, pattern in _SMALL_TALK:
        if pattern.match(clause):
            return kind
    return None


def _clause_kind(clause: str) -> str | None:
    kind = _plain_kind(clause)
    if kind is not None:
        return kind
    words = clause.split()
    if len(words) <= 6:  # two in a row without a comma: "ok thanks", "hi there, thanks bye"
        for cut in range(1, len(words)):
            first, rest = _plain_kind(" ".join(words[:cut])), _plain_kind(" ".join(words[cut:]))
            if first and rest:
                return min((first, rest), key=_PRIORITY.index)
    for kind, pattern in _COURTESY_OPENING:
        if not pattern.match(clause) or len(words) > COURTESY_WORDS:
            continue
        if kind == "who" and _WHO_META.search(clause):
            return "who"
        if kind == "thanks" and not _QUESTION_WORDS.search(clause):
            return "thanks"
    return None


def small_talk(message: str) -> str | None:
    """'hello', 'thanks', 'bye', 'who' (who are you, what can you do) or 'ok' when the message
    is only small talk, clause by clause (the strongest kind wins: who, thanks, bye, hello, ok);
    else None."""
    text = _EMOJI_RE.sub(" ", normalize(message))
    if not text.strip():
        return "ok" if message.strip() and _EMOJI_RE.fullmatch(message.strip()) else None
    if len(text.split()) > MAX_SMALL_TALK_WORDS:
        return None
    kinds = set()
    for clause in _CLAUSE_RE.split(text):
        clause = " ".join(clause.split())
        if not clause:
            continue
        kind = _clause_kind(clause)
        if kind is None:
            return None
        kinds.add(kind)
    return next((k for k in _PRIORITY if k in kinds), None)
    for kind, pattern in _SMALL_TALK:
        if pattern.match(text):
            return kind
    return None
