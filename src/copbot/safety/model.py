"""The danger recogniser: a softmax over {calm, one class per danger topic}, read from model.json.

`assess(message)` gives the probability that the message describes a child in danger now
(1 - P(calm)), the most likely topic, and two decisions made with thresholds fitted by
cross-validation when the model was trained (train.py):

- `urgent`: show the safety card. The threshold keeps missed urgent messages rare, at the price
  of some cards on calm messages (a miss costs far more than a card too many);
- `near`: a lower threshold; a message this close to the card is never stored.

Scoring is a sum of weights over the message's features: no numpy, microseconds per message.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..analysis.tokenize import words
from .features import clean, features

MODEL_PATH = Path(__file__).with_name("model.json")
CALM = "calm"
TOPICS = ("sextortion", "grooming", "selfharm", "csam", "abuse", "missing", "violence", "challenge")
CLASSES = (CALM, *TOPICS)
# Share of a message's feature weight the model must know before its reading counts: below it
# the message is gibberish or another language (real messages in the blind dev half: 0.46 and
# up; "zzyzx qwv": 0.05), and a score there is only the prior.
MIN_KNOWN = 0.3


@dataclass(frozen=True)
class Assessment:
    probability: float  # that a child is in danger now
    topic: str  # the most likely danger topic (also when not urgent)
    urgent: bool
    near: bool  # urgent, or close enough that the message is treated as sensitive
    # (both need a message the model can read: see MIN_KNOWN)


class Model:
    def __init__(self, classes: tuple[str, ...], bias: list[float],
                 weights: dict[str, list[float]], threshold: float, near: float,
                 meta: dict | None = None):
        if classes[0] != CALM:
            raise ValueError("the first class must be 'calm'")
        self.classes = classes
        self.bias = bias
        self.weights = weights
        self.threshold = threshold
        self.near = near
        self.meta = meta or {}

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Model:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(tuple(data["classes"]), data["bias"], data["weights"], data["threshold"],
                   data["near"], data.get("meta"))

    def to_json(self) -> dict:
        return {"classes": list(self.classes), "threshold": self.threshold, "near": self.near,
                "meta": self.meta, "bias": self.bias, "weights": self.weights}

    def probabilities(self, message: str) -> list[float]:
        return self._read(message)[0]

    def _read(self, message: str) -> tuple[list[float], float]:
        """Class probabilities, and the share of the message's feature weight the model knows."""
        logits = list(self.bias)
        known = total = 0.0
        for feature, value in features(message).items():
            row = self.weights.get(feature)
            if not feature.startswith("k:"):
                total += value * value
            if row is not None:
                known += 0.0 if feature.startswith("k:") else value * value
                for i, w in enumerate(row):
                    logits[i] += value * w
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        norm = sum(exps)
        return [e / norm for e in exps], (known / total if total else 0.0)

    def assess(self, message: str) -> Assessment:
        if not words(clean(message)):  # nothing to read (emoji, punctuation): not a card
            return Assessment(0.0, self.classes[1], False, False)
        probs, known = self._read(message)
        danger = 1.0 - probs[0]
        best = max(range(1, len(probs)), key=probs.__getitem__)
        readable = known >= MIN_KNOWN
        return Assessment(danger, self.classes[best], readable and danger >= self.threshold,
                          readable and danger >= self.near)


@lru_cache(maxsize=1)
def shipped() -> Model:
    """The model trained from corpus/safety/ and shipped with the package."""
    return Model.load()


def assess(message: str) -> Assessment:
    return shipped().assess(message)
