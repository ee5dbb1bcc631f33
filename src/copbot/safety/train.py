"""Training the danger recogniser from labelled messages (corpus/safety/train/*.jsonl).

Softmax regression over the sparse features of features.py, with L2 regularisation and urgent
messages weighted up, fitted by full-batch gradient descent (Adam) in numpy. Deterministic: the
same files give the same model.json.

The two thresholds come from 5-fold cross-validation on the training set itself: `threshold`
is the highest probability that still gives the card on TARGET_RECALL of the held-out urgent
messages, `near` the one that reaches NEAR_RECALL. Blind sets (never trained on) say how well
this carries over to new writers; see docs/safety.md.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .features import features
from .model import CALM, CLASSES, TOPICS, Model

LABELS = ("urgent", "calm")
LANGS = ("ar", "en")
REQUIRED = ("text", "label", "topic", "lang")
MIN_DF = 2  # a feature seen in one message only is noise
L2 = 1e-6  # little: the short descent (STEPS) is what keeps weights small
URGENT_WEIGHT = 2.0  # a missed urgent message costs more than a card on a calm one
STEPS = 150
LEARNING_RATE = 0.1
FOLDS = 5
TARGET_RECALL = 0.98
NEAR_RECALL = 0.995
PRUNE = 1e-3  # weights smaller than this are left out of model.json


class ExamplesError(ValueError):
    """A labelled file that cannot be used: which file, which line, what is wrong."""


@dataclass(frozen=True)
class Example:
    text: str
    urgent: bool
    topic: str
    lang: str
    source: str = ""  # file:line

    @property
    def target(self) -> str:
        return self.topic if self.urgent else CALM


def read_examples(paths: Iterable[Path]) -> list[Example]:
    examples = []
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ExamplesError(f"{path}: cannot read ({exc})") from exc
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ExamplesError(f"{where}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict) or any(k not in row for k in REQUIRED):
                raise ExamplesError(f"{where}: needs the keys {', '.join(REQUIRED)}")
            if row["label"] not in LABELS or row["topic"] not in TOPICS or row["lang"] not in LANGS:
                raise ExamplesError(f"{where}: label must be one of {LABELS}, topic one of {TOPICS}, "
                                    f"lang one of {LANGS}")
            if not str(row["text"]).strip():
                raise ExamplesError(f"{where}: empty text")
            examples.append(Example(str(row["text"]), row["label"] == "urgent", row["topic"],
                                    row["lang"], where))
    return examples


def example_files(folder: Path) -> list[Path]:
    return sorted(Path(folder).glob("*.jsonl"))


class _Matrix:
    """Rows of sparse features as flat numpy arrays (a minimal CSR, with the column order kept
    too so that both products are segment sums)."""

    def __init__(self, rows: Sequence[dict[str, float]], vocab: dict[str, int]):
        cols: list[int] = []
        vals: list[float] = []
        lengths = []
        for row in rows:
            kept = sorted((vocab[f], v) for f, v in row.items() if f in vocab)
            cols.extend(c for c, _ in kept)
            vals.extend(v for _, v in kept)
            lengths.append(len(kept))
        self.cols = np.asarray(cols, dtype=np.int64)
        self.vals = np.asarray(vals, dtype=np.float64)
        self.rows = np.repeat(np.arange(len(rows)), lengths)
        self.shape = (len(rows), len(vocab))
        self._row_starts, self._row_ids = _segments(self.rows)
        self._by_col = np.argsort(self.cols, kind="stable")
        self._col_starts, self._col_ids = _segments(self.cols[self._by_col])

    def dot(self, w: np.ndarray) -> np.ndarray:  # (n, classes)
        out = np.zeros((self.shape[0], w.shape[1]))
        if len(self.vals):
            out[self._row_ids] = np.add.reduceat(self.vals[:, None] * w[self.cols],
                                                 self._row_starts)
        return out

    def tdot(self, r: np.ndarray) -> np.ndarray:  # (features, classes)
        out = np.zeros((self.shape[1], r.shape[1]))
        if len(self.vals):
            order = self._by_col
            out[self._col_ids] = np.add.reduceat(self.vals[order, None] * r[self.rows[order]],
                                                 self._col_starts)
        return out


def _segments(sorted_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of equal ids starts, and the id of each run."""
    if not len(sorted_ids):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]])
    return starts, sorted_ids[starts]


def _vocabulary(rows: Sequence[dict[str, float]]) -> dict[str, int]:
    df: dict[str, int] = {}
    for row in rows:
        for f in row:
            df[f] = df.get(f, 0) + 1
    kept = sorted(f for f, n in df.items() if n >= MIN_DF or f.startswith("k:"))
    return {f: i for i, f in enumerate(kept)}


def _fit(rows: Sequence[dict[str, float]], targets: np.ndarray, weights: np.ndarray):
    vocab = _vocabulary(rows)
    x = _Matrix(rows, vocab)
    k = len(CLASSES)
    y = np.zeros((len(rows), k))
    y[np.arange(len(rows)), targets] = 1.0
    w = np.zeros((len(vocab), k))
    b = np.log(np.maximum(y.mean(axis=0), 1e-3))
    params = [w, b]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    total = weights.sum()
    for step in range(1, STEPS + 1):
        logits = x.dot(w) + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        r = (p - y) * weights[:, None] / total
        grads = [x.tdot(r) + L2 * w, r.sum(axis=0)]
        for i, (param, g) in enumerate(zip(params, grads, strict=True)):
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.999 * v[i] + 0.001 * g * g
            m_hat = m[i] / (1 - 0.9**step)
            v_hat = v[i] / (1 - 0.999**step)
            param -= LEARNING_RATE * m_hat / (np.sqrt(v_hat) + 1e-8)
    return vocab, w, b


def _model(vocab: dict[str, int], w: np.ndarray, b: np.ndarray, threshold: float, near: float,
           meta: dict | None = None) -> Model:
    weights = {f: [round(float(x), 4) for x in w[i]] for f, i in vocab.items()
               if np.abs(w[i]).max() >= PRUNE}
    return Model(CLASSES, [round(float(x), 4) for x in b], weights, threshold, near, meta)


def _fold(example: Example) -> int:
    return int(hashlib.sha256(example.text.encode()).hexdigest(), 16) % FOLDS


def _threshold(scores: np.ndarray, urgent: np.ndarray, recall: float) -> float:
    """The highest threshold at which `recall` of the urgent scores are at or above it."""
    positives = np.sort(scores[urgent])
    if not len(positives):
        return 0.5
    allowed_misses = int(np.floor((1 - recall) * len(positives)))
    return float(positives[allowed_misses])


def train(examples: Sequence[Example]) -> Model:
    """The model, with thresholds from cross-validation and its figures in `meta`."""
    if not examples or all(e.urgent for e in examples) or not any(e.urgent for e in examples):
        raise ExamplesError("training needs both urgent and calm examples")
    rows = [features(e.text) for e in examples]
    targets = np.array([CLASSES.index(e.target) for e in examples])
    weights = np.array([URGENT_WEIGHT if e.urgent else 1.0 for e in examples])
    urgent = np.array([e.urgent for e in examples])
    folds = np.array([_fold(e) for e in examples])
    held_out = np.zeros(len(examples))
    for f in range(FOLDS):
        train_rows = [r for r, k in zip(rows, folds, strict=True) if k != f]
        vocab, w, b = _fit(train_rows, targets[folds != f], weights[folds != f])
        model = _model(vocab, w, b, 0.5, 0.5)
        for i in np.flatnonzero(folds == f):
            held_out[i] = 1.0 - model.probabilities(examples[int(i)].text)[0]
    threshold = _threshold(held_out, urgent, TARGET_RECALL)
    near = min(threshold, _threshold(held_out, urgent, NEAR_RECALL))
    carded = held_out >= threshold
    meta = {
        "examples": len(examples),
        "urgent": int(urgent.sum()),
        "calm": int((~urgent).sum()),
        "sha256": _digest(examples),
        "cross_validation": {
            "urgent_carded": round(float(carded[urgent].mean()), 4),
            "calm_carded": round(float(carded[~urgent].mean()), 4),
        },
    }
    vocab, w, b = _fit(rows, targets, weights)
    return _model(vocab, w, b, round(threshold, 4), round(near, 4), meta)


def _digest(examples: Sequence[Example]) -> str:
    h = hashlib.sha256()
    for e in examples:
        h.update(json.dumps([e.text, e.urgent, e.topic, e.lang], ensure_ascii=False).encode())
    return h.hexdigest()


def write_model(model: Model, path: Path) -> None:
    """model.json, written whole (a temporary file renamed over the old one)."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    tmp.replace(path)
