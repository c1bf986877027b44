"""The counterpart in one run: hears candidate turns, answers, moves through the phases.

Pure: no clock, database or socket. Time comes in with each turn, so the same
scenario, seed and turns always give the same answers (runs replay exactly).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from negosim import events as ev
from negosim.analysis.context import Context
from negosim.analysis.model import Analysis
from negosim.engine.machine import ENDS, MACHINES, MachineCache
from negosim.engine.phrasing import Phrasebook, describe_terms
from negosim.engine.tactics import HAGGLING_BIDS, mixed_target, trade_off_bid, with_haggling
from negosim.engine.utility import Terms, acceptable_on_issue, best_terms, utility
from negosim.events import Happening
from negosim.scenario.loader import LoadedScenario
from negosim.scenario.model import CategoricalPreference, Objection

BUSINESS_ACTS = (
    "offer",
    "argument",
    "proof",
    "need",
    "objection",
    "concession",
    "concession.conditional",
    "closing",
)


def _mentions(lowered: str, keyword: str) -> bool:
    """A keyword at the start of a word: "iso" is not in "livraison", "délai" is in "délais"."""
    return re.search(rf"(?<!\w){re.escape(keyword.lower())}", lowered) is not None


@dataclass(frozen=True)
class CandidateTurn:
    text: str
    analysis: Analysis
    elapsed_s: float
    speaker: str = "learner"
    side: str = "learner"  # the speaking member's side (team against team: either)


@dataclass
class Memory:
    """What the counterpart remembers of the run so far."""

    acts: Counter[str] = field(default_factory=Counter)
    rapport_turns: int = 0
    business_turns: int = 0
    rushed: int = 0
    revealed: list[str] = field(default_factory=list)
    raised: list[str] = field(default_factory=list)
    resolved: dict[str, bool] = field(default_factory=dict)
    pending_objection: str | None = None
    pending_attempts: int = 0
    learner_terms: Terms = field(default_factory=dict)
    own_terms: Terms = field(default_factory=dict)
    own_utilities: list[float] = field(default_factory=list)
    agreed: Terms = field(default_factory=dict)
    unilateral: int = 0
    conditional: int = 0
    threats: int = 0
    past_limit: int = 0
    proofs: int = 0
    familiar: int = 0  # turns that said « tu » to a counterpart whose culture is formal

    def count(self, act: str) -> int:
        return self.acts[act]

    @property
    def persuasion(self) -> float:
        """0 to 1: how far good answers and proof have moved the counterpart."""
        settled = sum(1 for ok in self.resolved.values() if ok)
        return min(1.0, (settled + self.proofs / 2) / 3)


class Negotiation:
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
        a, text, m = turn.analysis, turn.text, self.memory
        parts: list[tuple[str, str]] = []
        m.acts.update(a.acts)
        if a.has("proof"):
            m.proofs += 1
        offer = a.stated()
        business = a.has(*BUSINESS_ACTS) or bool(offer)
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
                parts.append(self._line("rapport_first"))
        if a.has("threat"):
            m.threats += 1
            parts.append(self._line("threat_response"))
        if self.behaviour.formality == "formal" and a.address == "tu":
            m.familiar += 1
            if m.familiar == 1:  # said once, politely; the scorer notes the rest
                parts.append(self._line("formality_remark"))
        if a.is_question:
            parts.extend(self._reveal(text))
        if m.pending_objection:
            parts.extend(self._judge_treatment(a, text))

        moved = self._take_offer(offer, a) if offer else 0.0
        bid = self._decide(a, offer, moved)
        self._fire("progress")

        raised = None
        if not m.pending_objection and not self.over and self.decision not in ("confirm", "walk"):
            raised = self._objection_for(
                a, text, {**a.required(), **offer}, accepting=self.decision == "accept"
            )
            if raised:
                parts.append(self._raise(raised))
        parts.extend(self._respond(a, bid, raised))
        if not parts:
            parts.append(self._fallback(a))
        self._say(parts)
        if self.decision == "walk":
            self._fire("walk_away")
            self._end("no_deal", "walk_away")
        elif self.state == "deal":  # type: ignore[attr-defined]
            self._end("deal", "agreement")
        return self._flush()

    # -- parts of a turn --------------------------------------------------------

    def _line(self, intent: str, terms: Terms | None = None) -> tuple[str, str]:
        return intent, self.phrases.say(intent, self.turn_no, terms)

    def _reveal(self, text: str) -> list[tuple[str, str]]:
        lowered = text.lower()
        for need in self.scenario.hidden_needs:
            if need.id in self.memory.revealed:
                continue
            if any(_mentions(lowered, k) for k in need.reveal_if):
                self.memory.revealed.append(need.id)
                self._out.append(Happening(ev.NEED_REVEALED, {"need": need.id}, ev.COUNTERPART))
                return [("reveal", need.line or need.fact)]
        return []

    def _judge_treatment(self, a: Analysis, text: str) -> list[tuple[str, str]]:
        m = self.memory
        objection = self._objection(m.pending_objection or "")
        cure = objection.resolved_by
        lowered = text.lower()
        hits = sum(1 for act in cure.acts if a.has(act))
        hits += sum(1 for k in cure.keywords if k.lower() in lowered)
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
        self, a: Analysis, text: str, offer: Terms, accepting: bool = False
    ) -> Objection | None:
        """The first objection whose trigger fires; none about the offer she is accepting."""
        lowered = text.lower()
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
                checks.append(any(_mentions(lowered, k) for k in tr.topics))
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

    # -- bargaining -------------------------------------------------------------

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

    def context(self, side: str = "learner", previous: str | None = None) -> Context:
        """What a turn of ``side`` is read against: the issues and both sides' terms."""
        mine, theirs = self.memory.learner_terms, self.memory.own_terms
        if side != "learner":
            mine, theirs = theirs, mine
        speaker = "candidate" if side == "learner" else "counterpart"
        return Context.of(self.scenario, speaker, mine, theirs, previous)

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

    def _flush(self) -> list[Happening]:
        out, self._out = self._out, []
        return out

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
