"""The command line, run as users run it: `python -m copbot ...` in a subprocess."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from copbot.corpus import load_corpus

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
# XQuAD in the format `cop-bot eval` reads (xquad_ar/, xquad_en/); the tests using it skip without.
XQUAD = Path(os.environ.get("COP_XQUAD_DIR") or ROOT / "no-xquad")


def cop(*args, stdin=None, index=None):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    cmd = [sys.executable, "-m", "copbot", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def index_args(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "cop.sqlite"
    done = cop("build", "--index", str(path))
    assert done.returncode == 0, done.stderr
    passages = len(load_corpus(ROOT / "corpus").passages)
    assert f"{passages} passages" in done.stdout
    return ["--index", str(path), "--no-build"]


def test_policy_brief_question_is_answered_with_a_citation(index_args):
    done = cop("ask", "--json", *index_args, "ما هو موجز السياسة الذي نشره الاتحاد في خريف 2021؟")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["answered"] is True and answer["lang"] == "ar" and answer["safety"] is None
    best = answer["hits"][0]
    # the first passage speaks of the 2021 policy brief (the brief itself, or the passage on
    # ITU's support that introduces it); the brief's own passage is among the first three
    assert "موجز" in best["text"] and "2021" in best["text"]
    assert any(h["id"].startswith("policybrief-ar/") for h in answer["hits"][:3])
    assert best["url"].startswith("https://") and best["document"] and best["section"]
    assert set(best) >= {"id", "score", "lang", "audience", "document", "section", "url", "text"}


def test_off_topic_question_is_not_answered(index_args):
    done = cop("ask", "--json", *index_args, "what is the capital of Australia?")
    assert done.returncode == 0
    assert json.loads(done.stdout)["answered"] is False


def test_stdin_mode_keeps_order_and_reports_bad_lines(index_args):
    lines = "what is grooming?\n\n   \nما هو التنمر الإلكتروني؟\n"
    done = cop("ask", "--json", *index_args, "-", stdin=lines)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["query"] for r in rows] == ["what is grooming?", "", "   ", "ما هو التنمر الإلكتروني؟"]
    assert "error" in rows[1] and "error" in rows[2]
    assert rows[0]["lang"] == "en" and rows[3]["lang"] == "ar"


@pytest.mark.parametrize("question", ["", "   \n\t"])
def test_empty_question_exits_2(index_args, question):
    done = cop("ask", *index_args, question)
    assert done.returncode == 2
    assert done.stderr.startswith("error: the question is empty")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "question",
    ["cyber" * 2000, "😀🙈🔥", "a\x07b\x1b[31m\u202e", "你好，我的孩子在网上被欺负了", "ـــــ ًٌ"],
)
def test_odd_questions_never_crash(index_args, question):
    done = cop("ask", "--json", *index_args, question)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["answered"] in (True, False)


def test_nul_bytes_and_invalid_utf8_on_stdin(index_args):
    done = subprocess.run([sys.executable, "-m", "copbot", "ask", "--json", *index_args, "-"],
                          input=b"grooming\x00 online\nbullying \xff\xfe\n", capture_output=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 2


def test_plain_output_has_citation(index_args):
    done = cop("ask", *index_args, "what do the guidelines say about parental controls?")
    assert done.returncode == 0
    assert "—" in done.stdout and "https://" in done.stdout


def test_missing_index_without_build_is_a_clear_error(tmp_path):
    done = cop("ask", "--index", str(tmp_path / "nope.sqlite"), "--no-build", "grooming")
    assert done.returncode == 1
    assert "no index here" in done.stderr and "Traceback" not in done.stderr


def test_bad_corpus_build_fails_with_file_name(tmp_path):
    (tmp_path / "x.md").write_text("---\nid: x\n---\n", encoding="utf-8")
    done = cop("build", "--corpus", str(tmp_path), "--index", str(tmp_path / "i.sqlite"))
    assert done.returncode == 1
    assert "x.md" in done.stderr and "lacks required field" in done.stderr
    assert not (tmp_path / "i.sqlite").exists()


def test_check_only_writes_nothing(tmp_path):
    done = cop("build", "--check", "--index", str(tmp_path / "i.sqlite"))
    assert done.returncode == 0 and done.stdout.startswith("corpus OK")
    assert not (tmp_path / "i.sqlite").exists()


def test_chat_answers_and_quits(index_args):
    done = cop("chat", *index_args, stdin="what is the COP initiative?\n\n")
    assert done.returncode == 0
    assert "https://" in done.stdout


@pytest.mark.skipif(not (XQUAD / "xquad_en").is_dir(), reason="COP_XQUAD_DIR is not set")
def test_eval_reports_every_metric_on_xquad_en():
    b = XQUAD / "xquad_en"
    done = cop("eval", "--json", "--passages", str(b / "passages.jsonl"),
               "--queries", str(b / "queries.jsonl"), "--qrels", str(b / "qrels.tsv"))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    for key in ("recall@1", "recall@5", "recall@20", "mrr@10", "build_s", "query_ms_p50", "query_ms_p95"):
        assert key in result
    assert result["mrr@10"] >= 0.95


@pytest.mark.skipif(not (XQUAD / "xquad_ar").is_dir(), reason="COP_XQUAD_DIR is not set")
def test_eval_xquad_ar_quality():
    b = XQUAD / "xquad_ar"
    done = cop("eval", "--json", "--passages", str(b / "passages.jsonl"),
               "--queries", str(b / "queries.jsonl"), "--qrels", str(b / "qrels.tsv"))
    assert json.loads(done.stdout)["mrr@10"] >= 0.92


def test_eval_bad_file_is_exit_2(tmp_path):
    (tmp_path / "p.jsonl").write_text('{"id": "1"}\n')
    done = cop("eval", "--passages", str(tmp_path / "p.jsonl"), "--queries", str(tmp_path / "p.jsonl"),
               "--qrels", str(tmp_path / "none.tsv"))
    assert done.returncode == 2 and "p.jsonl:1: missing field(s) text" in done.stderr


def test_no_torch_or_network_modules_are_imported():
    code = (
        "import sys, copbot.cli, copbot.answer, copbot.search, copbot.analysis;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('torch', 'transformers')"
        " or m.startswith(('camel_tools.data', 'camel_tools.morphology'))];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_torch_is_not_installed():
    import importlib.util

    assert importlib.util.find_spec("torch") is None
    assert importlib.util.find_spec("transformers") is None


def test_every_command_is_in_the_readme():
    from copbot.cli.main import parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"cop-bot {name}" in readme, name


def test_eval_on_the_question_set_per_language_and_audience(index_args):
    done = cop("eval", "--json", "--questions", str(ROOT / "corpus" / "questions"), *index_args)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result["by_lang"]) == {"ar", "en"}
    assert "ar/parents_educators" in result["by_lang_audience"]
    assert result["urgent_with_card"]["rate"] == 1.0 and result["calm_without_card"]["rate"] == 1.0


def test_eval_needs_a_set(index_args):
    done = cop("eval")
    assert done.returncode == 2 and "--questions" in done.stderr


def test_runs_from_any_folder_with_a_home_or_explicit_paths(tmp_path):
    """Nothing is looked up next to the package: a home folder, or --corpus/--index, is enough."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "corpus").mkdir()
    for name in ("initiative-en.md", "initiative-ar.md"):
        (home / "corpus" / name).write_bytes((ROOT / "corpus" / name).read_bytes())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COP_HOME": str(home)}
    run = [sys.executable, "-m", "copbot"]
    built = subprocess.run([*run, "build"], capture_output=True, text=True, env=env, cwd=elsewhere,
                           timeout=120)
    assert built.returncode == 0, built.stderr
    assert "no quality gate" in built.stderr and (home / "index" / "cop.sqlite").is_file()
    asked = subprocess.run([*run, "ask", "--json", "--no-build", "What is the COP initiative?"],
                           capture_output=True, text=True, env=env, cwd=elsewhere, timeout=120)
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["hits"][0]["id"].startswith("initiative-en/")
    del env["COP_HOME"]
    index = tmp_path / "explicit.sqlite"
    explicit = subprocess.run([*run, "build", "--corpus", str(home / "corpus"), "--index", str(index)],
                              capture_output=True, text=True, env=env, cwd=elsewhere, timeout=120)
    assert explicit.returncode == 0, explicit.stderr
    assert index.is_file() and not (elsewhere / "index").exists()


def test_gaps_group_the_bots_unanswered_questions_by_nearest_section(index_args, tmp_path):
    from copbot.telegram.state import State

    state = State(tmp_path / "state.sqlite")
    for question in ("how do I fix my car engine", "how do I fix my car engine", "thanks",
                     "what about the wifi router password reset"):
        state.keep_unanswered(question)
    state.close()
    done = cop("gaps", "--json", "--state", str(tmp_path / "state.sqlite"), *index_args)
    assert done.returncode == 0, done.stderr
    found = [json.loads(line) for line in done.stdout.splitlines()]
    questions = [q for gap in found for q, _ in gap["questions"]]
    assert sorted(questions) == ["how do I fix my car engine", "what about the wifi router password reset"]
    car = next(gap for gap in found if gap["questions"][0][0].startswith("how do I fix"))
    assert car["asked"] == 2 and "car" in car["words"] and "/" in car["section"]
    missing = cop("gaps", "--state", str(tmp_path / "none.sqlite"), *index_args)
    assert missing.returncode == 2 and "no state database" in missing.stderr
