"""Rooms over Socket.IO (Flask-SocketIO's test client): join, turns, order, errors."""

import time

import pytest

from negosim import events as ev
from negosim.rooms import RoomError
from negosim.rooms.sockets import NAMESPACE
from tests.conftest import SCENARIO
from tests.helpers import joined


def events_of(sc):
    out = []
    for packet in sc.get_received(NAMESPACE):
        if packet["name"] == "events":
            out.extend(packet["args"][0])
    return out


@pytest.fixture
def room(service):
    return service.create(SCENARIO, seed=4)


def test_two_candidates_see_each_others_turns_and_the_counterparts_answer(socket_client, room):
    alice, _ = joined(socket_client, room.code, "Alice")
    bob, _ = joined(socket_client, room.code, "Bob")
    assert alice.emit("start", {}, namespace=NAMESPACE, callback=True) == {"ok": True}
    ack = bob.emit(
        "say",
        {"client_id": "b-1", "text": "Bonjour, merci de nous recevoir."},
        namespace=NAMESPACE,
        callback=True,
    )
    assert ack["ok"] and not ack["duplicate"]
    seen_a, seen_b = events_of(alice), events_of(bob)
    turns = [e for e in seen_a if e["kind"] == ev.TURN]
    assert [t["payload"]["speaker"] for t in turns] == [
        "counterpart",
        turns[1]["payload"]["speaker"],
        "counterpart",
    ]
    assert turns[1]["payload"]["name"] == "Bob" and turns[1]["seq"] == ack["seq"]
    common = [e["seq"] for e in seen_b if e["seq"] > 3]
    assert common == [e["seq"] for e in seen_a if e["seq"] > 3]  # same events, same order


def test_a_retried_turn_is_stored_once(socket_client, room):
    alice, _ = joined(socket_client, room.code, "Alice")
    alice.emit("start", {}, namespace=NAMESPACE, callback=True)
    first = alice.emit(
        "say",
        {"client_id": "same", "text": "Quel est votre budget ?"},
        namespace=NAMESPACE,
        callback=True,
    )
    again = alice.emit(
        "say",
        {"client_id": "same", "text": "Quel est votre budget ?"},
        namespace=NAMESPACE,
        callback=True,
    )
    assert again == {"ok": True, "seq": first["seq"], "duplicate": True}
    turns = [
        e
        for e in events_of(alice)
        if e["kind"] == ev.TURN and e["payload"]["text"] == "Quel est votre budget ?"
    ]
    assert len(turns) == 1


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"client_id": "x", "text": ""}, "empty"),
        ({"client_id": "x", "text": "   "}, "empty"),
        ({"client_id": "x", "text": "a" * 2001}, "too_long"),
        ({"text": "no id"}, "bad_request"),
        ("not an object", "bad_request"),
    ],
)
def test_bad_turns_get_an_error_and_are_not_stored(socket_client, room, service, payload, code):
    alice, _ = joined(socket_client, room.code, "Alice")
    alice.emit("start", {}, namespace=NAMESPACE, callback=True)
    before = len(service.events_since(room.id, 0))
    ack = alice.emit("say", payload, namespace=NAMESPACE, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == code and ack["error"]["message"]
    errors = [p for p in alice.get_received(NAMESPACE) if p["name"] == "error"]
    assert errors and errors[-1]["args"][0]["code"] == code
    assert len(service.events_since(room.id, 0)) == before


def test_a_turn_over_the_limit_is_refused_with_the_limit_in_the_message(socket_client, room):
    alice, _ = joined(socket_client, room.code, "Alice")
    alice.emit("start", {}, namespace=NAMESPACE, callback=True)
    ack = alice.emit(
        "say", {"client_id": "x", "text": "a" * 5000}, namespace=NAMESPACE, callback=True
    )
    message = ack["error"]["message"].replace("\u202f", " ").replace("\xa0", " ")
    assert "2 000 caractères au plus" in message


def test_an_unknown_room_code_is_refused(socket_client):
    sc = socket_client()
    ack = sc.emit("join", {"code": "NOPE42", "name": "X"}, namespace=NAMESPACE, callback=True)
    assert ack["error"]["code"] == "unknown_room"


def test_turns_before_joining_or_from_observers_are_refused(socket_client, room):
    stranger = socket_client()
    ack = stranger.emit(
        "say", {"client_id": "s", "text": "Bonjour"}, namespace=NAMESPACE, callback=True
    )
    assert ack["error"]["code"] == "not_member"
    lead, _ = joined(socket_client, room.code, "Alice")
    lead.emit("start", {}, namespace=NAMESPACE, callback=True)
    watcher, _ = joined(socket_client, room.code, "Jury", role="observer")
    ack = watcher.emit(
        "say", {"client_id": "o", "text": "Bonjour"}, namespace=NAMESPACE, callback=True
    )
    assert ack["error"]["code"] == "observer"


def test_a_member_who_comes_back_gets_what_they_missed(socket_client, room):
    alice, first = joined(socket_client, room.code, "Alice")
    alice.emit("start", {}, namespace=NAMESPACE, callback=True)
    last_seen = max(e["seq"] for e in events_of(alice))
    alice.disconnect(namespace=NAMESPACE)
    bob, _ = joined(socket_client, room.code, "Bob")
    bob.emit(
        "say",
        {"client_id": "b", "text": "Quel est votre calendrier ?"},
        namespace=NAMESPACE,
        callback=True,
    )
    back = socket_client()
    ack = back.emit(
        "join",
        {"code": room.code, "token": first["token"], "last_seq": last_seen},
        namespace=NAMESPACE,
        callback=True,
    )
    assert ack["member"]["id"] == first["member"]["id"]  # the same member, not a new one
    missed = ack["events"]
    assert missed[0]["seq"] == last_seen + 1
    assert any(e["kind"] == ev.NEED_REVEALED for e in missed)


def test_text_is_stored_as_given_never_interpreted(socket_client, room, service):
    alice, _ = joined(socket_client, room.code, "Alice")
    alice.emit("start", {}, namespace=NAMESPACE, callback=True)
    text = "<img src=x onerror=alert(1)> Ça coûte 1 200 € 🙂"
    ack = alice.emit("say", {"client_id": "h", "text": text}, namespace=NAMESPACE, callback=True)
    stored = [e for e in service.events_since(room.id, 0) if e["seq"] == ack["seq"]][0]
    assert stored["payload"]["text"] == text


def test_ending_the_run_scores_it(socket_client, room, client):
    alice, _ = joined(socket_client, room.code, "Alice")
    alice.emit("start", {}, namespace=NAMESPACE, callback=True)
    alice.emit(
        "say",
        {"client_id": "1", "text": "Quels sont vos critères ?"},
        namespace=NAMESPACE,
        callback=True,
    )
    assert alice.emit("end", {}, namespace=NAMESPACE, callback=True) == {"ok": True}
    ended = [e for e in events_of(alice) if e["kind"] == ev.RUN_ENDED]
    assert ended and ended[0]["payload"]["outcome"] == "no_deal"
    client.get(f"/r/{room.code}")  # the room's page gives this browser its debrief
    page = client.get(f"/runs/{room.id}/debrief")
    assert page.status_code == 200 and "Écoute active" in page.get_data(as_text=True)


def test_the_service_refuses_an_unknown_scenario(service):
    with pytest.raises(RoomError) as exc:
        service.create("nope")
    assert exc.value.code == "unknown_scenario"


def test_the_counterpart_is_seen_typing_before_its_answer(socket_client, room, service):
    service.reply_delay_s = 0.01
    alice, _ = joined(socket_client, room.code, "Alice")
    bob, _ = joined(socket_client, room.code, "Bob")
    alice.emit("start", {}, namespace=NAMESPACE, callback=True)
    bob.get_received(NAMESPACE)
    ack = alice.emit(
        "say",
        {"client_id": "t", "text": "Quels sont vos critères ?"},
        namespace=NAMESPACE,
        callback=True,
    )
    # The ack does not wait for the typing pause: the turn and "typing" are out, the answer
    # follows from the outbox, while no handler thread sleeps.
    packets = [p for p in bob.get_received(NAMESPACE) if p["name"] in ("events", "typing")]
    assert [p["name"] for p in packets] == ["events", "typing"]
    for _ in range(200):
        packets += [p for p in bob.get_received(NAMESPACE) if p["name"] == "events"]
        if len(packets) == 3:
            break
        time.sleep(0.01)
    assert [p["name"] for p in packets] == ["events", "typing", "events"]
    assert packets[0]["args"][0][0]["seq"] == ack["seq"]
    assert packets[1]["args"][0]["member_id"] is None  # the counterpart, not a member
    answer = [e for e in packets[2]["args"][0] if e["kind"] == ev.TURN]
    assert answer[0]["payload"]["speaker"] == ev.COUNTERPART
    assert packets[1]["args"][0]["name"] == answer[0]["payload"]["name"]


def test_two_members_cannot_take_the_same_name_in_a_room(socket_client, room):
    joined(socket_client, room.code, "Alice")
    ack = socket_client().emit(
        "join", {"code": room.code, "name": "alice", "role": "support"}, namespace=NAMESPACE,
        callback=True,
    )  # fmt: skip
    assert ack["ok"] is False and ack["error"]["code"] == "name_taken"
    assert "déjà ce nom" in ack["error"]["message"]
