"""COP bot: answers questions about the ITU Child Online Protection guidelines.

The package's folders are its architecture, and dependencies run one way, down this list:
`cli` and `telegram` (the two adapters) use `publishing` and `quality`, which use `answer`, which
uses `search`, which uses `corpus` and `analysis`. `paths` holds the default locations and their
environment overrides.
"""

__version__ = "0.1.0"
