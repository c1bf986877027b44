"""Real-time rooms: the live-run service and its Socket.IO namespace."""

from __future__ import annotations

import gc
import time
from typing import Any

from flask import Flask
from flask_socketio import SocketIO

from negosim import library
from negosim.analysis import AnalysisWorker
from negosim.analysis import analyze as analyze_inline
from negosim.analysis.context import Context
from negosim.analysis.pipeline import pipeline
from negosim.review import score_run
from negosim.rooms.audience import ALL, chunks
from negosim.rooms.errors import RoomError
from negosim.rooms.limits import RateLimiter
from negosim.rooms.service import RoomService
from negosim.rooms.sockets import NAMESPACE, RoomNamespace, room_of, side_room
from negosim.rooms.transport import GuardedPacket, bound_websockets
from negosim.store import get_store

__all__ = [
    "RoomError",
    "RoomService",
    "get_namespace",
    "get_service",
    "get_socketio",
    "init_app",
    "start_background",
    "warm_pipelines",
]


def init_app(app: Flask) -> None:
    """Bind Socket.IO (threading mode: see ENGINEERING.md) and build the room service.

    One ``SocketIO`` per app (Flask-SocketIO keeps it in ``app.extensions``), so
    apps built side by side in tests never share a server.
    """
    socketio = SocketIO(
        app,
        async_mode="threading",
        cors_allowed_origins=app.config["CORS_ORIGINS"] or None,
        max_http_buffer_size=app.config["MAX_SOCKET_BYTES"],
        serializer=GuardedPacket,  # forged life-cycle events never reach a handler
        logger=False,
        engineio_logger=False,
    )
    bound_websockets(socketio)
    worker = AnalysisWorker()
    app.extensions["negosim.analysis"] = worker
    store = get_store(app)

    def analyze(text: str, context: Context):
        """A turn read in its context, in its own language (never forced to the scenario's)."""
        if app.config["ANALYSIS_INLINE"]:
            return analyze_inline(text, context=context)
        return worker.analyze(text, context=context)

    def publish(run_id: int, events: list[dict[str, Any]]) -> None:
        """Each event to its audience only (see ``rooms.audience``), in sequence order."""
        for who, batch in chunks(events):
            to = room_of(run_id) if who == ALL else side_room(run_id, who.removeprefix("side:"))
            socketio.emit("events", batch, to=to, namespace=NAMESPACE)

    def notify(run_id: int, name: str, payload: dict[str, Any]) -> None:
        socketio.emit(name, payload, to=room_of(run_id), namespace=NAMESPACE)

    def on_end(run_id: int) -> None:
        with store.Session.begin() as session:
            score_run(session, run_id, library.rubric(app))

    service = RoomService(
        store,
        lambda: library.catalog(app),
        analyze,
        publish,
        max_turn_chars=app.config["MAX_TURN_CHARS"],
        on_end=on_end,
        capacity=int(app.config["ROOM_CAPACITY"]),
        idle_s=float(app.config["ROOM_IDLE_MIN"]) * 60,
        reply_delay_s=float(app.config["REPLY_DELAY_MS"]) / 1000,
        notify=notify,
    )
    app.extensions["negosim.rooms"] = service
    limiter = RateLimiter(float(app.config["ROOM_RATE_PER_S"]), int(app.config["ROOM_RATE_BURST"]))
    namespace = RoomNamespace(
        lambda: service, limiter, owner_grace_s=float(app.config["OWNER_GRACE_S"])
    )
    app.extensions["negosim.room_namespace"] = namespace
    socketio.on_namespace(namespace)


def get_service(app: Flask) -> RoomService:
    return app.extensions["negosim.rooms"]


def get_namespace(app: Flask) -> RoomNamespace:
    return app.extensions["negosim.room_namespace"]


def get_socketio(app: Flask) -> SocketIO:
    return app.extensions["socketio"]


def warm_pipelines(app: Flask) -> None:
    """Load the language pipelines now rather than when the first candidate waits."""
    for lang in app.config["LANGUAGES"]:
        pipeline(lang)


def start_background(app: Flask) -> None:
    """Load the language pipelines now, then run the room clock in the background.

    The clock ends runs whose time is up, including the ones a restart left behind.
    Called once in the serving process (gunicorn's worker), after start-up allocations.
    """
    warm_pipelines(app)
    library.catalog(app)
    # Half a million long-lived objects (language pipelines, scenarios): a full
    # collection walking them took ~200 ms with the GIL held, stalling every room
    # at once (the load bench's p99). Frozen, the collector skips them.
    gc.freeze()
    service = get_service(app)
    period = float(app.config["CLOCK_TICK_S"])

    def loop() -> None:
        while True:
            try:
                service.tick()
            except Exception:  # the clock must survive a failed tick
                app.logger.exception("room clock tick failed")
            time.sleep(period)

    get_socketio(app).start_background_task(loop)
