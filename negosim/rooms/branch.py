"""Try again from here: a new room on the same scenario version and seed, with the turns
before the chosen one already played, so a team takes the decisive moment again.

The engine is deterministic: replaying the copied journal rebuilds exactly the
counterpart the team left. The new run is a run of its own; its ``run.created`` names
the run and turn it came from.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from negosim import events as ev
from negosim.events import Happening
from negosim.rooms.errors import RoomError
from negosim.store import journal
from negosim.store.models import Run
from negosim.store.runs import by_id, new_code
from negosim.vocabulary import Mode, RunStatus

# What the counterpart heard and did: joins, hand-overs, clock milestones and the end stay
# with the first run (the new room has its own members and its own clock from here).
COPIED = frozenset(
    {
        ev.NEGOTIATION_STARTED,
        ev.TURN,
        ev.STATE_CHANGED,
        ev.TERMS,
        ev.NEED_REVEALED,
        ev.OBJECTION_RAISED,
        ev.OBJECTION_RESOLVED,
        ev.SHEET_UPDATED,
    }
)


def branch(session: Session, run_id: int, from_seq: int) -> Run:
    """Open a room replaying run ``run_id`` up to, not including, its turn ``from_seq``
    (a candidate's turn: the one to say again). Raises ``RoomError`` otherwise."""
    source = by_id(session, run_id)
    if source is None:
        raise RoomError("unknown_room", f"no run {run_id}")
    if source.mode != Mode.COUNTERPART:
        raise RoomError("bad_mode", "only a run against the scripted counterpart is replayed")
    events = journal.events_after(session, run_id, 0)
    cut = next((e for e in events if e.seq == from_seq), None)
    if cut is None or cut.kind != ev.TURN or cut.payload.get("speaker") == ev.COUNTERPART:
        raise RoomError("no_turn", f"turn {from_seq} is not a candidate's turn of run {run_id}")
    before = [e for e in events if e.seq < from_seq and e.kind in COPIED]
    run = Run(
        code=new_code(session),
        scenario_version_id=source.scenario_version_id,
        mode=source.mode,
        seed=source.seed,
        duration_s=source.duration_s,
        prep_s=0,
        status=RunStatus.NEGOTIATING,
        # the clock goes on from where the turn was said
        started_at=datetime.now(UTC) - timedelta(seconds=cut.elapsed_s),
    )
    session.add(run)
    session.flush()
    created = next(e for e in events if e.kind == ev.RUN_CREATED).payload
    origin = {"from_run": source.id, "from_code": source.code, "from_seq": from_seq}
    journal.append(
        session,
        run.id,
        [Happening(ev.RUN_CREATED, created | {"prep_s": 0} | origin)],
        elapsed_s=0.0,
    )
    for e in before:  # one by one: each keeps the moment it happened
        journal.append(
            session, run.id, [Happening(e.kind, dict(e.payload), e.author)], elapsed_s=e.elapsed_s
        )
    return run


def origin_of(session: Session, run_id: int) -> dict | None:
    """The run and turn a branched run came from (None for a run of its own)."""
    created = journal.of_kind(session, run_id, ev.RUN_CREATED)
    payload = created[0].payload if created else {}
    return (
        {k: payload[k] for k in ("from_run", "from_code", "from_seq")}
        if "from_run" in payload
        else None
    )
