"""One served app for the hostile-client suite, a witness room that must keep working,
and the worker's memory as the kernel reports it.

Every case sends what a hostile client would, then checks: a clear refusal, a bounded
peak in the worker's resident memory (``VmHWM`` in ``/proc``), nothing stored, and the
witness room still answering.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SCENARIO, Server
from tests.live import Member, create_room

pytestmark = pytest.mark.server

ADMIN, PASSWORD = "ada", "correct horse battery"
LEAVER = "max"  # an administrator who logs out (which ends every session of the account)


def worker_pid(server: Server) -> int:
    """Gunicorn's single worker: the serving process's only child."""
    assert server.proc is not None
    pid = server.proc.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def peak_rss_mib(pid: int) -> float:
    """The process's peak resident memory so far (``VmHWM``), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc status")


class Witness:
    """A room in session beside the attacks: after each case it must still take a turn."""

    def __init__(self, server: Server) -> None:
        self.code = create_room(server.url, SCENARIO)
        self.member = Member(server.url)
        assert self.member.join(self.code, "Témoin")["ok"]
        assert self.member.call("start", {}) == {"ok": True}
        self.turns = 0

    def still_serving(self) -> None:
        self.turns += 1
        ack = self.member.call("say", {"client_id": f"w{self.turns}", "text": "Votre budget ?"})
        assert ack["ok"], ack


@pytest.fixture(scope="package")
def served(tmp_path_factory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("hostile")
    srv = Server(root)
    # the witness answers after every case: the rate limiter is not what is tested here
    srv.env |= {"NEGOSIM_ROOM_RATE_PER_S": "1000", "NEGOSIM_ROOM_RATE_BURST": "1000"}
    for username in (ADMIN, LEAVER):
        subprocess.run(
            [sys.executable, "-m", "negosim.cli", "users", "create", username]
            + ["--role", "admin", "--password-stdin"],
            input=PASSWORD + "\n",
            env=srv.env,
            check=True,
            capture_output=True,
            text=True,
        )
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="package")
def witness(served: Server) -> Iterator[Witness]:
    w = Witness(served)
    yield w
    w.member.leave()


@pytest.fixture
def worker(served: Server) -> int:
    return worker_pid(served)


@pytest.fixture(scope="package")
def admin(served: Server):
    """One logged-in administrator for the whole suite (logins are rate-limited)."""
    from tests.hostile.clients import logged_in

    return logged_in(served.url)
