"""Every string the bot shows around the guidelines' own text, in English and Arabic.

Strings are HTML: placeholders are filled with already-escaped values (see render.py). Arabic is
addressed in the plural, as the guidelines do.
"""

from __future__ import annotations

LANGS = ("en", "ar")

# Roles users pick, and the guideline (corpus audience) each one boosts in the ranking.
ROLE_AUDIENCE = {
    "parent": "parents_educators",
    "educator": "parents_educators",
    "industry": "industry",
    "policymaker": "policymakers",
    "young": "children",
}

ROLE_LABELS = {
    "en": {
        "parent": "Parent or carer",
        "educator": "Educator",
        "industry": "Industry",
        "policymaker": "Policy-maker",
        "young": "Young person",
    },
    "ar": {
        "parent": "وليّ أمر أو مقدّم رعاية",
        "educator": "مربٍّ أو معلّم",
        "industry": "قطاع الصناعة",
        "policymaker": "صانع سياسات",
        "young": "طفل أو شاب",
    },
}

# Short names of the guidelines' audiences (corpus audience codes), for labels and titles
AUDIENCE_LABELS = {
    "en": {"children": "for children", "parents_educators": "for parents and educators",
           "industry": "for industry", "policymakers": "for policy-makers", "general": "ITU"},
    "ar": {"children": "للأطفال", "parents_educators": "للأهل والمربين", "industry": "للصناعة",
           "policymakers": "لصانعي السياسات", "general": "الاتحاد"},
}

# Short labels of the shipped documents, by id without the language (browsing buttons); a
# document not listed here is shown by its title, shortened.
DOC_LABELS = {
    "en": {"children": "🧒 For children", "parents": "👪 For parents and educators",
           "industry": "🏢 For industry", "policymakers": "🏛 For policy-makers",
           "policybrief": "📄 Policy brief (2021)", "initiative": "ℹ️ The COP initiative",
           "help": "🆘 Getting help and reporting"},
    "ar": {"children": "🧒 للأطفال", "parents": "👪 للأهل والمربين", "industry": "🏢 للصناعة",
           "policymakers": "🏛 لصانعي السياسات", "policybrief": "📄 موجز السياسات (2021)",
           "initiative": "ℹ️ مبادرة حماية الأطفال على الإنترنت",
           "help": "🆘 طلب المساعدة والإبلاغ"},
}

# Deep-link words (t.me/<bot>?start=parents_ar) -> role; campaigns may use either form.
ROLE_ALIASES = {
    "parent": "parent", "parents": "parent", "carer": "parent", "carers": "parent",
    "educator": "educator", "educators": "educator", "teacher": "educator", "teachers": "educator",
    "industry": "industry", "companies": "industry",
    "policymaker": "policymaker", "policymakers": "policymaker", "policy": "policymaker",
    "young": "young", "youth": "young", "children": "young", "child": "young", "kids": "young",
}

EXAMPLES = {
    "en": (
        "How can I talk to my child about online risks?",
        "What should I do if my child is bullied online?",
        "Where can I report child sexual abuse material?",
    ),
    "ar": (
        "كيف أتحدث مع طفلي عن مخاطر الإنترنت؟",
        "ماذا أفعل إذا تعرّض طفلي للتنمر على الإنترنت؟",
        "أين أبلّغ عن مواد الاعتداء الجنسي على الأطفال؟",
    ),
}

# (command, description) in the order BotFather and the menu show them.
COMMANDS = {
    "en": (
        ("danger", "🚨 A child is in danger now"),
        ("start", "Welcome, example questions and your role"),
        ("ask", "Ask a question (in groups: /ask your question)"),
        ("topics", "Browse the guidelines by topic"),
        ("role", "Who you are: parent, educator, industry…"),
        ("lang", "Language: English or Arabic"),
        ("country", "Your country, for helpline numbers"),
        ("help", "How to use this bot"),
        ("about", "Sources, edition and index date"),
        ("forget", "Delete your stored settings"),
    ),
    "ar": (
        ("danger", "🚨 طفل في خطر الآن"),
        ("start", "الترحيب وأمثلة الأسئلة واختيار الدور"),
        ("ask", "اطرحوا سؤالًا (في المجموعات: /ask ثم السؤال)"),
        ("topics", "تصفّح الإرشادات حسب الموضوع"),
        ("role", "من أنتم: وليّ أمر، مربٍّ، قطاع الصناعة…"),
        ("lang", "اللغة: العربية أو الإنجليزية"),
        ("country", "بلدكم، لأرقام خطوط المساندة"),
        ("help", "طريقة استخدام البوت"),
        ("about", "المصادر والإصدار وتاريخ الفهرس"),
        ("forget", "حذف إعداداتكم المحفوظة"),
    ),
}

_TEXTS = {
    "en": {
        "welcome": (
            "👋 <b>Welcome!</b> I answer questions about the ITU Guidelines on Child Online "
            "Protection, quoting the guidelines and linking to the official text.\n\n"
            "Just type your question in your own words, in English or Arabic, or tap an "
            "example:"
        ),
        "btn_ask": "✍️ Ask a question",
        "ask_prompt": "✍️ Write your question in your own words, e.g. <i>my son is bullied in a "
                      "WhatsApp group, what do I do?</i>",
        "ask_placeholder": "Your question",
        "btn_who": "👤 Who are you? (optional)",
        "btn_who_set": "👤 Your role: {role}",
        "btn_back_start": "⬅ Back",
        "role_private": "Your role is yours alone: choose it in a private chat with me.",
        "btn_role_private": "👤 Choose my role privately",
        "welcome_role": "Your role: <b>{role}</b>. Answers from the guidelines written for you come first.",
        "choose_role": "Who are you? The guidelines written for you will come first.",
        "role_set": "✅ Your role: <b>{role}</b>. Answers from the guidelines written for you now come first.",
        "clarify": ("The guidelines answer this differently for different readers. "
                    "Which fits you?"),
        "btn_ask_as": "As: {role}",
        "btn_just_answer": "➡️ Just answer",
        "clarified": "✅ As: <b>{role}</b>. Kept as your role (change it with /role).",
        "clarified_none": "➡️ The best match, whoever asks:",
        "choose_lang": "Choose the language of the bot's messages:",
        "lang_set": "✅ I will write to you in English. Ask in English or Arabic.",
        "help": (
            "<b>How to use this bot</b>\n\n"
            "• Send any question, e.g. <i>what is grooming?</i> I reply with the most relevant "
            "passage of the ITU Child Online Protection guidelines, a citation and a link to the "
            "official source.\n"
            "• Buttons under an answer show more results, the same passage in Arabic, related "
            "sections, and let you tell us whether it helped.\n"
            "• /topics browses the guidelines; /role puts the guidelines for you first; /lang "
            "changes the language; /about lists the sources; /forget deletes your settings.\n"
            "• In any chat, type <code>@{bot} your question</code> to share a cited passage.\n"
            "• In groups I answer <code>/ask your question</code>, mentions and replies to me.\n\n"
            "I am not an emergency service. If a child is in danger, call your local emergency "
            "number."
        ),
        "about": (
            "<b>About this bot</b>\n\n"
            "Answers come only from summaries of these official sources, each linked in its "
            "citations:\n{sources}\n\n"
            "Index built {built_at} · {passages} passages ({counts}).\n"
            "Not an official ITU service. Helplines and hotlines it mentions are national services."
        ),
        "source_line": "• {title} ({publisher}, {year})",
        "forgotten": "🗑 Done: your language, role and country are deleted.",
        "nothing_to_forget": "🗑 No language, role or country was stored for you.",
        "kept_unanswered": (
            "Questions the guidelines could not answer are kept for {days} days, as text alone: "
            "without your name or id, and with phone numbers, e-mail addresses, @names, links "
            "and a name after \"my son/daughter is called\" removed. They cannot be traced "
            "back to you, so they cannot be deleted one by one. Nothing else about you is stored."
        ),
        "kept_no_unanswered": "Nothing else about you is stored.",
        "safety_title": "⚠️ <b>If a child is in danger now</b>",
        "citation": "📖 <i>{document}</i>\n{section} · {publisher}, {year}",
        "citation_general": (
            "💡 <i>General child-protection advice, not the ITU text</i>\n"
            "Kept with: {document} · {section} ({publisher}, {year})"
        ),
        "refusal": "The guidelines don't cover this question, as far as I can find.",
        "refusal_hint": (
            "💡 Try other or simpler words, name the risk (for example <i>cyberbullying</i>, "
            "<i>grooming</i>, <i>privacy</i>), or open one of the nearest topics below."
        ),
        "refusal_no_topics": "💡 Try other or simpler words, or browse the topics below.",
        "more_title": "<b>More results</b>",
        "topics_title": "<b>Browse the guidelines</b>\nChoose a document:",
        "document_title": "<b>{title}</b>\nChoose a section:",
        "section_passages": "{count} in this section:",
        "queued": (
            "⏳ You have sent many messages in a short time. I will answer each of them in turn; "
            "the next answer comes in about {seconds} seconds."
        ),
        "too_many": (
            "⏳ I cannot take more questions from you just now. Please send this one again in "
            "about {seconds} seconds. If a child is in danger now, tap the button below."
        ),
        "too_fast": (
            "⏳ That is more than I can answer from one person just now. Please wait about "
            "{seconds} seconds. If a child is in danger now, tap the button below."
        ),
        "button_too_fast": "⏳ Too many taps: please wait about {seconds} seconds.",
        "inline_too_fast": "⏳ Too many searches: wait {seconds} s",
        "already_voted": "You have already rated this answer. Thank you!",
        "empty_question": "Please write your question, for example: <i>what is sextortion?</i>",
        "not_text": (
            "I can read text only: I cannot listen to voice notes or look at photos and videos. "
            "Please type your question, or add it as a caption.\n\n"
            "If a child is in danger now, tap the button below."
        ),
        "hello": (
            "👋 Hello! Ask me anything about keeping children safe online, for example "
            "<i>how do I set up parental controls?</i>"
        ),
        "thanks": "You're welcome. Ask again whenever you need to.",
        "ok": "👍",
        "bye": "Goodbye, and take care. I am here whenever you have a question.",
        "group_hello": (
            "👋 Hello, everyone! I answer questions about keeping children safe online from the "
            "ITU guidelines. In this group, write <code>/ask your question</code>, mention "
            "@{bot} or reply to one of my messages. If a child is in danger now, send /danger."
        ),
        "bot_description": (
            "I answer questions about keeping children safe online from the ITU Child Online "
            "Protection guidelines (for parents and educators, children, industry and "
            "policy-makers), in Arabic and English, with a quote and a link to the official "
            "source. If a child is in danger now, send /danger."
        ),
        "bot_short_description": "Child online safety answers from the ITU guidelines, in Arabic and English.",
        "continued": "Read together with your previous question: {question}",
        "who": (
            "I answer questions about the ITU guidelines on Child Online Protection, for parents, "
            "teachers, children, companies and governments, with a quote and a link to the source. "
            "Ask, for example, <i>what do I do if my child is bullied online?</i>"
        ),
        "danger_title": "🚨 <b>What is happening?</b> Choose the closest, and I will say what to do now.",
        "country_line": "📞 <b>{country}</b>: child helpline <b>{number}</b> ({name}).",
        "country_hotline": "🛑 Report sexual images of children in {country}: {name}.",
        "country_source": "Source: {source}, checked {checked}.",
        "country_unconfirmed": (
            "📞 I could not confirm a child helpline number for <b>{country}</b> on a public page, "
            "so I show none: find it in Child Helpline International's directory (button below), "
            "or call the police."
        ),
        "country_unknown": "📞 Tell me your country (button below) to see its child helpline number.",
        "safety_footer": (
            "Child helplines and reporting hotlines are national services, not run by ITU. In an "
            "emergency, call your local emergency number."
        ),
        "country_title": "🌍 <b>Your country</b>\nI show its child helpline and reporting hotline on safety messages. Choose it:",
        "country_set": "✅ Your country: <b>{country}</b>.",
        "country_other": "Other country",
        "country_cleared": (
            "✅ No country kept. Safety messages point to the international directories of "
            "helplines and hotlines."
        ),
        "ask_usage": "Write the question after the command: <code>/ask what is grooming?</code>",
        "feedback_thanks": "Thank you for your feedback!",
        "stale_button": "This button is out of date; please ask again.",
        "error": "Sorry, something went wrong on my side. Please try again in a moment.",
        "reloaded": "🔄 Index reloaded.\nBefore: {before}\nAfter: {after}",
        "reload_failed": "❌ The index could not be reloaded; the previous one keeps serving.\n{error}",
        "stats_title": "<b>Statistics</b> (last {days} days)",
        "stats_day": "{day}: {questions} questions, {unanswered} unanswered",
        "stats_total": "Total: {questions} questions, {share} unanswered",
        "stats_feedback": "Feedback: 👍 {helpful} · 👎 {not_helpful}",
        "stats_gaps": (
            "<b>Unanswered, by nearest section</b> (if the section does answer them, add these "
            "words to its keywords or the questions as asked-as; <code>cop-bot gaps</code> lists all)"
        ),
        "stats_words": "words it lacks: {words}",
        "stats_no_section": "<b>No passage near</b> (no word the guidelines use)",
        "stats_disliked": "<b>Passages rated not helpful</b>",
        "stats_none": "No questions yet.",
        "inline_ask": "Ask the bot privately",
        "inline_safety_title": "⚠️ If a child is in danger now",
        "inline_safety_description": "What to do first, and who can help",
        # buttons
        "btn_source": "🔗 Official source",
        "btn_ask_bot": "💬 Ask @{bot}",
        "btn_more": "➕ More results ({n})",
        "btn_other_lang": "🌐 العربية",
        "btn_related": "↪ {title}",
        "btn_helpful": "👍 Helpful",
        "btn_not_helpful": "👎 Not helpful",
        "btn_topics": "📚 Browse all topics",
        "btn_up": "⬆ Back",
        "btn_up_to": "⬆ {title}",
        "btn_prev": "◀ Previous",
        "btn_next": "Next ▶",
        "page": "{page}/{pages}",
        "btn_lang_en": "English",
        "btn_lang_ar": "العربية",
        "btn_danger": "🚨 A child is in danger now",
        "btn_find_helpline": "📞 Find a child helpline",
        "btn_helpline_source": "📞 Child helpline: where the number is stated",
        "btn_report_images": "🛑 Report abuse images to a hotline",
        "btn_country": "🌍 My country",
        "btn_not_urgent": "✋ Not urgent: just answer my question",
    },
    "ar": {
        "welcome": (
            "👋 <b>أهلًا بكم!</b> أجيب عن الأسئلة حول إرشادات الاتحاد الدولي للاتصالات لحماية "
            "الأطفال على الإنترنت، مستشهدًا بنص الإرشادات ومع رابط إلى المصدر الرسمي.\n\n"
            "اكتبوا سؤالكم بكلماتكم، بالعربية أو بالإنجليزية، أو اختاروا أحد الأمثلة:"
        ),
        "btn_ask": "✍️ اطرحوا سؤالًا",
        "ask_prompt": "✍️ اكتبوا سؤالكم بكلماتكم، مثل <i>ابني بيتنمروا عليه في جروب الواتساب، "
                      "أعمل إيه؟</i>",
        "ask_placeholder": "سؤالكم",
        "btn_who": "👤 من أنتم؟ (اختياري)",
        "btn_who_set": "👤 دوركم: {role}",
        "btn_back_start": "رجوع ➡",
        "role_private": "دوركم يخصّكم وحدكم: اختاروه في محادثة خاصة معي.",
        "btn_role_private": "👤 اختيار دوري في محادثة خاصة",
        "welcome_role": "دوركم: <b>{role}</b>. تظهر أولًا الإجابات من الإرشادات المكتوبة لكم.",
        "choose_role": "من أنتم؟ ستظهر أولًا الإرشادات المكتوبة لكم.",
        "role_set": "✅ دوركم: <b>{role}</b>. ستظهر أولًا الإجابات من الإرشادات المكتوبة لكم.",
        "clarify": "تجيب الإرشادات عن هذا السؤال بطرق مختلفة بحسب السائل. أيّها يناسبكم؟",
        "btn_ask_as": "بصفتي: {role}",
        "btn_just_answer": "➡️ أجب مباشرة",
        "clarified": "✅ بصفتكم: <b>{role}</b>. حُفظ دورًا لكم (يمكن تغييره بالأمر /role).",
        "clarified_none": "➡️ أقرب إجابة، أيًّا كان السائل:",
        "choose_lang": "اختاروا لغة رسائل البوت:",
        "lang_set": "✅ سأكتب لكم بالعربية. اسألوا بالعربية أو بالإنجليزية.",
        "help": (
            "<b>طريقة استخدام البوت</b>\n\n"
            "• أرسلوا أي سؤال، مثل <i>ما هو الاستدراج؟</i> فأردّ بأنسب فقرة من إرشادات الاتحاد "
            "الدولي للاتصالات لحماية الأطفال على الإنترنت، مع الإحالة ورابط إلى المصدر الرسمي.\n"
            "• الأزرار تحت الإجابة تعرض نتائج أخرى، والفقرة نفسها بالإنجليزية، وأقسامًا ذات صلة، "
            "وتتيح لكم أن تخبرونا إن كانت الإجابة مفيدة.\n"
            "• الأوامر:\n"
            "  /topics : تصفّح الإرشادات\n"
            "  /role : تقديم الإرشادات المكتوبة لكم\n"
            "  /lang : تغيير اللغة\n"
            "  /about : المصادر\n"
            "  /forget : حذف إعداداتكم\n"
            "• في أي محادثة اكتبوا <code>@{bot} سؤالكم</code> لمشاركة فقرة موثّقة.\n"
            "• في المجموعات أجيب عن <code>/ask سؤالكم</code> وعن الإشارات إليّ والردود على رسائلي.\n\n"
            "لست خدمة طوارئ. إذا كان طفل في خطر، فاتصلوا برقم الطوارئ المحلي."
        ),
        "about": (
            "<b>عن هذا البوت</b>\n\n"
            "تأتي الإجابات من ملخّصات هذه المصادر الرسمية وحدها، ولكلٍّ منها رابط في الإحالات:\n"
            "{sources}\n\n"
            "بُني الفهرس في {built_at} · {passages} فقرة ({counts}).\n"
            "ليس خدمة رسمية من الاتحاد الدولي للاتصالات. خطوط المساندة والإبلاغ المذكورة خدمات وطنية."
        ),
        "source_line": "• {title} ({publisher}، {year})",
        "forgotten": "🗑 تم: حُذفت لغتكم ودوركم وبلدكم.",
        "nothing_to_forget": "🗑 لم تكن محفوظة لكم لغة ولا دور ولا بلد.",
        "kept_unanswered": (
            "الأسئلة التي لم تجد الإرشادات جوابًا لها تُحفظ {days} يومًا نصًّا فقط: بلا اسمكم ولا "
            "معرّفكم، وبعد حذف أرقام الهواتف وعناوين البريد والأسماء التي تبدأ بـ @ والروابط "
            "والاسم الذي يلي «ابني اسمه» أو «بنتي اسمها». ولا يمكن ربطها بكم، لذلك لا يمكن حذفها واحدًا واحدًا. "
            "ولا نحفظ عنكم أي شيء آخر."
        ),
        "kept_no_unanswered": "ولا نحفظ عنكم أي شيء آخر.",
        "safety_title": "⚠️ <b>إذا كان طفل في خطر الآن</b>",
        "citation": "📖 <i>{document}</i>\n{section} · {publisher}، {year}",
        "citation_general": (
            "💡 <i>نصيحة عامة في حماية الأطفال، وليست نص إرشادات الاتحاد</i>\n"
            "مرفقة بـ: {document} · {section} ({publisher}، {year})"
        ),
        "refusal": "لا يبدو أن الإرشادات تتناول هذا السؤال.",
        "refusal_hint": (
            "💡 جرّبوا كلمات أخرى أو أبسط، أو اذكروا الخطر باسمه (مثل <i>التنمر الإلكتروني</i> أو "
            "<i>الاستدراج</i> أو <i>الخصوصية</i>)، أو افتحوا أحد أقرب المواضيع أدناه."
        ),
        "refusal_no_topics": "💡 جرّبوا كلمات أخرى أو أبسط، أو تصفّحوا المواضيع أدناه.",
        "more_title": "<b>نتائج أخرى</b>",
        "topics_title": "<b>تصفّح الإرشادات</b>\nاختاروا وثيقة:",
        "document_title": "<b>{title}</b>\nاختاروا قسمًا:",
        "section_passages": "في هذا القسم {count}:",
        "queued": (
            "⏳ أرسلتم رسائل كثيرة في وقت قصير. سأجيب عنها كلها بالترتيب؛ "
            "تصل الإجابة التالية بعد نحو {seconds} ثانية."
        ),
        "too_many": (
            "⏳ لا أستطيع استقبال أسئلة أخرى منكم الآن. أرسلوا هذا السؤال من جديد بعد نحو "
            "{seconds} ثانية. وإذا كان طفل في خطر الآن، فاضغطوا الزر أدناه."
        ),
        "too_fast": (
            "⏳ هذا أكثر مما أستطيع الرد عليه من شخص واحد الآن. انتظروا نحو {seconds} ثانية من "
            "فضلكم. وإذا كان طفل في خطر الآن، فاضغطوا الزر أدناه."
        ),
        "button_too_fast": "⏳ ضغطات كثيرة: انتظروا نحو {seconds} ثانية من فضلكم.",
        "inline_too_fast": "⏳ عمليات بحث كثيرة: انتظروا {seconds} ث",
        "already_voted": "سبق أن قيّمتم هذه الإجابة. شكرًا لكم!",
        "empty_question": "اكتبوا سؤالكم، مثل: <i>ما هو الابتزاز الجنسي؟</i>",
        "not_text": (
            "أقرأ النصوص فقط: لا أستطيع الاستماع إلى الرسائل الصوتية ولا رؤية الصور والمقاطع. "
            "اكتبوا سؤالكم، أو أضيفوه تعليقًا على الصورة.\n\n"
            "وإذا كان طفل في خطر الآن، فاضغطوا الزر أدناه."
        ),
        "hello": (
            "👋 أهلًا بكم! اسألوني عن أي شيء في حماية الأطفال على الإنترنت، مثل "
            "<i>كيف أضبط الرقابة الأبوية؟</i>"
        ),
        "thanks": "العفو. اسألوا متى احتجتم.",
        "ok": "👍",
        "bye": "مع السلامة، ودمتم بخير. أنا هنا متى كان لديكم سؤال.",
        "group_hello": (
            "👋 أهلًا بالجميع! أجيب عن الأسئلة في حماية الأطفال على الإنترنت من إرشادات الاتحاد "
            "الدولي للاتصالات. في هذه المجموعة اكتبوا <code>/ask سؤالكم</code>، أو اذكروا "
            "@{bot}، أو ردّوا على إحدى رسائلي. وإذا كان طفل في خطر الآن، فأرسلوا /danger."
        ),
        "bot_description": (
            "أجيب عن أسئلتكم في حماية الأطفال على الإنترنت من إرشادات الاتحاد الدولي للاتصالات "
            "(للأهل والمربين، وللأطفال، وللصناعة، ولصانعي السياسات)، بالعربية والإنجليزية، مع "
            "مقتطف ورابط إلى المصدر الرسمي. إذا كان طفل في خطر الآن، فأرسلوا /danger."
        ),
        "bot_short_description": "إجابات في حماية الأطفال على الإنترنت من إرشادات الاتحاد الدولي للاتصالات.",
        "continued": "قرأتُه مع سؤالكم السابق: {question}",
        "who": (
            "أجيب عن الأسئلة حول إرشادات الاتحاد الدولي للاتصالات لحماية الأطفال على الإنترنت، للأهل "
            "والمعلمين والأطفال والشركات والحكومات، مع مقتطف ورابط إلى المصدر. اسألوا مثلًا: "
            "<i>ماذا أفعل إذا تعرّض طفلي للتنمر على الإنترنت؟</i>"
        ),
        "danger_title": "🚨 <b>ماذا يحدث؟</b> اختاروا الأقرب، وسأقول لكم ما تفعلونه الآن.",
        "country_line": "📞 <b>{country}</b>: خط مساندة الطفل <b>{number}</b> ({name}).",
        "country_hotline": "🛑 للإبلاغ عن صور جنسية لأطفال في {country}: {name}.",
        "country_source": "المصدر: {source}، تاريخ التحقق {checked}.",
        "country_unconfirmed": (
            "📞 لم أستطع التأكد من رقم خط مساندة الطفل في <b>{country}</b> من صفحة عامة، فلا أعرض "
            "رقمًا: ابحثوا عنه في دليل المنظمة الدولية لخطوط مساندة الطفل (الزر أدناه)، أو اتصلوا بالشرطة."
        ),
        "country_unknown": "📞 أخبروني ببلدكم (الزر أدناه) لأعرض رقم خط مساندة الطفل فيه.",
        "safety_footer": (
            "خطوط مساندة الطفل وخطوط الإبلاغ خدمات وطنية لا يديرها الاتحاد الدولي للاتصالات. "
            "في حالة الطوارئ اتصلوا برقم الطوارئ المحلي."
        ),
        "country_title": "🌍 <b>بلدكم</b>\nأعرض خط مساندة الطفل وخط الإبلاغ فيه مع رسائل السلامة. اختاروه:",
        "country_set": "✅ بلدكم: <b>{country}</b>.",
        "country_other": "بلد آخر",
        "country_cleared": "✅ لم نحفظ أي بلد. تشير رسائل السلامة إلى الأدلة الدولية لخطوط المساندة والإبلاغ.",
        "ask_usage": "اكتبوا السؤال بعد الأمر: <code>/ask ما هو الاستدراج؟</code>",
        "feedback_thanks": "شكرًا على رأيكم!",
        "stale_button": "هذا الزر قديم؛ اسألوا من جديد من فضلكم.",
        "error": "عذرًا، حدث خطأ من جهتي. حاولوا مرة أخرى بعد قليل.",
        "reloaded": "🔄 أُعيد تحميل الفهرس.\nقبل: {before}\nبعد: {after}",
        "reload_failed": "❌ تعذّرت إعادة تحميل الفهرس؛ يستمر الفهرس السابق في العمل.\n{error}",
        "stats_title": "<b>الإحصاءات</b> (آخر {days} أيام)",
        "stats_day": "{day}: {questions} سؤالًا، {unanswered} دون إجابة",
        "stats_total": "المجموع: {questions} سؤالًا، {share} دون إجابة",
        "stats_feedback": "الآراء: 👍 {helpful} · 👎 {not_helpful}",
        "stats_gaps": (
            "<b>أسئلة بلا إجابة، حسب أقرب قسم</b> (إن كان القسم يجيب عنها فعلًا، فأضيفوا هذه "
            "الكلمات إلى كلماته المفتاحية أو الأسئلة إلى «asked»؛ <code>cop-bot gaps</code> يعرضها كلها)"
        ),
        "stats_words": "كلمات تنقصه: {words}",
        "stats_no_section": "<b>لا فقرة قريبة</b> (لا كلمة مما تستعمله الإرشادات)",
        "stats_disliked": "<b>فقرات قيّمها المستخدمون بأنها غير مفيدة</b>",
        "stats_none": "لا أسئلة بعد.",
        "inline_ask": "اسألوا البوت في محادثة خاصة",
        "inline_safety_title": "⚠️ إذا كان طفل في خطر الآن",
        "inline_safety_description": "ما تفعلونه أولًا، ومن يستطيع المساعدة",
        "btn_source": "🔗 المصدر الرسمي",
        "btn_ask_bot": "💬 اسألوا @{bot}",
        "btn_more": "➕ نتائج أخرى ({n})",
        "btn_other_lang": "🌐 English",
        "btn_related": "↩ {title}",
        "btn_helpful": "👍 مفيدة",
        "btn_not_helpful": "👎 غير مفيدة",
        "btn_topics": "📚 تصفّح كل المواضيع",
        "btn_up": "⬆ رجوع",
        "btn_up_to": "⬆ {title}",
        "btn_prev": "السابق",
        "btn_next": "التالي",
        "page": "{page}/{pages}",
        "btn_lang_en": "English",
        "btn_lang_ar": "العربية",
        "btn_danger": "🚨 طفل في خطر الآن",
        "btn_find_helpline": "📞 ابحثوا عن خط مساندة الطفل",
        "btn_helpline_source": "📞 خط مساندة الطفل: أين يُذكر الرقم",
        "btn_report_images": "🛑 أبلغوا عن صور الاعتداء لخط ساخن",
        "btn_country": "🌍 بلدي",
        "btn_not_urgent": "✋ ليس طارئًا: أجيبوا عن سؤالي فقط",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    """The string `key` in `lang` (English when the language is unknown), filled with values."""
    template = _TEXTS.get(lang, _TEXTS["en"])[key]
    return template.format(**values) if values else template


# Counted nouns: English singular and plural; Arabic one, two, three to ten, eleven and more
# (فقرة واحدة، فقرتان، ٣ فقرات، ١١ فقرة).
_NOUNS = {
    "passage": {"en": ("passage", "passages"),
                "ar": ("فقرة واحدة", "فقرتان", "فقرات", "فقرة")},
}


def counted(lang: str, noun: str, n: int) -> str:
    """`n` and the noun in the form the number takes: "1 passage", «فقرتان», «٥ فقرات»."""
    if lang == "ar":
        one, two, few, many = _NOUNS[noun]["ar"]
        if n == 1:
            return one
        if n == 2:
            return two
        return f"{n} {few if 3 <= n % 100 <= 10 else many}"
    singular, plural = _NOUNS[noun]["en"]
    return f"{n} {singular if n == 1 else plural}"


def audience_label(lang: str, audience: str) -> str:
    return AUDIENCE_LABELS.get(lang, AUDIENCE_LABELS["en"]).get(audience, audience)


def doc_label(lang: str, doc_id: str) -> str | None:
    """A shipped document's short label ("👪 For parents and educators"), or None."""
    return DOC_LABELS.get(lang, DOC_LABELS["en"]).get(doc_id.rsplit("-", 1)[0])


def role_label(lang: str, role: str) -> str:
    return ROLE_LABELS.get(lang, ROLE_LABELS["en"])[role]


def ui_lang(value: str | None) -> str:
    """'ar' or 'en' from a Telegram language_code ('ar', 'ar-EG', 'en-GB'...); None -> 'en'."""
    return "ar" if value and value.lower().split("-")[0] == "ar" else "en"


def deep_link(payload: str) -> tuple[str | None, str | None]:
    """(role, lang) from a /start payload such as 'parents_ar', 'ar' or 'policymakers'."""
    role = lang = None
    for word in payload.lower().replace("-", "_").split("_"):
        if word in LANGS:
            lang = word
        elif word in ROLE_ALIASES:
            role = ROLE_ALIASES[word]
    return role, lang
