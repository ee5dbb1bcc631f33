"""The one place recall@k and MRR are computed: exact values on small hand-worked rankings."""

import pytest

from copbot.quality.metrics import first_relevant_rank, mrr_at, ranking_metrics, recall_at


@pytest.mark.parametrize(
    "ranked, relevant, rank",
    [
        (["a", "b", "c"], {"a"}, 1),
        (["a", "b", "c"], {"c", "b"}, 2),
        (["a", "b", "c"], {"z"}, None),
        ([], {"a"}, None),
        (["a", "b"], set(), None),
    ],
)
def test_first_relevant_rank(ranked, relevant, rank):
    assert first_relevant_rank(ranked, relevant) == rank


def test_recall_and_mrr_on_four_queries():
    ranks = [1, 3, None, 12]
    assert recall_at(ranks, 1) == 0.25
    assert recall_at(ranks, 3) == 0.5
    assert recall_at(ranks, 20) == 0.75
    # 12 is past the MRR cut-off of 10: it counts for recall@20 but not for MRR@10
    assert mrr_at(ranks, 10) == pytest.approx((1 + 1 / 3) / 4)
    assert mrr_at(ranks, 20) == pytest.approx((1 + 1 / 3 + 1 / 12) / 4)
    assert ranking_metrics(ranks, (1, 3)) == {
        "recall@1": 0.25, "recall@3": 0.5, "mrr@10": pytest.approx((1 + 1 / 3) / 4)}


def test_no_queries_give_zero_not_a_division_error():
    assert recall_at([], 3) == 0.0 and mrr_at([]) == 0.0
