"""Published automated negotiators (NegMAS) in the candidate's seat, against the counterpart.

The counterpart sits in a NegMAS mechanism behind ``Counterpart``, a negotiator that
turns each offer into a candidate turn (``Nous proposons : prix 640 € ; …``) and
reads its answer from the engine's events. For reference, the same agents also
play each other with the two sides' utilities: how often such agents agree, and
for how much, when the counterpart is one of them. NegMAS is a benchmark-only
dependency (``pip install -e .[bench]``).
"""

from __future__ import annotations

import math
from typing import Any

from negmas import ResponseType, make_issue, make_os
from negmas import sao as agents
from negmas.preferences import UtilityFunction

from negosim import events as ev
from negosim.engine import CandidateTurn, Negotiation
from negosim.engine.utility import Terms, grid, utility
from negosim.scenario.loader import LoadedScenario
from negosim.scenario.model import Scenario
from negosim.scripted.match import read_turn
from negosim.scripted.words import say

AGENTS = (
    "BoulwareTBNegotiator",
    "ConcederTBNegotiator",
    "LinearTBNegotiator",
    "NaiveTitForTatNegotiator",
    "AspirationNegotiator",
    "MiCRONegotiator",
)
STEPS = 20  # rounds, as many as a 30-minute run holds turns


MAX_OUTCOMES = 50_000  # beyond this, agents that sort the outcomes take minutes a run


def values(scenario: Scenario) -> list[list[Any]]:
    """Each issue's values on its steps, or on five points where that makes too many packages."""
    grids = [grid(i) for i in scenario.issues]
    if math.prod(len(g) for g in grids) > MAX_OUTCOMES:
        grids = [grid(i.model_copy(update={"step": None}), 5) for i in scenario.issues]
    return grids


def outcome_space(scenario: Scenario):
    return make_os(
        [
            make_issue(values=v, name=i.id)
            for i, v in zip(scenario.issues, values(scenario), strict=True)
        ]
    )


class ScenarioUtility(UtilityFunction):
    """A side's utility over a scenario's packages, as the engine and the scorer compute it."""

    def __init__(self, scenario: Scenario, side: str, **kwargs: Any) -> None:
        super().__init__(
            outcome_space=outcome_space(scenario),
            reserved_value=scenario.sides[side].reservation_utility,
            **kwargs,
        )
        self.scenario, self.side = scenario, side

    def eval(self, offer):
        if offer is None:
            return self.reserved_value
        return utility(self.scenario, self.side, self.terms(offer))

    def terms(self, offer) -> Terms:
        return {i.id: v for i, v in zip(self.scenario.issues, offer, strict=True)}


class Counterpart(agents.SAONegotiator):
    """The engine's counterpart as a NegMAS negotiator: offers in words, answers from events."""

    def __init__(self, loaded: LoadedScenario, seed: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.s = loaded.scenario
        self.engine = Negotiation(loaded, seed=seed, duration_s=self.s.duration_min * 60.0)
        self.engine.open()
        self.bid: Terms | None = None
        self.turns = 0
        self.walked = False

    def _hear(self, text: str, relative_time: float) -> None:
        self.turns += 1
        elapsed = max(self.turns * 1.0, relative_time * self.s.duration_min * 60.0)
        heard = read_turn(self.engine, text, self.s.language)
        out = self.engine.hear(CandidateTurn(text, heard, elapsed))
        for h in out:
            if h.kind == ev.TERMS and h.payload["by"] == "counterpart":
                self.bid = dict(h.payload["terms"])
            if h.kind == ev.RUN_ENDED and h.payload["reason"] == "walk_away":
                self.walked = True

    def propose(self, state, dest=None):
        if self.bid is None and not self.engine.over:
            self._hear(say(self.s, "ask_proposal"), state.relative_time)
        if self.bid is None:
            return None
        return tuple(self.bid[i.id] for i in self.s.issues)

    def respond(self, state, source=None):
        if self.engine.over:
            return ResponseType.END_NEGOTIATION
        offer = state.current_offer
        terms = {i.id: v for i, v in zip(self.s.issues, offer, strict=True)}
        self._hear(say(self.s, "offer" if self.turns < 2 else "move", terms), state.relative_time)
        if self.engine.decision == "accept":
            self._hear(say(self.s, "confirm"), state.relative_time)
            return ResponseType.ACCEPT_OFFER
        if self.walked:
            return ResponseType.END_NEGOTIATION
        return ResponseType.REJECT_OFFER


def _terms(scenario: Scenario, agreement) -> Terms | None:
    if agreement is None:
        return None
    return {i.id: v for i, v in zip(scenario.issues, agreement, strict=True)}


def _row(scenario: Scenario, agent: str, seat: str, agreement: Terms | None) -> dict[str, Any]:
    ru_c = scenario.sides["counterpart"].reservation_utility
    u_c = utility(scenario, "counterpart", agreement) if agreement else None
    u_l = utility(scenario, "learner", agreement) if agreement else None
    return {
        "scenario": scenario.id,
        "agent": agent,
        "seat": seat,
        "deal": agreement is not None,
        "u_c": u_c if agreement else ru_c,  # no deal: its BATNA
        "u_l": u_l if agreement else scenario.sides["learner"].reservation_utility,
        "below_reservation": bool(agreement and (u_c or 0) < ru_c - 1e-9),
    }


def against_counterpart(loaded: LoadedScenario, agent: str, seed: int = 1) -> dict[str, Any]:
    """``agent`` in the candidate's seat against the engine's counterpart."""
    s = loaded.scenario
    m = agents.SAOMechanism(outcome_space=outcome_space(s), n_steps=STEPS)
    m.add(getattr(agents, agent)(name="candidate"), ufun=ScenarioUtility(s, "learner"))
    m.add(Counterpart(loaded, seed, name="counterpart"), ufun=ScenarioUtility(s, "counterpart"))
    m.run()
    terms = _terms(s, m.agreement)
    return _row(s, agent, "engine", terms)


def agents_alone(loaded: LoadedScenario, agent: str) -> dict[str, Any]:
    """For reference: ``agent`` on both sides, the counterpart's with its utility."""
    s = loaded.scenario
    m = agents.SAOMechanism(outcome_space=outcome_space(s), n_steps=STEPS)
    m.add(getattr(agents, agent)(name="candidate"), ufun=ScenarioUtility(s, "learner"))
    m.add(getattr(agents, agent)(name="counterpart"), ufun=ScenarioUtility(s, "counterpart"))
    m.run()
    terms = _terms(s, m.agreement)
    return _row(s, agent, "agents", terms)
