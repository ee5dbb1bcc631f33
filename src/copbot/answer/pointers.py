"""Where to turn instead, for a question about children that the guidelines do not cover.

When the bot refuses ("the guidelines don't cover this"), a question about a fever, custody after
divorce, school fees, homework, learning to code or a broken router gets one short, kind pointer
to whoever can help ("for a fever, see a doctor"). Only obvious cases: the patterns are everyday
words for these subjects in English and in Arabic (standard and dialects), on normalised text;
anything else gets no pointer, only the topics the bot covers. Never used when the bot answers.
"""

from __future__ import annotations

from ..analysis.normalize import folded_pattern as _rx
from ..analysis.normalize import normalize

POINTERS = {
    "health": {
        "en": "For an illness, a fever or medicine, please ask a doctor or a pharmacist.",
        "ar": "للمرض أو الحرارة أو الأدوية، اسألوا طبيبًا أو صيدليًا من فضلكم.",
    },
    "development": {
        "en": "For a child's speech, growth or development, a paediatrician or a speech therapist "
              "is the right person to ask.",
        "ar": "لكلام الطفل أو نموه أو تطوره، طبيب الأطفال أو أخصائي النطق هو من يُسأل.",
    },
    "school": {
        "en": "For school fees, enrolment or timetables, the school itself or the education "
              "authority can answer.",
        "ar": "لرسوم المدرسة أو التسجيل أو المواعيد، تجيب المدرسة نفسها أو جهة التعليم.",
    },
    "family_law": {
        "en": "For custody, divorce or maintenance, a family lawyer or the family court can advise.",
        "ar": "للحضانة أو الطلاق أو النفقة، يفيدكم محامٍ في قضايا الأسرة أو محكمة الأسرة.",
    },
    "learning": {
        "en": "For homework or learning a subject such as coding, a teacher or a good course is a "
              "better guide.",
        "ar": "للواجبات المدرسية أو تعلّم مادة كالبرمجة، المعلم أو دورة جيدة أنفع لكم.",
    },
    "tech_support": {
        "en": "For a router, Wi-Fi or a device that does not work, your internet provider or the "
              "maker's support can help.",
        "ar": "للراوتر أو الواي فاي أو جهاز لا يعمل، يساعدكم مزوّد الإنترنت أو دعم الشركة المصنّعة.",
    },
}

_PATTERNS = (
    ("health", _rx(
        r"\b(fever|temperature|cough|cold|flu|vomit\w*|diarrh?o?ea|rash|vaccin\w*|medicine|"
        r"antibiotics?|paracetamol|ibuprofen|teething|allerg\w*|sick|asthma|diet|"
        r"calories|eat(ing)? (vegetables|food)|picky eater|weight loss)\b",
        r"(حراره|سخونه|سخن|حمى|حمي|كحه|سعال|زكام|رشح|انفلونزا|استفراغ|ترجيع|اسهال|طفح|تطعيم|"
        r"تطعيمات|لقاح|دواء|دوا|مضاد حيوي|بنادول|التسنين|حساسيه|مريض|مريضه|ربو|وجع|رجيم|دايت|"
        r"ياكل خضار|ما ياكل|ما بياكل|مش بياكل|الاكل)",
    )),
    ("development", _rx(
        r"\b(speech delay|not talking yet|doesn'?t talk|late talker|stutter\w*|potty|toilet training|"
        r"sleep training|crawl\w*|walking yet|growth|height|milestones?|bedwetting)\b",
        r"(تاخر الكلام|تاخر النطق|تأخر الكلام|ما يتكلم|ما بيحكي|مش بيتكلم|لسه ما|التاتاه|التأتأه|"
        r"تاتاه|يتاتا|النونيه|التبول لا اراديا|يحبي|طوله|الطول|النمو)",
    )),
    ("school", _rx(
        r"\b(school fees|tuition|fees|enrol(l)?(ment|ing)?|registration|admission|uniforms?|"
        r"school bus|timetable|transfer (to|schools)|which school|choose a school|scholarship)\b",
        r"(رسوم|مصاريف المدرسه|مصاريف الدراسه|قسط المدرسه|اقساط|الاقساط|التسجيل|تسجيل|القبول|"
        r"الزي المدرسي|المريول|باص المدرسه|الجدول|انقل ابني|نقل مدرسه|اي مدرسه|احسن مدرسه|منحه)",
    )),
    ("family_law", _rx(
        r"\b(custody|divorce\w*|alimony|child support|maintenance payments?|visitation|guardianship|"
        r"ex-?husband|ex-?wife)\b",
        r"(حضانه|الحضانه|طلاق|الطلاق|مطلقه|مطلق|طليقي|طليقتي|نفقه|النفقه|الرؤيه|الولايه|"
        r"المحكمه الشرعيه)",
    )),
    ("learning", _rx(
        r"\b(homework|math(s)?|algebra|fractions|spelling|essay|exam revision|learn(ing)? "
        r"(python|coding|to code|programming|english|french)|coding class|tutor)\b",
        r"(واجب|الواجب|واجبات|الواجبات|رياضيات|الرياضيات|الكسور|الاملاء|تعبير|يذاكر|المذاكره|"
        r"مراجعه الامتحان|بايثون|البرمجه|برمجه|يتعلم انجليزي|دروس خصوصيه|مدرس خصوصي)",
    )),
    ("tech_support", _rx(
        r"\b(router|wi-?fi|wifi|modem|printer|slow internet|internet (is )?(slow|down)|"
        r"(laptop|phone|tablet|screen) (is )?(broken|cracked|won'?t turn on)|battery|charger|"
        r"reset (the )?password)\b",
        r"(راوتر|الراوتر|روتر|واي فاي|الوايفاي|وايفاي|مودم|طابعه|النت بطيء|النت بطي|النت فاصل|"
        r"النت مقطوع|الشاشه مكسوره|انكسر|ما يشتغل|مش شغال|البطاريه|الشاحن)",
    )),
)


def pointer(question: str, lang: str) -> str | None:
    """A short pointer to who can help with this off-topic question, in `lang`, or None."""
    text = normalize(question)
    for subject, pattern in _PATTERNS:
        if pattern.search(text):
            return POINTERS[subject].get(lang, POINTERS[subject]["en"])
    return None
