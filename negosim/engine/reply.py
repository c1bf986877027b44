"""Replying: the counterpart's words for what it decided, and the end of a run.

A mixin of ``Negotiation``: it reads the run's memory and decision.
"""

from __future__ import annotations

from negosim import events as ev
from negosim.analysis.model import Analysis
from negosim.engine.memory import Memory
from negosim.engine.phrasing import Phrasebook, describe_terms
from negosim.engine.utility import Terms, utility
from negosim.events import Happening
from negosim.scenario.model import Behaviour, Objection, Scenario


class Replying:
    """What the counterpart says."""

    scenario: Scenario
    behaviour: Behaviour
    memory: Memory
    phrases: Phrasebook
    turn_no: int
    decision: str | None
    _out: list[Happening]

    def _line(self, intent: str, terms: Terms | None = None) -> tuple[str, str]:
        return intent, self.phrases.say(intent, self.turn_no, terms)

    def _respond(
        self, a: Analysis, bid: Terms | None, raised: Objection | None
    ) -> list[tuple[str, str]]:
        m = self.memory
        if self.decision == "walk":
            return [self._line("past_limit"), self._line("walk_away")]
        if self.decision == "confirm":
            parts = [self._line("confirm_deal", m.agreed)]
            if self.behaviour.decision in ("needs_approval", "consensus"):
                parts.append(self._line("need_approval"))
            return parts
        if self.decision == "accept":
            return [self._line("accept", m.agreed)]
        if self.decision in ("counter", "reopen") and bid is not None and raised is None:
            first = not m.own_terms
            m.own_terms = dict(bid)
            m.own_utilities.append(utility(self.scenario, "counterpart", bid))
            self._out.append(
                Happening(
                    ev.TERMS,
                    {"by": "counterpart", "terms": dict(bid), "table": self._table()},
                    ev.COUNTERPART,
                )
            )
            parts = []
            if self._past_limit(self._package()) and m.past_limit >= 2:
                parts.append(self._line("past_limit"))
            elif m.learner_terms:
                direct = (self.behaviour.refusal_directness or 0.5) >= 0.5
                parts.append(self._line("refuse_direct" if direct else "refuse_indirect"))
            if len(m.own_utilities) == 2 and self.behaviour.decision in (
                "needs_approval",
                "consensus",
            ):
                parts.append(self._line("head_office"))  # collective decisions show early
            if first and not m.learner_terms:
                intent = "open_offer"
            elif (
                m.unilateral
                and a.has("offer", "concession")
                and not a.has("concession.conditional")
            ):
                intent = "counter_after_unilateral"
            elif a.has("concession.conditional"):
                intent = "reciprocate"
            else:
                intent = "counter"
            parts.append(self._line(intent, bid))
            return parts
        return []

    def _fallback(self, a: Analysis) -> tuple[str, str]:
        state = self.state  # type: ignore[attr-defined]
        demand = self.behaviour.proof_demand or 0.5
        if a.has("question.open"):
            return self._line("answer_open")
        if a.has("question.closed"):
            return self._line("answer_closed")
        if a.has("argument") and not a.has("proof") and demand >= 0.6:
            return self._line("ask_proof")
        if a.has("argument", "proof"):
            return self._line("acknowledge_argument")
        if state in ("discovery", "argumentation") and self.turn_no >= 3:
            return self._line("ask_offer")
        return self._line("filler")

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
