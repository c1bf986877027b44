"""Creating accounts and checking passwords: shared by the CLI and the pages."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from negosim.accounts.models import ROLES, Cohort, CohortRun, User
from negosim.accounts.passwords import (
    DUMMY_HASH,
    MIN_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)


class AccountError(ValueError):
    """A refused account operation, with a message for the person who asked."""


def normalise_username(raw: str) -> str:
    return raw.strip().lower()


def create_user(
    session: Session, username: str, role: str, password: str, display_name: str = ""
) -> User:
    username = normalise_username(username)
    if not username or len(username) > 80:
        raise AccountError("a username is 1 to 80 characters")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (choose from {', '.join(ROLES)})")
    if len(password) < MIN_LENGTH:
        raise AccountError(f"a password has at least {MIN_LENGTH} characters")
    if by_username(session, username) is not None:
        raise AccountError(f"the username {username!r} is taken")
    user = User(
        username=username,
        display_name=display_name.strip() or username,
        role=role,
        password_hash=hash_password(password),
    )
    session.add(user)
    session.flush()
    return user


def by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == normalise_username(username)))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this password, or None; unknown names cost as much as wrong ones."""
    user = by_username(session, username)
    if user is None:
        verify_password(DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def end_sessions(user: User) -> None:
    """Every session of this account ends, in every browser (see ``User.get_id``)."""
    user.session_epoch = (user.session_epoch or 0) + 1


def set_password(user: User, password: str) -> None:
    """A new password; the sessions opened with the old one end."""
    if len(password) < MIN_LENGTH:
        raise AccountError(f"a password has at least {MIN_LENGTH} characters")
    user.password_hash = hash_password(password)
    end_sessions(user)


def create_cohort(session: Session, name: str) -> Cohort:
    name = name.strip()
    if not name or len(name) > 120:
        raise AccountError("a cohort name is 1 to 120 characters")
    if session.scalar(select(Cohort).where(func.lower(Cohort.name) == name.lower())):
        raise AccountError(f"the cohort {name!r} exists")
    cohort = Cohort(name=name)
    session.add(cohort)
    session.flush()
    return cohort


def cohort_by_key(session: Session, key: str) -> Cohort | None:
    """A cohort by id or by name (the CLI takes either)."""
    if key.isdigit():
        found = session.get(Cohort, int(key))
        if found is not None:
            return found
    return session.scalar(select(Cohort).where(func.lower(Cohort.name) == key.strip().lower()))


def assign_jury(session: Session, cohort: Cohort, user: User) -> None:
    if user.role != "jury":
        raise AccountError(f"{user.username} is not a jury member")
    if user not in cohort.jury:
        cohort.jury.append(user)


def attach_run(session: Session, cohort: Cohort, run_id: int) -> None:
    found = session.get(CohortRun, run_id)
    if found is None:
        session.add(CohortRun(run_id=run_id, cohort_id=cohort.id))
    else:
        found.cohort_id = cohort.id
    session.flush()
