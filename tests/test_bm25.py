"""The fast path ranks exactly as rank-bm25's BM25Plus on the same tokens."""

import math
import random

import numpy as np
import pytest
from rank_bm25 import BM25Okapi, BM25Plus

from copbot.search.bm25 import BM25Params, build_postings, score, top_k


def fast_scores(docs, query, params):
    postings, _ = build_postings(docs, params)
    s, constant = score(query, postings.get, params, len(docs))
    return s + constant


def random_corpus(seed, n_docs=300, vocab=400):
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(vocab)]
    weights = [1 / (i + 1) for i in range(vocab)]  # Zipf-like, so some terms are everywhere
    return [rng.choices(words, weights, k=rng.randint(1, 60)) for _ in range(n_docs)], words, rng


@pytest.mark.parametrize("seed", range(5))
def test_scores_equal_rank_bm25(seed):
    docs, words, rng = random_corpus(seed)
    params = BM25Params()
    reference = BM25Plus(docs, k1=params.k1, b=params.b, delta=params.delta)
    for _ in range(30):
        query = rng.choices(words, k=rng.randint(1, 8)) + ["never-seen"]
        expected = reference.get_scores(query)
        got = fast_scores(docs, query, params)
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_top_k_ranks_as_rank_bm25(seed):
    docs, words, rng = random_corpus(seed)
    params = BM25Params()
    reference = BM25Plus(docs, k1=params.k1, b=params.b, delta=params.delta)
    postings, _ = build_postings(docs, params)
    for _ in range(30):
        query = rng.choices(words, k=rng.randint(1, 6))
        s, constant = score(query, postings.get, params, len(docs))
        got = top_k(s, 10)
        ref = reference.get_scores(query)
        matched = {i for i, d in enumerate(docs) if set(query) & set(d)}
        expected = sorted((i for i in range(len(docs)) if i in matched), key=lambda i: (-ref[i], i))[:10]
        assert [d for d, _ in got] == expected
        for d, v in got:
            assert v + constant == pytest.approx(ref[d], rel=1e-12)


def test_tiny_corpus_keeps_every_term_positive():
    """Why BM25Plus: on two passages BM25Okapi gives a term in one of them zero weight."""
    docs = [["grooming", "online"], ["bullying", "online"]]
    okapi = BM25Okapi(docs)
    assert okapi.get_scores(["grooming"])[0] == pytest.approx(0.0)  # rank_bm25 issues #39, #43
    params = BM25Params()
    postings, avgdl = build_postings(docs, params)
    assert avgdl == 2
    # idf = ln((N + 1) / df): 'grooming' ln(3/1), 'online' ln(3/2), both positive
    assert postings["grooming"].idf == pytest.approx(math.log(3))
    assert postings["online"].idf == pytest.approx(math.log(1.5))
    s, constant = score(["grooming"], postings.get, params, 2)
    assert s[1] == 0 and top_k(s, 10) == [(0, s[0])]
    # tf 1 in a passage of average length: weight = idf * (k1 + 1) / (k1 + 1) = idf
    assert s[0] == pytest.approx(math.log(3))
    assert constant == pytest.approx(math.log(3) * params.delta)


def test_repeated_query_terms_count_twice():
    docs = [["a", "b"], ["b", "c"], ["c", "d"]]
    params = BM25Params()
    once = fast_scores(docs, ["a", "c"], params)
    twice = fast_scores(docs, ["a", "a", "c"], params)
    assert twice[0] > once[0]
    np.testing.assert_allclose(twice, BM25Plus(docs, k1=params.k1, b=params.b).get_scores(["a", "a", "c"]))


def test_weighted_query_terms_scale_their_rank_bm25_part():
    """A term of weight w adds w times what rank-bm25 gives it, constant included."""
    docs, words, rng = random_corpus(7)
    params = BM25Params()
    reference = BM25Plus(docs, k1=params.k1, b=params.b, delta=params.delta)
    postings, _ = build_postings(docs, params)
    weight = {w: rng.choice([1.0, 0.8, 0.5]) for w in words}
    for _ in range(20):
        query = rng.choices(words, k=rng.randint(1, 8))
        s, constant = score(query, postings.get, params, len(docs), weight.get)
        expected = sum(weight[t] * reference.get_scores([t]) for t in query)
        np.testing.assert_allclose(s + constant, expected, rtol=1e-9, atol=1e-9)


def test_ties_go_to_the_lower_passage_number():
    scores = np.zeros(12)
    scores[[5, 2, 9]] = [1.0, 1.0, 2.0]
    assert top_k(scores, 2) == [(9, 2.0), (2, 1.0)]
    scores[9] = 1.0
    assert top_k(scores, 1) == [(2, 1.0)]
    # passages without any query term (score 0) are never returned, even when k is larger
    assert top_k(scores, 10) == [(2, 1.0), (5, 1.0), (9, 1.0)]
    assert top_k(np.zeros(3), 2) == [] and top_k(scores, 0) == []
