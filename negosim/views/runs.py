"""After a run: the debrief (score with evidence) and the turn-by-turn replay.

Each route asks ``accounts.access``: the run's own room members (by their signed
session cookie), staff, and the jury of the run's cohort; others get 403. The
trainers' annotations are shown and written only by accounts that may watch the run.
"""

from __future__ import annotations

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
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from negosim import labels, library
from negosim.accounts import limiter
from negosim.accounts.access import (
    can_annotate,
    is_staff,
    remember_room,
    require_run,
    role,
    same_site_path,
)
from negosim.debrief import debrief_view
from negosim.engine.phrasing import describe_terms
from negosim.jury.annotations import AnnotationError, annotate, annotations_of
from negosim.jury.annotations import to_dict as annotation_dict
from negosim.review import compute_score, load_record, score_run, team_score
from negosim.rooms import RoomError, get_socketio
from negosim.rooms.branch import branch, origin_of
from negosim.rooms.sockets import NAMESPACE, staff_of, translate
from negosim.store import get_store
from negosim.store.runs import by_id
from negosim.views.rooms import STANCES, issues_for_client, side_choices
from negosim.views.sides import reveal_state, shown_events, viewer_sides
from negosim.vocabulary import Mode, RunStatus, Side

bp = Blueprint("runs", __name__)


@bp.get("/runs/<int:run_id>/debrief")
def debrief(run_id: int):
    with get_store().Session.begin() as session:
        record = load_record(session, run_id)
        if record is None:
            abort(404)
        require_run(session, run_id)
        run = record.run
        if run.mode == Mode.TEAMS and run.status != RunStatus.ENDED and not is_staff(role()):
            abort(403, description=_("A team-against-team debrief opens when the session ends."))
        rubric = library.rubric(current_app)
        result = score_run(session, run_id, rubric)
        shown_side, seen = None, None
        if result and result.get("teams"):
            # each team reads its own mark and grid; the room's link names the member's side
            raw = request.args.get("side")
            if raw and raw not in tuple(Side):
                abort(400, description=_("Unknown side %(side)s.", side=raw))
            seen = viewer_sides(session, record)
            if seen is not None and not seen:
                abort(403, description=_("Open your team's debrief from your team's room."))
            shown_side = Side.of(raw or (seen[0] if seen else None))
            if seen is not None and shown_side not in seen:
                abort(403, description=_("Each team reads its own debrief."))
            mine = team_score(result, shown_side) or team_score(
                compute_score(record, rubric), shown_side
            )
            result = {**mine, "teams": result["teams"]}
        page = debrief_view(result, record.loaded, rubric, shown_side, str(get_locale()))
        result = page["result"]  # the rubric's words in the interface's language
        terms = result.get("final_terms") if result else None
        summary = describe_terms(record.loaded.scenario, terms) if terms else ""
        return render_template(
            "debrief.html",
            run=record.run,
            scenario=record.loaded.scenario,
            result=result,
            page=page,
            summary=summary,
            outcome=labels.phase(result.get("outcome")),
            stances=STANCES,
            shown_side=shown_side,
            readable=seen,  # the sides whose debrief this viewer may open (None: both)
            origin=compared_with_origin(session, run_id, rubric),
            staff=is_staff(role()),  # versions and digests are for trainers and the jury
            words=labels,
        )


@bp.post("/runs/<int:run_id>/branch")
@limiter.limit("10/minute")
def try_again(run_id: int):
    """« Rejouer à partir de ce tour »: a new room with the turns before ``seq`` played."""
    try:
        seq = int(request.form.get("seq", ""))
    except ValueError:
        abort(400, description=_("Choose the turn to play again."))
    with get_store().Session.begin() as session:
        if by_id(session, run_id) is None:
            abort(404)
        require_run(session, run_id)
        try:
            run = branch(session, run_id, seq)
        except RoomError as exc:
            abort(400, description=translate(exc.code, exc.message))
        code, new_id = run.code, run.id
    remember_room(new_id)
    return redirect(url_for("rooms.room", code=code))


@bp.get("/runs/<int:run_id>/replay")
def replay(run_id: int):
    with get_store().Session() as session:
        record = load_record(session, run_id)
        if record is None:
            abort(404)
        require_run(session, run_id)
        staff = can_annotate(session, run_id)
        return render_template(
            "replay.html",
            run=record.run,
            scenario=record.loaded.scenario,
            events=shown_events(session, record),
            reveal=reveal_state(record),
            back=same_site_path(request.args.get("back")),
            annotations=annotations_of(session, run_id) if staff else None,
            issues=issues_for_client(record.loaded.scenario),
            sides=side_choices(record.loaded.scenario),
            words=labels.for_client(),
            branch_url=url_for("runs.try_again", run_id=run_id)
            if record.run.mode == Mode.COUNTERPART
            else None,
            needs={n.id: n.fact for n in record.loaded.scenario.hidden_needs},
            objections={o.id: o.lines[0] for o in record.loaded.scenario.objections},
        )


@bp.get("/api/runs/<int:run_id>/events")
def events(run_id: int):
    with get_store().Session() as session:
        record = load_record(session, run_id)
        if record is None:
            abort(404)
        require_run(session, run_id)
        return jsonify(shown_events(session, record))


def compared_with_origin(session, run_id: int, rubric) -> dict | None:
    """A run that took a turn again: the run it came from, and both marks side by side."""
    origin = origin_of(session, run_id)
    if origin is None:
        return None
    first = score_run(session, origin["from_run"], rubric)
    return origin | {"overall": first["overall"] if first else None}


@bp.get("/api/runs/<int:run_id>/annotations")
def annotations(run_id: int):
    with get_store().Session() as session:
        if not can_annotate(session, run_id):
            abort(403)
        return jsonify(annotations_of(session, run_id))


@bp.post("/runs/<int:run_id>/annotations")
@limiter.limit("30/minute")
def add_annotation(run_id: int):
    """A private note on a turn, from the replay page (JSON or form; CSRF-checked)."""
    data = request.get_json(silent=True) if request.is_json else request.form
    if not hasattr(data, "get"):
        data = {}
    try:
        with get_store().Session.begin() as session:
            if not can_annotate(session, run_id):
                abort(403)
            note = annotation_dict(
                annotate(session, run_id, _seq(data.get("seq")), current_user.id, data.get("text"))
            )
    except AnnotationError as exc:
        message = translate(exc.code, str(exc), **exc.params)
        error = {"code": exc.code, "message": message, "detail": str(exc)}
        return jsonify({"ok": False, "error": error}), 400
    get_socketio(current_app).emit("annotation", note, to=staff_of(run_id), namespace=NAMESPACE)
    return jsonify({"ok": True, "annotation": note}), 201


def _seq(raw: object) -> int:
    try:
        return int(str(raw))
    except ValueError:
        raise AnnotationError("no_turn", f"no turn {raw!r}") from None
