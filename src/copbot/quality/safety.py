"""How often the safety card comes up: on urgent messages (should be always) and on calm ones
(should be rare), per language and per topic, for any labelled set in the training format.

Used by `cop-bot safety eval` on blind sets (never trained on) and by the tests as a regression
guard on the training set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..safety.model import Model
from ..safety.train import Example


@dataclass(frozen=True)
class CardFigures:
    urgent: int
    urgent_carded: int
    calm: int
    calm_carded: int
    near_calm: int  # calm messages not carded but close enough to be treated as sensitive

    @property
    def recall(self) -> float:
        return self.urgent_carded / self.urgent if self.urgent else 1.0

    @property
    def false_cards(self) -> float:
        return self.calm_carded / self.calm if self.calm else 0.0


def card_figures(model: Model, examples: Sequence[Example]) -> tuple[dict[str, CardFigures],
                                                                      list[tuple[Example, float]]]:
    """Figures per language (and "all"), and the mistakes with their probability."""
    counts: dict[str, list[int]] = {}
    mistakes = []
    for e in examples:
        a = model.assess(e.text)
        for key in (e.lang, "all"):
            c = counts.setdefault(key, [0, 0, 0, 0, 0])
            if e.urgent:
                c[0] += 1
                c[1] += a.urgent
            else:
                c[2] += 1
                c[3] += a.urgent
                c[4] += a.near and not a.urgent
        if a.urgent != e.urgent:
            mistakes.append((e, a.probability))
    return {k: CardFigures(*v) for k, v in sorted(counts.items())}, mistakes


def report(figures: dict[str, CardFigures]) -> str:
    lines = [f"{'':4} {'urgent carded':>20} {'calm carded':>18}"]
    for key, f in figures.items():
        lines.append(f"{key:4} {f.urgent_carded:>4}/{f.urgent:<4} {f.recall:>7.1%}      "
                     f"{f.calm_carded:>4}/{f.calm:<4} {f.false_cards:>6.1%}")
    return "\n".join(lines)
