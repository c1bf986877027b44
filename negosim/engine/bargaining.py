"""Bargaining: the candidate's terms weighed, the counterpart's next bid, accept or walk.

Per-issue limits are walls for what the counterpart proposes or agrees to, never
for how it reads the candidate: a package is judged on its overall value, every
step towards its wishes counts as moving (even far past a limit), and its own
bids concede towards the candidate's asks brought back inside its limits.
A mixin of ``Negotiation``: it reads and writes the run's memory.
"""

from __future__ import annotations

from typing import Any

from negosim import events as ev
from negosim.analysis.model import Analysis
from negosim.engine.limits import came_closer, clamp, stretched_utility
from negosim.engine.memory import Memory
from negosim.engine.tactics import HAGGLING_BIDS, mixed_target, trade_off_bid
from negosim.engine.utility import Terms, best_terms
from negosim.events import Happening
from negosim.scenario.model import Behaviour, CategoricalPreference, Scenario, Tactic

TRADE_CREDIT = 0.1  # share of the clock each conditional concession brings the floor nearer
LATE = 0.8  # past this share of the time, the clock alone moves the counterpart
RECIPROCITY = 0.5  # share of a conditional concession given back, at least


class Bargaining:
    """The counterpart's moves on the terms."""

    scenario: Scenario
    behaviour: Behaviour
    tactic: Tactic
    memory: Memory
    t: float
    decision: str | None
    bid_target: float
    _out: list[Happening]

    def _package(self) -> Terms:
        """The learner's latest values over the counterpart's own latest proposal."""
        base = dict(self.memory.own_terms or best_terms(self.scenario, "counterpart"))
        base.update(self.memory.learner_terms)
        return base

    def _take_offer(self, offer: Terms, a: Analysis) -> float:
        """Record what the learner proposed; returns how much it gave the counterpart."""
        m, s = self.memory, self.scenario
        before = self._package() if m.learner_terms else None
        m.learner_terms.update(offer)
        after = self._package()
        gain = 0.0
        m.candidate_moved = before is not None and came_closer(s, "counterpart", before, after)
        if before is not None:
            gain = stretched_utility(s, "counterpart", after) - stretched_utility(
                s, "counterpart", before
            )
        if gain > 0.005:
            if a.has("concession.conditional"):
                m.conditional += 1
            else:
                m.unilateral += 1
        self._out.append(
            Happening(
                ev.TERMS, {"by": "learner", "terms": dict(offer), "table": self._table()}, ev.SYSTEM
            )
        )
        return gain

    def _table(self) -> dict[str, Any]:
        return {
            "learner": dict(self.memory.learner_terms),
            "counterpart": dict(self.memory.own_terms),
        }

    def _floor(self) -> float:
        ru = self.scenario.sides["counterpart"].reservation_utility
        firmness = self.tactic.firmness
        buffer = 0.0 if self.t >= 0.9 else 0.12 * firmness * (1 - self.memory.persuasion)
        # Where rapport comes first, talking figures before getting acquainted costs:
        # the counterpart keeps more margin for the rest of the run.
        rushed = min(self.memory.rushed, 2) * 0.03 * (self.behaviour.rapport or 0.0)
        return min(1.0, ru + buffer + rushed)

    def _target(self, their_gain: float) -> float:
        """What it asks for now: the clock (nearer for a trader), less what it gives back."""
        m = self.memory
        last = m.targets[-1] if m.targets else None
        # A culture's taste for bargaining shapes the opening moves only; after them
        # the scenario's own tactic takes over (hagglers catch up in bigger steps).
        early = len(m.targets) < HAGGLING_BIDS
        tactic = self.tactic if early else self.scenario.profile.tactic
        clock = min(1.0, self.t + TRADE_CREDIT * m.conditional)  # trading brings it nearer
        target = mixed_target(clock, tactic, 1.0, self._floor(), last, their_gain)
        if their_gain > 0 and last is not None:  # a conditional step earns one back
            target = max(self._floor(), min(target, last - RECIPROCITY * their_gain))
        return target

    def _next_bid(self, their_gain: float, hold: bool) -> Terms:
        """The package it proposes: as near the candidate's asks as its target allows.

        It holds by keeping its target (not the utility of its last bid), so what the
        candidate gave on one issue is traded back on another, never hoarded.
        """
        m = self.memory
        if hold and m.targets:
            target = m.targets[-1]
        else:
            target = self._target(their_gain)
        self.bid_target = target
        start = m.own_terms or best_terms(self.scenario, "counterpart")
        return trade_off_bid(self.scenario, "counterpart", start, self._reference(), target)

    def _reference(self) -> Terms:
        """Where to concede towards: the learner's asks inside its limits, else its limits.

        An option nobody asked about is not given away: a categorical issue the
        learner has not named stays where the counterpart put it.
        """
        ref: Terms = {}
        for issue in self.scenario.issues:
            if issue.id in self.memory.learner_terms:
                ref[issue.id] = clamp(issue, "counterpart", self.memory.learner_terms[issue.id])
                continue
            pref = issue.preference("counterpart")
            if not isinstance(pref, CategoricalPreference):
                ref[issue.id] = pref.reservation
        return ref
