"""Candidates' accounts: trainers make them for a cohort; a candidate lists their sessions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from negosim.accounts.access import roles_required
from negosim.accounts.forms import CandidateAccountForm
from negosim.accounts.models import CANDIDATE, Cohort, CohortCandidate
from negosim.accounts.seats import my_sessions
from negosim.accounts.users import AccountError, create_user
from negosim.store import get_store

bp = Blueprint("candidates", __name__)


@bp.get("/me/sessions")
@roles_required(CANDIDATE)
def sessions():
    with get_store().Session() as db:
        return render_template("accounts/my_sessions.html", runs=my_sessions(db, current_user.id))


@bp.post("/cohorts/<int:cohort_id>/candidate-accounts")
@roles_required("admin", "trainer")
def create_account(cohort_id: int):
    form = CandidateAccountForm()
    if not form.validate_on_submit():
        reason = "; ".join(
            f"{form[name].label.text}: {errs[0]}" for name, errs in form.errors.items()
        )
        flash(_("Not saved: %(reason)s", reason=reason), "error")
        return redirect(url_for("accounts.cohort", cohort_id=cohort_id))
    try:
        with get_store().Session.begin() as db:
            cohort = db.get(Cohort, cohort_id) or abort(404)
            user = create_user(
                db, form.username.data, CANDIDATE, form.password.data, form.display_name.data
            )
            cohort.candidates.append(CohortCandidate(name=user.display_name, user_id=user.id))
    except AccountError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Account created."), "ok")
    return redirect(url_for("accounts.cohort", cohort_id=cohort_id))
