"""Texts and sidecars for the official-file reader tests (imported by conftest and the tests)."""

ENGLISH_PAGES = [
    ["Cyberbullying is the use of digital technology to harass, threaten or embarrass a child. "
     "Parents and educators should talk with children about what happens online, listen without "
     "blame, keep evidence such as screenshots, and report the abuse to the platform. Schools "
     "should have a clear anti-bullying policy that covers behaviour online as well as offline."],
    ["Grooming is the process by which an adult builds a relationship with a child online in order "
     "to abuse them. Warning signs include secret conversations, gifts, and requests to move to "
     "private messaging apps. Parents should know who their children talk to, and children should "
     "be told that they can always ask a trusted adult for help without being punished."],
    ["Parental controls can filter content, limit screen time and control purchases. They work best "
     "together with conversation: explain to the child why the settings exist, review them as the "
     "child grows older, and remember that no tool replaces attention and trust between parents and "
     "children. Privacy settings on games and social media should be checked together regularly."],
]

ARABIC_PAGES = [
    ["التنمر الإلكتروني هو استخدام التكنولوجيا الرقمية لمضايقة الطفل أو تهديده أو إحراجه. "
     "ينبغي على الوالدين والمربين التحدث مع الأطفال عما يحدث على الإنترنت، والاستماع إليهم دون لوم، "
     "والاحتفاظ بالأدلة مثل لقطات الشاشة، والإبلاغ عن الإساءة إلى المنصة. ويجب أن تكون لدى المدارس "
     "سياسة واضحة لمكافحة التنمر تشمل السلوك على الإنترنت وخارجه."],
    ["الاستدراج هو العملية التي يبني فيها شخص بالغ علاقة مع طفل على الإنترنت بهدف الاعتداء عليه. "
     "ومن علامات التحذير المحادثات السرية والهدايا وطلب الانتقال إلى تطبيقات المراسلة الخاصة. "
     "وينبغي للوالدين معرفة من يتحدث إليه أطفالهم، وأن يعرف الأطفال أنهم يستطيعون دائما طلب "
     "المساعدة من شخص بالغ موثوق دون أن يعاقبوا."],
    ["تساعد أدوات الرقابة الأبوية على تصفية المحتوى وتحديد وقت استخدام الشاشة والتحكم في المشتريات. "
     "وتعمل هذه الأدوات بشكل أفضل مع الحوار: اشرحوا للطفل سبب وجود الإعدادات، وراجعوها كلما كبر "
     "الطفل، وتذكروا أن أي أداة لا تغني عن الاهتمام والثقة بين الوالدين والأطفال."],
]


def sidecar_text(**fields) -> str:
    return "".join(f"{k}: {v}\n" for k, v in fields.items())


def sidecar_fields(doc_id: str, lang: str, pair: str = "") -> dict:
    return dict(id=doc_id, title=f"Test guide ({lang})", lang=lang, audience="parents_educators",
                url=f"https://www.itu.int/test/{doc_id}.pdf", publisher="ITU", year="2020", pair=pair)
