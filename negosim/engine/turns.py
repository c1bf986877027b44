"""A candidate's turn as the counterpart receives it, and the terms it puts forward."""

from __future__ import annotations

from dataclasses import dataclass

from negosim.analysis.model import Analysis
from negosim.engine.utility import Terms
from negosim.scenario.model import Scenario


@dataclass(frozen=True)
class CandidateTurn:
    text: str
    analysis: Analysis
    elapsed_s: float
    speaker: str = "learner"
    side: str = "learner"  # the speaking member's side (team against team: either)


def candidate_terms(scenario: Scenario, turn: CandidateTurn) -> Terms:
    """The terms this turn puts forward, by issue: the one place the engine reads them.

    Only what the candidate proposes or accepts moves the table; a figure quoted, cited,
    stated as a fact or asked about does not (the reading in context says which)."""
    return turn.analysis.stated()
