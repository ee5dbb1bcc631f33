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


# Small talk: a message that is only a greeting, thanks or an acknowledgement (a few words at most).
_SMALL_TALK = (
    ("hello", _rx(r"^(hi+|hey+|hello+|hiya|good (morning|afternoon|evening)|greetings|yo|"
                  r"السلام عليكم( ورحمه الله( وبركاته)?)?|سلام|مرحبا|مرحبتين|اهلا|اهلين|هلا|هاي|صباح الخير|"
                  r"مساء الخير|صباح النور|مساء النور)$")),
    ("thanks", _rx(r"^(thanks?( you)?( so much| a lot| very much)?|thx|ty|cheers|much appreciated|"
                   r"شكرا( جزيلا| لك| لكم| كتير| كثير)?|مشكور|مشكورين|يعطيك العافيه|جزاك الله خيرا?|"
                   r"تسلم|تسلمي|تسلموا|الله يعطيك العافيه|ميرسي|merci)$")),
    ("bye", _rx(r"^(bye+|goodbye|good night|see you|cya|take care|مع السلامه|باي|"
                r"تصبح على خير|تصبحون على خير|الله معك|في امان الله)$")),
    ("who", _rx(r"^(who are you|what are you|what can you do|what do you do|are you a (bot|robot|human)|"
                r"how does this work|help|من انت|مين انت|شو انت|وش انت|انت مين|انت منو|منو انت|"
                r"شو بتعمل|شو تعمل|ايش تسوي|وش تسوي|شنو تسوي|بتعمل ايه|انت بوت|هل انت بوت|كيف اشتغل معك)$")),
    ("ok", _rx(r"^(ok+|okay|k|alright|got it|cool|great|nice|fine|👍|👌|🙏|تمام|اوكي|اوك|طيب|ماشي|"
               r"حسنا|تمم|زين|اوكيه|فهمت|واضح)$")),
)
_TRIM_RE = re.compile(r"[\s!.,،؟?😊🙂❤️]+")


def small_talk(message: str) -> str | None:
    """'hello', 'thanks', 'bye', 'who' (who are you, what can you do) or 'ok' when the message
    is only that; else None."""
    text = _TRIM_RE.sub(" ", normalize(message)).strip()
    if not text or len(text.split()) > 6:
        return None
    for kind, pattern in _SMALL_TALK:
        if pattern.match(text):
            return kind
    return None
