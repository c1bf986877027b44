"""Team against team: each team scored from its own side's point of view.

The scorer reads a run as "the learner against the counterpart". For the team on
the counterpart side, the run is turned around: the scenario's sides and each
issue's preferences swap, and the other team's turns become the counterpart's.
The scripted counterpart's hidden needs and objections belong to no human team,
so neither view counts them (the debrief says so).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from negosim import events as ev
from negosim.events import Recorded
from negosim.scenario.loader import LoadedScenario
from negosim.vocabulary import Side


def swap(side: Any) -> Any:
    return Side(side).other if side in tuple(Side) else side


def team_view(loaded: LoadedScenario, side: str) -> LoadedScenario:
    """The scenario as ``side``'s team plays it, without the scripted counterpart's needs."""
    sc = loaded.scenario
    update: dict[str, Any] = {"hidden_needs": [], "objections": []}
    if side == "counterpart":
        update["sides"] = {"learner": sc.sides["counterpart"], "counterpart": sc.sides["learner"]}
        update["issues"] = [
            i.model_copy(update={"learner": i.counterpart, "counterpart": i.learner})
            for i in sc.issues
        ]
    return dataclasses.replace(loaded, scenario=sc.model_copy(update=update))


def team_events(events: Iterable[Recorded], side: str) -> list[Recorded]:
    """The journal as ``side``'s team lived it: its turns, terms and sheet are the learner's."""
    if side == "learner":
        return list(events)
    out = []
    for e in events:
        p = dict(e.payload)
        if e.kind in (ev.TURN, ev.SHEET_UPDATED, ev.MEMBER_JOINED) and "side" in p:
            p["side"] = swap(p["side"])
        elif e.kind == ev.TERMS:
            p["by"] = swap(p.get("by"))
            p["table"] = {swap(k): v for k, v in (p.get("table") or {}).items()}
        elif e.kind == ev.RUN_ENDED and "by" in p:
            p["by"] = swap(p["by"])
        out.append(dataclasses.replace(e, payload=p))
    return out
