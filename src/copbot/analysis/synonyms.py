"""Colloquial and everyday words folded onto the words the guidelines use, after stemming.

Parents write "ابني", "ولادي", "عيالي", "جروب الواتس" and "my kid's pics"; teenagers write
"سويت له بلوك", "ريبورت على الاكاونت", "يتنمرون علي" and "a rando keeps sending dms"; the
guidelines say "الأطفال", "مجموعة", "الحظر", "الإبلاغ", "الحساب", "التنمر", "children's images",
"stranger" and "messages". Each entry maps a stem (as the stemmers produce it, on normalised text)
to the stem of the guideline word. Applied to passages and questions alike.

Every variant's stem is checked against the corpus and against common words: a variant whose stem
is also the stem of an unrelated everyday word is left out ("لينك" and "سكرين" stem to "لين" and
"سكر", "لايك" to "لا", "تشات" to the stem of "تشيك", "النيت" to that of "نيته", "cops" to "cop").
"""

from __future__ import annotations

from .normalize import normalize
from .stem import arabic_stem, snowball_english

# guideline word -> everyday words (written naturally; stemmed below)
_ARABIC = {
    # people
    "الأطفال": "طفل ابني ابنتي بنتي ولدي ولادي اولادي أولادي عيالي عيال العيال ابنائي أبنائي اطفالي "
               "طفلي طفلتي الولد الولاد البنت ابن الابن بناتي دراري الدراري",
    "المراهقين": "تينيجر تينز التينز",
    "الأهل": "الاهالي اهالي",
    "الوالدين": "ماما بابا",
    "المعلم": "استاذ الاستاذ الأستاذة اساتذه الأساتذة",
    "التلاميذ": "الطلاب طلابي",
    "المدرسة": "مدرستي",
    "الأصدقاء": "فريندز",
    "صديق": "فريند",
    "المستخدم": "يوزر اليوزر",
    "المتابعين": "فولورز الفولورز",
    "المؤثرين": "انفلونسر انفلونسرز الانفلونسرز",
    "اللاعبين": "جيمر جيمرز قيمر",
    "الشرطة": "بوليس البوليس",
    # devices and the network
    "الإنترنت": "النت نت اونلاين أونلاين الأونلاين الانترنيت انترنيت",
    "الهاتف": "الجوال جوال الموبايل موبايل التلفون تلفون الفون تليفون التليفون ايفون الايفون "
              "آيفون بورطابل البورطابل",
    "اللوحية": "تابلت التابلت ايباد الايباد آيباد",
    "الحاسوب": "كمبيوتر الكمبيوتر لابتوب اللابتوب",
    "البيانات": "داتا الداتا",
    "الموقع": "لوكيشن اللوكيشن سايت السايت",
    "البريد": "ايميل الايميل ايميلات",
    "الفيروسات": "فايروس فايروسات",
    "تنزيل": "داونلود",
    # apps and platforms
    "التطبيقات": "ابلكيشن ابليكيشن الابلكيشن ابلكيشنات",
    "الاجتماعي": "سوشيال السوشيال",
    "مجموعة": "جروب قروب الجروب القروب",
    "واتساب": "الواتس واتس الواتساب واتسب الواتسب",
    "إنستغرام": "انستا الانستا انستقرام الانستقرام انستجرام انستاغرام",
    "فيسبوك": "فيس الفيس فايسبوك الفايسبوك",
    "يوتيوب": "يوتوب اليوتوب",
    "تيك": "تيكتوك التيكتوك",
    "تلغرام": "تلجرام التلجرام تليجرام تيليجرام",
    # accounts, settings and safety tools
    "الحساب": "اكاونت الاكاونت اكونت",
    "مرور": "الباسورد باسورد باسوورد الباسوورد",
    "الإعدادات": "سيتنج السيتنج سيتينج",
    "الخصوصية": "برايفسي البرايفسي",
    "الخاصة": "برايفت البرايفت",
    "الحظر": "بلوك البلوك بلكته بلكت",
    "الإبلاغ": "ريبورت الريبورت",
    "كتم": "ميوت",
    "حذف": "ديليت احذف",
    "الرقابة": "كنترول",
    "الأبوية": "بارنتال",
    "الإشراف": "مودريتر المودريتر",
    "الشاشة": "اسكرين",
    "لقطة": "سكرينشوت اسكرينشوت",
    # what children do and see
    "الرسائل": "مسج مسجات دايركت الدايركت",
    "الدردشة": "شات الشات",
    "البث": "لايف اللايف لايفات ستريم الستريم",
    "الألعاب": "ألعاب جيم الجيم جيمز الجيمز قيمز القيمز جيمنج الجيمنج",
    "التحدي": "تشالنج التشالنج تشالنجات",
    "المنشورات": "بوست البوست",
    "التعليقات": "كومنت الكومنت كومنتات",
    "الإعجاب": "لايكات اللايكات",
    "المحتوى": "كونتنت الكونتنت",
    "مقاطع": "كليب كليبات",
    "صور": "تصاور التصاور",
    "المال": "فلوس الفلوس مصاري المصاري كاش الكاش",
    "لقاء": "يقابل يقابله يقابلني اقابله",
    # harms
    "التنمر": "يتنمر يتنمرون بيتنمروا",
    "السخرية": "تريقة يتريقون بيتريقوا طقطقة يطقطقون يطقطق مسخرة استهزاء",
    "التحرش": "يتحرش يتحرشون بيتحرش",
    "الابتزاز": "يبتز يبتزني ابتزني سكستورشن",
    "التهديد": "يهددني هددني",
    "الاستدراج": "يستدرج تغرير يغرر",
    "السكستينغ": "سكستنج سكستينج",
    "عارية": "نودز",
    "إباحية": "بورن البورن",
    "الجنسي": "سكس",
    "مزيفة": "مفبرك مفبركة",
    "اختراق": "هكر الهكر تهكير انهكر هاكر",
    "الاحتيال": "سكام",
}
_ENGLISH = {
    "children": "child kid kids son sons daughter daughters boy boys girl girls kiddo kiddos "
                "toddler toddlers youngster youngsters tween tweens preteen preteens",
    "teenagers": "teen teens adolescent adolescents",
    "parents": "mom moms mum mums dad dads mommy daddy mother mothers father fathers",
    "pupils": "student students",
    "players": "gamer gamers",
    "stranger": "rando randos",
    "offenders": "predator predators pedo pedos paedo paedos pedophile pedophiles paedophile "
                 "paedophiles",
    "images": "pic pics picture pictures photo photos image pix selfie selfies",
    "videos": "vid vids clip clips",
    "messages": "dm dms msg msgs inbox",
    "conversation": "convo convos",
    "chat": "chatroom chatrooms",
    "streaming": "livestream livestreams livestreaming",
    "screenshot": "screencap screencaps screengrab screengrabs",
    "internet": "online net web",
    "website": "webpage webpages",
    "information": "info",
    "money": "cash",
    "account": "acct accts acc",
    "password": "passwords passcode pw pwd passwd",
    "hacked": "hacker hackers",
    "phone": "iphone iphones cellphone cellphones smartphone smartphones",
    "tablet": "ipad ipads",
    "computer": "pc pcs",
    "youtube": "yt",
    "instagram": "insta ig",
    "facebook": "fb",
    "bullying": "cyberbullying bully bullied cyberbullied",
    "nude": "naked",
    "pornography": "porn porno pornographic",
}


def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, variants in _ARABIC.items():
        target = arabic_stem(normalize(canonical))
        for v in variants.split():
            table.setdefault(arabic_stem(normalize(v)), target)
    for canonical, variants in _ENGLISH.items():
        target = snowball_english(canonical)
        for v in variants.split():
            table.setdefault(snowball_english(v), target)
    # a word never maps onto itself through another word
    return {k: v for k, v in table.items() if k != v}


STEM_SYNONYMS: dict[str, str] = _table()
