"""The systemd unit in deploy/: a non-root user, restart on failure, secrets from an environment
file, and `systemd-analyze verify` finds nothing wrong (where systemd-analyze is installed)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

UNIT = Path(__file__).resolve().parents[1] / "deploy" / "cop-bot.service"


def service() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    return parser["Service"]


def test_the_unit_runs_as_a_user_restarts_and_reads_secrets_from_a_file():
    unit = service()
    assert unit["User"] not in ("", "root") and unit["Restart"] == "on-failure"
    assert unit["EnvironmentFile"].startswith("/etc/")
    assert "TOKEN" not in unit.get("Environment", "")  # no secret in the unit itself
    assert unit["ExecStart"].endswith("cop-bot run")


def test_systemd_analyze_verify_finds_nothing_wrong(tmp_path):
    verify = shutil.which("systemd-analyze")
    if verify is None:
        pytest.skip("systemd-analyze is not installed here")
    executable = Path(sys.executable).parent / "cop-bot"  # the project's own entry point
    env_file = tmp_path / "env"
    env_file.write_text("TELEGRAM_BOT_TOKEN=\n", encoding="utf-8")
    text = UNIT.read_text(encoding="utf-8").replace("/opt/cop-bot/.venv/bin/cop-bot", str(executable))
    text = text.replace("/etc/cop-bot/env", str(env_file))
    unit = tmp_path / "cop-bot.service"
    unit.write_text(text, encoding="utf-8")
    done = subprocess.run([verify, "verify", str(unit)], capture_output=True, text=True, timeout=60)
    # a value systemd does not understand is only a warning: any output fails the test
    assert done.returncode == 0 and not done.stderr.strip() and not done.stdout.strip(), \
        done.stderr + done.stdout
    broken = tmp_path / "broken.service"
    broken.write_text(text.replace("Restart=on-failure", "Restart=sometimes"), encoding="utf-8")
    assert subprocess.run([verify, "verify", str(broken)], capture_output=True, text=True,
                          timeout=60).stderr  # the check does catch a wrong value
