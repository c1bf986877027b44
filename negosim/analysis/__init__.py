"""Language analysis: dialogue acts and negotiation entities for each turn."""

from negosim.analysis.analyzer import (
    AnalysisError,
    TurnText,
    analyze,
    analyze_batch,
    detect_language,
)
from negosim.analysis.model import ACTS, ENTITY_LABELS, Analysis
from negosim.analysis.worker import AnalysisWorker

__all__ = [
    "ACTS",
    "ENTITY_LABELS",
    "Analysis",
    "AnalysisError",
    "AnalysisWorker",
    "TurnText",
    "analyze",
    "analyze_batch",
    "detect_language",
]
