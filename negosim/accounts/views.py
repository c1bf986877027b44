"""Login, logout, the administrator's accounts page and the cohorts page."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from negosim import library
from negosim.accounts import limiter
from negosim.accounts.access import ROOMS_KEY, roles_required, same_site_path
from negosim.accounts.forms import (
    AssignJuryForm,
    AttachRunForm,
    CandidateAccountForm,
    CandidateForm,
    CohortForm,
    LoginForm,
    UserForm,
)
from negosim.accounts.models import Cohort, CohortCandidate, CohortRun, User
from negosim.accounts.users import (
    AccountError,
    assign_jury,
    attach_run,
    authenticate,
    by_username,
    create_cohort,
    create_user,
    end_sessions,
)
from negosim.jury.dashboard import cohort_dashboard
from negosim.jury.listing import Filters, scored_sessions
from negosim.rooms import RoomError, get_service
from negosim.store import get_store
from negosim.store.runs import by_code
from negosim.vocabulary import Mode

bp = Blueprint("accounts", __name__)


def home_for(user: User) -> str:
    if user.role == "admin":
        return url_for("accounts.users")
    if user.role == "trainer":
        return url_for("accounts.cohorts")
    if user.role == "candidate":
        return url_for("candidates.sessions")
    return url_for("jury.sessions")


def login_rate() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_rate, methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        with get_store().Session.begin() as db:
            user = authenticate(db, form.username.data, form.password.data)
        if user is None:
            flash(_("Unknown username or wrong password."), "error")
            return render_template("accounts/login.html", form=form), 401
        rooms = session.get(ROOMS_KEY, [])
        session.clear()  # a fresh session on login: no fixation
        if rooms:
            session[ROOMS_KEY] = rooms
        login_user(user)
        return redirect(same_site_path(request.args.get("next")) or home_for(user))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    with get_store().Session.begin() as db:  # the cookie, even saved, opens nothing after this
        end_sessions(db.get(User, current_user.id))
    logout_user()
    session.clear()
    return redirect(url_for("home.index"))


@bp.route("/admin/users", methods=["GET", "POST"])
@roles_required("admin")
def users():
    form = UserForm()
    if form.validate_on_submit():
        try:
            with get_store().Session.begin() as db:
                create_user(
                    db,
                    form.username.data,
                    form.role.data,
                    form.password.data,
                    form.display_name.data or "",
                )
        except AccountError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Account created."), "ok")
            return redirect(url_for("accounts.users"))
    with get_store().Session() as db:
        people = db.scalars(select(User).order_by(User.role, User.username)).all()
        return render_template("accounts/users.html", form=form, people=people)


@bp.get("/cohorts")
@roles_required("admin", "trainer")
def cohorts():
    with get_store().Session() as db:
        rows = db.scalars(select(Cohort).order_by(Cohort.name)).all()
        counts = {
            c.id: db.scalar(select(CohortRun).where(CohortRun.cohort_id == c.id).limit(1))
            is not None
            for c in rows
        }
        return render_template(
            "accounts/cohorts.html", cohorts=rows, has_runs=counts, form=CohortForm()
        )


@bp.post("/cohorts")
@roles_required("admin", "trainer")
def create_cohort_view():
    form = CohortForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        with get_store().Session.begin() as db:
            cohort = create_cohort(db, form.name.data)
    except AccountError as exc:
        flash(str(exc), "error")
        return redirect(url_for("accounts.cohorts"))
    return redirect(url_for("accounts.cohort", cohort_id=cohort.id))


@bp.get("/cohorts/<int:cohort_id>")
@roles_required("admin", "trainer")
def cohort(cohort_id: int):
    with get_store().Session.begin() as db:  # scoring an ended run stores its result
        found = db.get(Cohort, cohort_id)
        if found is None:
            abort(404)
        runs = db.scalars(
            select(CohortRun).where(CohortRun.cohort_id == cohort_id).order_by(CohortRun.run_id)
        ).all()
        return render_template(
            "accounts/cohort.html",
            cohort=found,
            runs=runs,
            jury_form=AssignJuryForm(),
            run_form=AttachRunForm(),
            candidate_form=CandidateForm(),
            account_form=CandidateAccountForm(),
            scenarios=list(library.catalog(current_app).scenarios.values()),
            dashboard=dashboard(db, cohort_id),
        )


def dashboard(db, cohort_id: int) -> dict:
    rows = scored_sessions(db, library.rubric(current_app), None, Filters(cohort_id=cohort_id))
    return cohort_dashboard(rows) | {
        "names": {"success": _("Share of S or TS, percent"), "attempt": _("Attempt")}
    }


@bp.post("/cohorts/<int:cohort_id>/rooms")
@roles_required("admin", "trainer")
def cohort_room(cohort_id: int):
    """Open a room whose session belongs to this cohort from the start."""
    with get_store().Session() as db:
        if db.get(Cohort, cohort_id) is None:
            abort(404)
    try:
        duration = int(request.form.get("duration_min") or 0) or None
    except ValueError:
        abort(400, description=_("Durations must be whole numbers of minutes."))
    try:
        run = get_service(current_app).create(
            request.form.get("scenario_id", ""), Mode.COUNTERPART, duration
        )
    except RoomError as exc:
        abort(400, description=exc.message)
    with get_store().Session.begin() as db:
        attach_run(db, db.get(Cohort, cohort_id), run.id)
    return redirect(url_for("rooms.room", code=run.code))


@bp.post("/cohorts/<int:cohort_id>/jury")
@roles_required("admin", "trainer")
def cohort_jury(cohort_id: int):
    form = AssignJuryForm()
    if not form.validate_on_submit():
        abort(400)
    with get_store().Session.begin() as db:
        found = db.get(Cohort, cohort_id) or abort(404)
        user = by_username(db, form.username.data)
        try:
            if user is None:
                raise AccountError(_("No account with this username."))
            assign_jury(db, found, user)
        except AccountError as exc:
            flash(str(exc), "error")
    return redirect(url_for("accounts.cohort", cohort_id=cohort_id))


@bp.post("/cohorts/<int:cohort_id>/runs")
@roles_required("admin", "trainer")
def cohort_runs(cohort_id: int):
    form = AttachRunForm()
    if not form.validate_on_submit():
        abort(400)
    with get_store().Session.begin() as db:
        found = db.get(Cohort, cohort_id) or abort(404)
        run = by_code(db, form.code.data)
        if run is None:
            flash(_("No room with this code."), "error")
        else:
            attach_run(db, found, run.id)
    return redirect(url_for("accounts.cohort", cohort_id=cohort_id))


@bp.post("/cohorts/<int:cohort_id>/candidates")
@roles_required("admin", "trainer")
def cohort_candidates(cohort_id: int):
    form = CandidateForm()
    if not form.validate_on_submit():
        abort(400)
    with get_store().Session.begin() as db:
        found = db.get(Cohort, cohort_id) or abort(404)
        found.candidates.append(CohortCandidate(name=form.name.data.strip()))
    return redirect(url_for("accounts.cohort", cohort_id=cohort_id))


@bp.app_context_processor
def account_globals():
    return {"current_user": current_user}
