"""Authored scenario versions: who saved which stored text, when, and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from negosim.accounts.models import User
from negosim.store.models import Base, ScenarioVersion, utcnow

NOTE_CHARS = 200


class ScenarioEdit(Base):
    """One save in the workspace; the latest edit of a scenario id is its current version.

    The text itself is a ``scenario_version`` row (shared with the runs played from it),
    so saving a text that was already played, or reverting to an older one, reuses it.
    """

    __tablename__ = "scenario_edit"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(80), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("scenario_version.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str] = mapped_column(String(NOTE_CHARS))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    version: Mapped[ScenarioVersion] = relationship()
    author: Mapped[User | None] = relationship()
