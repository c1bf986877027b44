"""One unit of work on a live run: lock, transaction, engine, journal — then publish.

Every change to a run goes through ``Units.of``: the run's lock, one transaction with
the run's row locked, the live copy brought up to the journal's head, the events
recorded and noted, the commit, and only then the events queued for publishing (a
client never sees what was not stored). A failure drops the live copy, so the next
use rebuilds it from the journal, the truth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from negosim import events as ev
from negosim.events import Happening
from negosim.rooms.errors import RoomError
from negosim.rooms.live import LiveRun, LiveRuns
from negosim.rooms.outbox import Outbox
from negosim.rooms.sheet import StaleEdit
from negosim.store import journal, runs
from negosim.store.db import Store
from negosim.store.models import Event, Member, Run
from negosim.vocabulary import Role, RunStatus

REFUSALS = (RoomError, StaleEdit)  # refused before anything changed: the live copy stays


@dataclass
class Work:
    session: Session
    run: Run
    live: LiveRun
    elapsed_s: float
    out: list[dict[str, Any]] = field(default_factory=list)
    hold_from: int | None = None  # publish ``out`` from this index after the typing pause
    typist: str = ""  # who is shown typing meanwhile

    @property
    def ended(self) -> bool:
        return any(e["kind"] == ev.RUN_ENDED for e in self.out)

    def member(self, member_id: int, speaking: bool = False) -> Member:
        """The member of this run; ``speaking``: one who takes part (never an observer)."""
        member = next((m for m in self.run.members if m.id == member_id), None)
        if member is None:
            raise RoomError("not_member", "join the room first")
        if speaking and member.role == Role.OBSERVER:
            raise RoomError("observer", "observers do not take part in the negotiation")
        return member

    def record(
        self,
        happenings: Sequence[Happening],
        client_id: str | None = None,
        elapsed_s: float | None = None,
    ) -> list[Event]:
        """Number and add events in this transaction; the live copy takes them in at once."""
        rows = journal.append(
            self.session,
            self.run.id,
            happenings,
            elapsed_s=self.elapsed_s if elapsed_s is None else elapsed_s,
            client_id=client_id,
        )
        for row in rows:
            rec = journal.to_recorded(row)
            self.live.note(rec, self.run)
            self.out.append(rec.to_dict())
            if rec.kind == ev.RUN_ENDED:
                self.run.status, self.run.outcome = RunStatus.ENDED, rec.payload.get("outcome")
                self.run.ended_at = datetime.now(UTC)
        return rows


class Units:
    def __init__(
        self,
        store: Store,
        live: LiveRuns,
        outbox: Outbox,
        elapsed: Callable[[datetime], float],
        on_end: Callable[[int], None] | None = None,
        typing: Callable[[int, str], None] | None = None,
    ) -> None:
        self.store = store
        self.live = live
        self.outbox = outbox
        self.elapsed = elapsed
        self.on_end = on_end
        self.typing = typing
        self.hold_s = 0.0  # the counterpart's typing pause

    @contextmanager
    def of(self, run_id: int) -> Iterator[Work]:
        """The run, locked and up to date, for one change; published after the commit."""
        with self.live.using(run_id) as live, live.lock:
            try:
                with self.store.Session.begin() as session:
                    run = runs.locked(session, run_id)
                    if run is None:
                        raise RoomError("unknown_room", "this room does not exist")
                    self.live.catch_up(session, live, run)
                    work = Work(session, run, live, live.elapsed(self.elapsed))
                    yield work
            except REFUSALS:
                raise
            except BaseException:
                self.live.forget(run_id)  # the journal is the truth: rebuild from it next time
                raise
            self._queue(run_id, work)
        self.outbox.drain(run_id)
        if work.ended:
            self._ended(run_id)

    def _queue(self, run_id: int, work: Work) -> None:
        """In the run's order (still under its lock); the held part after the typing pause."""
        before = None
        if work.hold_from is not None and self.typing is not None:
            typist = work.typist
            before = lambda: self.typing(run_id, typist)  # noqa: E731
        self.outbox.put(run_id, work.out, work.hold_from, self.hold_s, before)

    def _ended(self, run_id: int) -> None:
        live = self.live.forget(run_id)
        if live is not None:
            live.negotiation.close()
        if self.on_end:
            self.on_end(run_id)
