"""A throwaway PostgreSQL server for the tests: a new cluster in a temporary folder, listening
on 127.0.0.1 on a free port, stopped at the end. Debian's server binaries are used (`.ci/run`
installs the package); as root the server runs as the `postgres` user, which PostgreSQL needs."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def _binary(name: str) -> str | None:
    for folder in BIN_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Unavailable(Exception):
    """No PostgreSQL server can be started here; the message says why."""


@contextmanager
def server():
    """Start a server in a new folder of the system's temporary directory (pytest's own is
    closed to the postgres user); yield its URL (database `postgres`, user `cop`, no password).
    The folder goes when the server stops."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not initdb or not pg_ctl:
        raise Unavailable("PostgreSQL's initdb and pg_ctl are not installed "
                          "(Debian: apt-get install postgresql)")
    as_user: list[str] = []
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and there is no postgres user") from None
        as_user = ["runuser", "-u", "postgres", "--"]
    folder = Path(tempfile.mkdtemp(prefix="cop-postgres-"))
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir(parents=True)
    if as_user:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        os.chown(sockets, owner.pw_uid, owner.pw_gid)
    port = _free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*as_user, *args], capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise Unavailable(f"{Path(args[0]).name} failed: {done.stderr.strip()[-400:]}")

    try:
        run(initdb, "-D", str(data), "-A", "trust", "-U", "cop", "--no-sync", "-E", "UTF8")
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start")
        try:
            yield f"postgresql://cop@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
                           capture_output=True, timeout=60)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
