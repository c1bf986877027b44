"""Who owns a room (may end it early), and the hand-over when the owner's browser is gone.

The owner is the first member who joined to take part, unless a recorded hand-over
(``owner.changed``) names another; team against team, each side has its own. Read from
the journal every time, so a restart — or another process — sees the same owner.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from negosim import events as ev
from negosim.events import Happening
from negosim.rooms.work import Units
from negosim.store import journal
from negosim.store.db import Store
from negosim.store.models import Run
from negosim.store.runs import by_id
from negosim.vocabulary import Mode, Role, RunStatus, Side


def owner_of(
    run: Run, side: str | None = None, handovers: list[dict[str, Any]] | None = None
) -> int | None:
    """The room's owner (team against team: the ``side``'s): the member named by the last
    recorded hand-over (``owner.changed`` payloads, in order), else the first member who
    joined to take part (observers never own it).
    """
    scope = side if run.mode == Mode.TEAMS else None
    for p in reversed(handovers or []):
        if scope is None or p.get("side") == scope:
            return int(p["member_id"])
    return next(
        (
            m.id
            for m in run.members
            if m.role != Role.OBSERVER and (scope is None or Side.of(m.side) == scope)
        ),
        None,
    )


def sides_of(run: Run) -> tuple[Side, ...]:
    return tuple(Side) if run.mode == Mode.TEAMS else (Side.LEARNER,)


def handovers(session: Session, run_id: int) -> list[dict[str, Any]]:
    return journal.payloads(session, run_id, ev.OWNER_CHANGED)


class Ownership:
    def __init__(self, store: Store, units: Units) -> None:
        self.store = store
        self.units = units

    def owner(self, run_id: int, side: str | None = None) -> int | None:
        """The member who may end the room (team against team: ``side``'s owner)."""
        with self.store.Reader() as session:
            run = by_id(session, run_id)
            return owner_of(run, side, handovers(session, run_id)) if run else None

    def owners(self, run_id: int) -> dict[str, dict[str, Any]]:
        """Who owns the room, per side (one side, the learner, with the counterpart)."""
        with self.store.Reader() as session:
            run = by_id(session, run_id)
            if run is None:
                return {}
            changes = handovers(session, run_id)
            names = {m.id: m.name for m in run.members}
            found = {side: owner_of(run, side, changes) for side in sides_of(run)}
            return {s: {"member_id": m, "name": names[m]} for s, m in found.items() if m}

    def hand_over(self, run_id: int, leaving: int, present: list[int]) -> None:
        """The owner's connection is gone: the first teammate of its side still present owns
        the room now, recorded (``owner.changed``) so it survives a restart.

        ``present``: the members still connected, in any order. Nothing happens if the
        leaving member does not own its side, nobody of that side is left, or the run is over.
        """
        with self.store.Reader() as session:  # most leavings hand nothing over: stay cheap
            run = by_id(session, run_id)
            gone = next((m for m in run.members if m.id == leaving), None) if run else None
            if run is None or gone is None or run.status == RunStatus.ENDED:
                return
            if owner_of(run, Side.of(gone.side), handovers(session, run_id)) != leaving:
                return
        with self.units.of(run_id) as work:  # checked again with the run locked
            run = work.run
            by_member = {m.id: m for m in run.members}
            gone = by_member.get(leaving)
            if run.status == RunStatus.ENDED or gone is None or gone.role == Role.OBSERVER:
                return
            side = Side.of(gone.side)
            if owner_of(run, side, handovers(work.session, run_id)) != leaving:
                return
            heirs = sorted(
                m
                for m in set(present) - {leaving}
                if m in by_member
                and by_member[m].role != Role.OBSERVER
                and Side.of(by_member[m].side) == side
            )
            if heirs:
                heir = by_member[heirs[0]]
                work.record(
                    [
                        Happening(
                            ev.OWNER_CHANGED,
                            {"member_id": heir.id, "name": heir.name, "side": side},
                        )
                    ]
                )
