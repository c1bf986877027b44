"""The counterpart in one run: hears candidate turns, answers, moves through the phases.

Pure: no clock, database or socket. Time comes in with each turn, so the same
scenario, seed and turns always give the same answers (runs replay exactly).
"""

from __future__ import annotations

from typing import Any

from negosim import events as ev
from negosim.analysis.context import Context
from negosim.analysis.model import BUSINESS_ACTS
from negosim.engine.answering import Answering
from negosim.engine.deciding import Deciding
from negosim.engine.listening import Listening
from negosim.engine.machine import ENDS, MACHINES, MachineCache
from negosim.engine.memory import Memory
from negosim.engine.phrasing import Phrasebook
from negosim.engine.reply import Replying
from negosim.engine.tactics import with_haggling
from negosim.engine.turns import CandidateTurn, candidate_terms
from negosim.events import Happening
from negosim.scenario.loader import LoadedScenario

__all__ = ["CandidateTurn", "Memory", "Negotiation"]


class Negotiation(Listening, Answering, Deciding, Replying):
    """A ``transitions`` model: its ``state`` is the phase of the run."""

    def __init__(
        self,
        loaded: LoadedScenario,
        seed: int,
        duration_s: float,
        machines: MachineCache = MACHINES,
        state: str = "opening",
    ) -> None:
        self.loaded = loaded
        self.scenario = loaded.scenario
        self.behaviour = loaded.behaviour
        self.tactic = with_haggling(self.scenario.profile.tactic, self.behaviour.haggling)
        self.seed = seed
        self.duration_s = float(duration_s)
        self.memory = Memory()
        self.turn_no = 0
        self.t = 0.0
        self.decision: str | None = None
        self.asked_for_proposal = False
        self.bid_target = 1.0
        self.phrases = Phrasebook(self.scenario, seed)
        self._out: list[Happening] = []
        self._machines = machines
        self._machine = machines.get(loaded.digest, self.scenario)
        machines.attach(self._machine, self, initial=state)

    # -- lifecycle --------------------------------------------------------------

    @property
    def over(self) -> bool:
        return self.state in ENDS  # type: ignore[attr-defined]

    @property
    def rapport_needed(self) -> int:
        return round((self.behaviour.rapport or 0.0) * 4)

    def close(self) -> None:
        """Detach from the shared machine so the run can be garbage-collected."""
        self._machines.detach(self._machine, self)

    def _fire(self, trigger: str) -> None:
        """Fire a trigger if the current phase has a transition for it."""
        if trigger in self._machine.get_triggers(self.state):  # type: ignore[attr-defined]
            self.trigger(trigger)  # type: ignore[attr-defined]

    def on_state_change(self, event: Any) -> None:
        self._out.append(
            Happening(
                ev.STATE_CHANGED,
                {
                    "source": event.transition.source,
                    "dest": event.transition.dest,
                    "trigger": event.event.name,
                },
            )
        )

    def open(self) -> list[Happening]:
        """The counterpart's first words when the negotiation starts."""
        self._out = []
        self._say([("greeting", self.phrases.say("greeting", 0))])
        return self._flush()

    def clock(self, elapsed_s: float) -> list[Happening]:
        """Called as time passes: at the deadline the run ends in a time-out."""
        self._out = []
        if not self.over and elapsed_s >= self.duration_s:
            self._fire("expire")
            self._say([("timeout", self.phrases.say("timeout", self.turn_no + 1))])
            self._end("timeout", "clock")
        return self._flush()

    def finish(self, reason: str = "stopped") -> list[Happening]:
        """The room's owner ends the run."""
        self._out = []
        if not self.over:
            self._fire("stop")
            self._end("no_deal", reason)
        return self._flush()

    # -- one candidate turn -----------------------------------------------------

    def hear(self, turn: CandidateTurn) -> list[Happening]:
        """Everything the counterpart does in answer to one candidate turn."""
        self._out = []
        if self.over:
            return []
        self.turn_no += 1
        self.t = min(1.0, max(0.0, turn.elapsed_s / self.duration_s))
        self.decision = None
        a, m = turn.analysis, self.memory
        parts: list[tuple[str, str]] = []
        m.acts.update(a.acts)
        if a.has("proof"):
            m.proofs += 1
        offer = candidate_terms(self.scenario, turn)
        self.asked_for_proposal = a.is_question and (
            a.has("offer", "closing") or "proposal" in a.asks
        )
        taking = a.has("agreement") and bool(m.own_terms)  # she takes the last proposal
        business = a.has(*BUSINESS_ACTS) or bool(offer) or self.asked_for_proposal or taking
        if a.has("small_talk"):
            m.rapport_turns += 1
        if business:
            m.business_turns += 1

        if self.state == "opening":  # type: ignore[attr-defined]
            if a.has("small_talk"):
                parts.append(self._line("small_talk"))
            elif (
                business
                and m.rapport_turns < self.rapport_needed
                and (self.behaviour.rapport or 0) >= 0.5
            ):
                m.rushed += 1
                if m.rushed == 1 or not self.asked_for_proposal:  # asked twice, it answers
                    parts.append(self._line("rapport_first"))
        if a.has("threat"):
            m.threats += 1
            parts.append(self._line("threat_response"))
        if self.behaviour.formality == "formal" and a.address == "tu":
            m.familiar += 1
            if m.familiar == 1:  # said once, politely; the scorer notes the rest
                parts.append(self._line("formality_remark"))
        if a.is_question:
            parts.extend(self._reveal(a))
            if not offer:
                parts.extend(self._answer(a))
        if m.pending_objection:
            parts.extend(self._judge_treatment(a))

        m.candidate_moved = False
        moved = self._take_offer(offer, a) if offer else 0.0
        # Where rapport comes first, a rushed turn gets that answer and no move (one stance).
        deferred = any(intent == "rapport_first" for intent, _ in parts)
        bid = None if deferred else self._decide(a, offer, moved)
        raised = None
        if self.decision == "confirm" and not m.pending_objection:
            # A last reservation before signing (a committee, a founder) comes before the yes.
            raised = self._objection_for(a, {}, accepting=True)
            if raised:
                self.decision = None
                parts.append(self._raise(raised))
        self._fire("progress")
        for _ in range(3):  # terms acceptable in an early phase: on to closing, as the flow goes
            if self.decision != "accept" or self.state in ("closing", *ENDS):  # type: ignore[attr-defined]
                break
            self._fire("progress")

        if not m.pending_objection and not self.over and self.decision not in ("confirm", "walk"):
            raised = self._objection_for(
                a, {**a.required(), **offer}, accepting=self.decision == "accept"
            )
            if raised:
                parts.append(self._raise(raised))
        parts.extend(self._respond(a, bid, raised, [i for i, _ in parts]))
        if not parts:
            parts.append(self._fallback(a))
        self._say(parts)
        if self.decision == "walk":
            self._fire("walk_away")
            self._end("no_deal", "walk_away")
        elif self.state == "deal":  # type: ignore[attr-defined]
            self._end("deal", "agreement")
        return self._flush()

    def _flush(self) -> list[Happening]:
        out, self._out = self._out, []
        return out

    def context(self, side: str = "learner", previous: str | None = None) -> Context:
        """What a turn of ``side`` is read against: the issues and both sides' terms."""
        mine, theirs = self.memory.learner_terms, self.memory.own_terms
        if side != "learner":
            mine, theirs = theirs, mine
        speaker = "candidate" if side == "learner" else "counterpart"
        return Context.of(self.scenario, speaker, mine, theirs, previous)

    def snapshot(self) -> dict[str, Any]:
        """The live state clients show: phase, table, revealed needs, objections."""
        m = self.memory
        return {
            "phase": self.state,  # type: ignore[attr-defined]
            "table": self._table(),
            "agreed": dict(m.agreed),
            "revealed": list(m.revealed),
            "raised": list(m.raised),
            "resolved": dict(m.resolved),
            "pending_objection": m.pending_objection,
        }
