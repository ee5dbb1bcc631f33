"""Ranking metrics, written once: from the rank of each query's first relevant passage to
recall@k and MRR@k.

A rank is 1-based; None means no relevant passage was retrieved at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def first_relevant_rank(ranked: Sequence[str], relevant: Iterable[str]) -> int | None:
    """The 1-based rank of the first id of `ranked` that is in `relevant`, or None."""
    wanted = set(relevant)
    return next((i for i, pid in enumerate(ranked, 1) if pid in wanted), None)


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    """The share of queries with a relevant passage in the top k (0.0 for no queries)."""
    if not ranks:
        return 0.0
    return sum(r is not None and r <= k for r in ranks) / len(ranks)


def mrr_at(ranks: Sequence[int | None], k: int = 10) -> float:
    """Mean reciprocal rank of the first relevant passage, counting only the top k."""
    if not ranks:
        return 0.0
    return sum(1 / r for r in ranks if r is not None and r <= k) / len(ranks)


def ranking_metrics(
    ranks: Sequence[int | None], ks: Iterable[int], mrr_depth: int = 10
) -> dict[str, float]:
    """`recall@k` for each k and `mrr@<mrr_depth>`, unrounded."""
    out = {f"recall@{k}": recall_at(ranks, k) for k in ks}
    out[f"mrr@{mrr_depth}"] = mrr_at(ranks, mrr_depth)
    return out
