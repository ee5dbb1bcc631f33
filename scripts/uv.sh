#!/usr/bin/env bash
# Runs the pinned uv, installing it first into .tools/ (a private venv) when it is not there.
# Everything else (Python packages, the project) is installed by uv from uv.lock.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
UV_VERSION="0.13.9"
export UV_PYTHON_DOWNLOADS=never   # use the machine's Python 3.11; never download one
export UV_PROJECT_ENVIRONMENT="$root/.venv"
uv="$root/.tools/bin/uv"
if ! "$uv" --version 2>/dev/null | grep -q "^uv $UV_VERSION"; then
    python="$(command -v python3.11 || command -v python3)"
    echo "installing uv $UV_VERSION into .tools/ …" >&2
    "$python" -m venv "$root/.tools" >&2
    "$root/.tools/bin/pip" install --quiet --disable-pip-version-check "uv==$UV_VERSION" >&2
fi
cd "$root"
exec "$uv" "$@"
