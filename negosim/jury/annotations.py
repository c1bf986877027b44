"""Private annotations of turns: written by staff watching a run live or replaying it.

They live in their own table, beside the journal: commentary about the negotiation,
not part of it. Who may read or write them is ``accounts.access.can_annotate``'s (HTTP)
and the room namespace's (sockets) business; this module only checks the content.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from negosim import events as ev
from negosim.jury.models import Annotation
from negosim.store.models import Event

MAX_CHARS = 1000


class AnnotationError(ValueError):
    """A refused annotation, with a stable code (``no_turn``, ``empty``, ``too_long``)."""

    def __init__(self, code: str, message: str, **params: int) -> None:
        super().__init__(message)
        self.code = code
        self.params = params  # figures the translated message names (``limit``)


def annotate(db: Session, run_id: int, seq: int, user_id: int, text: str) -> Annotation:
    """Record a note on the run's turn number ``seq``; the turn must exist in that run."""
    text = str(text or "").strip()
    if not text:
        raise AnnotationError("empty", "the annotation is empty")
    if len(text) > MAX_CHARS:
        raise AnnotationError(
            "too_long", f"an annotation has at most {MAX_CHARS} characters", limit=MAX_CHARS
        )
    turn = db.scalar(
        select(Event.id).where(Event.run_id == run_id, Event.seq == seq, Event.kind == ev.TURN)
    )
    if turn is None:
        raise AnnotationError("no_turn", f"no turn {seq} in this run")
    row = Annotation(run_id=run_id, seq=seq, user_id=user_id, text=text)
    db.add(row)
    db.flush()
    db.refresh(row, ["user"])
    return row


def to_dict(a: Annotation) -> dict[str, Any]:
    return {
        "id": a.id,
        "run_id": a.run_id,
        "seq": a.seq,
        "text": a.text,
        "by": a.user.display_name,
        "by_username": a.user.username,
        "at": a.at.isoformat(),
    }


def annotations_of(db: Session, run_id: int) -> list[dict[str, Any]]:
    """The run's annotations in turn order, then in the order they were written."""
    rows = db.scalars(
        select(Annotation)
        .where(Annotation.run_id == run_id)
        .options(selectinload(Annotation.user))
        .order_by(Annotation.seq, Annotation.at, Annotation.id)
    )
    return [to_dict(a) for a in rows]
