"""Team against team: the engine only keeps the table and the clock, never speaks for a side.

Same interface as ``Negotiation`` (open, hear, clock, finish, snapshot, close, each
returning Happenings), plus ``accept``: a side takes the other side's offer. Pure:
time comes in with each call, so the recorded events rebuild it exactly.
"""

from __future__ import annotations

from typing import Any

from negosim import events as ev
from negosim.analysis.context import Context
from negosim.engine.negotiation import CandidateTurn
from negosim.engine.phrasing import describe_terms
from negosim.engine.utility import Terms
from negosim.events import Happening
from negosim.scenario.loader import LoadedScenario
from negosim.vocabulary import Side

PHASE = "bargaining"
MILESTONES = (0.5, 0.8)  # share of the time gone at which the room is told what is left


def other(side: str) -> str:
    return Side(side).other


class Facilitator:
    """Keeps each side's terms on the table, announces the time, ends on a deal or the clock."""

    def __init__(self, loaded: LoadedScenario, seed: int, duration_s: float) -> None:
        self.loaded = loaded
        self.scenario = loaded.scenario
        self.seed = seed
        self.duration_s = float(duration_s)
        self.state = "opening"
        self.table: dict[str, Terms] = {side: {} for side in Side}
        self.last_offer: dict[str, Terms] = {side: {} for side in Side}
        self.agreed: Terms = {}
        self.announced: list[float] = []

    @property
    def over(self) -> bool:
        return self.state in ("deal", "no_deal", "timeout")

    def _move(self, dest: str, trigger: str) -> Happening:
        source, self.state = self.state, dest
        return Happening(ev.STATE_CHANGED, {"source": source, "dest": dest, "trigger": trigger})

    def open(self) -> list[Happening]:
        """The negotiation starts: the teams talk, the table is empty."""
        return [self._move(PHASE, "start")] if self.state == "opening" else []

    def hear(self, turn: CandidateTurn) -> list[Happening]:
        """A team's turn: if it proposes terms, they go on the table for that side."""
        if self.over:
            return []
        offer = turn.analysis.stated()
        if not offer:
            return []
        side = Side(turn.side) if turn.side in tuple(Side) else Side.LEARNER
        self.table[side].update(offer)
        self.last_offer[side] = dict(self.table[side])
        return [
            Happening(
                ev.TERMS, {"by": side, "terms": dict(offer), "table": self._table()}, ev.SYSTEM
            )
        ]

    def offer_to(self, side: str) -> Terms:
        """The terms the other side has on the table for ``side`` to accept (empty: none)."""
        return dict(self.last_offer[other(side)])

    def accept(self, side: str) -> list[Happening]:
        """``side`` accepts the other side's latest offer: a deal on those terms, or nothing
        if the other side has not proposed any."""
        terms = self.last_offer[other(side)]
        if self.over or not terms:
            return []
        self.agreed = dict(terms)
        return [self._move("deal", "accept"), self._ended("deal", "accepted", side)]

    def clock(self, elapsed_s: float) -> list[Happening]:
        """Time milestones as they pass; at the deadline the run ends in a time-out."""
        if self.over or self.state == "opening":
            return []
        out = []
        for share in MILESTONES:
            if share not in self.announced and elapsed_s >= share * self.duration_s:
                self.announced.append(share)
                if elapsed_s < self.duration_s:
                    left = round(self.duration_s - share * self.duration_s)
                    out.append(Happening(ev.CLOCK_MILESTONE, {"remaining_s": left}))
        if elapsed_s >= self.duration_s:
            out += [self._move("timeout", "expire"), self._ended("timeout", "clock")]
        return out

    def finish(self, reason: str = "stopped", by: str | None = None) -> list[Happening]:
        """A side walks away (``by``), or the room goes idle: no deal."""
        if self.over:
            return []
        return [self._move("no_deal", "stop"), self._ended("no_deal", reason, by)]

    def _ended(self, outcome: str, reason: str, by: str | None = None) -> Happening:
        terms = dict(self.agreed) if outcome == "deal" else None
        payload: dict[str, Any] = {
            "outcome": outcome,
            "reason": reason,
            "terms": terms,
            "summary": describe_terms(self.scenario, terms) if terms else "",
        }
        if by:
            payload["by"] = by
        return Happening(ev.RUN_ENDED, payload)

    def context(self, side: str = "learner", previous: str | None = None) -> Context:
        """A team's turn is read against its own terms and the other team's last offer."""
        side = Side(side) if side in tuple(Side) else Side.LEARNER
        speaker = "candidate" if side == Side.LEARNER else "counterpart"
        mine, theirs = self.table[side], self.last_offer[other(side)]
        return Context.of(self.scenario, speaker, mine, theirs, previous)

    def _table(self) -> dict[str, Any]:
        return {side: dict(terms) for side, terms in self.table.items()}

    def snapshot(self) -> dict[str, Any]:
        """The live state clients show, shaped like ``Negotiation.snapshot``."""
        return {
            "phase": self.state,
            "table": self._table(),
            "agreed": dict(self.agreed),
            "revealed": [],
            "raised": [],
            "resolved": {},
            "pending_objection": None,
        }

    def close(self) -> None:
        """Nothing shared to let go of (``Negotiation`` detaches from its machine)."""
