"""The command line (`cop-bot`): the edge where argv and the environment are read."""

from .main import main

__all__ = ["main"]
