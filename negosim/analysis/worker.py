"""One analysis thread fed by a queue: spaCy must not run in many threads at once."""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future

from negosim.analysis.analyzer import TurnText, analyze_batch
from negosim.analysis.context import Context
from negosim.analysis.model import Analysis


class AnalysisWorker:
    """Serialises analysis for socket and request threads; batches what queued up meanwhile."""

    def __init__(self, max_batch: int = 32) -> None:
        self._queue: queue.Queue[tuple[TurnText, Future[Analysis]] | None] = queue.Queue()
        self._max_batch = max_batch
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="analysis", daemon=True)
                self._thread.start()

    def submit(
        self,
        text: str,
        lang: str | None = None,
        previous: str | None = None,
        context: Context | None = None,
    ) -> Future:
        self.start()
        future: Future[Analysis] = Future()
        self._queue.put((TurnText(text, lang, previous, context), future))
        return future

    def analyze(
        self,
        text: str,
        lang: str | None = None,
        previous: str | None = None,
        context: Context | None = None,
        timeout: float = 30.0,
    ) -> Analysis:
        return self.submit(text, lang, previous, context).result(timeout=timeout)

    def stop(self) -> None:
        self._queue.put(None)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < self._max_batch:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    self._queue.put(None)
                    break
                batch.append(nxt)
            self._process(batch)

    @staticmethod
    def _process(batch: list[tuple[TurnText, Future]]) -> None:
        try:
            results = analyze_batch(item for item, _ in batch)
        except Exception:  # one bad turn must not fail its neighbours: retry one by one
            for item, future in batch:
                try:
                    future.set_result(analyze_batch([item])[0])
                except Exception as exc:  # noqa: BLE001 - handed to the waiting caller
                    future.set_exception(exc)
            return
        for (_, future), result in zip(batch, results, strict=True):
            future.set_result(result)
