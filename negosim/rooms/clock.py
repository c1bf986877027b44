"""The room clock: time-outs, the facilitator's milestones, and idle rooms closed.

Called every ``CLOCK_TICK_S`` by one background task per process. It drives the runs
this process holds (``driving``: all of them in one process, the ones whose lease it
holds in a cluster); each change goes through a unit of work, which re-reads the run
locked, so a time-out already recorded by anyone is never recorded twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from negosim.engine.facilitator import Facilitator
from negosim.rooms.live import LiveRuns
from negosim.rooms.work import Units
from negosim.store import runs
from negosim.store.db import Store
from negosim.vocabulary import RunStatus


class Clock(Protocol):
    def elapsed(self, started_at: datetime) -> float: ...


class WallClock:
    def elapsed(self, started_at: datetime) -> float:
        return max(0.0, (datetime.now(UTC) - started_at).total_seconds())


class Timekeeper:
    def __init__(
        self,
        store: Store,
        live: LiveRuns,
        units: Units,
        elapsed: Callable[[datetime], float],
        idle_s: float,
        driving: Callable[[list[int]], Iterable[int]] = lambda ids: ids,
    ) -> None:
        self.store = store
        self.live = live
        self.units = units
        self.elapsed = elapsed
        self.idle_s = idle_s
        self.driving = driving
        self._expired_at = 0.0

    def tick(self) -> None:
        """End the runs whose clock ran out (also the ones a restart left behind) and idle rooms."""
        if time.monotonic() - self._expired_at >= min(60.0, self.idle_s / 2):
            self._expired_at = time.monotonic()
            self.expire_idle()
        with self.store.Reader() as session:
            active = runs.ids_with_status(session, RunStatus.NEGOTIATING)
        for run_id in self.driving(active):
            live = self.live.get(run_id)
            if live.started_at is None:
                continue
            due = self.elapsed(live.started_at) >= live.duration_s
            if not due and not isinstance(live.negotiation, Facilitator):
                continue  # the counterpart only hears the clock at the deadline
            with self.units.of(run_id) as work:
                if work.live.status == RunStatus.NEGOTIATING:
                    work.record(work.live.negotiation.clock(work.elapsed_s))

    def expire_idle(self) -> list[int]:
        """Close the open rooms where nothing was recorded for ``idle_s``; returns their ids."""
        cutoff = datetime.now(UTC) - timedelta(seconds=self.idle_s)
        with self.store.Reader() as session:
            idle = runs.idle_ids(session, cutoff)
        closed = []
        for run_id in self.driving(idle):
            with self.units.of(run_id) as work:
                if work.live.status == RunStatus.ENDED:
                    continue
                work.record(work.live.negotiation.finish("idle"))
                work.run.status = RunStatus.ENDED
                closed.append(run_id)
        return closed
