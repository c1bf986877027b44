"""Real Socket.IO members of a room on a running server (python-socketio's client)."""

from __future__ import annotations

import re
import threading
import time
from typing import Any

import requests
import socketio

NAMESPACE = "/room"


def create_room(url: str, scenario_id: str, **form: Any) -> str:
    """Open a room through the home page's form, as a trainer does; returns its code."""
    return open_room(url, scenario_id, **form)[0]


def team_room(url: str, scenario_id: str, **form: Any) -> dict[str, str]:
    """Open a team-against-team room; returns each team's code, as its page hands them out."""
    code, http = open_room(url, scenario_id, mode="teams", **form)
    page = http.get(f"{url}/r/{code}", timeout=10).text
    return dict(re.findall(r'class="team-code" data-side="(\w+)">([^<]+)<', page))


def open_room(url: str, scenario_id: str, **form: Any) -> tuple[str, requests.Session]:
    http = requests.Session()
    page = http.get(url + "/", timeout=10).text
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    answer = http.post(
        url + "/rooms",
        data={"csrf_token": token, "scenario_id": scenario_id, **form},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"].rstrip("/").rsplit("/", 1)[-1], http


class Member:
    """One browser's worth of room: joins, keeps every event it receives, in order."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.events: list[dict[str, Any]] = []
        self.errors: list[dict[str, Any]] = []
        self.arrived = threading.Condition()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("events", self._on_events, namespace=NAMESPACE)
        self.sio.on("error", self._on_error, namespace=NAMESPACE)
        self.token: str | None = None
        self.member: dict[str, Any] = {}
        self.state: dict[str, Any] = {}

    def _on_events(self, events: list[dict[str, Any]]) -> None:
        with self.arrived:
            self.events.extend(events)
            self.arrived.notify_all()

    def _on_error(self, error: dict[str, Any]) -> None:
        self.errors.append(error)

    @property
    def last_seq(self) -> int:
        return max((e["seq"] for e in self.events), default=0)

    def join(self, code: str, name: str = "", role: str = "lead", **extra: Any) -> dict[str, Any]:
        self.sio.connect(self.url, namespaces=[NAMESPACE], transports=["websocket"])
        ack = self.call(
            "join",
            {
                "code": code,
                "name": name,
                "role": role,
                "token": self.token,
                "last_seq": self.last_seq,
                **extra,
            },
        )
        if ack.get("ok"):
            self.token, self.member, self.state = ack["token"], ack["member"], ack["state"]
            self._on_events(ack["events"])
        return ack

    def call(self, event: str, data: Any, timeout: float = 30) -> dict[str, Any]:
        return self.sio.call(event, data, namespace=NAMESPACE, timeout=timeout)

    def wait_for(self, seq: int, timeout: float = 30) -> None:
        """Until the event numbered ``seq`` (and so every one before it) has arrived."""
        deadline = time.monotonic() + timeout
        with self.arrived:
            while self.last_seq < seq:
                left = deadline - time.monotonic()
                assert left > 0, f"event {seq} never arrived (last {self.last_seq})"
                self.arrived.wait(left)

    def seqs(self) -> list[int]:
        return [e["seq"] for e in self.events]

    def leave(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()


def played_run(url: str, scenario_id: str, turns: list[str], end: bool = True) -> tuple[str, int]:
    """A room where one candidate said ``turns`` (each answered) and, with ``end``, ended it
    (unless a deal did); returns its code and run id."""
    code = create_room(url, scenario_id, prep_min="0")
    alice = Member(url)
    ack = alice.join(code, "Alice")
    assert ack["ok"], ack
    assert alice.call("start", {}) == {"ok": True}
    for n, text in enumerate(turns):
        said = alice.call("say", {"client_id": f"played-{n}", "text": text})
        while not said["ok"] and said["error"]["code"] == "rate_limited":
            time.sleep(0.6)  # the room's limiter: the same turn again, stored once
            said = alice.call("say", {"client_id": f"played-{n}", "text": text})
        assert said["ok"], said
        alice.wait_for(said["seq"] + 1)
        while not any(
            e["kind"] == "turn"
            and e["payload"]["speaker"] == "counterpart"
            and e["seq"] > said["seq"]
            for e in alice.events
        ):
            alice.wait_for(alice.last_seq + 1)
    ended = any(e["kind"] == "run.ended" for e in alice.events)  # a deal ends it by itself
    if end and not ended:
        assert alice.call("end", {}) == {"ok": True}
    alice.leave()
    return code, ack["run_id"]
