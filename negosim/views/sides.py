"""Team against team after the run: each team reads its own sheet until a trainer reveals both.

A team's preparation sheet is private to it during the run (the room's socket sends it
to that side only) and stays so in the replay, the events API and the debrief; a trainer
may lift that for the whole run once it has ended, recorded in its journal.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from negosim.accounts.access import role, roles_required, sides_seen
from negosim.events import SIDES_REVEALED, Happening
from negosim.review import RunRecord, load_record
from negosim.rooms.audience import visible
from negosim.store import get_store
from negosim.store.journal import append
from negosim.vocabulary import Mode, RunStatus

bp = Blueprint("sides", __name__)


def revealed(record: RunRecord) -> bool:
    return any(e.kind == SIDES_REVEALED for e in record.events)


def viewer_sides(session, record: RunRecord) -> tuple[str, ...] | None:
    """The sides whose private events this viewer reads (None: every side)."""
    return sides_seen(session, record.run, revealed(record))


def shown_events(session, record: RunRecord) -> list[dict]:
    """The run's events this viewer may read: a team's sheet is its own (``sides_seen``)."""
    seen = viewer_sides(session, record)
    return [e.to_dict() for e in record.events if visible(e.to_dict(), seen)]


def reveal_state(record: RunRecord) -> str | None:
    """What the replay offers a trainer: to reveal an ended team run's sides, or that it did."""
    run = record.run
    if run.mode != Mode.TEAMS or run.status != RunStatus.ENDED:
        return None
    if revealed(record):
        return "done"
    return "offered" if role() in ("admin", "trainer") else None


@bp.post("/runs/<int:run_id>/reveal")
@roles_required("admin", "trainer")
def reveal(run_id: int):
    """Both teams may read each other's sheet from now on: recorded once, never undone."""
    with get_store().Session.begin() as session:
        record = load_record(session, run_id)
        if record is None:
            abort(404)
        if record.run.mode != Mode.TEAMS or record.run.status != RunStatus.ENDED:
            abort(400, description=_("Only an ended team-against-team session reveals its sides."))
        if not revealed(record):
            append(
                session,
                run_id,
                [Happening(SIDES_REVEALED, {"by": int(current_user.id)})],
                elapsed_s=record.events[-1].elapsed_s if record.events else 0.0,
            )
    return redirect(url_for("runs.replay", run_id=run_id))
