"""Team against team: each side's brief and sheet stay its own; a side accepts the other's offer."""

import json
import re

import pytest

from negosim import events as ev
from negosim.engine.facilitator import Facilitator
from negosim.engine.replay import rebuild
from negosim.events import Recorded
from negosim.rooms.sockets import NAMESPACE
from tests.conftest import SCENARIO
from tests.helpers import GOOD_SESSION, scenario, turn
from tests.staff import login, make_user

OFFER = GOOD_SESSION[4]  # "Nous proposons 690 € par poste, paiement à 30 jours, …"
SELLER_SECRET = "Coût de revient complet : 470 € par poste"  # the learner side's private brief
BUYER_SECRET = "Budget validé : 640 € par poste au maximum"  # the counterpart side's


@pytest.fixture
def room(service):
    return service.create(SCENARIO, mode="teams", seed=4, prep_min=0)


class Kept:
    """A test client that keeps everything it received (``get_received`` hands it out once)."""

    def __init__(self, sc) -> None:
        self.sc = sc
        self.kept: list = []

    def emit(self, *args, **kwargs):
        return self.sc.emit(*args, **kwargs)

    def get_received(self, namespace):
        self.kept += self.sc.get_received(namespace)
        return list(self.kept)


@pytest.fixture
def browser(browsers):
    """Socket clients each with a browser (cookie jar) of their own, or ``flask_client``'s."""
    return lambda flask_client=None: Kept(browsers(browser=flask_client))


def call(sc, event, data=None):
    return sc.emit(event, data or {}, namespace=NAMESPACE, callback=True)


def everything(sc, acks):
    """All a client ever got, live and in acknowledgements, as one text to scan."""
    return json.dumps([sc.get_received(NAMESPACE), acks], ensure_ascii=False)


def events_of(sc, acks=()):
    live = [e for p in sc.get_received(NAMESPACE) if p["name"] == "events" for e in p["args"][0]]
    return live + [e for a in acks for e in a.get("events", [])]


def test_joining_a_teams_room_needs_a_side_a_counterpart_room_puts_everyone_on_the_learner_side(
    browser, room, service
):
    assert call(browser(), "join", {"code": room.code, "name": "Alice"})["error"]["code"] == (
        "bad_side"
    )
    assert call(browser(), "join", {"code": room.code, "name": "A", "side": "jury"})["error"][
        "code"
    ] == ("bad_request")
    bob = call(browser(), "join", {"code": room.code, "name": "Bob", "side": "counterpart"})
    assert bob["member"]["side"] == "counterpart"
    note = call(
        browser(), "join", {"code": room.code, "name": "Noé", "role": "observer", "side": "learner"}
    )
    assert note["member"]["side"] == "learner"  # an observer candidate belongs to a side too
    other = service.create(SCENARIO, seed=4)
    ack = call(browser(), "join", {"code": other.code, "name": "Eve", "side": "counterpart"})
    assert ack["member"]["side"] == "learner"


# Whole sentences, not bare figures: "641" also turns up in timestamps.
SELLER_SHEET = "Plancher vendeur 641 €"
BUYER_SHEET = "Plafond acheteur 639 €"


def test_a_side_never_receives_the_other_sides_brief_or_sheet_staff_see_both(
    app, client, browser, room
):
    acks: dict[str, list] = {"alice": [], "bob": [], "trainer": []}
    alice, bob = browser(), browser()
    acks["alice"].append(
        call(alice, "join", {"code": room.code, "name": "Alice", "side": "learner"})
    )
    acks["bob"].append(call(bob, "join", {"code": room.code, "name": "Bob", "side": "counterpart"}))
    make_user(app, "tina", "trainer")
    login(client, "tina")
    trainer = browser(client)
    acks["trainer"].append(
        call(trainer, "join", {"code": room.code, "name": "Tina", "role": "observer"})
    )
    assert acks["trainer"][0]["ok"], acks["trainer"]

    assert call(alice, "sheet_edit", {"field": "limits", "value": SELLER_SHEET})["ok"]
    assert call(bob, "sheet_edit", {"field": "limits", "value": BUYER_SHEET})["ok"]
    assert call(alice, "start")["ok"]
    assert call(alice, "say", {"client_id": "a1", "text": OFFER})["ok"]
    assert call(bob, "say", {"client_id": "b1", "text": "Nous proposons 600 € par poste."})["ok"]

    # Bob comes back from another browser with his token: the catch-up is filtered too.
    again = browser()
    back = call(again, "join", {"code": room.code, "token": acks["bob"][0]["token"]})
    assert back["head"] == max(e["seq"] for e in events_of(trainer, acks["trainer"]))
    caught = call(again, "catch_up", {"last_seq": 0})
    assert caught["head"] == back["head"]

    seen_alice = everything(alice, acks["alice"])
    seen_bob = everything(bob, acks["bob"]) + everything(again, [back, caught])
    seen_trainer = everything(trainer, acks["trainer"])
    assert SELLER_SECRET in seen_alice and SELLER_SHEET in seen_alice
    assert BUYER_SECRET not in seen_alice and BUYER_SHEET not in seen_alice
    assert BUYER_SECRET in seen_bob and BUYER_SHEET in seen_bob
    assert SELLER_SECRET not in seen_bob and SELLER_SHEET not in seen_bob
    for secret in (SELLER_SECRET, BUYER_SECRET, SELLER_SHEET, BUYER_SHEET):
        assert secret in seen_trainer
    # Both teams see both teams' turns, told who speaks for which side.
    for sc, acked in ((alice, acks["alice"]), (bob, acks["bob"])):
        turns = [e["payload"] for e in events_of(sc, acked) if e["kind"] == ev.TURN]
        assert [(t["name"], t["side"]) for t in turns] == [
            ("Alice", "learner"),
            ("Bob", "counterpart"),
        ]
    # The room's page carries no private brief at all: it comes with the join acknowledgement.
    page = app.test_client().get(f"/r/{room.code}").get_data(as_text=True)
    assert SELLER_SECRET not in page and BUYER_SECRET not in page
    assert "Acheteur — Groupe Assurial" in page or "Buyer — Groupe Assurial" in page


def test_a_side_accepting_the_other_sides_offer_makes_a_deal_on_those_terms(browser, room):
    alice, bob = browser(), browser()
    call(alice, "join", {"code": room.code, "name": "Alice", "side": "learner"})
    call(bob, "join", {"code": room.code, "name": "Bob", "side": "counterpart"})
    assert call(bob, "accept", {"terms": {"price": 690}})["error"]["code"] == "not_started"
    call(alice, "start")
    assert call(bob, "accept", {"terms": {"price": 690}})["error"]["code"] == "nothing_to_accept"
    call(alice, "say", {"client_id": "a1", "text": OFFER})
    offered = [e for e in events_of(bob) if e["kind"] == ev.TERMS][-1]["payload"]
    assert offered["by"] == "learner" and offered["terms"]["price"] == 690
    on_table = offered["table"]["learner"]
    # The counterpart never speaks for a side in this mode.
    assert not [e for e in events_of(bob) if e["kind"] == ev.TURN and e["author"] == "counterpart"]
    own = call(alice, "accept", {"terms": on_table})  # not one's own offer
    assert own["error"]["code"] == "nothing_to_accept"
    assert call(bob, "accept", {"terms": on_table}) == {"ok": True}
    ended = [e for e in events_of(alice) if e["kind"] == ev.RUN_ENDED][-1]["payload"]
    assert ended["outcome"] == "deal" and ended["by"] == "counterpart"
    assert ended["terms"] == on_table


def test_an_offer_changed_while_the_other_side_read_it_is_not_signed(browser, room):
    alice, bob = browser(), browser()
    call(alice, "join", {"code": room.code, "name": "Alice", "side": "learner"})
    call(bob, "join", {"code": room.code, "name": "Bob", "side": "counterpart"})
    call(alice, "start")
    call(alice, "say", {"client_id": "a1", "text": OFFER})
    seen = [e for e in events_of(bob) if e["kind"] == ev.TERMS][-1]["payload"]["table"]["learner"]
    # Alice's side raises its price while Bob is reading the confirmation panel.
    call(alice, "say", {"client_id": "a2", "text": "Nous proposons 720 € par poste."})
    now = [e for e in events_of(bob) if e["kind"] == ev.TERMS][-1]["payload"]["table"]["learner"]
    assert now["price"] == 720 and seen["price"] == 690
    refused = call(bob, "accept", {"terms": seen})
    assert refused["error"]["code"] == "stale_offer"
    assert not [e for e in events_of(alice) if e["kind"] == ev.RUN_ENDED]  # nothing signed
    assert call(bob, "catch_up", {"last_seq": 0})["state"]["status"] == "negotiating"
    # Bob reads the new terms and confirms them: the deal is on those, as he saw them.
    assert call(bob, "accept", {"terms": now}) == {"ok": True}
    ended = [e for e in events_of(alice) if e["kind"] == ev.RUN_ENDED][-1]["payload"]
    assert ended["outcome"] == "deal" and ended["terms"] == now


@pytest.mark.parametrize(
    "payload",
    [{}, {"terms": {}}, {"terms": "690"}, {"terms": {"price": [690]}}, {"terms": {"": 690}}],
)
def test_an_accept_must_carry_the_terms_the_member_confirmed(browser, room, payload):
    alice, bob = browser(), browser()
    call(alice, "join", {"code": room.code, "name": "Alice", "side": "learner"})
    call(bob, "join", {"code": room.code, "name": "Bob", "side": "counterpart"})
    call(alice, "start")
    call(alice, "say", {"client_id": "a1", "text": OFFER})
    assert call(bob, "accept", payload)["error"]["code"] == "bad_request"
    assert not [e for e in events_of(alice) if e["kind"] == ev.RUN_ENDED]


def test_only_a_sides_owner_walks_away(browser, room):
    alice, ann, bob = browser(), browser(), browser()
    call(alice, "join", {"code": room.code, "name": "Alice", "side": "learner"})
    call(ann, "join", {"code": room.code, "name": "Ann", "role": "support", "side": "learner"})
    bob_ack = call(bob, "join", {"code": room.code, "name": "Bob", "side": "counterpart"})
    assert bob_ack["owner"] is True  # the first of his side
    call(alice, "start")
    assert call(ann, "end")["error"]["code"] == "not_owner"
    assert call(bob, "end") == {"ok": True}
    ended = [e for e in events_of(alice) if e["kind"] == ev.RUN_ENDED][-1]["payload"]
    assert (ended["outcome"], ended["by"]) == ("no_deal", "counterpart")


def test_accept_is_for_team_against_team_rooms(browser, service):
    other = service.create(SCENARIO, seed=4)
    alice = browser()
    call(alice, "join", {"code": other.code, "name": "Alice"})
    call(alice, "start")
    assert call(alice, "accept", {"terms": {"price": 690}})["error"]["code"] == "bad_mode"


def test_the_facilitator_keeps_each_sides_terms_tells_the_time_and_replays_exactly():
    loaded = scenario()
    f = Facilitator(loaded, 1, 600)
    said = f.open()
    said += f.hear(turn(f, OFFER, 1))
    buyer = turn(f, "Nous proposons 600 € par poste.", 2, side="counterpart")
    said += f.hear(type(buyer)(buyer.text, buyer.analysis, buyer.elapsed_s, "member:2", buyer.side))
    said += f.clock(310)  # half the time gone
    said += f.clock(320)  # already told
    said += f.accept("learner")
    kinds = [h.kind for h in said]
    assert kinds == [
        ev.STATE_CHANGED,
        ev.TERMS,
        ev.TERMS,
        ev.CLOCK_MILESTONE,
        ev.STATE_CHANGED,
        ev.RUN_ENDED,
    ]
    assert said[3].payload == {"remaining_s": 300}
    assert said[-1].payload["terms"] == {"price": 600}
    assert f.snapshot()["table"]["counterpart"] == {"price": 600}

    recorded = [Recorded(1, ev.RUN_CREATED, 0, "system", {"mode": "teams"})]
    recorded.append(Recorded(2, ev.NEGOTIATION_STARTED, 0, "system", {}))
    for seq, (text, side, minute) in enumerate(
        [(OFFER, "learner", 1), ("Nous proposons 600 € par poste.", "counterpart", 2)], start=3
    ):
        a = turn(Facilitator(loaded, 1, 600), text, minute, side).analysis.to_dict()
        recorded.append(
            Recorded(seq, ev.TURN, minute * 60, f"member:{seq}", {"text": text, "side": side, **a})
        )
    recorded.append(Recorded(5, ev.CLOCK_MILESTONE, 310, "system", {"remaining_s": 300}))
    recorded.append(
        Recorded(6, ev.RUN_ENDED, 400, "system", {"reason": "accepted", "by": "learner"})
    )
    rebuilt, again = rebuild(loaded, 1, 600, recorded)
    assert isinstance(rebuilt, Facilitator)
    assert [h.kind for h in again] == kinds and again[-1].payload == said[-1].payload


def test_each_team_is_scored_from_its_own_side_and_the_debrief_shows_both(client, service):
    from negosim.scoring.teams import team_events, team_view

    room = service.create(SCENARIO, mode="teams", seed=4, prep_min=0)
    alice = service.join(room.code, "Alice", "lead", side="learner")
    bob = service.join(room.code, "Bob", "lead", side="counterpart")
    service.start(room.id, alice.member_id)
    seller = [GOOD_SESSION[0], GOOD_SESSION[1], GOOD_SESSION[4]]
    buyer = [
        "Bonjour, merci d'être venus. Quel est votre délai de livraison réaliste ?",
        "Notre budget est serré : quelles garanties offrez-vous ?",
        "Nous proposons 600 € par poste, livraison en 8 semaines.",
    ]
    for i, (a, b) in enumerate(zip(seller, buyer, strict=True)):
        service.say(room.id, alice.member_id, f"a{i}", a)
        service.say(room.id, bob.member_id, f"b{i}", b)
    buyers_offer = service.snapshot(room.id)["table"]["counterpart"]
    service.accept(room.id, alice.member_id, buyers_offer)  # the sellers take the buyers' 600 €

    # The buyers' view: the scenario turned around, their turns the learner's.
    loaded = scenario()
    view = team_view(loaded, "counterpart")
    assert view.scenario.sides["learner"].stance == "buyer"
    price = view.scenario.issue("price")
    assert price.learner == loaded.scenario.issue("price").counterpart
    assert view.scenario.hidden_needs == [] and view.scenario.objections == []
    events = service.events_since(room.id, 0)
    turned = team_events([Recorded.from_dict(e) for e in events], "counterpart")
    names = {
        e.payload["name"] for e in turned if e.kind == ev.TURN and e.payload["side"] == "learner"
    }
    assert names == {"Bob"}

    client.get(f"/r/{room.code}")  # this browser was in the room: it may read the debrief
    page = client.get(f"/runs/{room.id}/debrief").get_data(as_text=True)
    assert 'id="teams"' in page
    assert page.count('class="team-overall"') == 2
    assert "Groupe Assurial" in page and "Atelier Vercors" in page
    assert "première équipe" not in page


def overall_of(page: str) -> str:
    return re.search(r'id="overall-points">([^<]+)<', page).group(1)


def test_each_team_reads_its_own_mark_and_grid_in_the_debrief(client, service):
    room = service.create(SCENARIO, mode="teams", seed=4, prep_min=0)
    alice = service.join(room.code, "Alice", "lead", side="learner")
    bob = service.join(room.code, "Bob", "lead", side="counterpart")
    service.start(room.id, alice.member_id)
    service.say(room.id, alice.member_id, "a0", GOOD_SESSION[1])
    service.say(room.id, bob.member_id, "b0", "Votre prix est trop élevé, c'est non.")
    service.say(room.id, alice.member_id, "a1", GOOD_SESSION[4])
    service.accept(room.id, bob.member_id, service.snapshot(room.id)["table"]["learner"])
    client.get(f"/r/{room.code}")

    sellers = client.get(f"/runs/{room.id}/debrief?side=learner").get_data(as_text=True)
    buyers = client.get(f"/runs/{room.id}/debrief?side=counterpart").get_data(as_text=True)
    cells = re.findall(r'class="team-overall" data-side="(\w+)"><strong>([^<]+)<', buyers)
    marks = dict(cells)
    assert overall_of(sellers) == marks["learner"]
    assert overall_of(buyers) == marks["counterpart"] != marks["learner"]
    assert "Groupe Assurial" in buyers.split('id="shown-team"')[1].split("</p>")[0]
    assert f"/runs/{room.id}/debrief?side=learner" in buyers  # and the other team's, one click
    # the buyers' own candidates below their grid: Bob, not the sellers' Alice
    candidates = buyers.split('class="candidates"')[1]
    assert "Bob" in candidates and "Alice" not in candidates
    assert client.get(f"/runs/{room.id}/debrief?side=jury").status_code == 400


def test_while_a_teams_run_is_on_its_replay_and_events_show_no_sides_private_events(app, service):
    room = service.create(SCENARIO, mode="teams", seed=4, prep_min=0)
    alice = service.join(room.code, "Alice", "lead", side="learner")
    service.edit_sheet(room.id, alice.member_id, "limits", "Plancher 641 €", 0)
    visitor = app.test_client()
    visitor.get(f"/r/{room.code}")  # any browser that opened the room's page
    events = visitor.get(f"/api/runs/{room.id}/events").get_json()
    assert events and ev.SHEET_UPDATED not in [e["kind"] for e in events]
    assert "Plancher 641 €" not in visitor.get(f"/runs/{room.id}/replay").get_data(as_text=True)
    assert visitor.get(f"/runs/{room.id}/debrief").status_code == 403


class SetClock:
    """The room clock at a time the test sets (the service's ``Clock`` protocol)."""

    def __init__(self) -> None:
        self.now = 0.0

    def elapsed(self, started_at) -> float:
        return self.now


def test_the_room_clock_tells_teams_the_time_left_once_and_ends_the_run_at_the_deadline(service):
    service.clock = SetClock()
    room = service.create(SCENARIO, mode="teams", duration_min=10, seed=4, prep_min=0)
    alice = service.join(room.code, "Alice", "lead", side="learner")
    service.start(room.id, alice.member_id)
    service.clock.now = 301
    service.tick()
    service.tick()
    service.unload(room.id)  # rebuilt from the journal: the milestone is not told twice
    service.tick()
    service.clock.now = 481
    service.tick()
    service.clock.now = 600
    service.tick()
    events = service.events_since(room.id, 0)
    told = [e["payload"] for e in events if e["kind"] == ev.CLOCK_MILESTONE]
    assert told == [{"remaining_s": 300}, {"remaining_s": 120}]
    ended = [e["payload"] for e in events if e["kind"] == ev.RUN_ENDED]
    assert [(e["outcome"], e["reason"]) for e in ended] == [("timeout", "clock")]
