"""Listening: hidden needs revealed to questions, objections raised, answered or dropped.

A mixin of ``Negotiation``: it reads and writes the run's memory and phase. What a turn
names of the scenario's words comes from its analysis (``Analysis.heard``).
"""

from __future__ import annotations

from negosim import events as ev
from negosim.analysis.model import Analysis
from negosim.engine.memory import Memory
from negosim.engine.utility import Terms
from negosim.events import Happening
from negosim.scenario.model import Objection, Scenario


class Listening:
    """Needs and objections: what the counterpart hears beyond the figures."""

    scenario: Scenario
    memory: Memory
    turn_no: int
    t: float
    duration_s: float
    _out: list[Happening]

    def _reveal(self, a: Analysis) -> list[tuple[str, str]]:
        """A need the question reaches; a general question about needs earns the first one."""
        general = "needs" in a.asks
        for need in self.scenario.hidden_needs:
            if need.id in self.memory.revealed:
                continue
            if (general and not self.memory.revealed) or f"need:{need.id}" in a.heard:
                self.memory.revealed.append(need.id)
                self._out.append(Happening(ev.NEED_REVEALED, {"need": need.id}, ev.COUNTERPART))
                return [("reveal", need.line or need.fact)]
        return []

    def _judge_treatment(self, a: Analysis) -> list[tuple[str, str]]:
        m = self.memory
        objection = self._objection(m.pending_objection or "")
        cure = objection.resolved_by
        hits = sum(1 for act in cure.acts if a.has(act))
        hits += a.heard.get(f"cure:{objection.id}", 0)
        if hits >= cure.min_matches:
            return self._settle(objection, True)
        m.pending_attempts += 1
        if m.pending_attempts >= 2:
            return self._settle(objection, False)
        return [self._line("objection_insist")]

    def _settle(self, objection: Objection, resolved: bool) -> list[tuple[str, str]]:
        m = self.memory
        m.resolved[objection.id] = resolved
        m.pending_objection, m.pending_attempts = None, 0
        self._out.append(
            Happening(
                ev.OBJECTION_RESOLVED,
                {"objection": objection.id, "resolved": resolved},
                ev.COUNTERPART,
            )
        )
        self._fire("settle")
        if resolved:
            return [
                (
                    "objection_resolved",
                    objection.resolved_line or self.phrases.say("objection_resolved", self.turn_no),
                )
            ]
        return [self._line("objection_dropped")]

    def _objection(self, objection_id: str) -> Objection:
        return next(o for o in self.scenario.objections if o.id == objection_id)

    def _objection_for(
        self, a: Analysis, offer: Terms, accepting: bool = False
    ) -> Objection | None:
        """The first objection whose trigger fires; none about the offer she is accepting."""
        for obj in self.scenario.objections:
            if obj.id in self.memory.raised or (accepting and obj.trigger.offer):
                continue
            tr = obj.trigger
            checks: list[bool] = []
            if tr.phase:
                checks.append(self.state == tr.phase)  # type: ignore[attr-defined]
            if tr.after_min is not None:
                checks.append(self.t * self.duration_s >= tr.after_min * 60)
            if tr.acts:
                checks.append(a.has(*tr.acts))
            if tr.topics:
                checks.append(f"objection:{obj.id}" in a.heard)
            if tr.offer:
                value = offer.get(tr.offer.issue)
                crossed = value is not None and (
                    (tr.offer.above is not None and float(value) > tr.offer.above)
                    or (tr.offer.below is not None and float(value) < tr.offer.below)
                )
                checks.append(crossed)
            if checks and all(checks):
                return obj
        return None

    def _raise(self, obj: Objection) -> tuple[str, str]:
        self.memory.raised.append(obj.id)
        self.memory.pending_objection = obj.id
        self._out.append(Happening(ev.OBJECTION_RAISED, {"objection": obj.id}, ev.COUNTERPART))
        self._fire("raise_objection")
        return "objection", self.phrases.pick(obj.lines, self.turn_no, f"objection:{obj.id}")
