"""`python -m copbot` is `cop-bot`."""

import sys

from .cli import main

sys.exit(main())
