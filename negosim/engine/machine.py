"""The phase machine: ``transitions`` states and transitions built from the scenario.

A scenario names conditions as strings. ``transitions`` would import a dotted
string such as ``"os.system"``, so names never reach it: each one is looked up
in ``CONDITIONS``, the engine's own functions, and an unknown name is refused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from transitions import Machine

from negosim.content import ContentError, locate, parse_yaml_tree
from negosim.scenario.loader import LoadedScenario
from negosim.scenario.model import FlowTransition, Scenario

PHASES = ["opening", "discovery", "argumentation", "objections", "bargaining", "closing"]
ENDS = ["deal", "no_deal", "timeout"]
TRIGGERS = ("progress", "raise_objection", "settle", "walk_away", "expire", "stop")


def _rapport_established(n: Any) -> bool:
    return n.memory.rapport_turns >= n.rapport_needed or n.memory.business_turns >= 2


CONDITIONS: dict[str, Callable[[Any], bool]] = {
    "rapport_established": _rapport_established,
    "business_started": lambda n: n.memory.business_turns >= 1,
    "needs_explored": lambda n: n.memory.count("question.open") >= 2,
    "candidate_argued": lambda n: n.memory.count("argument") + n.memory.count("proof") >= 1,
    "offer_on_table": lambda n: bool(n.memory.learner_terms or n.memory.own_terms),
    "terms_agreed": lambda n: bool(n.memory.agreed),
    "objection_pending": lambda n: n.memory.pending_objection is not None,
    "terms_acceptable": lambda n: n.decision == "accept",
    "agreement_confirmed": lambda n: n.decision == "confirm",
    "terms_reopened": lambda n: n.decision == "reopen",
    "past_half_time": lambda n: n.t >= 0.5,
    "needs_revealed": lambda n: len(n.memory.revealed) >= 1,
}

DEFAULT_FLOW: list[dict[str, Any]] = [
    {
        "trigger": "progress",
        "source": "opening",
        "dest": "discovery",
        "conditions": ["rapport_established"],
    },
    {
        "trigger": "progress",
        "source": ["discovery", "argumentation"],
        "dest": "bargaining",
        "conditions": ["offer_on_table"],
    },
    {
        "trigger": "progress",
        "source": "discovery",
        "dest": "argumentation",
        "conditions": ["candidate_argued"],
    },
    {
        "trigger": "raise_objection",
        "source": ["opening", "discovery", "argumentation", "bargaining", "closing"],
        "dest": "objections",
    },
    {
        "trigger": "settle",
        "source": "objections",
        "dest": "closing",
        "conditions": ["terms_agreed"],
    },
    {
        "trigger": "settle",
        "source": "objections",
        "dest": "bargaining",
        "conditions": ["offer_on_table"],
    },
    {"trigger": "settle", "source": "objections", "dest": "argumentation"},
    {
        "trigger": "progress",
        "source": "bargaining",
        "dest": "closing",
        "conditions": ["terms_acceptable"],
    },
    {
        "trigger": "progress",
        "source": "closing",
        "dest": "deal",
        "conditions": ["agreement_confirmed"],
    },
    {
        "trigger": "progress",
        "source": "closing",
        "dest": "bargaining",
        "conditions": ["terms_reopened"],
    },
    {"trigger": "walk_away", "source": PHASES, "dest": "no_deal"},
    {"trigger": "expire", "source": PHASES, "dest": "timeout"},
    {"trigger": "stop", "source": PHASES, "dest": "no_deal"},
]


class FlowError(ValueError):
    """A scenario flow that names something the engine does not have."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


def _guard(name: str, path: str) -> Callable[[Any], bool]:
    try:
        check = CONDITIONS[name]
    except KeyError:
        raise FlowError(
            path, f"unknown condition {name!r}; allowed: {', '.join(sorted(CONDITIONS))}"
        ) from None
    return lambda event: check(event.model) is True


def states_of(scenario: Scenario) -> list[str]:
    extra = [s for s in scenario.flow.states if s not in PHASES + ENDS]
    return PHASES[:-1] + extra + PHASES[-1:] + ENDS


def flow_of(scenario: Scenario) -> list[dict[str, Any]]:
    """The scenario's own transitions (first, so they win) and then the default flow."""
    states = set(states_of(scenario))
    out: list[dict[str, Any]] = []
    own = [(f"flow.transitions[{i}]", t) for i, t in enumerate(scenario.flow.transitions)]
    defaults = [(f"default[{i}]", FlowTransition(**t)) for i, t in enumerate(DEFAULT_FLOW)]
    for path, tr in own + defaults:
        if tr.trigger not in TRIGGERS:
            raise FlowError(
                f"{path}.trigger", f"unknown trigger {tr.trigger!r}; allowed: {', '.join(TRIGGERS)}"
            )
        sources = [tr.source] if isinstance(tr.source, str) else list(tr.source)
        for s in [*sources, tr.dest]:
            if s not in states:
                raise FlowError(path, f"unknown state {s!r}")
        out.append(
            {
                "trigger": tr.trigger,
                "source": sources,
                "dest": tr.dest,
                "conditions": [_guard(c, f"{path}.conditions") for c in tr.conditions],
                "unless": [_guard(c, f"{path}.unless") for c in tr.unless],
                "names": {"conditions": list(tr.conditions), "unless": list(tr.unless)},
            }
        )
    return out


def check_flow(loaded: LoadedScenario) -> list[ContentError]:
    """The flow's errors as content errors, for ``scenarios validate`` and the catalog."""
    try:
        flow_of(loaded.scenario)
    except FlowError as exc:
        tree = parse_yaml_tree(loaded.source, loaded.path)
        parts = [p for p in exc.path.replace("[", ".").replace("]", "").split(".") if p]
        loc = [int(p) if p.isdigit() else p for p in parts]
        line, _ = locate(tree, loc)
        return [ContentError(loaded.path, line, exc.path, str(exc).split(": ", 1)[1])]
    return []


def build_machine(scenario: Scenario) -> Machine:
    """One shared machine per scenario version; runs attach with ``add_model``."""
    transitions = [{k: v for k, v in t.items() if k != "names"} for t in flow_of(scenario)]
    return Machine(
        model=None,
        states=states_of(scenario),
        transitions=transitions,
        initial="opening",
        auto_transitions=False,
        send_event=True,
        ignore_invalid_triggers=True,
        after_state_change=lambda event: event.model.on_state_change(event),
    )


class MachineCache:
    """Machines by scenario digest, built once and shared by every run of that version."""

    def __init__(self) -> None:
        self._machines: dict[str, Machine] = {}
        self._lock = threading.Lock()

    def get(self, digest: str, scenario: Scenario) -> Machine:
        with self._lock:
            if digest not in self._machines:
                self._machines[digest] = build_machine(scenario)
            return self._machines[digest]

    def attach(self, machine: Machine, model: Any, initial: str) -> None:
        with self._lock:
            machine.add_model(model, initial=initial)

    def detach(self, machine: Machine, model: Any) -> None:
        with self._lock:
            machine.remove_model(model)


MACHINES = MachineCache()
