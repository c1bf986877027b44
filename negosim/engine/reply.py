"""Replying: the counterpart's words for what it decided, and the end of a run.

A mixin of ``Negotiation``: it reads the run's memory and decision.
"""

from __future__ import annotations

from negosim import events as ev
from negosim.analysis.model import Analysis
from negosim.engine.limits import breaches
from negosim.engine.memory import Memory
from negosim.engine.phrasing import Phrasebook, describe_terms, format_value
from negosim.engine.utility import Terms, utility
from negosim.events import Happening
from negosim.scenario.model import Behaviour, Issue, Objection, Scenario


class Replying:
    """What the counterpart says."""

    scenario: Scenario
    behaviour: Behaviour
    memory: Memory
    phrases: Phrasebook
    turn_no: int
    decision: str | None
    asked_for_proposal: bool
    bid_target: float
    _out: list[Happening]

    def _line(self, intent: str, terms: Terms | None = None, **slots: str) -> tuple[str, str]:
        return intent, self.phrases.say(intent, self.turn_no, terms, **slots)

    def _limit_line(self, issue: Issue, limit: float) -> tuple[str, str]:
        """A wall, explained: the issue and the value it will not go past."""
        value = format_value(issue, limit, self.scenario.language)
        return self._line("limit", issue=issue.label, value=value)

    def _respond(
        self, a: Analysis, bid: Terms | None, raised: Objection | None, said: list[str]
    ) -> list[tuple[str, str]]:
        """The move in words; ``said`` are the intents already in this reply (one stance)."""
        m = self.memory
        if self.decision == "walk":
            return [self._line("past_limit"), self._line("walk_away")]
        if self.decision == "confirm":
            parts = [self._line("confirm_deal", m.agreed)]
            if self.behaviour.decision in ("needs_approval", "consensus"):
                parts.append(self._line("need_approval"))
            return parts
        collective = self.behaviour.decision in ("needs_approval", "consensus")
        if self.decision == "accept":
            if collective and not m.referred:  # a yes that is not hers alone says so
                m.referred = True
                return [self._line("head_office"), self._line("accept", m.agreed)]
            return [self._line("accept", m.agreed)]
        if self.decision not in ("counter", "reopen", "restate") or bid is None:
            return []
        if raised and not self.asked_for_proposal:  # asked, it proposes, objection or not
            return []
        previous = dict(m.own_terms)
        m.own_terms = dict(bid)
        m.own_utilities.append(utility(self.scenario, "counterpart", bid))
        m.targets.append(self.bid_target if self.decision != "restate" else m.targets[-1])
        self._out.append(
            Happening(
                ev.TERMS,
                {"by": "counterpart", "terms": dict(bid), "table": self._table()},
                ev.COUNTERPART,
            )
        )
        parts = []
        crossed = breaches(self.scenario, "counterpart", self._package())
        against = m.learner_terms and self.decision != "restate"
        direct = (self.behaviour.refusal_directness or 0.5) >= 0.5
        refusal = "refuse_direct" if direct else "refuse_indirect"
        # The "no" and the wall are said while they have a line not said lately; after
        # that the move (or the hold) speaks for itself rather than repeat them.
        fresh = self.phrases.fresh
        if against and "objection_resolved" not in said and fresh(refusal, self.turn_no):
            parts.append(self._line(refusal))
        if crossed and against and fresh("limit", self.turn_no):
            parts.append(self._limit_line(*crossed[0]))
        if len(m.own_utilities) == 2 and collective and not m.referred:
            m.referred = True
            parts.append(self._line("head_office"))  # collective decisions show early
        changes = {k: v for k, v in bid.items() if previous.get(k) != v}
        conditional = a.has("concession.conditional")
        if not previous and not (m.learner_terms and conditional):
            return [*parts, self._line("open_offer", bid)]
        if self.decision == "restate":
            return [*parts, self._line("restate", bid)]
        if changes:
            intent = "reciprocate" if conditional else "concede"
            what = describe_terms(self.scenario, changes)
            return [*parts, self._line(intent, changes=what)]
        if "objection_resolved" in said:
            return parts  # a point granted and "no move" in one breath would contradict
        chain = ["pocket", "hold"] if m.candidate_moved else ["hold"]
        intent = next((i for i in chain if fresh(i, self.turn_no)), chain[0])
        return [*parts, self._line(intent)]

    def _fallback(self, a: Analysis) -> tuple[str, str]:
        """Nothing else to say: the first fitting intent that has a line not said lately."""
        state = self.state  # type: ignore[attr-defined]
        demand = self.behaviour.proof_demand or 0.5
        chain: list[str] = []
        if a.has("question.open"):
            chain.append("answer_open")
        if a.has("question.closed"):
            chain.append("answer_closed")
        if a.has("argument") and not a.has("proof") and demand >= 0.6:
            chain.append("ask_proof")
        if a.has("argument", "proof"):
            chain.append("acknowledge_argument")
        if state in ("discovery", "argumentation") and self.turn_no >= 3:
            chain.append("ask_offer")
        chain += ["redirect", "filler"]
        fresh = [i for i in chain if self.phrases.fresh(i, self.turn_no)]
        return self._line((fresh or chain)[0])

    # -- output -----------------------------------------------------------------

    def _say(self, parts: list[tuple[str, str]]) -> None:
        text = " ".join(p for _, p in parts if p)
        self._out.append(
            Happening(
                ev.TURN,
                {
                    "speaker": ev.COUNTERPART,
                    "side": "counterpart",
                    "name": self.scenario.sides["counterpart"].role,
                    "text": text,
                    "lang": self.scenario.language,
                    "intents": [i for i, _ in parts],
                    "phase": self.state,  # type: ignore[attr-defined]
                },
                ev.COUNTERPART,
            )
        )

    def _end(self, outcome: str, reason: str) -> None:
        terms = dict(self.memory.agreed) if outcome == "deal" else None
        self._out.append(
            Happening(
                ev.RUN_ENDED,
                {
                    "outcome": outcome,
                    "reason": reason,
                    "terms": terms,
                    "summary": describe_terms(self.scenario, terms) if terms else "",
                },
            )
        )
