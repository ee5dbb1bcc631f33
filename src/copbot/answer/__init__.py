"""Answers: from a question to a cited answer, with the safety card first when a child is in
danger now.

`compose` (ranking after BM25, excerpts and citations, the safety card from the `safety` part),
`decision` (the learned answer/refuse decision), `kinds` (the kind of answer a question asks
for), `intent` (the asker's audience, small talk) and `pointers` (where to turn for a question the
guidelines do not cover).
"""

from .compose import Answer, Answerer, Citation, EmptyQuestion, Result

__all__ = ["Answer", "Answerer", "Citation", "EmptyQuestion", "Result"]
