"""Concepts the danger recogniser can weigh: broad word families, not phrasings of cases.

Each concept is a regular expression over cleaned text (see features.clean). A concept only
becomes a feature; how much it counts, alone or with the words around it, is learned (model.py).
The families are written from general knowledge of how the topics are talked about, in Modern
Standard Arabic, the main dialects and English.
"""

from __future__ import annotations

import re

from ..analysis.normalize import folded_pattern as _rx

_CONCEPTS: dict[str, re.Pattern[str]] = {
    # --- who: a particular child, or the writer ---------------------------------------------
    "person": _rx(
        r"\b(my|our|his|her)\s+(son|daughter|kid|kids|child|boy|girl|niece|nephew|brother|sister|"
        r"cousin|student|pupil|grandson|granddaughter|stepson|stepdaughter)\b",
        r"(ابني|ابنى|بنتي|ابنتي|ولدي|ولادي|اولادي|عيالي|طفلي|طفلتي|اخوي|اخي|اختي|خويا|ختي|"
        r"بنت اختي|بنت اخوي|ابن اختي|ابن اخوي|ولد اخوي|حفيدي|حفيدتي|طالبي|طالبتي|تلميذي|تلميذتي|"
        r"بنتنا|ابننا|ولدنا|طفلنا|وليدي|بنيتي)",
    ),
    "self": _rx(
        r"\b(i'?m|i am|im) (\d{1,2}|a (girl|boy|kid|teen))\b",
        r"\b(me|myself|i|i'?m|im)\b",
        r"(انا|عمري \d|عندي \d{1,2} سن|انا بنت|انا ولد|هددني|يهددني|ابتزني|يبتزني|صوري|ساعدوني|ساعدني|"
        r"اهلي|ماما|بابا|امي|ابوي|ابويا)",
    ),
    "age": _rx(r"\b\d{1,2} ?(yo|y/o|years? old|yrs?)\b", r"(عمره|عمرها|عمري) ?\d{1,2}", r"\d{1,2} (سنه|سنين|سنوات)"),
    # --- when: now, soon, ongoing ----------------------------------------------------------
    "now": _rx(
        r"\b(now|right now|rn|tonight|today|tomorrow|this (morning|evening|weekend)|"
        r"just now|keeps|still|since (yesterday|last night|this morning)|hours ago|asap|urgent|help)\b",
        r"(الان|الحين|دلوقتي|دلوقت|هلق|هلا|هسه|هسع|توا|دابا|ذحين|الليله|الليلة|اليوم|النهارده|بكره|بكرا|"
        r"غدا|من ساعات|من امبارح|من البارحه|مستعجل|ضروري|الحقوني|الحقني|ساعدوني|بسرعه|عاجل)",
    ),
    "intent": _rx(
        r"\b(will|gonna|going to|wants? to|plans? to|planning|threatens? to|about to|'ll)\b",
        r"(^|\s)(راح|رح|بدو|بدها|ناوي|ناويه|يبي|تبي|يبغى|تبغى|عايز|عايزه|عاوز|يريد|تريد|سوف|غادي|باش)(\s|$)",
        r"(^|\s)(ه|ح)(ي|ت|ن|ا)\w{2,}",  # Egyptian and Levantine future: هينشر، حتقابل
    ),
    # --- framing: general, hypothetical, over --------------------------------------------
    "general": _rx(
        r"\b(what is|what are|whats|what does|define|definition|meaning|explain|in general|generally|"
        r"statistics|research|studies|laws?|legal|policy|policies|guidelines?|workshop|lesson|"
        r"assembly|awareness|campaign|curriculum|training|article|news|documentary)\b",
        r"(ما هو|ما هي|ماهو|ماهي|ما معنى|شو يعني|ايش يعني|وش يعني|يعني ايه|ايه هو|ايه هي|واش هو|شنو|"
        r"بشكل عام|عموما|احصائيات|احصاءات|دراسه|دراسات|قانون|القانون|قوانين|سياسه|سياسات|ارشادات|"
        r"توعيه|توعويه|ورشه|درس|حصه|حمله|مقال|خبر|الاخبار|برنامج|محاضره|ندوه)",
    ),
    "hypothetical": _rx(
        r"\b(what if|if (ever|someone|somebody|a (child|kid|teen))|in case|one day|someday|"
        r"would|could|should i|how (do|can|should) (i|we|parents|schools?)|prevent|protect|avoid)\b",
        r"(لو حصل|اذا حصل|في حال|لا سمح الله|لا قدر الله|يوما ما|في يوم|كيف احمي|كيف نحمي|ازاي احمي|"
        r"كيف اتجنب|كيف نمنع|الوقايه|حمايه|اذا صار|لو صار|لو حدث|اذا حدث)",
    ),
    "over": _rx(
        r"\b(last (year|month|summer)|years? ago|months ago|when (i|he|she) was (younger|little)|"
        r"it'?s over|is over|was resolved|no longer|back then|in the past|used to)\b",
        r"(السنه الماضيه|السنه اللي فاتت|العام الماضي|من سنه|من سنتين|من سنين|زمان|قبل سنه|قبل سنتين|"
        r"انتهى|انتهت|خلصت|خلص الموضوع|كان زمان|في الماضي|لما كان صغير|لما كانت صغيره)",
    ),
    # --- danger families --------------------------------------------------------------------
    "threat": _rx(
        r"\b(threat\w*|blackmail\w*|extort\w*|sextort\w*|or else|unless|expose|leak\w*)\b",
        r"(هدد|يهدد|بيهدد|هيهدد|تهديد|ابتز|يبتز|ابتزاز|يفضح|فضيحه|يفضحني|ينشر|هينشر|حينشر|بينشر|"
        r"راح ينشر|رح ينشر|يسرب|والا|ولا راح|الا اذا)",
    ),
    "images": _rx(
        r"\b(pics?|photos?|pictures?|images?|videos?|vids?|nudes?|selfies?|screenshots?|webcam|camera|sexts?)\b",
        r"(صور|صوره|صورها|صوري|صورته|فيديو|فيديوهات|مقطع|مقاطع|سكرين|كاميرا|كاميره|لايف)",
    ),
    "money": _rx(
        r"\b(money|pay|paid|cash|bitcoin|crypto|gift ?cards?|\$\d+|\d+ ?(dollars|usd|pounds))\b",
        r"(فلوس|مصاري|مال|مبلغ|يدفع|تدفع|ادفع|دولار|ريال|جنيه|درهم|دينار|كاش|بطاقه)",
    ),
    "stranger": _rx(
        r"\b(stranger|older (man|guy|boy)|adult|grown man|guy|man|someone (online|she met|he met)|"
        r"met online|online friend|from (discord|snap|snapchat|roblox|tiktok|instagram|insta|telegram|game))\b",
        r"(غريب|شخص|واحد|رجل|راجل|زلمه|رجال|كبير|اكبر منها|اكبر منه|تعرف عليه|تعرفت عليه|صاحب من النت|"
        r"صديق من النت|من الديسكورد|من السناب|من التيك توك|من الانستا|من اللعبه)",
    ),
    "secrecy_meeting": _rx(
        r"\b(meet|meeting|meet up|in person|come over|pick (her|him) up|secret|don'?t tell|not to tell|"
        r"delete (the|our) (chats?|messages)|run away|ran away)\b",
        r"(يقابل|يقابلها|تقابل|تقابله|يلتقي|لقاء|يشوفها|يطلع معه|سر|سري|ما تقول|متقولش|ما تخبر|لا تخبر|"
        r"ما تحكي|متحكيش|تخبي|امسحي|امسح المحادثه|يهرب|تهرب|هربت|هرب)",
    ),
    "selfharm": _rx(
        r"\b(suicid\w*|kill (my|him|her|them)sel(f|ves)|end (it|my life|his life|her life)|"
        r"want\w* to die|wanna die|self.?harm\w*|cut(ting|s)? (my|him|her)sel(f|ves)|cuts on|"
        r"hurt\w* (my|him|her)sel(f|ves)|overdose|pills|goodbye (note|letter|message)|"
        r"nobody would (miss|care)|better off without|gave away|giving away|no reason to live)\b",
        r"(انتحر|ينتحر|تنتحر|انتحار|اقتل نفسي|يقتل نفسه|تقتل نفسها|اموت|يموت|تموت|موت|انهي حياتي|"
        r"ينهي حياته|تنهي حياتها|اجرح نفسي|يجرح نفسه|تجرح نفسها|اذي نفسي|يؤذي نفسه|تؤذي نفسها|حبوب|"
        r"رساله وداع|وداع|ودعت|ودع|محدش هيفتقدني|ما حد راح يفتقدني|ما حد بيفتقدني|وزع اغراضه|"
        r"وزعت اغراضها|عطى اغراضه|اعطى اغراضه|جروح|شفره|موس)",
    ),
    "sexual": _rx(
        r"\b(sex\w*|naked|nude\w*|porn\w*|explicit|indecent|intimate|private parts|undress\w*|strip\w*|"
        r"csam|molest\w*|rap(e|ed|ing)|touch(es|ed|ing)? (her|him|me)|abus\w+|assault\w*)\b",
        r"(جنس|جنسي|جنسيه|عاري|عاريه|عريان|عريانه|اباحي|اباحيه|فاضح|فاضحه|خادش|خادشه|تحرش|يتحرش|"
        r"بيتحرش|اعتداء|اعتدى|يعتدي|اغتصاب|اغتصب|يلمس|يلمسها|تقلع|يقلع|تخلع|ملابس)",
    ),
    "found_material": _rx(
        r"\b(found|saw|seen|came across|discovered|received|got sent|sent me|was sent|shared in|"
        r"on (his|her|my) (phone|laptop|computer|tablet)|in (a|the) group|group chat|channel)\b",
        r"(لقيت|لاقيت|وجدت|شفت|شاهدت|رايت|اكتشفت|وصلتني|وصلني|بعتولي|ارسلوا|انبعت|في الجروب|في القروب|"
        r"في المجموعه|على جواله|على تلفونه|على موبايله|على جهازه|قناه)",
    ),
    "known_abuser": _rx(
        r"\b(uncle|stepdad|step.?father|cousin|neighbou?r|coach|tutor|teacher|babysitter|family friend|"
        r"relative|someone in (our|the) family|driver|imam|priest)\b",
        r"(عمه|عمها|خاله|خالها|عمو|خالو|زوج امها|زوج امه|جوز امها|ابن عمها|ابن عمه|ابن خالتها|الجار|جارنا|"
        r"المدرب|مدرب|المدرس|الاستاذ|مدرس خصوصي|السواق|السائق|قريب|قريبنا|من العيله|من العائله|من الاهل)",
    ),
    "missing": _rx(
        r"\b(missing|disappeared|ran away|run away|left home|didn'?t come home|hasn'?t come (home|back)|"
        r"not (answering|picking up)|phone (is )?(off|switched off|dead)|can'?t (find|reach) (her|him)|"
        r"left a note|gone since)\b",
        r"(اختفى|اختفت|مختفي|مختفيه|غايب|غايبه|غاب|غابت|هرب|هربت|ما رجع|ما رجعت|مرجعش|مرجعتش|"
        r"تلفونه مقفول|تلفونها مقفول|جواله مقفل|جوالها مقفل|موبايله مقفول|موبايلها مقفول|ما يرد|ما ترد|"
        r"مش بيرد|مش بترد|ساب البيت|سابت البيت|طلع من البيت|طلعت من البيت|ترك رساله|تركت رساله|"
        r"ما نعرف وين|مش عارفين فين)",
    ),
    "violence": _rx(
        r"\b(kill (you|her|him)|hurt (you|her|him)|beat (you|her|him) up|stab\w*|shoot\w*|gun|knife|"
        r"know where (you|she|he) lives?|posted (our|her|his|my) (address|location)|dox\w*|"
        r"come to (your|her|his|my) (house|school)|wait(ing)? for (her|him|you) after school)\b",
        r"(اقتلك|يقتلها|يقتله|هيقتل|راح يقتل|اذبحك|يذبح|اضربك|يضربها|يضربه|سكين|مسدس|سلاح|"
        r"اعرف وين ساكن|اعرف وين ساكنه|عارف بيتكم|عنوان البيت|عنوانه|عنوانها|نشر عنوان|نشروا عنوان|"
        r"نشر رقمها|مدرستها|مدرسته|يستناها|يستناه|هيستناه|ينتظرها|ينتظره|موقعها|موقعه)",
    ),
    "challenge": _rx(
        r"\b(challenge|blackout|choking game|pass.?out|hold (his|her|their) breath|tide pods?|"
        r"benadryl|fire challenge|skull.?breaker|jump(ing)? off|dare|trend)\b",
        r"(تحدي|تحديات|التحدي|ترند|الخنق|يخنق نفسه|تخنق نفسها|كتم النفس|يحبس نفسه|تحبس نفسها|الحوت الازرق|"
        r"مريم|يقفز|تقفز|حبوب|يولع|تولع|نار)",
    ),
    "ask_help": _rx(
        r"\b(what (do|should|can) (i|we) do|help( me| us)?|please|pls|plz|is (this|it) (bad|normal|serious)|"
        r"what now|i don'?t know what to do|scared|terrified|panic\w*)\b",
        r"(ماذا افعل|ماذا نفعل|شو اعمل|شو بعمل|ايش اسوي|وش اسوي|شنو اسوي|اعمل ايه|اعمل اي|نعمل ايه|"
        r"اش ندير|شنو ندير|واش ندير|ساعدوني|ساعدني|الحقوني|ارجوكم|ارجوك|خايفه|خايف|مرعوب|مرعوبه|"
        r"طبيعي|عادي ولا|خطير)",
    ),
}

NAMES = tuple(_CONCEPTS)


def concepts(cleaned: str) -> list[str]:
    """The concepts present in cleaned text, and the pairs of concepts found together."""
    found = [name for name, pattern in _CONCEPTS.items() if pattern.search(cleaned)]
    pairs = [f"{a}+{b}" for i, a in enumerate(found) for b in found[i + 1:]]
    return found + pairs
