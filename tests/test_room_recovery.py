"""No loss, for real: `negosim serve` in a subprocess, real Socket.IO clients, SIGKILL, restart."""

from __future__ import annotations

import json
import threading
import time

import pytest

from negosim import events as ev
from tests.conftest import SCENARIO
from tests.helpers import GOOD_SESSION
from tests.live import Member, create_room, team_room

pytestmark = pytest.mark.server


def timeline(member: Member) -> list[tuple[int, str, str]]:
    """What a member shows: each event once, by sequence number (as room.js does)."""
    seen = {e["seq"]: (e["seq"], e["kind"], e["payload"].get("text", "")) for e in member.events}
    return [seen[s] for s in sorted(seen)]


def say_together(members: list[Member], texts: list[str], ids: list[str]) -> list[dict]:
    """Every member sends at the same instant; returns the acks in the members' order."""
    acks: list[dict] = [{}] * len(members)
    gate = threading.Barrier(len(members))

    def send(i: int) -> None:
        gate.wait()
        acks[i] = members[i].call("say", {"client_id": ids[i], "text": texts[i]})

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(members))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return acks


def test_a_server_killed_mid_session_loses_nothing_and_carries_on(server):
    code = create_room(server.url, SCENARIO, prep_min="0")
    alice, bob, jury = Member(server.url), Member(server.url), Member(server.url)
    assert alice.join(code, "Alice")["ok"]
    assert bob.join(code, "Bob", "support")["ok"]
    assert jury.join(code, "Jury", "observer")["ok"]
    assert alice.call("start", {}) == {"ok": True}

    # Two candidates send at the same instant, twice: one order, the same for everyone.
    acked: dict[str, int] = {}
    for round_, (a, b) in enumerate([GOOD_SESSION[0:2], GOOD_SESSION[2:4]]):
        ids = [f"alice-{round_}", f"bob-{round_}"]
        acks = say_together([alice, bob], [a, b], ids)
        assert all(ack["ok"] and not ack["duplicate"] for ack in acks), acks
        acked.update({ids[0]: acks[0]["seq"], ids[1]: acks[1]["seq"]})
    assert len(set(acked.values())) == len(acked)
    last = max(acked.values()) + 1  # the counterpart answers the later of the two
    for m in (alice, bob, jury):
        m.wait_for(last)
    assert timeline(alice) == timeline(bob) == timeline(jury)
    assert [s for s, _, _ in timeline(jury)] == list(range(1, jury.last_seq + 1))

    # Bob's connection drops; Alice goes on; then the server dies without warning.
    bob.leave()
    bob_saw = bob.last_seq
    ack = alice.call("say", {"client_id": "alice-offer", "text": GOOD_SESSION[4]})
    assert ack["ok"]
    acked["alice-offer"] = ack["seq"]
    alice.wait_for(ack["seq"] + 1)
    before = alice.call("catch_up", {"last_seq": alice.last_seq})["state"]
    before_events = timeline(alice)
    server.kill()
    alice.leave()
    jury.leave()

    server.start()
    for m in (alice, bob, jury):
        m.sio = type(m.sio)(reconnection=False)
        m.sio.on("events", m._on_events, namespace="/room")
    back = {m: m.join(code) for m in (alice, bob, jury)}
    assert all(ack["ok"] for ack in back.values())
    assert back[bob]["member"]["name"] == "Bob"  # the same member, by token
    missed = back[bob]["events"]
    assert missed[0]["seq"] == bob_saw + 1
    assert any(e["payload"].get("text") == GOOD_SESSION[4] for e in missed)

    # Nothing acknowledged is lost; the counterpart and the clock are what they were.
    journal = {seq: text for seq, _, text in timeline(bob)}
    for client_id, seq in acked.items():
        assert journal[seq], client_id
    assert timeline(alice)[: len(before_events)] == before_events
    after = back[jury]["state"]
    for key in ("phase", "table", "agreed", "revealed", "raised", "resolved", "status"):
        assert after[key] == before[key], key
    assert after["started_at"] == before["started_at"]  # the clock was not reset

    # The ack of the offer was "lost": Alice retries it, it is stored once.
    retry = alice.call("say", {"client_id": "alice-offer", "text": GOOD_SESSION[4]})
    assert retry == {"ok": True, "seq": acked["alice-offer"], "duplicate": True}

    # And the negotiation carries on, with the time counted from the first start.
    ack = bob.call("say", {"client_id": "bob-after", "text": GOOD_SESSION[5]})
    assert ack["ok"] and not ack["duplicate"]
    for m in (alice, bob, jury):
        m.wait_for(ack["seq"] + 1)
    assert timeline(alice) == timeline(bob) == timeline(jury)
    texts = [text for _, kind, text in timeline(jury) if kind == ev.TURN]
    assert texts.count(GOOD_SESSION[4]) == 1
    answers = [e for e in jury.events if e["seq"] > ack["seq"] and e["kind"] == ev.TURN]
    assert answers and answers[0]["payload"]["speaker"] == ev.COUNTERPART
    turns = [e for e in jury.events if e["kind"] == ev.TURN]
    assert turns[-1]["elapsed_s"] >= max(e["elapsed_s"] for e in turns[:-1])
    for m in (alice, bob, jury):
        m.leave()


def test_a_teams_room_killed_mid_session_comes_back_with_its_table_and_private_sheets(server):
    codes = team_room(server.url, SCENARIO, prep_min="0")
    alice, bob = Member(server.url), Member(server.url)
    assert alice.join(codes["learner"], "Alice")["ok"]
    assert bob.join(codes["counterpart"], "Bob")["ok"]
    assert alice.call("sheet_edit", {"field": "limits", "value": "Plancher 641 €"})["ok"]
    assert bob.call("sheet_edit", {"field": "limits", "value": "Plafond 639 €"})["ok"]
    assert alice.call("start", {}) == {"ok": True}
    ack = alice.call("say", {"client_id": "a-offer", "text": GOOD_SESSION[4]})
    alice.wait_for(ack["seq"] + 1)  # the turn, then the terms it put on the table
    before = bob.call("catch_up", {"last_seq": 0})["state"]
    assert before["table"]["learner"]["price"] == 690
    server.kill()
    alice.leave()
    bob.leave()

    server.start()
    again = Member(server.url)
    again.token = bob.token  # Bob, from a new browser: everything his side may see, again
    back = again.join(codes["counterpart"])
    assert back["ok"] and back["member"]["side"] == "counterpart"
    assert back["state"]["table"] == before["table"] and back["state"]["phase"] == "bargaining"
    seen = json.dumps([again.events, back["briefs"]], ensure_ascii=False)
    assert "Plafond 639 €" in seen and "Plancher 641 €" not in seen
    assert "Coût de revient complet" not in seen  # the seller side's private brief

    # The facilitator rebuilt from the journal: Bob's side accepts Alice's offer, a deal.
    assert again.call("accept", {"terms": before["table"]["learner"]}) == {"ok": True}
    ended = None
    for _ in range(100):
        ended = next((e for e in again.events if e["kind"] == ev.RUN_ENDED), None)
        if ended:
            break
        again.wait_for(again.last_seq + 1)
    assert ended["payload"]["outcome"] == "deal"
    assert ended["payload"]["terms"] == before["table"]["learner"]
    again.leave()


def stored_seq(server, client_id: str) -> int | None:
    """The seq the server's database holds for a client turn id (read beside the server)."""
    import sqlite3

    path = server.env["NEGOSIM_DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
        row = db.execute("SELECT seq FROM event WHERE client_id = ?", (client_id,)).fetchone()
    return row[0] if row else None


def test_a_server_killed_after_storing_a_turn_but_before_its_ack_returns_the_stored_seq(server):
    code = create_room(server.url, SCENARIO, prep_min="0")
    alice = Member(server.url)
    assert alice.join(code, "Alice")["ok"]
    assert alice.call("start", {}) == {"ok": True}
    # The turn goes out; its acknowledgement is never read: for Alice the server died
    # between storing the turn and answering.
    alice.sio.emit("say", {"client_id": "lost-ack", "text": GOOD_SESSION[0]}, namespace="/room")
    deadline = time.monotonic() + 30
    while (seq := stored_seq(server, "lost-ack")) is None:
        assert time.monotonic() < deadline, "the turn was never stored"
        time.sleep(0.05)
    server.kill()
    alice.leave()

    server.start()
    alice.sio = type(alice.sio)(reconnection=False)
    alice.sio.on("events", alice._on_events, namespace="/room")
    assert alice.join(code)["ok"]
    retry = alice.call("say", {"client_id": "lost-ack", "text": GOOD_SESSION[0]})
    assert retry == {"ok": True, "seq": seq, "duplicate": True}
    texts = [e["payload"].get("text") for e in alice.events if e["kind"] == ev.TURN]
    assert texts.count(GOOD_SESSION[0]) == 1
    alice.leave()
