"""A cohort's rooms as a trainer watches them: status, phase, who is there, turns so far.

Read from the run table and the journal (turn counts, the latest phase) plus who is
connected now, which only the room namespace knows (``present``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from negosim import events as ev
from negosim.accounts.models import CohortRun
from negosim.store.models import Event, Run
from negosim.vocabulary import RunStatus

ENDED_KEPT = timedelta(hours=3)  # a room that just ended stays on the page a while
FIRST_PHASE = "opening"  # the counterpart's first state, before any state.changed


def cohort_rooms(
    db: Session,
    cohort_id: int,
    present: Callable[[int], list[dict[str, Any]]],
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """The cohort's open rooms (and the ones ended lately), oldest first."""
    now = now or datetime.now(UTC)
    runs = db.scalars(
        select(Run)
        .join(CohortRun, CohortRun.run_id == Run.id)
        .where(CohortRun.cohort_id == cohort_id)
        .where(or_(Run.status != RunStatus.ENDED, Run.ended_at >= now - ENDED_KEPT))
        .order_by(Run.id)
    ).all()
    ids = [r.id for r in runs]
    turns = {
        run_id: (count, last)
        for run_id, count, last in db.execute(
            select(Event.run_id, func.count(Event.id), func.max(Event.at))
            .where(Event.run_id.in_(ids), Event.kind == ev.TURN)
            .group_by(Event.run_id)
        )
    }
    latest_change = (
        select(func.max(Event.seq))
        .where(Event.run_id == Run.id, Event.kind == ev.STATE_CHANGED)
        .correlate(Run)
        .scalar_subquery()
    )
    phases = dict(
        db.execute(
            select(Event.run_id, Event.payload)
            .join(Run, Run.id == Event.run_id)
            .where(Event.run_id.in_(ids), Event.seq == latest_change)
        ).all()
    )
    rows = []
    for run in runs:
        count, last = turns.get(run.id, (0, None))
        until = run.ended_at or now
        change = phases.get(run.id)
        phase = change.get("dest") if change else FIRST_PHASE if run.started_at else None
        rows.append(
            {
                "id": run.id,
                "code": run.code,
                "status": run.status,
                "outcome": run.outcome,
                "phase": phase,
                "present": present(run.id),
                "elapsed_s": (until - run.started_at).total_seconds() if run.started_at else None,
                "turns": count,
                "last_turn_at": last.isoformat() if last else None,
            }
        )
    return rows
