"""Team against team: each side's brief and sheet stay its own; a side accepts the other's offer."""

import json
import re

import pytest

from negosim import events as ev
from negosim.engine.facilitator import Facilitator
from negosim.engine.replay import rebuild
from negosim.events import Recorded
from negosim.rooms.sockets import NAMESPACE
from negosim.vocabulary import Side
from tests.conftest import SCENARIO
from tests.helpers import GOOD_SESSION, scenario, team_codes, turn
from tests.staff import login, make_user

OFFER = GOOD_SESSION[4]  # "Nous proposons 690 € par poste, paiement à 30 jours, …"
SELLER_SECRET = "Coût de revient complet : 470 € par poste"  # the learner side's private brief
BUYER_SECRET = "Budget validé : 640 € par poste au maximum"  # the counterpart side's


@pytest.fixture
def room(service):
    return service.create(SCENARIO, mode="teams", seed=4, prep_min=0)


@pytest.fixture
def codes(app, room):
    """Each team's own code: the one thing that puts a member on a side."""
    return team_codes(app, room.code)


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


def test_a_team_joins_with_its_own_code_which_sets_its_side_a_declared_side_counts_for_nothing(
    browser, room, codes, service
):
    bare = call(browser(), "join", {"code": room.code, "name": "Alice", "side": "counterpart"})
    assert bare["error"]["code"] == "bad_side"  # the room code alone puts no one on a side
    forged = call(browser(), "join", {"code": room.code + "-ABCDE", "name": "Mallory"})
    assert forged["error"]["code"] == "bad_code"
    bob = call(browser(), "join", {"code": codes["counterpart"], "name": "Bob", "side": "learner"})
    assert bob["member"]["side"] == "counterpart"
    note = call(browser(), "join", {"code": codes["learner"], "name": "Noé", "role": "observer"})
    assert note["member"]["side"] == "learner"  # an observer candidate belongs to a side too
    assert codes["learner"] != codes["counterpart"]
    # a team's code opens only its own room: another room's tag is refused
    other = service.create(SCENARIO, seed=4)
    assert (
        call(browser(), "join", {"code": other.code + codes["learner"][-5:], "name": "E"})["error"][
            "code"
        ]
        == "bad_code"
    )
    ack = call(browser(), "join", {"code": other.code, "name": "Eve", "side": "counterpart"})
    assert ack["member"]["side"] == "learner"


def test_a_member_coming_back_with_the_other_teams_code_is_refused(browser, room, codes):
    bob = call(browser(), "join", {"code": codes["counterpart"], "name": "Bob"})
    back = call(browser(), "join", {"code": codes["learner"], "token": bob["token"]})
    assert back["error"]["code"] == "bad_side"


# Whole sentences, not bare figures: "641" also turns up in timestamps.
SELLER_SHEET = "Plancher vendeur 641 €"
BUYER_SHEET = "Plafond acheteur 639 €"


def test_a_side_never_receives_the_other_sides_brief_or_sheet_staff_see_both(
    app, client, browser, room, codes
):
    acks: dict[str, list] = {"alice": [], "bob": [], "trainer": []}
    alice, bob = browser(), browser()
    acks["alice"].append(call(alice, "join", {"code": codes["learner"], "name": "Alice"}))
    acks["bob"].append(call(bob, "join", {"code": codes["counterpart"], "name": "Bob"}))
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
    page = app.test_client().get(f"/r/{codes['learner']}").get_data(as_text=True)
    assert SELLER_SECRET not in page and BUYER_SECRET not in page
    assert "— Atelier Vercors" in page  # the team's own side, named on its page


def test_a_side_accepting_the_other_sides_offer_makes_a_deal_on_those_terms(browser, room, codes):
    alice, bob = browser(), browser()
    call(alice, "join", {"code": codes["learner"], "name": "Alice"})
    call(bob, "join", {"code": codes["counterpart"], "name": "Bob"})
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


def test_an_offer_changed_while_the_other_side_read_it_is_not_signed(browser, room, codes):
    alice, bob = browser(), browser()
    call(alice, "join", {"code": codes["learner"], "name": "Alice"})
    call(bob, "join", {"code": codes["counterpart"], "name": "Bob"})
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
def test_an_accept_must_carry_the_terms_the_member_confirmed(browser, room, codes, payload):
    alice, bob = browser(), browser()
    call(alice, "join", {"code": codes["learner"], "name": "Alice"})
    call(bob, "join", {"code": codes["counterpart"], "name": "Bob"})
    call(alice, "start")
    call(alice, "say", {"client_id": "a1", "text": OFFER})
    assert call(bob, "accept", payload)["error"]["code"] == "bad_request"
    assert not [e for e in events_of(alice) if e["kind"] == ev.RUN_ENDED]


def test_only_a_sides_owner_walks_away(browser, room, codes):
    alice, ann, bob = browser(), browser(), browser()
    call(alice, "join", {"code": codes["learner"], "name": "Alice"})
    call(ann, "join", {"code": codes["learner"], "name": "Ann", "role": "support"})
    bob_ack = call(bob, "join", {"code": codes["counterpart"], "name": "Bob"})
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


def test_each_team_is_scored_from_its_own_side_and_the_debrief_shows_both(app, client, service):
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

    client.get(f"/r/{team_codes(app, room.code)['learner']}")  # a team's browser: its debrief
    page = client.get(f"/runs/{room.id}/debrief").get_data(as_text=True)
    assert 'id="teams"' in page
    assert page.count('class="team-overall"') == 2
    assert "Groupe Assurial" in page and "Atelier Vercors" in page
    assert "première équipe" not in page


def overall_of(page: str) -> str:
    return re.search(r'id="overall-points">([^<]+)<', page).group(1)


def ended_teams_run(service):
    """Sellers (Alice) and buyers (Bob) each fill their sheet, then the buyers sign."""
    room = service.create(SCENARIO, mode="teams", seed=4, prep_min=0)
    alice = service.join(room.code, "Alice", "lead", side="learner")
    bob = service.join(room.code, "Bob", "lead", side="counterpart")
    service.edit_sheet(room.id, alice.member_id, "limits", SELLER_SHEET, 0)
    service.edit_sheet(room.id, bob.member_id, "limits", BUYER_SHEET, 0)
    service.start(room.id, alice.member_id)
    service.say(room.id, alice.member_id, "a0", GOOD_SESSION[1])
    service.say(room.id, bob.member_id, "b0", "Votre prix est trop élevé, c'est non.")
    service.say(room.id, alice.member_id, "a1", GOOD_SESSION[4])
    service.accept(room.id, bob.member_id, service.snapshot(room.id)["table"]["learner"])
    return room


def team_browser(app, room, side):
    """A browser that opened the room's page with one team's code."""
    browser = app.test_client()
    assert browser.get(f"/r/{team_codes(app, room.code)[side]}").status_code == 200
    return browser


def test_each_team_reads_its_own_mark_and_grid_in_the_debrief(app, service):
    room = ended_teams_run(service)
    sellers_browser, buyers_browser = (team_browser(app, room, s) for s in Side)
    sellers = sellers_browser.get(f"/runs/{room.id}/debrief").get_data(as_text=True)
    buyers = buyers_browser.get(f"/runs/{room.id}/debrief").get_data(as_text=True)
    cells = re.findall(r'class="team-overall" data-side="(\w+)"><strong>([^<]+)<', buyers)
    marks = dict(cells)
    assert overall_of(sellers) == marks["learner"]
    assert overall_of(buyers) == marks["counterpart"] != marks["learner"]
    assert "Groupe Assurial" in buyers.split('id="shown-team"')[1].split("</p>")[0]
    # the buyers' own candidates below their grid: Bob, not the sellers' Alice
    candidates = buyers.split('class="candidates"')[1]
    assert "Bob" in candidates and "Alice" not in candidates
    # the other team's grid is the other team's: no link, and the address refused
    assert 'id="other-team"' not in buyers
    assert buyers_browser.get(f"/runs/{room.id}/debrief?side=learner").status_code == 403
    assert buyers_browser.get(f"/runs/{room.id}/debrief?side=jury").status_code == 400


def test_after_the_end_each_team_replays_its_own_sheet_until_a_trainer_reveals_both(
    app, client, service
):
    room = ended_teams_run(service)
    sellers, buyers = (team_browser(app, room, s) for s in Side)
    for browser, mine, theirs in (
        (sellers, SELLER_SHEET, BUYER_SHEET),
        (buyers, BUYER_SHEET, SELLER_SHEET),
    ):
        page = browser.get(f"/runs/{room.id}/replay").get_data(as_text=True)
        events = json.dumps(
            browser.get(f"/api/runs/{room.id}/events").get_json(), ensure_ascii=False
        )
        # the page embeds the events as JSON, where "€" is escaped: read the words before it
        assert mine.removesuffix(" €") in page and mine in events
        assert theirs.removesuffix(" €") not in page and theirs not in events
    assert buyers.post(f"/runs/{room.id}/reveal").status_code in (302, 403)  # login first
    make_user(app, "tina", "trainer")
    login(client, "tina")
    assert 'id="reveal"' in client.get(f"/runs/{room.id}/replay").get_data(as_text=True)
    assert client.post(f"/runs/{room.id}/reveal").status_code == 302
    assert client.post(f"/runs/{room.id}/reveal").status_code == 302  # once is enough
    events = buyers.get(f"/api/runs/{room.id}/events").get_json()
    assert [e["kind"] for e in events].count(ev.SIDES_REVEALED) == 1
    replay = buyers.get(f"/runs/{room.id}/replay").get_data(as_text=True)
    assert SELLER_SHEET.removesuffix(" €") in replay and 'id="revealed"' in replay
    assert buyers.get(f"/runs/{room.id}/debrief?side=learner").status_code == 200


def test_while_a_teams_run_is_on_a_team_reads_its_own_sheet_and_the_bare_code_opens_nothing(
    app, service
):
    room = service.create(SCENARIO, mode="teams", seed=4, prep_min=0)
    alice = service.join(room.code, "Alice", "lead", side="learner")
    bob = service.join(room.code, "Bob", "lead", side="counterpart")
    service.edit_sheet(room.id, alice.member_id, "limits", SELLER_SHEET, 0)
    service.edit_sheet(room.id, bob.member_id, "limits", BUYER_SHEET, 0)
    visitor = app.test_client()
    assert visitor.get(f"/r/{room.code}").status_code == 403  # the opener's, not a team's
    assert visitor.get(f"/api/runs/{room.id}/events").status_code == 403
    sellers = team_browser(app, room, "learner")
    events = json.dumps(sellers.get(f"/api/runs/{room.id}/events").get_json(), ensure_ascii=False)
    assert SELLER_SHEET in events and BUYER_SHEET not in events
    replay = sellers.get(f"/runs/{room.id}/replay").get_data(as_text=True)
    assert BUYER_SHEET.removesuffix(" €") not in replay
    assert sellers.get(f"/runs/{room.id}/debrief").status_code == 403


def test_whoever_opens_a_teams_room_is_handed_both_teams_codes(app, client):
    page = client.get("/")
    response = client.post(
        "/rooms", data={"scenario_id": SCENARIO, "mode": "teams", "prep_min": "0"}
    )
    code = response.headers["Location"].rsplit("/", 1)[-1]
    page = client.get(f"/r/{code}").get_data(as_text=True)
    for side, team in team_codes(app, code).items():
        assert f'data-side="{side}">{team}<' in page


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
