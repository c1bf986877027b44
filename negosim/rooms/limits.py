"""A per-member rate limit for socket events (Flask-Limiter only sees HTTP requests)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable


class RateLimiter:
    """Token buckets, one per key: ``burst`` events at once, then ``per_s`` a second.

    Buckets that have refilled are dropped, so memory follows the active members only.
    """

    def __init__(self, per_s: float, burst: int, now: Callable[[], float] = time.monotonic) -> None:
        self.per_s = float(per_s)
        self.burst = float(burst)
        self.now = now
        self._buckets: dict[Hashable, tuple[float, float]] = {}  # key -> (tokens, at)
        self._lock = threading.Lock()

    def allow(self, key: Hashable) -> bool:
        """Take one token for ``key``; False when its bucket is empty."""
        now = self.now()
        with self._lock:
            tokens, at = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.per_s)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1, now)
            if len(self._buckets) > 10_000:
                self._sweep(now)
            return True

    def _sweep(self, now: float) -> None:
        full = [
            k for k, (t, at) in self._buckets.items() if t + (now - at) * self.per_s >= self.burst
        ]
        for k in full:
            del self._buckets[k]
