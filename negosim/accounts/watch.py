"""A trainer opens rooms for a cohort's groups, hands out their codes and watches them live."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select

from negosim import library
from negosim.accounts.access import roles_required
from negosim.accounts.forms import OpenRoomsForm
from negosim.accounts.live import cohort_rooms
from negosim.accounts.models import Cohort, CohortRun
from negosim.accounts.users import attach_run
from negosim.rooms import RoomError, get_namespace, get_service
from negosim.store import get_store
from negosim.store.models import Run
from negosim.vocabulary import Mode, RunStatus

bp = Blueprint("watch", __name__)
TRAINERS = ("admin", "trainer")
REFRESH_S = 5


def _rooms(db, cohort_id: int) -> list[dict[str, Any]]:
    rooms = cohort_rooms(db, cohort_id, get_namespace(current_app).present)
    for room in rooms:
        room["link"] = url_for("rooms.room", code=room["code"])
        room["debrief"] = url_for("runs.debrief", run_id=room["id"])
    return rooms


def _cohort(db, cohort_id: int) -> Cohort:
    found = db.get(Cohort, cohort_id)
    if found is None:
        abort(404)
    return found


@bp.route("/cohorts/<int:cohort_id>/open", methods=["GET", "POST"])
@roles_required(*TRAINERS)
def open_rooms(cohort_id: int):
    form = OpenRoomsForm()
    form.scenario_id.choices = [
        (s.id, s.scenario.title) for s in library.catalog(current_app).scenarios.values()
    ]
    with get_store().Session() as db:
        cohort = _cohort(db, cohort_id)
        name = cohort.name
    if form.validate_on_submit():
        service = get_service(current_app)
        try:
            runs = [
                service.create(
                    form.scenario_id.data,
                    Mode.COUNTERPART,
                    form.duration_min.data,
                    form.prep_min.data,
                )
                for _ in range(form.rooms.data)
            ]
        except RoomError as exc:
            abort(400, description=exc.message)
        with get_store().Session.begin() as db:
            cohort = _cohort(db, cohort_id)
            for run in runs:
                attach_run(db, cohort, run.id)
        first, last = runs[0].id, runs[-1].id
        return redirect(url_for("watch.handout", cohort_id=cohort_id, first=first, last=last))
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "accounts/open_rooms.html", form=form, cohort_name=name, cohort_id=cohort_id
    )
    return page, status


@bp.get("/cohorts/<int:cohort_id>/handout")
@roles_required(*TRAINERS)
def handout(cohort_id: int):
    """The codes and join links to print and hand out: the cohort's rooms not started yet."""
    with get_store().Session() as db:
        cohort = _cohort(db, cohort_id)
        query = (
            select(Run)
            .join(CohortRun, CohortRun.run_id == Run.id)
            .where(CohortRun.cohort_id == cohort_id, Run.status == RunStatus.WAITING)
            .order_by(Run.id)
        )
        first, last = request.args.get("first", type=int), request.args.get("last", type=int)
        if first and last:
            query = query.where(Run.id.between(first, last))
        rooms = [
            {"code": r.code, "link": url_for("rooms.room", code=r.code, _external=True)}
            for r in db.scalars(query)
        ]
        return render_template("accounts/handout.html", cohort=cohort, rooms=rooms)


@bp.get("/cohorts/<int:cohort_id>/live")
@roles_required(*TRAINERS)
def live(cohort_id: int):
    with get_store().Session() as db:
        cohort = _cohort(db, cohort_id)
        return render_template(
            "accounts/live.html", cohort=cohort, rooms=_rooms(db, cohort_id), refresh_s=REFRESH_S
        )


@bp.get("/cohorts/<int:cohort_id>/live.json")
@roles_required(*TRAINERS)
def live_json(cohort_id: int):
    with get_store().Session() as db:
        _cohort(db, cohort_id)
        return jsonify({"rooms": _rooms(db, cohort_id)})
