"""Answers: from a question to a cited answer, with the safety card first when a child is in
danger now.

`compose` (ranking, the answer/refuse decision, excerpts and citations, the safety card from
the `safety` part) and `intent` (the asker's audience, from their words).
"""

from .compose import Answer, Answerer, Citation, EmptyQuestion, Result

__all__ = ["Answer", "Answerer", "Citation", "EmptyQuestion", "Result"]
