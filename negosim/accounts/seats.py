"""Candidates' accounts in rooms: the seat each took, so that they find it again anywhere.

A candidate with an account takes part under their account's name; coming back from
another browser they get their own seat back, never somebody else's.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from negosim.accounts.models import AccountMember, User
from negosim.store.models import Member, Run


def seat_token(db: Session, user_id: int, run_id: int) -> str | None:
    """The token of the account's seat in the run, or None if it has none yet."""
    return db.scalar(
        select(Member.token)
        .join(AccountMember, AccountMember.member_id == Member.id)
        .where(AccountMember.user_id == user_id, AccountMember.run_id == run_id)
    )


def take_seat(db: Session, user_id: int, run_id: int, member_id: int) -> None:
    if db.get(AccountMember, member_id) is None:
        db.add(AccountMember(member_id=member_id, user_id=user_id, run_id=run_id))


def display_name(db: Session, user_id: int) -> str:
    user = db.get(User, user_id)
    return user.display_name if user else ""


def my_sessions(db: Session, user_id: int) -> list[dict[str, Any]]:
    """The runs the account took part in, newest first, with the role it played."""
    rows = db.execute(
        select(Run, Member.role)
        .join(AccountMember, AccountMember.run_id == Run.id)
        .join(Member, Member.id == AccountMember.member_id)
        .where(AccountMember.user_id == user_id)
        .order_by(Run.id.desc())
    )
    return [
        {
            "id": run.id,
            "code": run.code,
            "title": run.scenario_version.title,
            "status": run.status,
            "outcome": run.outcome,
            "created_at": run.created_at,
            "role": role,
        }
        for run, role in rows
    ]
