"""Limits on rooms: rate per member, capacity, idle expiry; errors in the user's language."""

from pathlib import Path

import pytest

from negosim import events as ev
from negosim.rooms import get_service, get_socketio
from negosim.rooms.limits import RateLimiter
from negosim.rooms.sockets import NAMESPACE
from negosim.store import get_store
from tests.conftest import SCENARIO, make_app


@pytest.fixture
def strict_app(tmp_path: Path):
    """An app with small limits: 2 members a room, 4 events a member and no refill."""
    app = make_app(tmp_path, ROOM_CAPACITY=2, ROOM_RATE_PER_S=0, ROOM_RATE_BURST=4)
    yield app
    get_store(app).dispose()


def connect(app, language="fr"):
    return get_socketio(app).test_client(
        app, namespace=NAMESPACE, headers={"Accept-Language": language}
    )


def join(sc, code, name):
    return sc.emit("join", {"code": code, "name": name}, namespace=NAMESPACE, callback=True)


def test_a_bucket_allows_a_burst_then_refills_with_time():
    now = [0.0]
    limiter = RateLimiter(per_s=2, burst=3, now=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")  # each member has a bucket of their own
    now[0] += 0.5
    assert limiter.allow("a") and not limiter.allow("a")


def test_a_member_sending_too_fast_is_told_so_in_their_language(strict_app):
    room = get_service(strict_app).create(SCENARIO, seed=1)
    sc = connect(strict_app, "fr")
    assert join(sc, room.code, "Alice")["ok"]
    acks = [sc.emit("catch_up", {}, namespace=NAMESPACE, callback=True) for _ in range(5)]
    assert [a["ok"] for a in acks] == [True, True, True, True, False]
    assert acks[-1]["error"] == {
        "code": "rate_limited",
        "message": "Vous envoyez trop vite ; attendez un instant puis réessayez.",
        "detail": "",
    }


def test_a_full_room_refuses_a_newcomer_but_not_a_returning_member(strict_app):
    room = get_service(strict_app).create(SCENARIO, seed=1)
    alice = join(connect(strict_app), room.code, "Alice")
    assert join(connect(strict_app), room.code, "Bob")["ok"]
    carol = join(connect(strict_app, "en"), room.code, "Carol")
    assert carol["error"]["code"] == "room_full"
    assert carol["error"]["message"] == "This room is full."
    back = connect(strict_app).emit(
        "join", {"code": room.code, "token": alice["token"]}, namespace=NAMESPACE, callback=True
    )
    assert back["ok"] and back["member"]["name"] == "Alice"


@pytest.mark.parametrize("started", [False, True])
def test_an_idle_room_is_closed_and_its_members_told(app, service, socket_client, started):
    room = service.create(SCENARIO, seed=1)
    sc = socket_client()
    sc.emit("join", {"code": room.code, "name": "Alice"}, namespace=NAMESPACE, callback=True)
    if started:
        sc.emit("start", {}, namespace=NAMESPACE, callback=True)
    assert service.expire_idle() == []  # just used: not idle
    service.idle_s = 0
    assert service.expire_idle() == [room.id]
    ended = [e for e in service.events_since(room.id, 0) if e["kind"] == ev.RUN_ENDED]
    assert len(ended) == 1 and ended[0]["payload"]["reason"] == "idle"
    received = [
        e for p in sc.get_received(NAMESPACE) if p["name"] == "events" for e in p["args"][0]
    ]
    assert any(e["kind"] == ev.RUN_ENDED for e in received)
    ack = sc.emit(
        "say", {"client_id": "late", "text": "Bonjour"}, namespace=NAMESPACE, callback=True
    )
    assert ack["error"]["code"] == "run_over"
    assert service.expire_idle() == []
