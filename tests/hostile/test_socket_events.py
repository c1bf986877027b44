"""Hostile Socket.IO clients: forged events, impossible numbers, wrong roles, markup."""

from __future__ import annotations

import pytest

from tests.conftest import SCENARIO
from tests.live import NAMESPACE, Member, create_room, team_room

pytestmark = pytest.mark.server

MARKUP = '</script><script>alert(1)</script><img src=x onerror=alert(2)>=HYPERLINK("x")'


@pytest.fixture
def room(served):
    return create_room(served.url, SCENARIO)


@pytest.mark.parametrize("event", ["disconnect", "connect"])
def test_a_forged_life_cycle_event_is_refused_and_the_member_stays(served, witness, room, event):
    alice = Member(served.url)
    assert alice.join(room, "Alice")["ok"]
    ack = alice.call(event, {"reason": "forged"})
    assert ack["ok"] is False and ack["error"]["code"] == "reserved_event"
    assert alice.call("start", {}) == {"ok": True}  # still the room's member
    alice.leave()
    witness.still_serving()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"last_seq": 2**63}, "last_seq"),
        ({"last_seq": 10**30}, "last_seq"),
        ({"last_seq": -1}, "last_seq"),
        ({"name": "x" * 1_000}, "name"),
        ({"code": {"$ne": None}}, "code"),
        ({"role": "admin"}, "role"),
    ],
)
def test_a_join_with_impossible_fields_is_refused_and_stores_nothing(
    served, witness, room, payload, field
):
    mallory = Member(served.url)
    mallory.sio.connect(served.url, namespaces=[NAMESPACE], transports=["websocket"])
    ack = mallory.call("join", {"code": room, "name": "Mallory"} | payload)
    assert ack["ok"] is False and field in ack["error"]["detail"]
    mallory.leave()
    alice = Member(served.url)
    joined = alice.join(room, "Alice")
    assert [e["payload"]["name"] for e in joined["events"] if e["kind"] == "member.joined"] == [
        "Alice"
    ]
    alice.leave()
    witness.still_serving()


@pytest.mark.parametrize("tag", ["-ZZZZZ", "-A", "ZZZZZZ"])
def test_a_forged_team_code_opens_no_side_and_stores_nothing(served, witness, tag):
    codes = team_room(served.url, SCENARIO, prep_min="0")
    room = codes["learner"].split("-")[0]
    for code in (room + tag, room, room + codes["learner"][-5:][::-1]):
        mallory = Member(served.url)
        mallory.sio.connect(served.url, namespaces=[NAMESPACE], transports=["websocket"])
        ack = mallory.call("join", {"code": code, "name": "Mallory", "side": "counterpart"})
        assert ack["ok"] is False and ack["error"]["code"] in ("bad_code", "bad_side")
        mallory.leave()
    alice = Member(served.url)
    joined = alice.join(codes["learner"], "Alice")
    assert [e["payload"]["name"] for e in joined["events"] if e["kind"] == "member.joined"] == [
        "Alice"
    ]
    alice.leave()
    witness.still_serving()


def test_an_observer_never_takes_part(served, witness, room):
    alice = Member(served.url)
    assert alice.join(room, "Alice")["ok"] and alice.call("start", {}) == {"ok": True}
    olga = Member(served.url)
    assert olga.join(room, "Olga", role="observer")["ok"]
    for event, data in [
        ("say", {"client_id": "o1", "text": "Bonjour"}),
        ("sheet_edit", {"field": "objectives", "value": "x", "base_version": 0}),
        ("end", {}),
    ]:
        ack = olga.call(event, data)
        assert ack["ok"] is False and ack["error"]["code"] == "observer"
    olga.leave()
    alice.leave()
    witness.still_serving()


def test_markup_in_names_and_turns_reaches_pages_as_text(served, witness, room, admin):
    alice = Member(served.url)
    joined = alice.join(room, MARKUP)
    assert joined["ok"]
    assert alice.call("start", {}) == {"ok": True}
    assert alice.call("say", {"client_id": "m1", "text": MARKUP})["ok"]
    assert alice.call("end", {}) == {"ok": True}
    run_id = joined["run_id"]
    alice.leave()
    for page in ("replay", "debrief"):
        html = admin.get(f"{served.url}/runs/{run_id}/{page}", timeout=30).text
        assert "<script>alert(1)" not in html and "<img src=x" not in html
    witness.still_serving()
