"""Publishing a run's recorded events in their order, some of them held back for a while.

The counterpart "types" before its answer is shown: the answer waits in the run's
queue, and so does anything recorded after it, while no lock is held and no handler
thread sleeps. Batches are put in the queue under the run's lock (so in the journal's
order) and published outside it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Publish = Callable[[int, list[dict[str, Any]]], None]
Later = Callable[[float, Callable[[], None]], None]


@dataclass
class _Batch:
    events: list[dict[str, Any]]
    not_before: float = 0.0
    before: Callable[[], None] | None = None  # said just before the batch goes out (typing)


def later_in_thread(delay_s: float, fn: Callable[[], None]) -> None:
    """The default ``Later``: a daemon timer thread."""
    timer = threading.Timer(delay_s, fn)
    timer.daemon = True
    timer.start()


class Outbox:
    def __init__(self, publish: Publish, later: Later = later_in_thread) -> None:
        self.publish = publish
        self.later = later
        self._queues: dict[int, deque[_Batch]] = {}
        self._draining: set[int] = set()
        self._waiting: set[int] = set()  # runs with a wake-up already scheduled
        self._lock = threading.Lock()

    def put(
        self,
        run_id: int,
        events: list[dict[str, Any]],
        hold_from: int | None = None,
        hold_s: float = 0.0,
        before_held: Callable[[], None] | None = None,
    ) -> None:
        """Queue ``events``; from index ``hold_from`` on, they wait ``hold_s`` seconds."""
        if not events:
            return
        with self._lock:
            queue = self._queues.setdefault(run_id, deque())
            if hold_from is None or hold_s <= 0:
                queue.append(_Batch(events))
            else:
                if events[:hold_from]:
                    queue.append(_Batch(events[:hold_from]))
                if events[hold_from:]:
                    due = time.monotonic() + hold_s
                    queue.append(_Batch(events[hold_from:], due, before_held))

    def drain(self, run_id: int) -> None:
        """Publish what is due, in order; one drainer per run, a wake-up for what is held.

        The drainer stops in the same locked step that finds nothing due, so a batch put
        meanwhile is either seen by it or drained by its putter.
        """
        with self._lock:
            if run_id in self._draining:
                return  # the drainer at work publishes ours too
            self._draining.add(run_id)
        while True:
            announce = None
            with self._lock:
                queue = self._queues.get(run_id)
                head = queue[0] if queue else None
                wait = head.not_before - time.monotonic() if head else 0.0
                if head is None or wait > 0:
                    self._draining.discard(run_id)
                    if head is None:
                        self._queues.pop(run_id, None)
                    elif run_id not in self._waiting:
                        announce, head.before = head.before, None
                        self._waiting.add(run_id)
                        self.later(wait, lambda: self._wake(run_id))
                else:
                    queue.popleft()
            if head is None or wait > 0:
                if announce is not None:
                    announce()
                return
            try:
                self.publish(run_id, head.events)
            except Exception:
                with self._lock:
                    self._draining.discard(run_id)
                raise

    def _wake(self, run_id: int) -> None:
        with self._lock:
            self._waiting.discard(run_id)
        self.drain(run_id)
