"""What kind of answer a question wants: a definition, warning signs, what to do now, where to
report, how to prevent, what an institution should do, figures, or about the guidelines.

Passages carry the same labels (`kind` in the corpus, see corpus/README.md), so that "what do I
do, my son is bullied" meets the what-to-do paragraph rather than the definition of bullying. The
patterns are everyday ways of asking in English and in Arabic (standard and the main dialects),
run on normalised text; the first kind that matches wins, most specific first.
"""

from __future__ import annotations

from ..analysis.normalize import folded_pattern as _rx
from ..analysis.normalize import normalize

_KIND_PATTERNS = (
    ("signs", _rx(
        r"\b(signs?|warning|red flags?|symptoms?|indicators?|how (do|can|would|will|could) (i|we|you|parents?|teachers?) (know|tell|spot|notice|recogni[sz]e)|how to (tell|spot|notice|recogni[sz]e))\b",
        r"(علامات|علامه|اعراض|مؤشرات|دلائل|كيف اعرف|كيف نعرف|كيف بعرف|شلون اعرف|شلون نعرف|ازاي اعرف|ازاي نعرف|كيفاش نعرف|كيفاش نعرفو|"
        r"شو بيدل|وش يدل|كيف الاحظ|كيف ألاحظ)",
    )),
    ("report", _rx(
        r"\b(report(ing|ed)?|hotlines?|helplines?|police|complain(t)?|who (do|should|can) (i|we) (call|contact|tell)|where (do|can|should) (i|we) (go|turn|complain))\b",
        r"(ابلغ|نبلغ|بلغ عن|بلاغ|الابلاغ|التبليغ|ابلاغ|اشتكي|نشتكي|شكوى|شكوي|الشرطه|البوليس|خط ساخن|الخط الساخن|خط مساعده|خط نجده|"
        r"ريبورت|وين اروح|لمين اروح|لمين اشتكي|مين اكلم|لمن الجا|لمن ألجأ|الجهه المختصه|جهه مختصه)",
    )),
    ("respond", _rx(
        r"\b(what (should|do|can|shall|must) (i|we) do|what to do|what now|now what|how (do|should|can) (i|we) (deal|handle|respond|react|help|stop|cope|approach)|"
        r"how to (deal|handle|respond|react|help|stop|cope)|help (him|her|them|my)|what (steps|actions?))\b",
        r"(شو اعمل|شو بعمل|شو نعمل|شو لازم|ايش اسوي|ايش اعمل|وش اسوي|وش اسويله|شنو اسوي|شنو نسوي|شنو اعمل|اعمل ايه|نعمل ايه|اعمل اي|"
        r"ماذا افعل|ماذا نفعل|ماذا يجب ان افعل|ما العمل|كيف اتصرف|كيف نتصرف|كيف اتعامل|كيف نتعامل|شلون اتصرف|شلون اتعامل|"
        r"ازاي اتصرف|ازاي اتعامل|كيفاش نتصرف|كيفاش نتعامل|شنو ندير|اش ندير|شو بساوي|كيف اساعد|كيف اساعده|كيف اساعدها|كيف اوقف)",
    )),
    ("duty", _rx(
        r"\b(obligations?|duties|duty|requirements?|responsibilit(y|ies)|(must|should) (we|our|companies|platforms|governments?|schools?|operators|providers)|"
        r"what (role|part) (do|does|should)|(our|a|the) (company|platform|ministry|government|regulator|school)('s)? (role|policy))\b",
        r"(مسؤوليه|مسؤوليات|مسووليه|واجبات|التزامات|متطلبات|يجب على (الشركات|الشركه|المنصات|المدارس|المدرسه|الحكومه|الحكومات|الدوله|الدول|المشغلين)|"
        r"ما دور|دور (المدرسه|المدارس|الشركات|الشركه|الحكومه|الدوله|الوزاره|المنصات)|على الشركات|على الحكومات)",
    )),
    ("prevent", _rx(
        r"\b(prevent(ing|ion)?|protect (him|her|them|my|our|kids|children|students)|keep (him|her|them|my \w+|kids|children) safe|avoid|safeguard|set( ?up)?|settings?|rules?|limit|teach)\b",
        r"(احمي|نحمي|امنع|نمنع|منع|وقايه|اتجنب|نتجنب|تجنب|احافظ على|اعدادات|ضبط|قواعد|احد من|اعلم|نعلم|اعلمه|اعلمها|اعلمهم)",
    )),
    ("what", _rx(
        r"\b(what (is|are|does|do) (a |an |the )?\w+( \w+)?( mean)?|what's|meaning of|define|definition|explain)\b",
        r"(ما هو|ما هي|ماهو|ماهي|شو يعني|شو هو|شو هي|ايش يعني|ايش هو|وش يعني|وش هو|شنو يعني|شنو هو|شنو هي|يعني ايه|يعني اي|ماذا يعني|ما معنى|"
        r"معنى|تعريف|مفهوم|اشنو هو|اشنو هي|شنو معنى)",
    )),
    ("facts", _rx(
        r"\b(how many|statistics|stats|percent(age)?|figures?|numbers?|research|studies|data on)\b",
        r"(كم عدد|كم نسبه|احصائيات|احصاءات|احصائيه|نسبه|ارقام|دراسات|ابحاث)",
    )),
    ("about", _rx(
        r"\b(guidelines?|itu|who (wrote|made|published)|where (can|do) i (find|get|download)|download|pdf|edition)\b",
        r"(الارشادات|المبادئ التوجيهيه|المبادي التوجيهيه|الاتحاد الدولي|تحميل|انزل|وين القى|وين الاقي|فين الاقي|نسخه|اصدار)",
    )),
)


def question_kind(question: str) -> str | None:
    """The kind of answer the question asks for (a `corpus.KINDS` label), or None."""
    text = normalize(question)
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return None
