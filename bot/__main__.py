"""`python -m bot` is `cop-bot`."""

import sys

from .cli import main

sys.exit(main())
