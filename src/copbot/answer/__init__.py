"""Answers: from a question to a cited answer, with the safety card first when a child is in
danger now.

`compose` (ranking, the answer/refuse decision, excerpts and citations), `safety` (recognising
danger and the card that answers it) and `intent` (the asker's audience, from their words).
"""

from .compose import Answer, Answerer, Citation, EmptyQuestion, Result
from .safety import SafetyCard, detect_danger, safety_card

__all__ = ["Answer", "Answerer", "Citation", "EmptyQuestion", "Result", "SafetyCard",
           "detect_danger", "safety_card"]
