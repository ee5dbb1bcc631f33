"""Publishing: validation of every problem, the change report, the quality gate, interrupted
builds (the serving index stays), and the `cop-bot build` command over them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copbot.analysis import Analyzer
from copbot.cli import main
from copbot.corpus import load_corpus
from copbot.corpus.validate import ValidationFailed, check_corpus
from copbot.publishing.changes import change_report
from copbot.publishing.publish import publish, staging_path
from copbot.quality.gate import GateConfig, GateFailed
from copbot.search import Index, Record, build_index, postings_file, read_meta
from copbot.search.bm25 import BM25Params

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "corpus" / "questions"
SMALL_DOCS = ("initiative", "policybrief", "help")


@pytest.fixture
def questions(tmp_path) -> Path:
    """The question set's questions about the small corpus' documents, and the off-topic ones."""
    folder = tmp_path / "questions"
    folder.mkdir()
    rows = []
    for f in sorted(QUESTIONS.glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            keep = q["kind"] == "offtopic" or any(
                r.split("-")[0] in SMALL_DOCS for r in q["relevant"])
            if keep:
                q["relevant"] = [r for r in q["relevant"] if r.split("-")[0] in SMALL_DOCS]
                rows.append(json.dumps(q, ensure_ascii=False))
    (folder / "small.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def gate(questions: Path, ar=0.0, en=0.0, refusal=0.0) -> GateConfig:
    return GateConfig(questions, {"ar": ar, "en": en}, refusal)


@pytest.fixture
def serving(small_corpus, tmp_path, questions) -> Path:
    path = tmp_path / "index" / "cop.sqlite"
    publish(small_corpus, path, gate=gate(questions))
    return path


def test_every_problem_is_reported_with_file_and_line(small_corpus):
    en = small_corpus / "help-en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("audience: general", "audience: teens"),
                  encoding="utf-8")
    ar = small_corpus / "initiative-ar.md"
    text = ar.read_text(encoding="utf-8")
    ar.write_text(text + "\n\nنص قصير جدا.\n", encoding="utf-8")
    pb = small_corpus / "policybrief-en.md"
    pb.write_text(pb.read_text(encoding="utf-8").replace("the", "thÃ©", 1), encoding="utf-8")
    _, problems = check_corpus(small_corpus)
    joined = "\n".join(problems)
    assert "help-en.md: audience 'teens' is not one of" in joined
    assert "pair 'help-en' is not a document in the corpus" in joined  # help-ar's pair fails now
    lines = len(text.splitlines())
    assert f"initiative-ar.md:{lines + 3}: passage initiative-ar/" in joined and "has 3 words" in joined
    assert "policybrief-en.md" in joined and "looks mis-decoded" in joined


@pytest.mark.parametrize("text, bad", [("Ù…Ø±Ø­Ø¨Ø§ Ø¨ÙƒÙ…", True), ("ط§ظ„ط§طھط­ط§ط¯", True),
                                       ("café, naïve — “quoted”", False), ("مرحبا بكم", False)])
def test_mojibake_is_detected(small_corpus, text, bad):
    path = small_corpus / "help-en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("INHOPE", f"INHOPE {text}", 1),
                    encoding="utf-8")
    _, problems = check_corpus(small_corpus)
    assert any("mis-decoded" in p for p in problems) == bad


def test_a_failed_validation_writes_nothing(small_corpus, serving, questions):
    before = serving.read_bytes()
    (small_corpus / "help-en.md").write_text("no front matter\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:
        publish(small_corpus, serving, gate=gate(questions))
    assert "help-en.md:1: missing front matter" in str(err.value)
    assert serving.read_bytes() == before


def test_change_report(small_corpus, serving):
    path = small_corpus / "help-en.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("INHOPE", "INHOPE (the network of hotlines)", 1), encoding="utf-8")
    for lang in ("ar", "en"):
        (small_corpus / f"policybrief-{lang}.md").unlink()
    report = change_report(load_corpus(small_corpus), serving)
    assert report.documents_removed == ["policybrief-ar", "policybrief-en"]
    assert len(report.changed) == 1 and report.changed[0].startswith("help-en/")
    assert report.removed and all(i.startswith("policybrief-") for i in report.removed)
    assert report.added == []
    assert "1 changed" in report.lines()[0]


def test_change_report_counts_new_keywords_as_changes(small_corpus, serving):
    path = small_corpus / "help-en.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("## "))
    anchor = lines[at].rsplit("{#", 1)[1].rstrip("}")
    lines.insert(at + 1, "<!-- keywords: snapshot, proof -->")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = change_report(load_corpus(small_corpus), serving)
    assert report.changed and all(f"/{anchor}/" in i for i in report.changed)
    assert report.added == report.removed == []


def test_change_report_without_a_serving_index(small_corpus, tmp_path):
    report = change_report(load_corpus(small_corpus), tmp_path / "none.sqlite")
    assert report.baseline == "no serving index yet" and report.added


@pytest.mark.slow
def test_the_gate_refuses_a_worse_index_and_names_the_regressions(small_corpus, serving, questions):
    figures = publish(small_corpus, serving, gate=gate(questions)).gate.new
    strict = gate(questions, figures.recall_at_3["ar"] - 0.01, figures.recall_at_3["en"] - 0.01,
                  figures.refusal_rate - 0.01)
    for lang in ("ar", "en"):
        (small_corpus / f"help-{lang}.md").unlink()
    before = serving.read_bytes()
    with pytest.raises(GateFailed) as err:
        publish(small_corpus, serving, gate=strict)
    message = str(err.value)
    assert "below threshold: recall@3" in message and "regressed" in message
    assert "help-en-01" in message and "help-ar-01" in message
    assert serving.read_bytes() == before
    assert not staging_path(serving).exists()

    done = publish(small_corpus, serving, gate=strict, force=True)
    assert done.forced and not done.gate.passed
    assert not any(d["id"].startswith("help-") for d in Index(serving, Analyzer()).documents())


class ExplodingRecords(list):
    """Records that interrupt the build half way, as Ctrl-C or a crash would."""

    def __iter__(self):
        for n, record in enumerate(super().__iter__()):
            if n == len(self) // 2:
                raise KeyboardInterrupt
            yield record


def test_an_interrupted_write_leaves_the_old_index_serving(serving):
    before = read_meta(serving)
    records = ExplodingRecords(Record(id=f"x/{i}", lang="en", text="new text") for i in range(10))
    with pytest.raises(KeyboardInterrupt):
        build_index(serving, records, Analyzer(), BM25Params())
    assert read_meta(serving) == before
    # nothing left behind but the serving index and its postings file
    assert sorted(p.name for p in serving.parent.iterdir()) == sorted(
        [serving.name, postings_file.file_name(before["build_id"])])


class InterruptingProgress:
    """Progress that is interrupted once the new index is written, during the gate."""

    def file(self, path): pass
    def page(self, n): pass
    def passages(self, n): pass
    def done(self): pass

    def step(self, message):
        if message == "running the question set":
            raise KeyboardInterrupt


def test_an_interrupted_publish_leaves_the_old_index_serving(small_corpus, serving, questions):
    before = serving.read_bytes()
    (small_corpus / "help-en.md").unlink()
    (small_corpus / "help-ar.md").unlink()
    with pytest.raises(KeyboardInterrupt):
        publish(small_corpus, serving, gate=gate(questions), progress=InterruptingProgress())
    assert serving.read_bytes() == before
    assert sorted(p.name for p in serving.parent.iterdir()) == sorted(
        [serving.name, postings_file.file_name(read_meta(serving)["build_id"])])


def write_gate(tmp_path, questions, floor) -> Path:
    path = tmp_path / "gate.toml"
    path.write_text(f'questions = "{questions}"\nrefusal_rate = {floor}\n'
                    f"[recall_at_3]\nar = {floor}\nen = {floor}\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_cli_build_check_force(small_corpus, tmp_path, questions, capsys):
    index = tmp_path / "cli" / "cop.sqlite"
    args = ["build", "--corpus", str(small_corpus), "--index", str(index)]
    assert main([*args, "--check", "--gate", str(write_gate(tmp_path, questions, 0))]) == 0
    assert "corpus OK" in capsys.readouterr().out and not index.exists()
    assert main([*args, "--gate", str(write_gate(tmp_path, questions, 0))]) == 0
    out = capsys.readouterr().out
    assert "no serving index yet" in out and "quality gate: new index: recall@3 ar" in out
    impossible = str(write_gate(tmp_path, questions, 1.01))
    assert main([*args, "--gate", impossible]) == 1
    assert "not published" in capsys.readouterr().err
    assert main([*args, "--gate", impossible, "--force"]) == 0
    assert "published with --force although the quality gate failed" in capsys.readouterr().out


def test_default_gate_file_is_usable():
    config = GateConfig.from_file(ROOT / "corpus" / "quality_gate.toml")
    assert config.questions == QUESTIONS and set(config.recall_at_3) == {"ar", "en"}
