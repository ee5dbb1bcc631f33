"""Default locations and the environment variables that move them."""

from pathlib import Path

from copbot.paths import Paths


def test_defaults_are_under_the_current_folder(tmp_path):
    paths = Paths.from_env({}, cwd=tmp_path)
    assert paths.home == tmp_path
    assert paths.corpus == tmp_path / "corpus"
    assert paths.index == tmp_path / "index" / "cop.sqlite"
    assert paths.state == tmp_path / "index" / "state.sqlite"
    assert paths.gate_file is None and paths.gate() == tmp_path / "corpus" / "quality_gate.toml"
    assert paths.gate(tmp_path / "other") == tmp_path / "other" / "quality_gate.toml"


def test_a_home_moves_everything(tmp_path):
    paths = Paths.from_env({"COP_HOME": "/srv/cop"}, cwd=tmp_path)
    assert paths.corpus == Path("/srv/cop/corpus") and paths.index == Path("/srv/cop/index/cop.sqlite")
    assert paths.state == Path("/srv/cop/index/state.sqlite")
    assert paths.gate() == Path("/srv/cop/corpus/quality_gate.toml")


def test_each_location_can_be_moved_alone_and_relative_ones_start_here(tmp_path):
    env = {"COP_HOME": "/srv/cop", "COP_CORPUS": "docs/corpus", "COP_INDEX": "/var/lib/cop/i.sqlite",
           "COP_STATE": "/var/lib/cop/state.sqlite", "COP_GATE": "  "}
    paths = Paths.from_env(env, cwd=tmp_path)
    assert paths.corpus == tmp_path / "docs" / "corpus"
    assert paths.index == Path("/var/lib/cop/i.sqlite") and paths.state == Path("/var/lib/cop/state.sqlite")
    assert paths.gate() == tmp_path / "docs" / "corpus" / "quality_gate.toml"  # blank means unset
    moved = Paths.from_env({"COP_GATE": "/etc/cop/gate.toml"}, cwd=tmp_path)
    assert moved.gate() == moved.gate(tmp_path / "other") == Path("/etc/cop/gate.toml")


def test_the_shipped_gate_and_question_set_sit_in_the_corpus():
    root = Path(__file__).resolve().parent.parent
    paths = Paths.from_env({}, cwd=root)
    assert paths.gate().is_file() and sorted((paths.corpus / "questions").glob("*.jsonl"))
