"""The scenario's phase machine as a mermaid state diagram (no graphviz needed).

Drawn by ``transitions``' own diagrams extension with its mermaid engine. The
conditions are passed by name only after ``flow_of`` has checked every name
against the engine's allow-list, and the model drawn is an inert object whose
methods carry those names: nothing is imported or called while drawing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from transitions.extensions import GraphMachine

from negosim.engine.machine import CONDITIONS, flow_of, states_of
from negosim.scenario.model import Scenario


def _never(self: Any, event: Any = None) -> bool:
    return False


# One inert method per allowed condition name, so the drawing names them.
_Drawn = type("Drawn", (), {name: _never for name in CONDITIONS})


def mermaid(
    scenario: Scenario, word: Callable[[str], str] | None = None, notes: bool = False
) -> str:
    """The mermaid text of the scenario's states and transitions, conditions shown; with
    ``word``, every state, trigger and condition in the reader's words; with ``notes`` (for
    trainers only: they would spoil the exercise), the scenario's own objections and hidden
    needs beside the phase they belong to."""
    text = _drawn(scenario)
    if word is not None:
        text = _in_words(text, word)
    return _with_notes(text, scenario) if notes else text


def _drawn(scenario: Scenario) -> str:
    transitions = [
        {
            "trigger": t["trigger"],
            "source": t["source"],
            "dest": t["dest"],
            "conditions": t["names"]["conditions"],
            "unless": t["names"]["unless"],
        }
        for t in flow_of(scenario)
    ]
    model = _Drawn()
    GraphMachine(
        model=model,
        states=states_of(scenario),
        transitions=transitions,
        initial="opening",
        auto_transitions=False,
        graph_engine="mermaid",
        show_conditions=True,
        title=scenario.title,
    )
    return model.get_graph().draw(None)  # type: ignore[attr-defined]


NAME = re.compile(r"[a-z][a-z_]*")
UNSAFE = re.compile(r"[^\w\s'’,.€%-]")  # mermaid notes break on quotes, colons, brackets


def _note(text: str, limit: int = 48) -> str:
    text = UNSAFE.sub(" ", " ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _in_words(text: str, word: Callable[[str], str]) -> str:
    lines = []
    for line in text.splitlines():
        state = re.match(r'^(\s*)state "([^"]+)" as (\w+)$', line)
        edge = re.match(r"^(\s*\w+ --> \w+: )(.*)$", line)
        if state:
            indent, name, ident = state.groups()
            line = f'{indent}state "{word(name)}" as {ident}'
        elif edge:
            line = edge.group(1) + NAME.sub(lambda m: word(m.group(0)), edge.group(2))
        lines.append(line)
    return "\n".join(lines) + "\n"


def _with_notes(text: str, scenario: Scenario) -> str:
    lines = text.rstrip("\n").splitlines()
    for state, items in (
        ("objections", [o.lines[0] for o in scenario.objections]),
        ("discovery", [n.fact for n in scenario.hidden_needs]),
    ):
        if items:
            lines.append(f"  note right of {state}")
            lines.extend(f"    {_note(item)}" for item in items)
            lines.append("  end note")
    return "\n".join(lines) + "\n"
