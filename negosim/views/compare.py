"""Two sessions side by side: the marks, each criterion's level, the deal, what changed.

A candidate who played a scenario again, or took a turn again from the replay, wants to
see what moved; the jury compares two teams on one scenario. Both runs must be ones the
viewer may read, against the scripted counterpart, graded with the same rubric.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from negosim import labels, library
from negosim.accounts.access import require_run
from negosim.debrief import debrief_view
from negosim.engine.phrasing import describe_terms
from negosim.review import load_record, score_run
from negosim.store import get_store
from negosim.views.bounds import MAX_ID
from negosim.vocabulary import Mode, RunStatus

bp = Blueprint("compare", __name__)


def _run_id(name: str) -> int:
    raw = request.args.get(name, "")
    if not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
        abort(400, description=_("Choose the two sessions to compare."))
    return int(raw)


@bp.get("/runs/compare")
def compare():
    ids = _run_id("a"), _run_id("b")
    rubric = library.rubric(current_app)
    sides = []
    with get_store().Session.begin() as session:
        for run_id in ids:
            record = load_record(session, run_id)
            if record is None:
                abort(404)
            require_run(session, run_id)
            if record.run.mode != Mode.COUNTERPART or record.run.status != RunStatus.ENDED:
                abort(
                    400,
                    description=_(
                        "Only ended sessions against the scripted counterpart are compared."
                    ),
                )
            result = score_run(session, run_id, rubric)
            page = debrief_view(result, record.loaded, rubric, None, str(get_locale()))
            terms = result.get("final_terms")
            sides.append(
                {
                    "run": record.run,
                    "scenario": record.loaded.scenario,
                    "result": page["result"],
                    "deal": describe_terms(record.loaded.scenario, terms) if terms else "",
                    "outcome": labels.phase(result.get("outcome")),
                }
            )
    first, second = sides
    rows = [
        {
            "label": c["label"],
            "a": c["level"],
            "b": next(d["level"] for d in second["result"]["criteria"] if d["id"] == c["id"]),
        }
        for c in first["result"]["criteria"]
    ]
    order = [lv["id"] for lv in first["result"]["levels"]]
    for row in rows:
        row["change"] = order.index(row["b"]) - order.index(row["a"])
    return render_template("compare.html", a=first, b=second, rows=rows)
