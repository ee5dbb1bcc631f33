"""Safety first: recognising a message about a child in danger now, and what to show for it.

`model` (the learned recogniser: `assess(message)`), `features` and `concepts` (what it sees of a
message), `train` (fitting it from corpus/safety/train/), `cards` (what to do now, per topic) and
`helplines` (each country's child helpline and reporting hotline, with the public page that
states them).
"""

from .cards import TOPIC_LABELS, SafetyCard, card
from .model import TOPICS, Assessment, assess

__all__ = ["TOPICS", "TOPIC_LABELS", "Assessment", "SafetyCard", "assess", "card"]
