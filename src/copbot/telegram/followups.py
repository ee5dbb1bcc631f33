"""Follow-up questions: "and what if it's on snapchat?" after a question about bullying.

A message that reads as a follow-up (it opens with "and", "what about", «و…», «طب», «طيب», «ولو»,
«بس», or it is very short and points back with "it", "that", «هو», «هيك») is searched together
with the previous question of the same chat, when that came less than FOLLOW_UP_SECONDS ago. The
previous question is held in memory only, for that long, never written anywhere, and forgotten
by /forget; the reply names the question it continued.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict

from ..analysis.normalize import normalize

FOLLOW_UP_SECONDS = 300.0
MAX_CHATS = 10_000  # the oldest chat's question is dropped beyond this
MAX_CONTEXT_CHARS = 400  # a chain of follow-ups keeps its most recent words

_OPENERS = re.compile(
    r"^(and|but|also|or|so|then|what about|how about|what if|and if|if so|same for|even if)\b|"
    r"^(و(اذا|لو|ان|كيف|شو|ماذا|ما|ايش|وش|شنو|ازاي|هل|بالنسبه|عن|لما|بعدين|كمان|برضو|حتى)|"
    r"طب|طيب|ولو|بس|يعني لو|ماذا عن|شو عن|وش عن|وعن|طب لو|طيب لو|لو كان|واذا كان|وكمان|كمان)(\s|$)"
)
_POINTERS = re.compile(
    r"\b(it|that|this|those|these|he|she|they|him|her|them|there)\b|"
    r"(^|\s)(هو|هي|هم|هيك|هاد|هذا|هذه|ذلك|ذاك|كده|كدا|هذي|هاي|هذول|عليه|عليها|معه|معها)(\s|$)"
)
SHORT_WORDS = 4
# "ما هو", "what is it": a question of its own, not a pointer back
_QUESTION_FORMS = re.compile(r"(^|\s)(ما|ماذا|شو|ايش|وش|شنو|اشنو|مين|من|منو) (هو|هي|هم|هذا|هذه|ذلك)(\s|$)")


def reads_as_follow_up(message: str) -> bool:
    """Whether a message reads as a continuation of the one before it."""
    text = normalize(message).strip(" ?؟!.,،")
    if not text:
        return False
    if _OPENERS.search(text):
        return True
    text = _QUESTION_FORMS.sub(" ", text)
    return len(text.split()) <= SHORT_WORDS and bool(_POINTERS.search(text))


class RecentQuestions:
    """The last question of each chat, for FOLLOW_UP_SECONDS, in memory only."""

    def __init__(self, seconds: float = FOLLOW_UP_SECONDS, max_chats: int = MAX_CHATS,
                 clock=time.monotonic):
        self.seconds = seconds
        self.max_chats = max_chats
        self.clock = clock
        self._last: OrderedDict[int, tuple[str, float]] = OrderedDict()

    def previous(self, chat_id: int) -> str | None:
        entry = self._last.get(chat_id)
        if entry is None:
            return None
        question, when = entry
        if self.clock() - when > self.seconds:
            del self._last[chat_id]
            return None
        return question

    def remember(self, chat_id: int, question: str) -> None:
        self._last.pop(chat_id, None)
        self._last[chat_id] = (question[-MAX_CONTEXT_CHARS:], self.clock())
        while len(self._last) > self.max_chats:
            self._last.popitem(last=False)

    def forget(self, chat_id: int) -> None:
        self._last.pop(chat_id, None)

    def in_context(self, chat_id: int, message: str) -> tuple[str, str | None]:
        """The text to search for `message` and the earlier question it continues (or None);
        the searched text becomes the chat's last question."""
        before = self.previous(chat_id)
        if before is not None and reads_as_follow_up(message):
            searched = f"{before} {message}"
        else:
            searched, before = message, None
        self.remember(chat_id, searched)
        return searched, before
