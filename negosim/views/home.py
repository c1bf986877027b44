"""The home page: pick a scenario and open a room, or join one with its code."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from negosim import labels, library
from negosim.engine.diagram import mermaid

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    catalog = library.catalog(current_app)
    return render_template(
        "home.html", scenarios=list(catalog.scenarios.values()), errors=catalog.errors
    )


@bp.get("/scenarios/<scenario_id>")
def scenario(scenario_id: str):
    loaded = library.catalog(current_app).get(scenario_id)
    if loaded is None:
        abort(404, description=f"Scénario inconnu : {scenario_id}")
    return render_template(
        "scenario.html",
        loaded=loaded,
        scenario=loaded.scenario,
        diagram=mermaid(loaded.scenario, labels.flow),
    )


@bp.post("/lang/<lang>")
def set_lang(lang: str):
    if lang in ("fr", "en"):
        session["lang"] = lang
    target = request.referrer or url_for("home.index")
    return redirect(target if target.startswith(request.host_url) else url_for("home.index"))
