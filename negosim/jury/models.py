"""The jury's adjustments: never overwriting the automatic level, always signed and dated."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from negosim.accounts.models import User
from negosim.store.models import Base, utcnow

OVERALL = "overall"  # the criterion id under which the jury's global decision is kept


class Adjustment(Base):
    """One change of a criterion's level by a jury member; the latest per criterion counts."""

    __tablename__ = "jury_adjustment"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id"), index=True)
    criterion_id: Mapped[str] = mapped_column(String(80))
    auto_level: Mapped[str] = mapped_column(String(8))
    level: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class Annotation(Base):
    """A trainer's or jury member's private note on one turn of a run.

    Commentary about the run, not part of the negotiation: kept out of the journal, so
    candidates, replays they can read and scoring never see it.
    """

    __tablename__ = "annotation"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id"), index=True)
    seq: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
