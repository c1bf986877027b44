"""The jury's pages: scored sessions, one session's evaluation, adjustments, exports."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from negosim import library
from negosim.accounts.access import (
    can_annotate,
    require_run,
    roles_required,
    visible_cohort_ids,
)
from negosim.accounts.models import Cohort
from negosim.exports import cohort_csv, evaluation_sheet
from negosim.jury.annotations import annotations_of
from negosim.jury.dashboard import session_chart
from negosim.jury.evaluation import AdjustmentError, adjust, evaluate
from negosim.jury.listing import Filters, scored_page, scored_sessions
from negosim.jury.models import OVERALL
from negosim.store import get_store

bp = Blueprint("jury", __name__, url_prefix="/jury")
READERS = ("admin", "trainer", "jury")
GRADERS = ("admin", "jury")


@bp.get("/sessions")
@roles_required(*READERS)
def sessions():
    filters = Filters.from_args(request.args)
    rubric = library.rubric(current_app)
    with get_store().Session.begin() as db:
        visible = visible_cohort_ids(db)
        query = select(Cohort).order_by(Cohort.name)
        if visible is not None:
            query = query.where(Cohort.id.in_(visible or {-1}))
        cohorts = db.scalars(query).all()
        page = scored_page(db, rubric, visible, filters, request.args.get("page", 1, type=int))
    return render_template(
        "jury/sessions.html",
        rows=page.rows,
        page=page,
        cohorts=cohorts,
        scenarios=list(library.catalog(current_app).scenarios.values()),
        levels=rubric.rubric.levels,
        filters=filters,
    )


def _evaluated(run_id: int) -> dict:
    """The run's evaluation for someone allowed to see it; 404 if there is none."""
    with get_store().Session.begin() as db:
        require_run(db, run_id)
        ev = evaluate(db, run_id, library.rubric(current_app))
        if ev is not None:  # trainers' notes: only for who may watch the run, not a room cookie
            ev["annotations"] = annotations_of(db, run_id) if can_annotate(db, run_id) else []
    if ev is None:
        abort(404)
    return ev


@bp.get("/sessions/<int:run_id>")
@roles_required(*READERS)
def session_view(run_id: int):
    ev = _evaluated(run_id)
    chart = session_chart(ev) | {
        "names": {"automatic": _("Automatic level"), "jury": _("Jury level")}
    }
    return render_template(
        "jury/session.html",
        ev=ev,
        chart=chart,
        can_grade=current_user.role in GRADERS,
        overall=OVERALL,
    )


@bp.post("/sessions/<int:run_id>/adjust")
@roles_required(*GRADERS)
def adjust_view(run_id: int):
    form = request.form
    try:
        with get_store().Session.begin() as db:
            require_run(db, run_id)
            adjust(
                db,
                run_id,
                form.get("criterion", ""),
                form.get("level", ""),
                form.get("comment", ""),
                current_user.id,
                library.rubric(current_app),
            )
    except AdjustmentError as exc:
        abort(400, description=_("Not saved: %(reason)s", reason=str(exc)))
    flash(_("Level saved."), "ok")
    return redirect(url_for("jury.session_view", run_id=run_id))


@bp.get("/sessions/<int:run_id>/sheet.pdf")
@roles_required(*READERS)
def sheet(run_id: int):
    ev = _evaluated(run_id)
    return Response(
        evaluation_sheet(ev, library.rubric(current_app)),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="fiche-{ev["run"]["code"]}.pdf"'},
    )


@bp.get("/cohorts/<int:cohort_id>/results.csv")
@roles_required(*READERS)
def cohort_results(cohort_id: int):
    with get_store().Session.begin() as db:
        cohort = db.get(Cohort, cohort_id)
        if cohort is None:
            abort(404)
        visible = visible_cohort_ids(db)
        if visible is not None and cohort_id not in visible:
            abort(403)
        rows = scored_sessions(db, library.rubric(current_app), None, Filters(cohort_id=cohort_id))
    return Response(
        cohort_csv(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="cohorte-{cohort_id}.csv"'},
    )
