"""After BM25: the kind of answer asked for, results from different sections, pointers for
off-topic questions, small talk, and excerpts that start with a whole sentence."""

import pytest

from copbot.answer.compose import _SENTENCE_END_RE, _strip_marker, diverse, rerank
from copbot.answer.intent import small_talk
from copbot.answer.kinds import question_kind
from copbot.answer.pointers import pointer
from copbot.search import Hit


def hit(id_, score, kind="", audience="parents_educators", section=None):
    doc, path = id_.split("/", 1)
    section_path = section or path.rsplit("/", 1)[0]
    return Hit(id_, score, doc[-2:], "text", doc, audience, section_path, section_path, 1, "",
               "", "title", "", kind)


@pytest.mark.parametrize("question, kind", [
    ("my son is bullied in a whatsapp group, what do I do?", "respond"),
    ("ابني بيتنمروا عليه في الجروب اعمل ايه", "respond"),
    ("شلون اتصرف اذا بنتي انبتزت", "respond"),
    ("what are the warning signs of grooming", "signs"),
    ("كيف اعرف ان ابني يتعرض للتنمر", "signs"),
    ("where do I report child abuse images", "report"),
    ("وين ابلغ عن حساب يبتز الاطفال", "report"),
    ("how can I protect my kids on tiktok", "prevent"),
    ("what is sextortion", "what"),
    ("شو يعني استدراج", "what"),
    ("what are the obligations of platforms under these guidelines", "duty"),
    ("ما دور الحكومة في حماية الاطفال على الانترنت", "duty"),
    ("how many children are online", "facts"),
    ("hello there", None),
])
def test_question_kind(question, kind):
    assert question_kind(question) == kind


def test_the_wanted_kind_and_the_askers_guideline_win_close_calls_only():
    hits = [hit("parents-en/bullying/1", 10.0, "what"), hit("parents-en/bullying-respond/1", 9.5, "respond"),
            hit("industry-en/moderation/1", 9.9, "duty", audience="industry")]
    first = rerank(hits, "respond", None, kind_boost=0.15)[0]
    assert first.id == "parents-en/bullying-respond/1"
    # as shipped the kind weighs nothing (docs/retrieval.md, "Ranking after BM25")
    assert [h.id for h in rerank(hits, "respond", None, kind_boost=0)][0] == "parents-en/bullying/1"
    assert [h.id for h in rerank(hits, None, "industry")][0] == "industry-en/moderation/1"
    far = [hit("parents-en/a/1", 10.0, "what"), hit("parents-en/b/1", 5.0, "respond")]
    ranked = rerank(far, "respond", None, kind_boost=0.15)
    assert [h.id for h in ranked] == ["parents-en/a/1", "parents-en/b/1"]


def test_the_first_three_come_from_different_sections_unless_one_section_is_the_only_match():
    hits = [hit("p-en/a/1", 10.0), hit("p-en/a/2", 9.0), hit("p-en/a/3", 8.0), hit("p-en/b/1", 7.0),
            hit("p-en/c/1", 6.0)]
    assert [h.id for h in diverse(hits, 3)] == ["p-en/a/1", "p-en/b/1", "p-en/c/1", "p-en/a/2", "p-en/a/3"]
    # another section far below the best: the section is clearly the only match
    lone = [hit("p-en/a/1", 10.0), hit("p-en/a/2", 9.0), hit("p-en/b/1", 2.0)]
    assert [h.id for h in diverse(lone, 3)] == ["p-en/a/1", "p-en/a/2", "p-en/b/1"]
    assert diverse([]) == []


@pytest.mark.parametrize("question, lang, words", [
    ("my daughter has a fever of 39, what medicine", "en", "doctor"),
    ("بنتي عندها حراره من امبارح", "ar", "طبيب"),
    ("how do I get custody of my kids after divorce", "en", "family lawyer"),
    ("كم رسوم المدرسه الخاصه", "ar", "المدرسة"),
    ("can you help my son with his math homework", "en", "teacher"),
    ("the router keeps dropping wifi", "en", "internet provider"),
])
def test_an_obvious_off_topic_subject_gets_a_pointer(question, lang, words):
    assert words in pointer(question, lang)


def test_no_pointer_for_a_guidelines_subject():
    assert pointer("my son is bullied online", "en") is None
    assert pointer("ابني مدمن على الجوال", "ar") is None


@pytest.mark.parametrize("message, kind", [
    ("hi!", "hello"), ("السلام عليكم", "hello"), ("thanks a lot", "thanks"), ("مشكور", "thanks"),
    ("bye", "bye"), ("مع السلامة", "bye"), ("who are you?", "who"), ("مين انت", "who"),
    ("ok", "ok"), ("what is grooming", None), ("hi, my son is being bullied", None),
    # clause by clause: courtesy around it, two in a row, emoji; a question or a "but" is not
    ("thanks, you're the best 🙏", "thanks"), ("شكرا، الرد كان مفيد", "thanks"), ("ok thanks", "thanks"),
    ("hello, what can you do?", "who"), ("are you a real person or a bot?", "who"), ("👍", "ok"),
    ("السلام عليكم، ممكن سؤال؟", "hello"), ("thanks, but what about snapchat?", None),
    ("شكرا بس ابني لسه بيتنمر عليه", None), ("who are you supposed to call when a child is groomed", None),
    ("مرحبا، ابني يتعرض للتنمر", None), ("great, how do I report it?", None),
])
def test_small_talk(message, kind):
    assert small_talk(message) == kind


@pytest.mark.parametrize("sentence, rest", [
    ("General advice, not from the ITU text: keep the messages.", "Keep the messages."),
    ("General child-protection advice, not ITU text: block the account.", "Block the account."),
    ("وما يلي نصيحة عامة وليس نصًا من إرشادات الاتحاد: احتفظوا بالرسائل.", "احتفظوا بالرسائل."),
    ("Keep talking with your child.", "Keep talking with your child."),
    ("The following is general advice, not ITU text: most games have a report button.",
     "Most games have a report button."),
    ("Also general school practice: support the child who was harmed.", "Support the child who was harmed."),
    ("More general advice: keep devices up to date.", "Keep devices up to date."),
    ("ما يلي نصائح عامة، لا من نص الإرشادات.", ""),
    ("General child-protection experience, not ITU text, adds that a groomed child may feel guilty.",
     "General child-protection experience, not ITU text, adds that a groomed child may feel guilty."),
])
def test_the_general_advice_marker_is_taken_off_the_start_of_an_excerpt(sentence, rest):
    assert _strip_marker(sentence) == rest


@pytest.mark.parametrize("passage_id", [
    "parents-en/schools/school-incidents/2",  # "Also general school practice: …"
    "parents-en/schools/staff-training/2",  # "Also general practice: …"
])
def test_every_wording_of_the_general_advice_marker_labels_the_answer(answerer, passage_id):
    hit = answerer.index.by_id(passage_id)
    marker = next(s for s in _SENTENCE_END_RE.split(hit.text) if "general" in s.lower())
    excerpt, general = answerer.excerpt_of(marker, hit.text)
    assert general, excerpt
    assert not excerpt.lower().startswith(("also general", "general", "more general")), excerpt
