"""After a run: the debrief (score with evidence) and the turn-by-turn replay.

Each route asks ``accounts.access``: the run's own room members (by their signed
session cookie), staff, and the jury of the run's cohort; others get 403.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from negosim import library
from negosim.accounts.access import require_run, same_site_path
from negosim.engine.phrasing import describe_terms
from negosim.review import RunRecord, load_record, score_run
from negosim.rooms.audience import visible
from negosim.store import get_store
from negosim.views.rooms import STANCES

bp = Blueprint("runs", __name__)


@bp.get("/runs/<int:run_id>/debrief")
def debrief(run_id: int):
    with get_store().Session.begin() as session:
        record = load_record(session, run_id)
        if record is None:
            abort(404)
        require_run(session, run_id)
        if sides_hidden(record):
            abort(403, description=_("A team-against-team debrief opens when the session ends."))
        result = score_run(session, run_id, library.rubric(current_app))
        terms = result.get("final_terms") if result else None
        summary = describe_terms(record.loaded.scenario, terms) if terms else ""
        return render_template(
            "debrief.html",
            run=record.run,
            scenario=record.loaded.scenario,
            result=result,
            summary=summary,
            stances=STANCES,
        )


@bp.get("/runs/<int:run_id>/replay")
def replay(run_id: int):
    with get_store().Session() as session:
        record = load_record(session, run_id)
        if record is None:
            abort(404)
        require_run(session, run_id)
        return render_template(
            "replay.html",
            run=record.run,
            scenario=record.loaded.scenario,
            events=shown_events(record),
            back=same_site_path(request.args.get("back")),
        )


@bp.get("/api/runs/<int:run_id>/events")
def events(run_id: int):
    with get_store().Session() as session:
        record = load_record(session, run_id)
        if record is None:
            abort(404)
        require_run(session, run_id)
        return jsonify(shown_events(record))


def sides_hidden(record: RunRecord) -> bool:
    """While a team-against-team run is on, a visitor without an account sees no side's
    private events: the page cannot tell which team this browser plays for, and the
    room's socket is where a team reads its own sheet. Staff accounts see both."""
    run = record.run
    return run.mode == "teams" and run.status != "ended" and not current_user.is_authenticated


def shown_events(record: RunRecord) -> list[dict]:
    events = [e.to_dict() for e in record.events]
    return [e for e in events if visible(e, ())] if sides_hidden(record) else events
