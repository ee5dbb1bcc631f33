"""Text analysis: normalisation, tokenisation, stopwords and stemming, one stage per module."""

from .analyzer import Analyzer, AnalyzerSettings, detect_lang

__all__ = ["Analyzer", "AnalyzerSettings", "detect_lang"]
