"""Tables. A run's truth is its append-only event journal; the rest is lookup."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from negosim.vocabulary import Mode, RunStatus


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in and out, also on SQLite which keeps no zone."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        return value.replace(tzinfo=UTC) if value is not None else None


class Base(DeclarativeBase):
    type_annotation_map = {
        dict[str, Any]: JSON,
        datetime: UTCDateTime,
    }


class ScenarioVersion(Base):
    """One exact text of a scenario file; runs point at the version they were played with."""

    __tablename__ = "scenario_version"
    __table_args__ = (UniqueConstraint("scenario_id", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(80), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5))
    source: Mapped[str] = mapped_column(Text)
    culture_source: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Run(Base):
    """One training attempt (the UI calls it a séance)."""

    __tablename__ = "run"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    scenario_version_id: Mapped[int] = mapped_column(ForeignKey("scenario_version.id"))
    mode: Mapped[str] = mapped_column(String(20), default=Mode.COUNTERPART)
    seed: Mapped[int] = mapped_column(default=0)
    duration_s: Mapped[int] = mapped_column(default=1800)
    prep_s: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), default=RunStatus.WAITING)
    outcome: Mapped[str | None] = mapped_column(String(20))
    last_seq: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]

    scenario_version: Mapped[ScenarioVersion] = relationship()
    members: Mapped[list[Member]] = relationship(back_populates="run", order_by="Member.id")


class Member(Base):
    """Someone in a run's room; the token lets the same person come back."""

    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(20))
    side: Mapped[str | None] = mapped_column(String(20))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    run: Mapped[Run] = relationship(back_populates="members")


class Event(Base):
    """An append-only journal entry, numbered per run; written before it is broadcast."""

    __tablename__ = "event"
    __table_args__ = (
        UniqueConstraint("run_id", "seq"),
        UniqueConstraint("run_id", "client_id"),
        Index("ix_event_run_kind", "run_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id"))
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    elapsed_s: Mapped[float] = mapped_column(default=0.0)
    author: Mapped[str] = mapped_column(String(40))
    client_id: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ScoreRecord(Base):
    """A scoring result, stored with the exact rubric and scenario versions used."""

    __tablename__ = "score"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id"), index=True)
    rubric_id: Mapped[str] = mapped_column(String(80))
    rubric_digest: Mapped[str] = mapped_column(String(64))
    scenario_digest: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
