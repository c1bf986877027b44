"""Rooms over HTTP: create one from a scenario, open its page by code."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from negosim import labels
from negosim.accounts.access import is_staff, remember_room, role, sides_known
from negosim.labels import STANCES
from negosim.rooms import RoomError, get_service
from negosim.rooms.branch import origin_of
from negosim.rooms.sides import read_code, secret, team_code, team_codes
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
    if run.mode == Mode.TEAMS:  # whoever opens a team room hands each team its code
        remember_room(run.id, tuple(Side))
    return redirect(url_for("rooms.room", code=run.code))


@bp.get("/join")
def join():
    code = normalise_code(request.args.get("code", ""))
    if not code:
        return redirect(url_for("home.index"))
    return redirect(url_for("rooms.room", code=code))


def no_room(code: str):
    abort(
        404,
        description=_(
            "There is no room with the code %(code)s. Check the code "
            "with the person who opened the room.",
            code=code,
        ),
    )


@bp.get("/r/<code>")
def room(code: str):
    try:
        room_code, side = read_code(secret(), code)
    except RoomError:
        no_room(code)
    with get_store().Session() as session:
        run = by_code(session, room_code)
        if run is None:
            no_room(code)
        teams = run.mode == Mode.TEAMS
        # team against team, the bare code is the opener's and staff's: a team comes in
        # with its own code, which proves its side
        opener = is_staff(role()) or sides_known(run.id) == set(Side)
        hands_out = teams and side is None and opener
        if teams and side is None and not hands_out:
            abort(
                403,
                description=_(
                    "This room is team against team: open it with your team's code, "
                    "which whoever opened the room gives each team."
                ),
            )
        loaded = load_version(run.scenario_version)
        remember_room(run.id, () if side is None else (side,))  # its debrief and replay
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
            side=side,
            join_code=team_code(secret(), run.code, side) if side else run.code,
            team_codes=team_codes(run.code) if hands_out else None,
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
