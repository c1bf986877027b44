"""Runs and their members."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from negosim.store.models import Event, Member, Run
from negosim.vocabulary import OPEN_STATUSES

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: codes are read aloud
CODE_LENGTH = 6


def new_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Run.id).where(Run.code == code)) is None:
            return code


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in str(raw).upper() if ch.isalnum())[:12]


def by_code(session: Session, code: str) -> Run | None:
    return session.scalar(
        select(Run).where(Run.code == normalise_code(code)).options(selectinload(Run.members))
    )


def by_id(session: Session, run_id: int) -> Run | None:
    return session.get(Run, run_id, options=[selectinload(Run.members)])


def member_by_token(session: Session, run_id: int, token: str) -> Member | None:
    return session.scalar(select(Member).where(Member.run_id == run_id, Member.token == token))


def add_member(session: Session, run: Run, name: str, role: str, side: str | None) -> Member:
    member = Member(run_id=run.id, token=secrets.token_urlsafe(24), name=name, role=role, side=side)
    session.add(member)
    session.flush()
    return member


def locked(session: Session, run_id: int) -> Run | None:
    """The run with its members, its row locked for the caller's transaction.

    PostgreSQL: ``SELECT … FOR UPDATE``, so two processes writing one run queue up here;
    SQLite's ``BEGIN IMMEDIATE`` already holds the whole database.
    """
    return session.get(
        Run,
        run_id,
        with_for_update=True,
        options=[selectinload(Run.members)],
        populate_existing=True,
    )


def ids_with_status(session: Session, status: str) -> list[int]:
    return list(session.scalars(select(Run.id).where(Run.status == status)))


def idle_ids(session: Session, cutoff: datetime) -> list[int]:
    """Open runs where nothing was recorded since ``cutoff``."""
    last_at = (
        select(func.max(Event.at)).where(Event.run_id == Run.id).correlate(Run).scalar_subquery()
    )
    return list(
        session.scalars(select(Run.id).where(Run.status.in_(OPEN_STATUSES), last_at < cutoff))
    )
