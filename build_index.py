#!/usr/bin/env python3
"""Admins' entry point: validate corpus/ and rebuild index/cop.sqlite (same as `cop-bot build`).

Usage: ./scripts/uv.sh run python build_index.py [--check] [--corpus DIR] [--index PATH]
"""

import sys

try:
    from copbot.cli import main
except ImportError as exc:  # run outside the project's environment
    print(f"error: {exc.name or 'copbot'} is not installed here; run this in the project's "
          "environment: ./scripts/uv.sh run python build_index.py", file=sys.stderr)
    sys.exit(2)

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
