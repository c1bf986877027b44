"""Rebuild a run's engine (the counterpart, or the facilitator) from its recorded events alone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from negosim import events as ev
from negosim.analysis.context import Context
from negosim.analysis.model import Analysis
from negosim.analysis.topics import read_topics
from negosim.engine.facilitator import Facilitator
from negosim.engine.negotiation import CandidateTurn, Negotiation
from negosim.events import Happening, Recorded
from negosim.scenario.loader import LoadedScenario

Engine = Negotiation | Facilitator


def engine_for(loaded: LoadedScenario, seed: int, duration_s: float, mode: str) -> Engine:
    """The group against the scripted counterpart, or team against team with a facilitator."""
    if mode == "teams":
        return Facilitator(loaded, seed, duration_s)
    return Negotiation(loaded, seed, duration_s)


def candidate_turn(event: Recorded, context: Context | None = None) -> CandidateTurn:
    """A recorded turn as the engine heard it. A turn stored before analyses named the
    scenario's words gets them read now (``context``): it replays as it would be heard."""
    p = event.payload
    analysis = Analysis.from_dict(p)
    if context is not None and "heard" not in p:
        analysis = replace(analysis, **read_topics(p["text"], context))
    return CandidateTurn(
        text=p["text"],
        analysis=analysis,
        elapsed_s=event.elapsed_s,
        speaker=str(p.get("speaker", "learner")),
        side=str(p.get("side") or "learner"),
    )


def is_candidate_turn(event: Recorded) -> bool:
    return event.kind == ev.TURN and event.payload.get("speaker") != ev.COUNTERPART


def rebuild(
    loaded: LoadedScenario,
    seed: int,
    duration_s: float,
    events: Iterable[Recorded],
    mode: str | None = None,
) -> tuple[Engine, list[Happening]]:
    """Feed the recorded candidate turns to a fresh engine, in order.

    The mode is the run's (its ``run.created`` event says it when not given).
    Returns the engine and everything it said on the way, so a caller can
    check that the replay matches the journal.
    """
    events = list(events)
    if mode is None:
        mode = next(
            (str(e.payload.get("mode")) for e in events if e.kind == ev.RUN_CREATED),
            "counterpart",
        )
    engine = engine_for(loaded, seed, duration_s, mode)
    cues = Context.of(loaded.scenario)
    said: list[Happening] = []
    for event in events:
        p = event.payload
        if event.kind == ev.NEGOTIATION_STARTED:
            said += engine.open()
        elif is_candidate_turn(event):
            said += engine.hear(candidate_turn(event, cues))
        elif event.kind == ev.CLOCK_MILESTONE and isinstance(engine, Facilitator):
            said += engine.clock(event.elapsed_s)
        elif event.kind == ev.RUN_ENDED and p.get("reason") == "accepted":
            if isinstance(engine, Facilitator):
                said += engine.accept(str(p.get("by")))
        elif event.kind == ev.RUN_ENDED and p.get("reason") in ("stopped", "owner", "idle"):
            if isinstance(engine, Facilitator):
                said += engine.finish(p["reason"], p.get("by"))
            else:
                said += engine.finish(p["reason"])
        elif event.kind == ev.RUN_ENDED and p.get("reason") == "clock":
            said += engine.clock(event.elapsed_s)
    return engine, said
