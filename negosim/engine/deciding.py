"""What the counterpart does with the terms this turn: accept, counter, hold, walk.

A mixin of ``Negotiation`` on top of ``Bargaining``; sets ``decision`` and returns
the bid to put on the table, if any.
"""

from __future__ import annotations

from negosim.analysis.model import Analysis
from negosim.engine.bargaining import LATE, Bargaining
from negosim.engine.limits import breaches
from negosim.engine.utility import Terms, utility


class Deciding(Bargaining):
    state: str
    asked_for_proposal: bool

    def _decide(self, a: Analysis, offer: Terms, moved: float) -> Terms | None:
        """Set ``self.decision`` and return the counter-offer, if there is one.

        ``moved`` is what the learner's new offer gave the counterpart; only a
        conditional concession earns reciprocity, a unilateral one is pocketed
        (it holds), and neither is ever punished by a walk-out.
        """
        m = self.memory
        conditional = a.has("concession.conditional")
        their_gain = moved if conditional else 0.0
        if self.state == "closing" and m.agreed:
            if offer and any(m.agreed.get(k) != v for k, v in offer.items()):
                self.decision = "reopen"
                return self._next_bid(their_gain, hold=False)
            if a.has("agreement", "closing") and not a.has("refusal", "objection"):
                self.decision = "confirm"
            return None
        if not offer and m.own_terms and a.has("agreement") and not a.has("refusal", "objection"):
            self.decision = "accept"  # the learner takes the counterpart's last proposal
            m.learner_terms.update(m.own_terms)
            m.agreed = dict(m.own_terms)
            return None
        if not offer:
            if not (self.asked_for_proposal or (a.has("closing") and m.learner_terms)):
                return None
            if not m.own_terms:
                self.decision = "counter"  # asked first, it anchors
                return self._next_bid(0.0, hold=False)
            self.decision = "restate"
            return dict(m.own_terms)
        package = self._package()
        crossed = breaches(self.scenario, "counterpart", package)
        if m.candidate_moved:
            m.not_moving = 0
        elif crossed and self.t >= 0.3:
            m.not_moving += 1  # still beyond a limit and not moving
        if crossed:
            patience = int(2 + 3 * (self.behaviour.patience or 0.5))
            late_threat = a.has("threat") and self.t >= 0.5 and not m.candidate_moved
            if m.not_moving > patience or late_threat:
                self.decision = "walk"
                return None
        pocketed = m.candidate_moved and not conditional
        idle = not m.candidate_moved and self.t < LATE
        bid = self._next_bid(their_gain, hold=bool(m.own_terms) and (pocketed or idle))
        u_package = utility(self.scenario, "counterpart", package)
        # Worth what it would settle for now (or its next bid, if lower): a yes, whatever
        # the issue it gives on. She anchors before she accepts: a first offer is countered.
        settle = min(utility(self.scenario, "counterpart", bid), self._target(their_gain))
        if not crossed and m.own_terms and u_package >= max(settle, self._floor()) - 1e-9:
            self.decision = "accept"
            m.agreed = package
            return None
        self.decision = "counter"
        return bid
