"""Fixtures: an app on a fresh SQLite file, its clients, the CLI runner, a real server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from negosim import create_app
from negosim.config import PROJECT_DIR
from negosim.rooms import get_service, get_socketio
from negosim.rooms.sockets import NAMESPACE
from negosim.store import get_store
from negosim.store.migrate import upgrade

SCENARIO = "fr-mobilier-grand-compte"


def make_app(tmp_path: Path, **overrides):
    """A test app on a fresh, migrated SQLite file; ``overrides`` change its settings."""
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'test.sqlite3'}",
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
            "ANALYSIS_INLINE": True,
            "REPLY_DELAY_MS": 0,
            "OWNER_GRACE_S": 0,
            **overrides,
        }
    )
    upgrade(get_store(app).url)
    return app


@pytest.fixture
def app(tmp_path: Path):
    app = make_app(tmp_path)
    yield app
    get_store(app).dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def service(app):
    return get_service(app)


def open_socket(app, browser=None, language: str | None = None):
    """A Socket.IO test client on the room namespace, in a browser (cookie jar) of its own."""
    return get_socketio(app).test_client(
        app,
        namespace=NAMESPACE,
        flask_test_client=browser or app.test_client(),
        headers={"Accept-Language": language} if language else None,
    )


@pytest.fixture
def browsers(app):
    """Socket clients, each in a browser of its own: anonymous, or signed in as ``username``;
    ``browser`` shares an existing test client's cookies. All disconnected at the end."""
    from tests.staff import login  # tests.staff imports this module

    made = []

    def make(username: str | None = None, *, browser=None, language: str | None = None):
        browser = browser or app.test_client()
        if username:
            login(browser, username)
        sc = open_socket(app, browser, language)
        made.append(sc)
        return sc

    yield make
    for sc in made:
        if sc.is_connected(NAMESPACE):
            sc.disconnect(namespace=NAMESPACE)


@pytest.fixture
def socket_client(browsers, client):
    """Socket clients sharing the ``client`` fixture's cookies (sign in with ``client``)."""
    return lambda: browsers(browser=client)


@pytest.fixture
def runner(tmp_path: Path, monkeypatch) -> CliRunner:
    """The CLI against a database of its own (configured like a user would: environment)."""
    monkeypatch.setenv("NEGOSIM_INSTANCE_PATH", str(tmp_path / "cli-instance"))
    monkeypatch.setenv("NEGOSIM_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    return CliRunner()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``negosim serve`` in a subprocess, as a user starts it; can be killed and restarted."""

    def __init__(self, root: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "NEGOSIM_INSTANCE_PATH": str(root / "instance"),
            "NEGOSIM_DATABASE_URL": f"sqlite:///{root / 'server.sqlite3'}",
            "NEGOSIM_CLOCK_TICK_S": "0.5",
            "NEGOSIM_REPLY_DELAY_MS": "0",
        }
        self.log = root / "server.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "negosim.cli",
                    "serve",
                    "--port",
                    str(self.port),
                    "--threads",
                    "64",
                ],
                cwd=PROJECT_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: kill() reaches the worker too
            )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if requests.get(self.url + "/", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.2)
            if self.proc.poll() is not None:
                break
        raise RuntimeError(f"server did not start:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the gunicorn master and its worker at once, like a power cut."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    srv = Server(tmp_path)
    srv.start()
    yield srv
    srv.stop()
