"""Safety first: recognise a message about a child in danger now, and the card that answers it.

Rules, not a model: each topic needs a danger pattern, and the message must read as something
happening (a threat made, a meeting pressed, a plan to self-harm, material found, abuse going on)
rather than a calm question about the topic ("what is sextortion?"). Patterns run on normalised
text (hamza, teh marbuta and alef maksura folded, diacritics gone), so spelling variants match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..analysis.normalize import normalize


@dataclass(frozen=True)
class SafetyCard:
    topic: str
    text: str


def _rx(*alternatives: str) -> re.Pattern[str]:
    # Patterns are written with Arabic as typed; fold them as messages are folded.
    return re.compile("|".join(normalize(a) for a in alternatives))


# --- Who: a particular child or person, not children in general -------------------------------
_PERSONAL = _rx(
    r"\b(my|our|me|i|i'm|im|i've|we|us)\b",
    r"\b(son|daughter|kid|child|boy|girl|student|pupil|niece|nephew|brother|sister|friend)\b.*\b(is|was|has|says|said|told)\b",
    r"(ابني|ابنى|بنتي|ابنتي|ولدي|اولادي|طفلي|طفلتي|اخوي|اخي|اختي|صاحبي|صاحبتي|صديقي|صديقتي|طالب|طالبه|تلميذ|تلميذه|بنت اختي|ابن اخي|بنت|ولد)",
    r"(انا|احنا|نحن|عندي|معي|هددني|يهددني|ابتزني|يبتزني)",
)

# --- Calm framing: a question about the topic in general ------------------------------------
_GENERAL_QUESTION = _rx(
    r"^\s*(what|whats|what's|define|explain|tell me about|how common|how often|is it true|why do|why are)\b",
    r"\b(in general|generally|what if|if a (child|teen|kid)|ever)\b",
    r"(بشكل عام|عموما|في حال|لو حصل|اذا حصل)",
    r"\b(guidelines?|policy|policies|industry|companies|schools?|governments?|law|laws|statistics|research|prevent|prevention|protect|awareness|teach|signs of)\b",
    r"^\s*(ما هو|ما هي|ما هى|ماهو|ماهي|ما معني|ما معنى|شو يعني|ايش يعني|وش يعني|يعني ايه|ايه هو|ايه هي|عرف|اشرح)",
    r"(المبادئ التوجيهيه|الارشادات|السياسات|سياسه|الشركات|المدارس|المدرسه|الحكومات|القانون|احصاءات|احصائيات|الوقايه|احمي|حمايه|التوعيه|علامات|نعلم|تعليم)",
)


@dataclass(frozen=True)
class _Rule:
    topic: str
    danger: re.Pattern[str]
    # Strong wording of something happening now: counts as urgent even in a general frame.
    happening: re.Pattern[str]


_RULES = (
    _Rule(
        "sextortion",
        _rx(
            r"\b(threat\w*|blackmail\w*|extort\w*|sextort\w*)\b",
            r"\b(post|share|leak|send|spread|publish)\w* (her|his|my|our|the|their)? ?(photos?|pics?|pictures?|images?|videos?|nudes?)",
            r"(يهدد|هدد|تهدد|بيهدد|يبتز|ابتز|بيبتز|تبتز|ابتزاز|فضح|يفضح|ينشر|بينشر|ينشروها|بينشروها|يسرب|ينزل صور)",
            r"\b(pics|photos|nudes|pictures|images|videos)\b.{0,80}\b(money|pay|cash|bitcoin|gift ?cards?)\b",
            r"(صور|صوري|صورها|صوره|فيديو).{0,80}(مصاري|فلوس|مال|مبلغ|يدفع|تدفع)",
        ),
        _rx(
            r"\b(is|are|keeps|been|now|started) (threatening|blackmailing|extorting)\b",
            r"\b(threatened|threatens|blackmailed|blackmails|extorted|extorts)\b",
            r"\b(threatening|threatens|threatened) to\b",
            r"\b(unless|if (she|he|i|we) (doesn'?t|don'?t|does not|do not)) (pay|send)",
            r"\b(asking|asks|asked|demanding|demands|wants) (for )?(money|more (photos|pics|videos)|bitcoin|gift cards?)",
            r"(هددني|يهددني|يهددها|يهدده|بيهددها|بيهدده|عم يهدد|قاعد يهدد|ابتزني|يبتزني|يبتزها|يبتزه|بيبتزها|هددها|هدده)",
            r"(اذا ما|اذا ما دفع|لو ما|لو مادفع|ان لم|اذا لم|الا اذا|الا لو).{0,30}(دفع|تدفع|يدفع|ترسل|يرسل|تبعت|يبعت)",
            r"(يطلب|طالب|بيطلب|يبي|يبغي|عايز|عايزين|بدو|بدهم|يبون|يبغون).{0,15}(فلوس|مصاري|مال|مبلغ|صور اكثر|صور زياده|صور تانيه|صور ثانيه)",
            r"\b(want|wants|wanted|demand\w*|asking for|asked for|asks for)\b.{0,20}\b(money|cash|payment|bitcoin|gift ?cards?)\b",
            r"\bor (they|he|she)('?ll| will| are going to| is going to| gonna)? (send|post|share|leak|publish|expose)",
            r"(والا|ولا|او).{0,5}(بينشر|ينشر|هينشر|حينشر|راح ينشر|رح ينشر|بيفضح|يفضح|هيفضح|حيفضح|راح يفضح)",
            r"(هيفضحني|بيفضحني|يفضحني|حيفضحني|راح يفضحني|رح يفضحني|هيفضحها|بيفضحها|يفضحها|هيفضحه|بيفضحه|يفضحه)",
        ),
    ),
    _Rule(
        "grooming",
        _rx(
            r"\b(meet|meeting|meet up|in person|hang out alone|come over|pick (her|him) up)\b",
            r"\b(secret|secrets|not (to )?tell|don'?t tell|keep (it|this|quiet)|delete (everything|it all|the (messages|chats?))|mature for (her|his) age)\b",
            r"(يقابل|يقابلها|يقابله|تقابل|نتقابل|يتقابل|يلتقي|لقاء|يشوفها|يشوفه|يطلع معه|تطلع معه|اقابل)",
            r"(سر|سرا|سري|ما تقول|ماتقول|ما تقولي|متقولش|ما تخبر|لا تخبر|ما تحكي|متحكيش|لا يعرف احد|ما يعرف حد|تخبي|يخبي|ما تعلم)",
        ),
        _rx(
            r"\b(wants?|asked|asking|asks|keeps asking|pressur\w+|insist\w*|begging|convinc\w*|invited|trying to get) (her|him|me|my \w+)? ?(to )?(meet|come|keep|not tell|hide)",
            r"\b(adult|man|guy|older|stranger|someone|person|coach|teacher)\b.{0,60}\b(meet|secret|not tell|don'?t tell)",
            r"(يبي|يبغي|عايز|عاوز|بدو|بده|يريد|طلب|يطلب|بيطلب|مصر|يصر|يلح|يضغط|عم يطلب|قاعد يطلب).{0,25}(يقابل|يلتقي|يشوف|تقابل|تطلع|تيجي|يجي|سر|ما تقول|متقولش|ما تخبر|ما تحكي|تخبي)",
            r"(رجل|راجل|رجال|شخص|واحد|كبير|غريب|زلمه|مدرب|استاذ).{0,60}(يقابل|يلتقي|سر|ما تقول|متقولش|ما تخبر|ما تحكي|تخبي)",
            r"\b(adult|man|guy|older|stranger|\d{2} ?(year|yr)s? old)\b.{0,80}\b(delete|mature for)",
            r"\b(tonight|today|tomorrow|this (evening|weekend)|right now|sneak\w* out)\b.{0,40}\bmeet",
            r"\bmeet\w*\b.{0,60}\b(tonight|today|tomorrow|this (evening|weekend)|\d{2} ?(year|yr)s? old)",
            r"(هتقابل|حتقابل|راح تقابل|رح تقابل|بتقابل|هيقابل|حيقابل|راح يقابل|رح يقابل).{0,60}(واحد|شخص|رجل|راجل|زلمه|كبير|اكبر|النهارده|الليله|بكره|بكرا|اليوم)",
        ),
    ),
    _Rule(
        "selfharm",
        _rx(
            r"\b(suicid\w*|self.?harm\w*|kill (him|her|my|them)sel(f|ves)|end (his|her|my|their) (own )?life|want\w* to die|cutting (him|her|my|them)sel(f|ves)|hurt\w* (him|her|my|them)sel(f|ves))\b",
            r"(ينتحر|انتحر|تنتحر|انتحار|الانتحار|يقتل نفسه|تقتل نفسها|يموت نفسه|يؤذي نفسه|تؤذي نفسها|يوذي نفسه|يجرح نفسه|تجرح نفسها|ينهي حياته|تنهي حياتها|يبي يموت|تبي تموت|بدو يموت|بدها تموت|عايز يموت|عايزه تموت|اموت نفسي)",
            r"\b(end it|(doesn'?t|don'?t|does not|do not) want to live|no reason to live|goodbye (letter|note|message)|cuts on (her|his|my) (arm|wrist|leg)s?|fresh cuts)\b",
            r"(رساله وداع|رسائل وداع|ما بدها تعيش|ما بدو يعيش|مش عايزه تعيش|مش عايز يعيش|ما تبي تعيش|ما يبي يعيش|ما يبغي يعيش|ما تبغي تعيش|جروح على)",
        ),
        _rx(
            r"\b(wants?|going|gonna|trying|tried|threaten\w*|talk\w* about|thinking about|plans?|planning) (to )?(kill|die|end|hurt|cut|suicide)",
            r"\b(kill (him|her|my|them)sel(f|ves)|end (his|her|my|their) (own )?life|cutting (him|her|my|them)sel(f|ves))\b",
            r"(يبي|يبغي|تبي|تبغي|عايز|عايزه|بدو|بدها|يريد|تريد|يفكر|تفكر|حاول|حاولت|هدد|هددت|قال|قالت|راح|ناوي|ناويه).{0,20}(ينتحر|تنتحر|الانتحار|يموت|تموت|يقتل نفسه|تقتل نفسها|يؤذي نفسه|تؤذي نفسها|يجرح|تجرح)",
            r"(يجرح نفسه|تجرح نفسها|يؤذي نفسه|تؤذي نفسها|اموت نفسي|اقتل نفسي|انتحر)",
            r"\b((going|gonna|wants?) to end it|(doesn'?t|don'?t|does not|do not) want to live|no reason to live|goodbye (letter|note|message)|cuts on (her|his|my) (arm|wrist|leg)s?|fresh cuts)\b",
            r"(رساله وداع|رسائل وداع|ما بدها تعيش|ما بدو يعيش|مش عايزه تعيش|مش عايز يعيش|ما تبي تعيش|ما يبي يعيش|ما يبغي يعيش|ما تبغي تعيش|جروح على)",
        ),
    ),
    _Rule(
        "csam",
        _rx(
            r"\b(child|children|kid|kids|minor|minors|underage|little (girl|boy)|\d{1,2} ?(year|yr)s? old)\b.{0,60}\b(sexual|sex|naked|nude|porn\w*|explicit|indecent|abuse)",
            r"\b(sexual|sex|naked|nude|porn\w*|explicit|indecent)\b.{0,60}\b(child|children|kid|kids|minor|minors|underage|little (girl|boy))",
            r"\bcsam\b|child sexual abuse material|child porn",
            r"(طفل|اطفال|قاصر|قاصرين|قصر|صغار|بنت صغيره|ولد صغير|بنات صغار).{0,40}(جنسي|جنسيه|عاري|عاريه|عراه|اباحي|اباحيه|فاضح|فاضحه|اعتداء)",
            r"(جنسي|جنسيه|عاري|عاريه|اباحي|اباحيه|فاضح|فاضحه|اعتداء).{0,40}(طفل|اطفال|قاصر|قاصرين|قصر|صغار|بنت صغيره|ولد صغير)",
        ),
        _rx(
            r"\b(found|find|saw|seen|came across|discovered|stumbled|received|got sent|sent me|was sent|shared with me|on (his|her|my) (phone|computer|laptop|tablet))\b",
            r"\b(phone|laptop|computer|tablet|pc|hard drive|folders?|group chat|chat group)s?\b",
            r"(لقيت|لاقيت|وجدت|شفت|شاهدت|رايت|اكتشفت|وصلتني|وصلني|بعتولي|بعتلي|ارسل لي|ارسلوا لي|انبعتلي|جوال|تلفون|موبايل|جهاز|لابتوب|كمبيوتر|نزل|نشر|حط|جروب|قروب|مجموعه)",
        ),
    ),
    _Rule(
        "abuse",
        _rx(
            r"\b(abus\w+|molest\w*|rap(e|ed|ing)|touch(es|ed|ing) (her|him|my)|sexually assault\w*|beat(s|ing)? (her|him|my))\b",
            r"(يتحرش|بيتحرش|تحرش|يعتدي|اعتدي|اعتداء|اغتصب|يغتصب|يلمسها|يلمسه|بيلمس|يضربها|يضربه|بيضرب)",
            r"\b(makes?|made|forces?|forced|forcing|making) (her|him|me|them) (do|to do|undress|strip|pose)\b",
            r"\bon camera for\b",
            r"(يخليها|بيخليها|يجبرها|بيجبرها|يخليه|بيخليه|يجبره|بيجبره).{0,30}(تعمل|يعمل|تقلع|يقلع|تخلع|يخلع|الكاميرا|الكاميره)",
            r"(قدام|امام) (الكاميرا|الكاميره)",
        ),
        _rx(
            r"\b(is|are|keeps|been|has been|was|being|currently|right now) (abusing|molesting|raping|touching|hurting|beating|abused|molested|raped)\b",
            r"\b(abused|molested|raped|touches|touched) (me|her|him|my)\b",
            r"(يتحرش ب|بيتحرش ب|تحرش ب|يعتدي علي|اعتدي علي|اغتصب|يغتصب|يلمسها|يلمسه|بيلمس|يضربها|يضربه|بيضرب)",
            r"\b(makes?|made|forces?|forced|forcing|making) (her|him|me|them) (do|to do|undress|strip|pose)\b",
            r"(يخليها|بيخليها|يجبرها|بيجبرها|يخليه|بيخليه|يجبره|بيجبره).{0,30}(تعمل|يعمل|تقلع|يقلع|تخلع|يخلع|الكاميرا|الكاميره)",
        ),
    ),
)

_CARDS = {
    "en": {
        "sextortion": (
            "If someone is threatening to share a child's images: do not pay and do not send "
            "anything more; paying rarely ends it. Do not delete anything: keep screenshots of the "
            "messages, the account names and links as evidence. Stop replying, then report and block "
            "the account on the platform. Tell the child it is not their fault, and contact the police. "
            "A national child helpline can support you both."
        ),
        "grooming": (
            "If an adult is pressing a child to meet or to keep secrets: do not let the meeting happen, "
            "and make sure the child is with a trusted adult. Keep the messages and account details as "
            "evidence; do not delete them and do not confront the person. Report the account to the "
            "platform and contact the police. A national child helpline can advise you."
        ),
        "selfharm": (
            "If a child may harm themselves now, call your local emergency number and stay with them. "
            "Listen calmly and take what they say seriously; remove anything they could hurt themselves "
            "with. Contact a national child helpline or a doctor today, and tell the school if bullying "
            "is involved. Keep any messages that upset them as evidence."
        ),
        "csam": (
            "If you have found sexual images or videos of a child: do not share, forward, download or "
            "copy them, even to report them. Note where you saw them (the address, app and account), "
            "and report them to the police or to a national hotline for child sexual abuse material "
            "(members of the INHOPE network). If you know the child or suspect who is involved, tell "
            "the police."
        ),
        "abuse": (
            "If a child is being abused now, call your local emergency number or the police. Make the "
            "child safe, listen, believe them and tell them it is not their fault. Keep any messages or "
            "images as evidence without sharing them. A national child helpline and the child "
            "protection services can help."
        ),
    },
    "ar": {
        "sextortion": (
            "إذا كان أحدٌ يهدد بنشر صور طفل: لا تدفعوا أي مبلغ ولا ترسلوا شيئًا آخر، فالدفع نادرًا ما "
            "يُنهي التهديد. لا تحذفوا شيئًا: احتفظوا بلقطات شاشة للرسائل وأسماء الحسابات والروابط دليلًا. "
            "توقفوا عن الرد، ثم أبلغوا المنصة عن الحساب واحظروه. طمئنوا الطفل بأن ما حدث ليس ذنبه، "
            "وتواصلوا مع الشرطة. ويمكن لخط مساندة الطفل الوطني أن يدعمكم."
        ),
        "grooming": (
            "إذا كان شخص بالغ يضغط على طفل ليقابله أو ليُخفي الأمر سرًّا: امنعوا اللقاء، وتأكدوا أن "
            "الطفل مع شخص بالغ يثق به. احتفظوا بالرسائل وبيانات الحساب دليلًا، ولا تحذفوها ولا تواجهوا "
            "الشخص. أبلغوا المنصة عن الحساب وتواصلوا مع الشرطة. ويمكن لخط مساندة الطفل الوطني أن يرشدكم."
        ),
        "selfharm": (
            "إذا كان الطفل قد يؤذي نفسه الآن، فاتصلوا برقم الطوارئ المحلي وابقوا معه. استمعوا إليه بهدوء "
            "وخذوا كلامه بجدية، وأبعدوا عنه كل ما قد يؤذي به نفسه. تواصلوا اليوم مع خط مساندة الطفل الوطني "
            "أو مع طبيب، وأبلغوا المدرسة إن كان للتنمر دور. واحتفظوا بالرسائل التي آذته دليلًا."
        ),
        "csam": (
            "إذا عثرتم على صور أو مقاطع جنسية لطفل: لا تشاركوها ولا تعيدوا إرسالها ولا تنزّلوها ولا تنسخوها، "
            "حتى بغرض الإبلاغ. دوّنوا مكان ظهورها (الرابط والتطبيق والحساب)، وأبلغوا الشرطة أو الخط الساخن "
            "الوطني للإبلاغ عن مواد الاعتداء الجنسي على الأطفال (أعضاء شبكة INHOPE). وإن كنتم تعرفون "
            "الطفل أو تشتبهون في شخص بعينه، فأخبروا الشرطة."
        ),
        "abuse": (
            "إذا كان طفل يتعرض للاعتداء الآن، فاتصلوا برقم الطوارئ المحلي أو بالشرطة. أبعدوا الطفل عن "
            "الخطر، واستمعوا إليه وصدّقوه وأكدوا له أن ما حدث ليس ذنبه. احتفظوا بأي رسائل أو صور دليلًا "
            "دون مشاركتها. ويمكن لخط مساندة الطفل الوطني وخدمات حماية الطفل تقديم العون."
        ),
    },
}

# Helplines and hotlines are national services, not ITU's: say so on every card.
_FOOTER = {
    "en": (
        "Child helplines (116 111 in many countries, not all) and reporting hotlines are national "
        "services, not run by ITU; see Child Helpline International and INHOPE for yours."
    ),
    "ar": (
        "خطوط مساندة الطفل (الرقم 116111 في كثير من الدول لا كلها) والخطوط الساخنة للإبلاغ خدمات وطنية "
        "لا يديرها الاتحاد الدولي للاتصالات؛ ابحثوا عن الخط في بلدكم لدى المنظمة الدولية لخطوط مساندة "
        "الطفل (Child Helpline International) وشبكة INHOPE."
    ),
}


def detect_danger(message: str) -> str | None:
    """The topic of an urgent situation the message describes, or None."""
    text = normalize(message)
    personal = bool(_PERSONAL.search(text))
    general = bool(_GENERAL_QUESTION.search(text))
    for rule in _RULES:
        if not rule.danger.search(text):
            continue
        happening = bool(rule.happening.search(text))
        if happening and (personal or not general):
            return rule.topic
    return None


def safety_card(message: str, lang: str) -> SafetyCard | None:
    """The card to show before any excerpt, in the message's language, or None."""
    topic = detect_danger(message)
    if topic is None:
        return None
    lang = lang if lang in _CARDS else "en"
    return SafetyCard(topic, f"{_CARDS[lang][topic]}\n\n{_FOOTER[lang]}")
