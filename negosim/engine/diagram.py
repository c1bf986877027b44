"""The scenario's phase machine as a mermaid state diagram (no graphviz needed).

Drawn by ``transitions``' own diagrams extension with its mermaid engine. The
conditions are passed by name only after ``flow_of`` has checked every name
against the engine's allow-list, and the model drawn is an inert object whose
methods carry those names: nothing is imported or called while drawing.
"""

from __future__ import annotations

from typing import Any

from transitions.extensions import GraphMachine

from negosim.engine.machine import CONDITIONS, flow_of, states_of
from negosim.scenario.model import Scenario


def _never(self: Any, event: Any = None) -> bool:
    return False


# One inert method per allowed condition name, so the drawing names them.
_Drawn = type("Drawn", (), {name: _never for name in CONDITIONS})


def mermaid(scenario: Scenario) -> str:
    """The mermaid text of the scenario's states and transitions, conditions shown."""
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
