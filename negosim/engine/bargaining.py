"""Bargaining: the candidate's terms weighed, the counterpart's next bid, accept or walk.

A mixin of ``Negotiation``: it reads and writes the run's memory.
"""

from __future__ import annotations

from typing import Any

from negosim import events as ev
from negosim.analysis.model import Analysis
from negosim.engine.memory import Memory
from negosim.engine.tactics import HAGGLING_BIDS, mixed_target, trade_off_bid
from negosim.engine.utility import Terms, acceptable_on_issue, best_terms, utility
from negosim.events import Happening
from negosim.scenario.model import Behaviour, CategoricalPreference, Scenario, Tactic


class Bargaining:
    """The counterpart's moves on the terms."""

    scenario: Scenario
    behaviour: Behaviour
    tactic: Tactic
    memory: Memory
    t: float
    decision: str | None
    _out: list[Happening]

    def _package(self) -> Terms:
        """The learner's latest values over the counterpart's own latest proposal."""
        base = dict(self.memory.own_terms or best_terms(self.scenario, "counterpart"))
        base.update(self.memory.learner_terms)
        return base

    def _take_offer(self, offer: Terms, a: Analysis) -> float:
        """Record what the learner proposed; returns how much it gave the counterpart."""
        m = self.memory
        before = utility(self.scenario, "counterpart", self._package()) if m.learner_terms else None
        m.learner_terms.update(offer)
        after = utility(self.scenario, "counterpart", self._package())
        gain = 0.0 if before is None else after - before
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

    def _next_bid(self, their_gain: float, hold: bool) -> Terms:
        m = self.memory
        last_own = m.own_utilities[-1] if m.own_utilities else None
        if hold and last_own is not None:
            target = last_own
        else:
            # A culture's taste for bargaining shapes the opening moves only; after them
            # the scenario's own tactic takes over (hagglers catch up in bigger steps).
            early = len(m.own_utilities) < HAGGLING_BIDS
            tactic = self.tactic if early else self.scenario.profile.tactic
            target = mixed_target(self.t, tactic, 1.0, self._floor(), last_own, their_gain)
        start = m.own_terms or best_terms(self.scenario, "counterpart")
        return trade_off_bid(self.scenario, "counterpart", start, self._reference(), target)

    def _reference(self) -> Terms:
        """Where to concede towards: the learner's asks, else the counterpart's own limits.

        An option nobody asked about is not given away: a categorical issue the
        learner has not named stays where the counterpart put it.
        """
        ref: Terms = {}
        for issue in self.scenario.issues:
            if issue.id in self.memory.learner_terms:
                ref[issue.id] = self.memory.learner_terms[issue.id]
                continue
            pref = issue.preference("counterpart")
            if not isinstance(pref, CategoricalPreference):
                ref[issue.id] = pref.reservation
        return ref

    def _past_limit(self, package: Terms) -> bool:
        return any(
            not acceptable_on_issue(self.scenario.issue(k), "counterpart", v)
            for k, v in package.items()
            if v is not None
        )

    def _decide(self, a: Analysis, offer: Terms, moved: float) -> Terms | None:
        """Set ``self.decision`` and return the counter-offer, if there is one.

        ``moved`` is what the learner's new offer gave the counterpart; only a
        conditional concession earns reciprocity, a unilateral one is pocketed.
        """
        m = self.memory
        their_gain = moved if a.has("concession.conditional") else 0.0
        state = self.state  # type: ignore[attr-defined]
        if state == "closing" and m.agreed:
            if offer and any(m.agreed.get(k) != v for k, v in offer.items()):
                self.decision = "reopen"
                return self._next_bid(their_gain, hold=False)
            if a.has("agreement", "closing") and not a.has("refusal", "objection"):
                self.decision = "confirm"
            return None
        if (
            not offer
            and m.own_terms
            and state == "bargaining"
            and a.has("agreement")
            and not a.has("refusal", "objection")
        ):
            self.decision = "accept"  # the learner takes the counterpart's last proposal
            m.learner_terms.update(m.own_terms)
            m.agreed = dict(m.own_terms)
            return None
        wants_offer = (
            a.is_question
            and a.has("offer", "closing")
            or (state == "bargaining" and a.has("refusal", "question.open", "question.closed"))
        )
        if not offer and not (a.has("closing") and m.learner_terms) and not wants_offer:
            return None
        package = self._package()
        if self._past_limit(package):
            if offer and moved <= 0 and self.t >= 0.3:
                m.past_limit += 1  # still beyond the limit and not moving
            patience = int(2 + 3 * (self.behaviour.patience or 0.5))
            if m.past_limit > patience or (a.has("threat") and self.t >= 0.5):
                self.decision = "walk"
                return None
            self.decision = "counter"
            return self._next_bid(their_gain, hold=bool(m.own_terms))
        hold = bool(offer) and moved > 0.005 and not a.has("concession.conditional")
        bid = self._next_bid(their_gain, hold=hold)
        u_package = utility(self.scenario, "counterpart", package)
        u_bid = utility(self.scenario, "counterpart", bid)
        # She anchors before she accepts: a first offer always gets a counter-offer.
        if m.own_terms and m.learner_terms and u_package >= max(u_bid, self._floor()) - 1e-9:
            self.decision = "accept"
            m.agreed = package
            return None
        self.decision = "counter"
        return bid
