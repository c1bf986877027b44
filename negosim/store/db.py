"""The database handle: one engine and one session factory per app."""

from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and ``BEGIN IMMEDIATE``.

    Without ``BEGIN IMMEDIATE`` two writers that both read ``last_seq`` first
    can deadlock or number two events alike (see ENGINEERING.md).
    """
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, pool_size=8, max_overflow=24)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let the "begin" hook emit BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn):
        # Readers (``Store.Reader``) read a WAL snapshot without queueing for the write lock.
        reading = conn.get_execution_options().get("negosim_read_only")
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


class Store:
    """Engine and session factory bound to one app (the extension pattern)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.Session: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)
        # For reads only: on SQLite a plain BEGIN, so reads never wait behind writers.
        self.Reader: sessionmaker[Session] = sessionmaker(
            self.engine.execution_options(negosim_read_only=True), expire_on_commit=False
        )

    def init_app(self, app: Flask) -> None:
        app.extensions["negosim.store"] = self

    def dispose(self) -> None:
        self.engine.dispose()


def get_store(app: Flask | None = None) -> Store:
    return (app or current_app).extensions["negosim.store"]
