"""COP bot: answers questions about the ITU Child Online Protection guidelines."""

__version__ = "0.1.0"
