"""Scoring against the block-3 grid: indicators, levels and their evidence."""

from negosim.scoring.grade import score
from negosim.scoring.rubric import LoadedRubric, Rubric, load_rubric_file, load_rubric_text
from negosim.scoring.transcript import Transcript, Turn, from_events

__all__ = [
    "LoadedRubric",
    "Rubric",
    "Transcript",
    "Turn",
    "from_events",
    "load_rubric_file",
    "load_rubric_text",
    "score",
]
