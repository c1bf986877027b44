"""Rooms over HTTP: create one from a scenario, open its page by code."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from negosim import labels
from negosim.accounts.access import is_staff, remember_room, role
from negosim.labels import STANCES
from negosim.rooms import RoomError, get_service
from negosim.rooms.branch import origin_of
from negosim.store import get_store
from negosim.store.runs import by_code, normalise_code
from negosim.store.scenarios import load_version
from negosim.vocabulary import Mode, RunStatus, Side

bp = Blueprint("rooms", __name__)


@bp.post("/rooms")
def create():
    form = request.form
    try:
        duration = int(form.get("duration_min") or 0) or None
        prep = int(form["prep_min"]) if form.get("prep_min") else None
    except ValueError:
        abort(400, description=_("Durations must be whole numbers of minutes."))
    try:
        run = get_service(current_app).create(
            form.get("scenario_id", ""), form.get("mode") or Mode.COUNTERPART, duration, prep
        )
    except RoomError as exc:
        abort(400, description=exc.message)
    return redirect(url_for("rooms.room", code=run.code))


@bp.get("/join")
def join():
    code = normalise_code(request.args.get("code", ""))
    if not code:
        return redirect(url_for("home.index"))
    return redirect(url_for("rooms.room", code=code))


@bp.get("/r/<code>")
def room(code: str):
    with get_store().Session() as session:
        run = by_code(session, code)
        if run is None:
            abort(
                404,
                description=_(
                    "There is no room with the code %(code)s. Check the code "
                    "with the person who opened the room.",
                    code=code,
                ),
            )
        loaded = load_version(run.scenario_version)
        remember_room(run.id)  # lets this browser read the run's debrief and replay
        return render_template(
            "room.html",
            run=run,
            scenario=loaded.scenario,
            issues=issues_for_client(loaded.scenario),
            sides=side_choices(loaded.scenario),
            stances={s: str(label) for s, label in STANCES.items()},
            plays=takes_part(run.id),
            ended=run.status == RunStatus.ENDED,
            badge=labels.phase(run.outcome) if run.status == RunStatus.ENDED else None,
            words=labels.for_client(),
            origin=origin_of(session, run.id),
        )


def takes_part(run_id: int) -> bool:
    """Whether this browser may take a seat: anyone but staff, and staff in their test rooms."""
    if not is_staff(role()):
        return True
    return get_service(current_app).tester_of(run_id) == int(current_user.id)


def side_label(side) -> str:
    """A side as a team chooses it: its stance and company ("Acheteur — Maison X")."""
    return f"{STANCES.get(side.stance, side.stance)} — {side.company}"


def side_choices(scenario) -> list[tuple[str, str]]:
    return [(name, side_label(scenario.sides[name])) for name in Side]


def issues_for_client(scenario) -> list[dict]:
    """What the browser needs to show the table: labels, units, options — no preferences."""
    return [
        {
            "id": i.id,
            "label": i.label,
            "unit": i.unit,
            "options": i.options,
            "range": list(i.range) if i.range else None,
            "step": i.step,
        }
        for i in scenario.issues
    ]
