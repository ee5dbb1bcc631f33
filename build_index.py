#!/usr/bin/env python3
"""Admins' entry point: validate corpus/ and rebuild index/cop.sqlite (same as `cop-bot build`).

Usage: python build_index.py [--check] [--corpus DIR] [--index PATH]
"""

import sys

from copbot.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
