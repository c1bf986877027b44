"""Rebuild a run's counterpart from its recorded events alone."""

from __future__ import annotations

from collections.abc import Iterable

from negosim import events as ev
from negosim.analysis.model import Analysis
from negosim.engine.negotiation import CandidateTurn, Negotiation
from negosim.events import Happening, Recorded
from negosim.scenario.loader import LoadedScenario


def candidate_turn(event: Recorded) -> CandidateTurn:
    p = event.payload
    return CandidateTurn(
        text=p["text"],
        analysis=Analysis.from_dict(
            {
                "lang": p.get("lang", "fr"),
                "acts": p.get("acts", []),
                "entities": p.get("entities", []),
            }
        ),
        elapsed_s=event.elapsed_s,
        speaker=str(p.get("speaker", "learner")),
    )


def is_candidate_turn(event: Recorded) -> bool:
    return event.kind == ev.TURN and event.payload.get("speaker") != ev.COUNTERPART


def rebuild(
    loaded: LoadedScenario, seed: int, duration_s: float, events: Iterable[Recorded]
) -> tuple[Negotiation, list[Happening]]:
    """Feed the recorded candidate turns to a fresh counterpart, in order.

    Returns the negotiation and everything it said on the way, so a caller can
    check that the replay matches the journal.
    """
    negotiation = Negotiation(loaded, seed, duration_s)
    said: list[Happening] = []
    for event in events:
        if event.kind == ev.NEGOTIATION_STARTED:
            said += negotiation.open()
        elif is_candidate_turn(event):
            said += negotiation.hear(candidate_turn(event))
        elif event.kind == ev.RUN_ENDED and event.payload.get("reason") in (
            "stopped",
            "owner",
            "idle",
        ):
            said += negotiation.finish(event.payload["reason"])
        elif event.kind == ev.RUN_ENDED and event.payload.get("reason") == "clock":
            said += negotiation.clock(event.elapsed_s)
    return negotiation, said
