"""Index building and opening: atomic swaps, refusals with clear messages."""

import sqlite3

import pytest

from copbot.analysis import Analyzer, AnalyzerSettings
from copbot.cli.main import build
from copbot.corpus import CorpusError
from copbot.search import Index, IndexCorrupt, IndexMismatch, IndexMissing, read_meta


def test_build_writes_meta_and_searches(small_corpus, tmp_path):
    path = tmp_path / "i.sqlite"
    summary = build(small_corpus, path)
    assert "6 documents" in summary
    meta = read_meta(path)
    assert meta["analyzer"] == Analyzer().settings.fingerprint()
    assert meta["bm25"] == {"k1": 0.9, "b": 0.75, "delta": 1.0}
    assert set(meta["passages"]) == {"ar", "en"} and len(meta["corpus_checksum"]) == 64
    index = Index(path, Analyzer())
    hits = index.search("policy brief autumn 2021", "en", k=3)
    assert hits and hits[0].id.startswith("policybrief-en/")
    assert index.by_id(hits[0].pair_id).lang == "ar"
    assert index.search("موجز السياسة", "ar", k=3, audience="industry") == []
    index.close()
    # no temporary files left behind
    assert [p.name for p in tmp_path.iterdir()] == ["i.sqlite"] or all(
        not p.name.endswith(".tmp") for p in tmp_path.iterdir())


def test_keywords_are_searched_but_never_shown(small_corpus, tmp_path):
    from copbot.answer import Answerer

    doc = small_corpus / "help-en.md"
    text = doc.read_text(encoding="utf-8")
    heading = next(line for line in text.splitlines() if line.startswith("# "))
    doc.write_text(text.replace(heading, heading + "\n<!-- keywords: zorblax quuxification -->", 1),
                   encoding="utf-8")
    path = tmp_path / "i.sqlite"
    build(small_corpus, path)
    index = Index(path, Analyzer())
    hits = index.search("zorblax quuxification", "en", k=3)
    assert hits and hits[0].id.startswith("help-en/") and "zorblax" in hits[0].keywords
    assert "zorblax" not in hits[0].text
    answer = Answerer(index).answer("what is zorblax quuxification", k=3)
    assert answer.results[0].hit.id == hits[0].id
    assert "zorblax" not in answer.results[0].excerpt
    index.close()


def test_asked_questions_are_a_weighted_field_of_their_own(small_corpus, tmp_path):
    doc = small_corpus / "help-en.md"
    lines = doc.read_text(encoding="utf-8").splitlines()
    # the last passage of the file: its paragraph is the last non-empty line
    last = max(i for i, line in enumerate(lines) if line.strip() and not line.startswith("<!--"))
    # its asked-as questions replaced by one only they hold (its kind stays its pair's)
    asked = [i for i in range(last + 1, len(lines)) if lines[i].startswith("<!-- asked:")]
    kinds = [i for i in range(last + 1, len(lines)) if lines[i].startswith("<!-- kind:")]
    for i in sorted(asked, reverse=True):
        del lines[i]
    kind = lines[kinds[0]].split(":", 1)[1].strip(" ->") if kinds else "report"
    lines.insert(last + 1, ("" if kinds else "<!-- kind: report -->\n")
                 + "<!-- asked: whom do I tell about the zorblax -->")
    doc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = tmp_path / "i.sqlite"
    build(small_corpus, path)
    index = Index(path, Analyzer())
    terms = index.resolve(index.analyzer.analyze("zorblax"), "en")
    # the field counts at its weight, and not at all with weight 0 or for rank-bm25's own scores
    half = index.search_terms(terms, "en", k=3, asked_weight=0.5)
    quarter = index.search_terms(terms, "en", k=3, asked_weight=0.25)
    assert len(half) == 1 and half[0][0] == quarter[0][0] and half[0][1] > quarter[0][1] > 0
    hit = index.hits("en", half)[0]
    assert hit.kind == kind and hit.asked == "whom do I tell about the zorblax"
    assert "zorblax" not in hit.text
    assert index.search_terms(terms, "en", k=1, asked_weight=0) == []
    assert index.search_terms(terms, "en", k=1, weighted=False) == []
    index.close()


def test_resolve_drops_a_clitic_only_from_stems_the_index_does_not_know(small_corpus, tmp_path):
    from copbot.analysis.normalize import normalize

    path = tmp_path / "i.sqlite"
    build(small_corpus, path)
    analyzer = Analyzer()
    index = Index(path, analyzer)
    known = analyzer.stem(normalize("بيانات"))  # begins with ب, and the corpus uses it
    assert index.postings("ar", known) is not None
    unknown = analyzer.stem(normalize("بيساعد"))  # colloquial; the corpus writes يساعد
    assert index.postings("ar", unknown) is None
    # "وشو" ("and what") is a stopword with و joined to it: dropped
    resolved = index.resolve([known, unknown, "#_بيا", "نقاش", "وشو"], "ar")
    assert resolved == [known, analyzer.stem(normalize("يساعد")), "#_بيا", "نقاش"]
    hits = index.search("بيساعد", "ar", k=3)
    assert hits and "يساعد" in hits[0].text + hits[0].keywords
    # bigrams are rewritten with their halves' resolved stems, and go with a dropped stopword
    assert index.resolve([f"~{unknown}~{known}", f"~وشو~{known}"], "ar") == [
        f"~{analyzer.stem(normalize('يساعد'))}~{known}"]
    index.close()


@pytest.mark.slow
def test_the_postings_file_follows_its_index(small_corpus, tmp_path):
    """Searching reads a memory-mapped copy of the postings, named after the build: written with
    the index, replaced with it, and written again where an index is copied or it was deleted."""
    import shutil

    from copbot.search import postings_file

    folder = tmp_path / "index"
    path = folder / "i.sqlite"
    build(small_corpus, path)
    first = read_meta(path)["build_id"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(["i.sqlite", postings_file.file_name(first)])
    index = Index(path, Analyzer())
    expected = [(h.id, h.score) for h in index.search("helplines and hotlines", "en", k=5)]
    assert expected
    build(small_corpus, path)  # a rebuild: the old postings file goes with the old index...
    second = read_meta(path)["build_id"]
    assert second != first
    assert sorted(p.name for p in folder.iterdir()) == sorted(["i.sqlite", postings_file.file_name(second)])
    # ...while the index opened before keeps searching its own mapping
    assert [(h.id, h.score) for h in index.search("helplines and hotlines", "en", k=5)] == expected
    index.close()

    elsewhere = tmp_path / "copy"
    elsewhere.mkdir()
    shutil.copy(path, elsewhere / "i.sqlite")  # the index file alone
    index = Index(elsewhere / "i.sqlite", Analyzer())
    assert (elsewhere / postings_file.file_name(second)).is_file()
    assert [(h.id, h.score) for h in index.search("helplines and hotlines", "en", k=5)] == expected
    index.close()

    for broken in (b"", b"not a postings file at all"):
        (elsewhere / postings_file.file_name(second)).write_bytes(broken)
        index = Index(elsewhere / "i.sqlite", Analyzer())  # rewritten, not trusted
        assert [(h.id, h.score) for h in index.search("helplines and hotlines", "en", k=5)] == expected
        index.close()


def test_failed_build_leaves_previous_index_serving(small_corpus, tmp_path):
    path = tmp_path / "i.sqlite"
    build(small_corpus, path)
    before = path.read_bytes()
    (small_corpus / "help-en.md").write_text("---\nid: broken\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="help-en.md"):
        build(small_corpus, path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.tmp"))
    Index(path, Analyzer()).close()


def test_other_analyzer_settings_are_refused(small_corpus, tmp_path):
    path = tmp_path / "i.sqlite"
    build(small_corpus, path)
    with pytest.raises(IndexMismatch, match="rebuild it with `cop-bot build`"):
        Index(path, Analyzer(AnalyzerSettings(ngram=3)))


def test_the_stored_bm25_variant_must_be_bm25plus(small_corpus, tmp_path):
    """Indexes written while BM25Params still had its `variant` field carry "bm25plus"."""
    path = tmp_path / "i.sqlite"
    build(small_corpus, path)

    def store(bm25: str) -> None:
        conn = sqlite3.connect(path)
        conn.execute("update meta set value = ? where key = 'bm25'", (bm25,))
        conn.commit()
        conn.close()

    for variant in ("bm25plus", None):
        extra = f', "variant": "{variant}"' if variant else ""
        store(f'{{"k1": 0.9, "b": 0.75, "delta": 1.0{extra}}}')
        index = Index(path, Analyzer())
        assert index.params.k1 == 0.9 and index.search("policy brief", "en", k=1)
        index.close()
    store('{"k1": 0.9, "b": 0.75, "delta": 1.0, "variant": "okapi"}')
    with pytest.raises(IndexMismatch, match="another BM25 variant"):
        Index(path, Analyzer())


def test_missing_and_corrupt(tmp_path):
    with pytest.raises(IndexMissing, match="no index here"):
        Index(tmp_path / "none.sqlite", Analyzer())
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(IndexCorrupt, match="not a usable index"):
        Index(bad, Analyzer())
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).close()
    with pytest.raises(IndexCorrupt):
        Index(empty, Analyzer())


def test_parallel_analysis_gives_the_same_postings_in_order():
    from copbot.search.bm25 import BM25Params, build_postings, merge_postings
    from copbot.search.writer import count_all

    texts = [f"نص رقم {i} عن حماية الأطفال على الإنترنت" if i % 2 else f"passage {i} on grooming"
             for i in range(3000)]
    analyzer = Analyzer()
    expected_terms = [analyzer.analyze(t) for t in texts]
    counts = count_all(analyzer, texts, parallel_from=10)
    assert len(counts) > 1  # really split into runs given to workers
    assert [n for c in counts for n in c.lengths] == [len(t) for t in expected_terms]
    params = BM25Params()
    got, got_avgdl = merge_postings(counts, params)
    want, want_avgdl = build_postings(expected_terms, params)
    assert got_avgdl == want_avgdl and got.keys() == want.keys()
    for term, p in want.items():
        assert got[term].idf == p.idf
        assert got[term].docs.tolist() == p.docs.tolist()
        assert got[term].weights.tolist() == p.weights.tolist()


@pytest.mark.slow
def test_the_postings_file_holds_the_index_weights_as_float32(small_corpus, tmp_path):
    """The searched copy stores weights as float32: within 1e-7 relative of the index's float64."""
    import numpy as np

    from copbot.search import postings_file
    from copbot.search.bm25 import WEIGHT_DTYPE

    path = tmp_path / "i.sqlite"
    build(small_corpus, path)
    mapped = postings_file.PostingsFile(
        postings_file.candidates(path, read_meta(path)["build_id"])[0])
    conn = sqlite3.connect(path)
    rows = conn.execute("select lang, term, idf, docs, weights from postings").fetchall()
    conn.close()
    assert len(rows) > 100
    for lang, term, idf, docs, weights in rows:
        got = mapped.get(lang, term)
        assert got.weights.dtype == np.float32 and got.idf == idf
        assert got.docs.tolist() == np.frombuffer(docs, dtype=np.uint32).tolist()
        np.testing.assert_allclose(got.weights, np.frombuffer(weights, dtype=WEIGHT_DTYPE), rtol=1e-7)
    mapped.close()
