"""The safety card: what to do now, per danger topic, in Arabic and English.

Written in our own words from the steps the ITU guidelines and the help services give: keep
evidence, do not pay or forward, report, get the child safe, contact the police or a national
child helpline. The numbers to call are per country (helplines.py); a card never guesses one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import TOPICS


@dataclass(frozen=True)
class SafetyCard:
    topic: str
    lang: str
    text: str


STEPS: dict[str, dict[str, str]] = {
    "en": {
        "sextortion": (
            "If someone is threatening to share a child's images: do not pay and do not send anything "
            'more; paying rarely ends it. Do not delete anything: keep screenshots of the messages, '
            'the account names and links as evidence. Stop replying, then report and block the '
            'account on the platform. Tell the child it is not their fault, and contact the police. A '
            'national child helpline can support you both.'
        ),
        "grooming": (
            'If an adult is pressing a child to meet or to keep secrets: do not let the meeting '
            'happen, and make sure the child is with a trusted adult. Keep the messages and account '
            'details as evidence; do not delete them and do not confront the person. Report the '
            'account to the platform and contact the police. A national child helpline can advise '
            'you.'
        ),
        "selfharm": (
            'If a child may harm themselves now, call your local emergency number and stay with them. '
            'Listen calmly and take what they say seriously; remove anything they could hurt '
            'themselves with. Contact a national child helpline or a doctor today, and tell the '
            'school if bullying is involved. Keep any messages that upset them as evidence.'
        ),
        "csam": (
            'If you have found sexual images or videos of a child: do not share, forward, download or '
            'copy them, even to report them. Note where you saw them (the address, app and account), '
            'and report them to the police or to a national hotline for child sexual abuse material '
            '(members of the INHOPE network). If you know the child or suspect who is involved, tell '
            'the police.'
        ),
        "abuse": (
            'If a child is being abused now, call your local emergency number or the police. Make the '
            'child safe, listen, believe them and tell them it is not their fault. Keep any messages '
            'or images as evidence without sharing them. A national child helpline and the child '
            'protection services can help.'
        ),
        "missing": (
            'If a child is missing after contact with someone online, call the police now and say '
            "that online contact is involved; do not wait a set number of hours. Keep the child's "
            'phone, computer and accounts as they are and do not delete anything: the messages, '
            "usernames and any meeting place are what the police need. Call the child's friends and "
            'the places they go. A national child helpline can support you.'
        ),
        "violence": (
            'If someone threatens to hurt a child, or has posted where they live or study, call the '
            'police and make sure the child is with a trusted adult and not alone on the way to or '
            'from school. Keep screenshots of the threats, the posts and the account names. Tell the '
            'school, report the posts to the platform and ask for them to be removed. A national '
            'child helpline can support you.'
        ),
        "challenge": (
            'If a child is doing, or about to do, a dangerous online challenge, stop it now and stay '
            'with them. If they fainted, choked, swallowed something or were burnt, call your local '
            'emergency number or a poison centre at once. Talk calmly afterwards about why it is not '
            'safe, report the videos to the platform, and tell the school if other children are '
            'involved.'
        ),
    },
    "ar": {
        "sextortion": (
            'إذا كان أحدٌ يهدد بنشر صور طفل: لا تدفعوا أي مبلغ ولا ترسلوا شيئًا آخر، فالدفع نادرًا ما '
            'يُنهي التهديد. لا تحذفوا شيئًا: احتفظوا بلقطات شاشة للرسائل وأسماء الحسابات والروابط '
            'دليلًا. توقفوا عن الرد، ثم أبلغوا المنصة عن الحساب واحظروه. طمئنوا الطفل بأن ما حدث ليس '
            'ذنبه، وتواصلوا مع الشرطة. ويمكن لخط مساندة الطفل الوطني أن يدعمكم.'
        ),
        "grooming": (
            'إذا كان شخص بالغ يضغط على طفل ليقابله أو ليُخفي الأمر سرًّا: امنعوا اللقاء، وتأكدوا أن '
            'الطفل مع شخص بالغ يثق به. احتفظوا بالرسائل وبيانات الحساب دليلًا، ولا تحذفوها ولا '
            'تواجهوا الشخص. أبلغوا المنصة عن الحساب وتواصلوا مع الشرطة. ويمكن لخط مساندة الطفل الوطني '
            'أن يرشدكم.'
        ),
        "selfharm": (
            'إذا كان الطفل قد يؤذي نفسه الآن، فاتصلوا برقم الطوارئ المحلي وابقوا معه. استمعوا إليه '
            'بهدوء وخذوا كلامه بجدية، وأبعدوا عنه كل ما قد يؤذي به نفسه. تواصلوا اليوم مع خط مساندة '
            'الطفل الوطني أو مع طبيب، وأبلغوا المدرسة إن كان للتنمر دور. واحتفظوا بالرسائل التي آذته '
            'دليلًا.'
        ),
        "csam": (
            'إذا عثرتم على صور أو مقاطع جنسية لطفل: لا تشاركوها ولا تعيدوا إرسالها ولا تنزّلوها ولا '
            'تنسخوها، حتى بغرض الإبلاغ. دوّنوا مكان ظهورها (الرابط والتطبيق والحساب)، وأبلغوا الشرطة '
            'أو الخط الساخن الوطني للإبلاغ عن مواد الاعتداء الجنسي على الأطفال (أعضاء شبكة INHOPE). '
            'وإن كنتم تعرفون الطفل أو تشتبهون في شخص بعينه، فأخبروا الشرطة.'
        ),
        "abuse": (
            'إذا كان طفل يتعرض للاعتداء الآن، فاتصلوا برقم الطوارئ المحلي أو بالشرطة. أبعدوا الطفل عن '
            'الخطر، واستمعوا إليه وصدّقوه وأكدوا له أن ما حدث ليس ذنبه. احتفظوا بأي رسائل أو صور '
            'دليلًا دون مشاركتها. ويمكن لخط مساندة الطفل الوطني وخدمات حماية الطفل تقديم العون.'
        ),
        "missing": (
            'إذا اختفى طفل بعد تواصل مع شخص عبر الإنترنت، فاتصلوا بالشرطة الآن وأخبروهم أن هناك '
            'تواصلًا عبر الإنترنت؛ لا تنتظروا عددًا من الساعات. اتركوا هاتف الطفل وحاسوبه وحساباته '
            'كما هي ولا تحذفوا شيئًا: فالرسائل وأسماء الحسابات ومكان أي لقاء هي ما تحتاجه الشرطة. '
            'اتصلوا بأصدقائه وبالأماكن التي يرتادها. ويمكن لخط مساندة الطفل الوطني أن يدعمكم.'
        ),
        "violence": (
            'إذا هدد أحدٌ بإيذاء طفل، أو نشر مكان سكنه أو مدرسته، فاتصلوا بالشرطة وتأكدوا أن الطفل مع '
            'شخص بالغ يثق به وألا يكون وحده في طريقه من المدرسة وإليها. احتفظوا بلقطات شاشة للتهديدات '
            'والمنشورات وأسماء الحسابات. أخبروا المدرسة، وأبلغوا المنصة عن المنشورات واطلبوا حذفها. '
            'ويمكن لخط مساندة الطفل الوطني أن يدعمكم.'
        ),
        "challenge": (
            'إذا كان طفل يؤدي تحديًا خطيرًا منتشرًا على الإنترنت أو يوشك أن يؤديه، فأوقفوه الآن '
            'وابقوا معه. وإن أُغمي عليه أو اختنق أو ابتلع شيئًا أو أصيب بحروق، فاتصلوا فورًا برقم '
            'الطوارئ المحلي أو بمركز السموم. تحدثوا معه بهدوء بعد ذلك عن سبب خطورته، وأبلغوا المنصة '
            'عن المقاطع، وأخبروا المدرسة إن كان أطفال آخرون مشاركين.'
        ),
    },
}

# Topic names on buttons ("/danger" lets a user pick the situation when they cannot say it).
TOPIC_LABELS = {
    "en": {
        "sextortion": "Someone threatens to share a child's images",
        "grooming": "An adult presses a child to meet or keep secrets",
        "selfharm": "A child talks of suicide or self-harm",
        "csam": "I found sexual images of a child",
        "abuse": "A child is being abused",
        "missing": "A child is missing after online contact",
        "violence": "Threats to hurt a child, or their address posted",
        "challenge": "A dangerous online challenge",
    },
    "ar": {
        "sextortion": "شخص يهدد بنشر صور طفل",
        "grooming": "بالغ يضغط على طفل ليقابله أو يكتم السر",
        "selfharm": "طفل يتحدث عن الانتحار أو إيذاء نفسه",
        "csam": "وجدت صورًا جنسية لطفل",
        "abuse": "طفل يتعرض للاعتداء",
        "missing": "طفل مختفٍ بعد تواصل عبر الإنترنت",
        "violence": "تهديد بإيذاء طفل أو نشر عنوانه",
        "challenge": "تحدٍّ خطير على الإنترنت",
    },
}

assert all(set(STEPS[lang]) == set(TOPICS) == set(TOPIC_LABELS[lang]) for lang in STEPS)


def card(topic: str, lang: str) -> SafetyCard:
    """The card for a topic, in Arabic or English (English for any other language)."""
    lang = lang if lang in STEPS else "en"
    return SafetyCard(topic, lang, STEPS[lang][topic])
