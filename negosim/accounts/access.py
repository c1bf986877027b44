"""Who may see which run: the one place HTTP routes ask.

- administrators and trainers see every run;
- a jury member sees the runs attached to the cohorts assigned to them;
- whoever opened a room's page in this browser (a signed session cookie keeps the
  room list) sees that room's debrief and replay, as the room code already let them in;
  team against team, only the sides whose code they opened it with (``sides_known``);
- a candidate's account sees the runs where it took a seat (``account_member``);
- trainers' annotations go only to accounts that may watch the run (``can_annotate``):
  a room cookie never opens them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import abort, session
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import Session

from negosim.accounts.models import CANDIDATE, AccountMember, CohortRun, cohort_jury

ROOMS_KEY = "rooms"
SIDES_KEY = "room_sides"
ROOMS_KEPT = 50
STAFF = ("admin", "trainer")


def remember_room(run_id: int, sides: Iterable[str] = ()) -> None:
    """Give this browser access to the run's debrief and replay (signed session cookie),
    and to the private events of ``sides`` (team against team: the code it came with)."""
    rooms = [r for r in session.get(ROOMS_KEY, []) if r != run_id]
    session[ROOMS_KEY] = (rooms + [run_id])[-ROOMS_KEPT:]
    known = {k: v for k, v in session.get(SIDES_KEY, {}).items() if int(k) in session[ROOMS_KEY]}
    merged = sorted(set(known.get(str(run_id), [])) | {str(s) for s in sides})
    if merged:
        known[str(run_id)] = merged
    session[SIDES_KEY] = known


def sides_known(run_id: int) -> set[str]:
    """The sides whose code this browser opened the room with."""
    return set(session.get(SIDES_KEY, {}).get(str(run_id), []))


def in_my_rooms(run_id: int) -> bool:
    return run_id in session.get(ROOMS_KEY, [])


def role() -> str | None:
    return current_user.role if current_user.is_authenticated else None


def is_staff(role_: str | None) -> bool:
    """A signed-in account that watches (admin, trainer, jury) rather than takes part."""
    return role_ is not None and role_ != CANDIDATE


def jury_cohort_ids(db: Session, user_id: int) -> set[int]:
    rows = db.execute(select(cohort_jury.c.cohort_id).where(cohort_jury.c.user_id == user_id))
    return {r[0] for r in rows}


def visible_cohort_ids(db: Session) -> set[int] | None:
    """The cohorts the current user may see; None means all of them."""
    if role() in STAFF:
        return None
    if role() == "jury":
        return jury_cohort_ids(db, current_user.id)
    return set()


def run_cohort_id(db: Session, run_id: int) -> int | None:
    return db.scalar(select(CohortRun.cohort_id).where(CohortRun.run_id == run_id))


def seat_of(db: Session, user_id: int, run_id: int) -> AccountMember | None:
    """The seat a candidate's account took in a run, if any."""
    return db.scalar(
        select(AccountMember).where(
            AccountMember.user_id == user_id, AccountMember.run_id == run_id
        )
    )


def can_see_run(db: Session, run_id: int) -> bool:
    """Staff see every run; a jury member their cohorts' runs only (a room cookie the browser
    picked up while opening a room page grants them nothing); candidates the rooms they were in.
    """
    if role() in STAFF:
        return True
    if role() == "jury":
        cohort = run_cohort_id(db, run_id)
        return cohort is not None and cohort in jury_cohort_ids(db, current_user.id)
    if in_my_rooms(run_id):
        return True
    if role() == CANDIDATE:
        return seat_of(db, current_user.id, run_id) is not None
    return False


def may_watch(db: Session, user_id: int, role_: str, run_id: int) -> bool:
    """An account's right to watch a run live and annotate it: never a room cookie's."""
    if role_ in STAFF:
        return True
    if role_ != "jury":
        return False
    cohort = run_cohort_id(db, run_id)
    return cohort is not None and cohort in jury_cohort_ids(db, user_id)


def can_annotate(db: Session, run_id: int) -> bool:
    """Staff and the jury of the run's cohort read and write its annotations."""
    return current_user.is_authenticated and may_watch(db, current_user.id, role(), run_id)


def require_run(db: Session, run_id: int) -> None:
    if not can_see_run(db, run_id):
        abort(403)


def roles_required(*roles: str) -> Callable:
    """Log in first (redirect to the login page), then the role must be one of ``roles``."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return login_required(wrapped)

    return decorate


def same_site_path(target: str | None) -> str | None:
    """Only a path on this site: an open redirect or link would lend our name to phishing."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc or "\\" in target else target


def sides_seen(db: Session, run: Any, revealed: bool) -> tuple[str, ...] | None:
    """The sides whose private events (a team's preparation sheet) this viewer reads;
    None: every side.

    Team against team, a team reads its own side only, during the run and after it,
    unless a trainer has revealed both sides; staff and the jury read both.
    """
    if run.mode != "teams" or is_staff(role()) or revealed:
        return None
    sides = sides_known(run.id)
    if role() == CANDIDATE:
        seat = seat_of(db, current_user.id, run.id)
        sides |= {m.side for m in run.members if seat is not None and m.id == seat.member_id}
    return tuple(sorted(s for s in sides if s))
