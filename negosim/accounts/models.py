"""Accounts, cohorts and who sees what: the tables behind roles.

A run belongs to at most one cohort through ``cohort_run`` (a table of its own, so
the journal's ``run`` table stays as the rooms own it).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from negosim.store.models import Base, utcnow

ROLES = ("admin", "trainer", "jury", "candidate")
CANDIDATE = "candidate"  # an account that takes part in rooms; the other roles only watch

cohort_jury = Table(
    "cohort_jury",
    Base.metadata,
    Column("cohort_id", ForeignKey("cohort.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
)


class User(Base):
    """A trainer, jury member, administrator, or a candidate whose school wants accounts.

    Candidates need no account (a room code lets them in); with one, they find their own
    sessions again from any browser.
    """

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of every login cookie (see get_id): raised on logout and on a password change,
    # it ends every session opened before, saved cookies included.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohorts: Mapped[list[Cohort]] = relationship(
        secondary=cohort_jury, back_populates="jury", order_by="Cohort.name"
    )

    # Flask-Login's user protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """What the login cookie holds: the account and its session epoch."""
        return f"{self.id}:{self.session_epoch}"


class Cohort(Base):
    """A group of candidates preparing the certification together."""

    __tablename__ = "cohort"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    jury: Mapped[list[User]] = relationship(
        secondary=cohort_jury, back_populates="cohorts", order_by="User.username"
    )
    candidates: Mapped[list[CohortCandidate]] = relationship(
        order_by="CohortCandidate.name", cascade="all, delete-orphan"
    )


class CohortCandidate(Base):
    """A candidate on a cohort's list (by the name they use in rooms)."""

    __tablename__ = "cohort_candidate"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    user: Mapped[User | None] = relationship()


class CohortRun(Base):
    """A run attached to a cohort; runs without a row here belong to no cohort."""

    __tablename__ = "cohort_run"

    run_id: Mapped[int] = mapped_column(ForeignKey("run.id"), primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), index=True)
    attached_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohort: Mapped[Cohort] = relationship()


class AccountMember(Base):
    """A room seat taken by a candidate's account: their own sessions, from any browser."""

    __tablename__ = "account_member"

    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id"), index=True)
