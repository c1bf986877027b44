"""One scripted candidate against the counterpart: the run as a record of plain data.

Drives the engine only through ``Negotiation(loaded, seed, duration_s)``, ``open``,
``hear(CandidateTurn)`` and the events they return, so the same script plays the
counterpart of any version (the benchmark plays the previous one as its baseline).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from negosim import events as ev
from negosim.analysis import analyze
from negosim.analysis.model import Analysis
from negosim.engine import CandidateTurn, Negotiation
from negosim.scenario.loader import LoadedScenario
from negosim.scripted.candidates import Candidate, View

TURN_MINUTES = 1.5  # 20 candidate turns in a 30-minute run


def read_turn(engine: Any, text: str, lang: str) -> Analysis:
    """The turn read as a room reads it, in the engine's context; a previous counterpart
    version with no context is given the turn read alone, as it was then."""
    if hasattr(engine, "context"):
        return analyze(text, context=engine.context("learner"))
    return _alone(text, lang)


@lru_cache(maxsize=4096)
def _alone(text: str, lang: str) -> Analysis:
    return analyze(text, lang)


@dataclass
class Exchange:
    """One candidate turn and what the counterpart did in answer."""

    said: str
    reply: str
    intents: list[str]
    bid: dict[str, Any] | None  # the counterpart's new bid this turn, if it made one
    phase: str
    revealed: list[str] = field(default_factory=list)


@dataclass
class Record:
    scenario: str
    kind: str
    seed: int
    exchanges: list[Exchange] = field(default_factory=list)
    outcome: str = "open"
    reason: str = ""
    terms: dict[str, Any] | None = None
    opening: str = ""


def play(loaded: LoadedScenario, kind: str, seed: int = 1, turns: int = 20) -> Record:
    """Play ``kind`` for at most ``turns`` turns, then let the clock run out."""
    s = loaded.scenario
    duration = s.duration_min * 60.0
    n = Negotiation(loaded, seed=seed, duration_s=duration)
    rec = Record(s.id, kind, seed)
    rec.opening = " ".join(h.payload["text"] for h in n.open() if h.kind == ev.TURN)
    cand = Candidate(s, kind)
    view = View(t=0.0)
    for i in range(1, turns + 1):
        elapsed = i * TURN_MINUTES * 60
        view.t = min(1.0, elapsed / duration)
        text = cand.next(view)
        out = n.hear(CandidateTurn(text, read_turn(n, text, s.language), elapsed_s=elapsed))
        ex = Exchange(text, "", [], None, n.state)
        for h in out:
            p = h.payload
            if h.kind == ev.TURN:
                ex.reply = (ex.reply + " " + p["text"]).strip()
                ex.intents += list(p.get("intents", []))
            elif h.kind == ev.TERMS and p.get("by") == "counterpart":
                ex.bid = dict(p["terms"])
                view.their_bid = dict(p["table"]["counterpart"])
            elif h.kind == ev.NEED_REVEALED:
                ex.revealed.append(p["need"])
            elif h.kind == ev.RUN_ENDED:
                rec.outcome, rec.reason, rec.terms = p["outcome"], p["reason"], p.get("terms")
        view.their_intents = tuple(ex.intents)
        rec.exchanges.append(ex)
        if n.over:
            break
    if not n.over:
        for h in n.clock(duration):
            if h.kind == ev.RUN_ENDED:
                rec.outcome, rec.reason = h.payload["outcome"], h.payload["reason"]
    n.close()
    return rec
