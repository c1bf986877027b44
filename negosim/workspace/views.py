"""The workspace over HTTP, for trainers and administrators only (jury and visitors: 403).

The validation endpoint answers JSON for the editor as the trainer types; saving
goes through the same check, so a text the loader refuses is never stored.
"""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from negosim import labels, library
from negosim.accounts.access import STAFF, roles_required
from negosim.content import MAX_SOURCE_BYTES
from negosim.engine.diagram import mermaid
from negosim.engine.lint import checked
from negosim.rooms import RoomError, get_service
from negosim.store import get_store
from negosim.store.models import ScenarioVersion
from negosim.store.scenarios import load_version, save_version
from negosim.workspace.authoring import (
    Verdict,
    examine,
    history,
    refusal,
    save_edit,
    saves_by_scenario,
)
from negosim.workspace.messages import in_interface

bp = Blueprint("workspace", __name__, url_prefix="/workspace")

# A draft plus its JSON or form envelope; anything larger is refused unread.
MAX_REQUEST_BYTES = 2 * MAX_SOURCE_BYTES + 16 * 1024


def cultures_dir() -> Path:
    return Path(current_app.config["SCENARIOS_DIR"]) / "cultures"


def check_draft(text: str) -> Verdict:
    return refusal(text) or examine(text, cultures_dir(), word=labels.flow)


def refuse_large_requests() -> None:
    if request.content_length is None or request.content_length > MAX_REQUEST_BYTES:
        abort(413)


@bp.get("/")
@roles_required(*STAFF)
def index():
    catalog = library.catalog(current_app)
    with get_store().Session() as db:
        return render_template(
            "workspace/index.html",
            scenarios=sorted(catalog.scenarios.values(), key=lambda s: s.id),
            saves=saves_by_scenario(db),
            errors=catalog.errors,
        )


@bp.get("/<scenario_id>")
@bp.get("/<scenario_id>/versions/<int:version_id>")
@roles_required(*STAFF)
def scenario(scenario_id: str, version_id: int | None = None):
    """A version of the scenario (the current one by default): text, diagram, lints, history."""
    current = library.catalog(current_app).get(scenario_id)
    with get_store().Session.begin() as db:
        if version_id is None:
            if current is None:
                abort(404)
            version = save_version(db, current)  # so the current text can be test-played
        else:
            version = db.get(ScenarioVersion, version_id)
            if version is None or version.scenario_id != scenario_id:
                abort(404)
        loaded, findings = checked(load_version(version))
        return render_template(
            "workspace/scenario.html",
            scenario_id=scenario_id,
            version=version,
            is_current=current is not None and current.digest == version.digest,
            findings=findings,
            say=in_interface,
            diagram=mermaid(loaded.scenario, labels.flow, notes=True) if loaded else None,
            history=history(db, scenario_id),
        )


@bp.get("/<scenario_id>/edit")
@roles_required(*STAFF)
def edit(scenario_id: str):
    """The editor, on the current text or on the version given as ``?from=``."""
    source = None
    if request.args.get("from", "").isdigit():
        with get_store().Session() as db:
            version = db.get(ScenarioVersion, int(request.args["from"]))
            if version is None or version.scenario_id != scenario_id:
                abort(404)
            source = version.source
    else:
        current = library.catalog(current_app).get(scenario_id) or abort(404)
        source = current.source
    return render_editor(scenario_id, source, "", check_draft(source))


def render_editor(scenario_id: str, source: str, note: str, verdict: Verdict, status: int = 200):
    return (
        render_template(
            "workspace/edit.html",
            scenario_id=scenario_id,
            source=source,
            note=note,
            verdict=verdict.to_dict(say=in_interface),
            max_bytes=MAX_SOURCE_BYTES,
        ),
        status,
    )


@bp.post("/validate")
@roles_required(*STAFF)
def validate():
    """The editor's live check: the same loader, flow check and lints as the CLI."""
    refuse_large_requests()
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not isinstance(data.get("source"), str):
        return jsonify(error=_('Send the draft as {"source": "..."}.')), 400
    return jsonify(check_draft(data["source"]).to_dict(say=in_interface))


@bp.post("/<scenario_id>/versions")
@roles_required(*STAFF)
def save(scenario_id: str):
    """Save the draft as the scenario's new version, or as a new scenario (``as_new``)."""
    refuse_large_requests()
    source = request.form.get("source", "").replace("\r\n", "\n")
    note = request.form.get("note", "")
    as_new = request.form.get("as_new") == "1"
    catalog = library.catalog(current_app)
    if not as_new and catalog.get(scenario_id) is None:
        abort(404)
    verdict = check_draft(source)
    problem = None
    if not verdict.ok:
        problem = _("This text has errors: fix them before saving.")
    elif not note.strip():
        problem = _("Say in a few words what changed.")
    elif as_new and catalog.get(verdict.loaded.id) is not None:
        problem = _(
            "The id %(id)s is already used: give the new scenario another id.", id=verdict.loaded.id
        )
    elif not as_new and verdict.loaded.id != scenario_id:
        problem = _(
            "The id in the text is %(id)s, not %(scenario)s: save it as a new scenario instead.",
            id=verdict.loaded.id,
            scenario=scenario_id,
        )
    if problem:
        flash(problem, "error")
        return render_editor(scenario_id, source, note, verdict, 400)
    with get_store().Session.begin() as db:
        edit = save_edit(db, verdict.loaded, current_user.id, note)
        version_id = edit.version_id
        saved = load_version(edit.version)  # named by its version, as after a restart
    library.publish(current_app, saved)
    flash(_("Saved as the current version."), "ok")
    return redirect(
        url_for("workspace.scenario", scenario_id=verdict.loaded.id, version_id=version_id)
    )


@bp.post("/versions/<int:version_id>/play")
@roles_required(*STAFF)
def play(version_id: int):
    """Open a room with exactly this version, for the trainer to play at once."""
    try:
        run = get_service(current_app).create_from_version(version_id, tester=int(current_user.id))
    except RoomError as exc:
        abort(404, description=exc.message)
    return redirect(url_for("rooms.room", code=run.code))
