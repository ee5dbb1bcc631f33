"""Answer or say "not covered": a logistic model over what the best passage holds of the question.

The features (`FEATURES`) describe the first result: the share of the question's idf weight found
in its text and keywords, and in its asked-as questions; how many of the question's words were
found, how many of them are the guidelines' common words, how many are unknown to the index and
how rare the rarest missing one is; whether its kind is the kind of answer the question asks
for; and how many question words the best of the first three results has (a question whose
words are spread over the top three is still on the guidelines' ground). (Also tried: the found
words' summed weight, the question's length, the BM25 score and its margin over the next result.
They grow with the length of the message, and made long chatty off-topic messages "answered" and
one-word questions refused.) The weights and the threshold are fitted on judged questions
(`quality/decision_fit.py`, `cop-bot decide fit`) and read from decision.json: no hand-set
cut-offs. docs/retrieval.md gives the figures.

Scoring is a dot product: no numpy, microseconds per answer.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("decision.json")
FEATURES = (
    "coverage",  # share of the question's idf weight in the passage (text, keywords)
    "asked",  # share of it in the passage's asked-as questions
    "found",  # distinct question words found (log)
    "domain",  # found words that are the guidelines' common words
    "unknown",  # share of the question's words that no passage of the language has
    "missing",  # how rare the rarest question word the passage lacks is
    "kind",  # 1 when the passage is the kind of answer the question asks for
    "found3",  # distinct question words found by the best of the first three results (log)
)


@dataclass(frozen=True)
class Decision:
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    meta: dict

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Decision:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path}: fitted on other features; run `cop-bot decide fit`")
        return cls(tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]),
                   float(data["bias"]), float(data["threshold"]), data.get("meta", {}))

    @classmethod
    def neutral(cls) -> Decision:
        """A model that knows nothing (every answer at 0.5, answered): for fitting a new one."""
        n = len(FEATURES)
        return cls((0.0,) * n, (1.0,) * n, (0.0,) * n, 0.0, 0.5, {})

    def probability(self, values: dict[str, float]) -> float:
        z = self.bias
        for name, mean, scale, weight in zip(FEATURES, self.mean, self.scale, self.weights,
                                             strict=True):
            z += weight * (values[name] - mean) / scale
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def answers(self, values: dict[str, float]) -> bool:
        return self.probability(values) >= self.threshold


@lru_cache(maxsize=1)
def default_decision() -> Decision:
    return Decision.load()


def feature_values(match, kind_match: bool, best_words: int = 0) -> dict[str, float]:
    """The model's inputs for one result (`match` is compose.Match); `best_words`: the most
    question words any of the first three results has."""
    return {
        "coverage": match.coverage,
        "asked": match.asked,
        "found": math.log1p(match.words),
        "domain": float(min(match.domain_words, 4)),
        "unknown": match.unknown,
        "missing": match.missing,
        "kind": 1.0 if kind_match else 0.0,
        "found3": math.log1p(max(best_words, match.words)),
    }
