"""The manual stays true: every command is in the README, every setting in .env.example."""

import re
from pathlib import Path

from copbot.cli.main import parser

ROOT = Path(__file__).resolve().parent.parent


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert f"`cop-bot {name}" in readme, name


def test_every_setting_the_code_reads_is_in_env_example():
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#? ?((?:COP|TELEGRAM)_[A-Z_]+)=", example, re.M))
    read = set()
    for path in (ROOT / "src" / "copbot").rglob("*.py"):
        read |= set(re.findall(r"""["']((?:COP|TELEGRAM)_[A-Z_]+)["']""", path.read_text(encoding="utf-8")))
    assert read, "no setting found: the pattern no longer matches how settings are read"
    assert read <= listed, sorted(read - listed)
