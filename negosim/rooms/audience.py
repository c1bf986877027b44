"""Who may see a recorded event: everyone in the room, or one side only.

One pure rule, used both when an event is published (which Socket.IO group gets
it) and when a member catches up (which recorded events it is sent), so the live
stream and the catch-up can never disagree about what a side sees.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from negosim.events import SHEET_UPDATED
from negosim.vocabulary import Side

ALL = "all"


def audience(kind: str, payload: dict[str, Any]) -> str:
    """``"all"`` or ``"side:<side>"``: a side's preparation sheet is that side's alone."""
    if kind == SHEET_UPDATED:
        return f"side:{Side.of(payload.get('side'))}"
    return ALL


def visible(event: dict[str, Any], sides: Collection[str] | None) -> bool:
    """Whether a viewer belonging to ``sides`` (None: staff, every side) may see ``event``."""
    who = audience(event["kind"], event.get("payload") or {})
    return who == ALL or sides is None or who.removeprefix("side:") in sides


def chunks(events: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Consecutive events grouped by audience, in sequence order, for publishing."""
    out: list[tuple[str, list[dict[str, Any]]]] = []
    for e in events:
        who = audience(e["kind"], e.get("payload") or {})
        if out and out[-1][0] == who:
            out[-1][1].append(e)
        else:
            out.append((who, [e]))
    return out
