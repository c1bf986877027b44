"""Append-only journal of a run's events, numbered in the database."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from negosim.events import Happening, Recorded
from negosim.store.models import Event, Run


def append(
    session: Session,
    run_id: int,
    happenings: Sequence[Happening],
    *,
    elapsed_s: float,
    client_id: str | None = None,
) -> list[Event]:
    """Number and add events inside the caller's transaction.

    The run row's ``last_seq`` is bumped by one UPDATE, which takes the write
    lock before any read, so concurrent writers never share a number.
    ``client_id`` goes on the first event only: it is the sender's idempotency key.
    """
    if not happenings:
        return []
    last = session.execute(
        update(Run)
        .where(Run.id == run_id)
        .values(last_seq=Run.last_seq + len(happenings))
        .returning(Run.last_seq)
    ).scalar_one()
    first = last - len(happenings) + 1
    rows = [
        Event(
            run_id=run_id,
            seq=first + i,
            kind=h.kind,
            elapsed_s=elapsed_s,
            author=h.author,
            client_id=client_id if i == 0 else None,
            payload=h.payload,
        )
        for i, h in enumerate(happenings)
    ]
    session.add_all(rows)
    session.flush()
    return rows


def find_by_client_id(session: Session, run_id: int, client_id: str) -> Event | None:
    return session.scalar(select(Event).where(Event.run_id == run_id, Event.client_id == client_id))


def events_after(session: Session, run_id: int, after_seq: int = 0) -> list[Event]:
    return list(
        session.scalars(
            select(Event).where(Event.run_id == run_id, Event.seq > after_seq).order_by(Event.seq)
        )
    )


def of_kind(session: Session, run_id: int, kind: str) -> list[Event]:
    """A run's events of one kind, in order (indexed by run and kind)."""
    return list(
        session.scalars(
            select(Event).where(Event.run_id == run_id, Event.kind == kind).order_by(Event.seq)
        )
    )


def payloads(session: Session, run_id: int, kind: str) -> list[dict]:
    """The payloads of a run's events of one kind, in order."""
    return [e.payload for e in of_kind(session, run_id, kind)]


def to_recorded(event: Event) -> Recorded:
    return Recorded(
        seq=event.seq,
        kind=event.kind,
        elapsed_s=event.elapsed_s,
        author=event.author,
        payload=event.payload,
        at=event.at.isoformat() if event.at else "",
    )
