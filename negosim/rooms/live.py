"""The live-run registry: each run's engine in memory, rebuilt from the journal when missing.

The journal is the truth; a live run is a cache of what replaying it gives. It knows
the last sequence number it has taken in (``seq``), so a unit of work can tell when
another writer (another process, in a cluster) recorded something since, and rebuild.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from negosim import events as ev
from negosim.engine.replay import Engine, rebuild
from negosim.events import Recorded
from negosim.rooms.errors import RoomError
from negosim.rooms.sheet import SHEET_UPDATED, Sheet
from negosim.scenario.loader import LoadedScenario
from negosim.store import journal
from negosim.store.db import Store
from negosim.store.models import Run, ScenarioVersion
from negosim.store.runs import by_id
from negosim.store.scenarios import load_version
from negosim.vocabulary import Mode, RunStatus


@dataclass
class LiveRun:
    run_id: int
    loaded: LoadedScenario
    negotiation: Engine
    started_at: datetime | None
    duration_s: int
    status: RunStatus
    seq: int = 0  # the last journal entry this copy has taken in
    lock: threading.RLock = field(default_factory=threading.RLock)
    last_counterpart_text: str | None = None
    sheet: Sheet = field(default_factory=Sheet)
    mode: Mode = Mode.COUNTERPART

    def note(self, rec: Recorded, run: Run | None = None) -> None:
        """Take in one event just recorded (by this process or read back from the journal)."""
        self.seq = max(self.seq, rec.seq)
        if rec.kind == ev.TURN and rec.payload.get("speaker") == ev.COUNTERPART:
            self.last_counterpart_text = rec.payload.get("text")
        elif rec.kind == SHEET_UPDATED:
            self.sheet.note(rec.payload)
        elif rec.kind == ev.NEGOTIATION_STARTED and run is not None:
            self.status, self.started_at = RunStatus.NEGOTIATING, run.started_at
        elif rec.kind == ev.RUN_ENDED:
            self.status = RunStatus.ENDED

    def elapsed(self, clock: Callable[[datetime], float]) -> float:
        return clock(self.started_at) if self.started_at else 0.0


# Events that change what the engine would say next: any of these recorded elsewhere
# means this copy must be rebuilt; the others (joins, sheets, hand-overs) are noted.
ENGINE_KINDS = frozenset(
    {ev.NEGOTIATION_STARTED, ev.TURN, ev.CLOCK_MILESTONE, ev.RUN_ENDED, ev.TERMS}
)


class LiveRuns:
    """Run id -> its live copy. Rebuilds happen outside the registry's lock, so one room
    coming back never holds up the others; if two threads rebuild a run, the first wins."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._scenarios: dict[int, LoadedScenario] = {}  # by scenario version id
        self._live: dict[int, LiveRun] = {}
        self._lock = threading.Lock()

    def scenario(self, version: ScenarioVersion) -> LoadedScenario:
        """A stored version never changes: parse it once."""
        loaded = self._scenarios.get(version.id)
        return loaded or self._scenarios.setdefault(version.id, load_version(version))

    def remember_scenario(self, version_id: int, loaded: LoadedScenario) -> None:
        self._scenarios.setdefault(version_id, loaded)

    def known_scenario(self, version_id: int) -> LoadedScenario | None:
        return self._scenarios.get(version_id)

    def ids(self) -> list[int]:
        with self._lock:
            return list(self._live)

    def peek(self, run_id: int) -> LiveRun | None:
        with self._lock:
            return self._live.get(run_id)

    def get(self, run_id: int) -> LiveRun:
        """The run's live copy, rebuilt from its journal when missing."""
        with self._lock:
            live = self._live.get(run_id)
        if live is not None:
            return live
        with self.store.Reader() as session:
            live = self.rebuild(session, run_id)
        with self._lock:
            first = self._live.get(run_id)
            if first is not None:
                live.negotiation.close()
                return first
            if live.status != RunStatus.ENDED:
                self._live[run_id] = live
        return live

    def replace(self, old: LiveRun, new: LiveRun) -> None:
        """Put a fresher copy in place of ``old`` (called under ``old``'s lock)."""
        with self._lock:
            if self._live.get(old.run_id) is old:
                if new.status == RunStatus.ENDED:
                    del self._live[old.run_id]
                else:
                    self._live[old.run_id] = new
        old.negotiation.close()

    def forget(self, run_id: int) -> LiveRun | None:
        """Drop the live copy (the next use rebuilds it from the journal, as after a restart)."""
        with self._lock:
            return self._live.pop(run_id, None)

    @contextmanager
    def using(self, run_id: int) -> Iterator[LiveRun]:
        """A live run for the duration of a call; ended runs are rebuilt, used, and let go."""
        live = self.get(run_id)
        try:
            yield live
        finally:
            if live.status == RunStatus.ENDED and self.peek(run_id) is not live:
                live.negotiation.close()

    def catch_up(self, session: Session, live: LiveRun, run: Run) -> None:
        """Bring ``live`` up to the journal's head (another writer recorded since), in place:
        events the engine does not hear are noted, anything else means a rebuild."""
        if run.last_seq != live.seq:
            missed = [
                journal.to_recorded(e) for e in journal.events_after(session, run.id, live.seq)
            ]
            if any(rec.kind in ENGINE_KINDS for rec in missed):
                fresh = self.rebuild(session, run.id)
                old, fresh.lock = live.negotiation, live.lock
                live.__dict__.update(fresh.__dict__)
                old.close()
            else:
                for rec in missed:
                    live.note(rec, run)
                live.seq = run.last_seq
        live.status, live.started_at = RunStatus(run.status), run.started_at

    def rebuild(self, session: Session, run_id: int) -> LiveRun:
        """Replay the journal through a fresh engine: the counterpart's state is never stored."""
        run = by_id(session, run_id)
        if run is None:
            raise RoomError("unknown_room", "this room does not exist")
        loaded = self.scenario(run.scenario_version)
        recorded = [journal.to_recorded(e) for e in journal.events_after(session, run_id)]
        negotiation, _ = rebuild(loaded, run.seed, run.duration_s, recorded, run.mode)
        live = LiveRun(
            run_id,
            loaded,
            negotiation,
            run.started_at,
            run.duration_s,
            RunStatus(run.status),
            mode=Mode(run.mode),
        )
        for rec in recorded:
            live.note(rec)
        live.status, live.started_at, live.seq = RunStatus(run.status), run.started_at, run.last_seq
        return live
