"""Quality: how well the bot answers, measured the same way everywhere.

`metrics` (recall@k and MRR, written once), `questions` (the question set and its figures),
`retrieval` (a passage/query/qrels set such as XQuAD through the bot's own engine) and `gate`
(the figures a new index must reach before it is published).
"""
