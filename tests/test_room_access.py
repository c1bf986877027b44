"""Who may do what in a room over Socket.IO: accounts observe, the owner ends — refusals first."""

import time

import pytest

from negosim import events as ev
from negosim.rooms import RoomError, get_service
from negosim.rooms.sockets import NAMESPACE
from tests.conftest import SCENARIO, make_app, open_socket
from tests.helpers import team_codes
from tests.staff import login, make_cohort, make_user


@pytest.fixture
def room(service):
    return service.create(SCENARIO, seed=4)


@pytest.fixture
def anonymous(browsers):
    """Socket clients of candidates without an account, each with its own browser."""
    return lambda language="en": browsers(language=language)


def emit(sc, event, data=None):
    return sc.emit(event, data or {}, namespace=NAMESPACE, callback=True)


def join(sc, code, name, role="lead"):
    return emit(sc, "join", {"code": code, "name": name, "role": role})


def errors_of(sc):
    return [p["args"][0] for p in sc.get_received(NAMESPACE) if p["name"] == "error"]


def signed_in(app, client, socket_client, username, role):
    make_user(app, username, role)
    login(client, username)
    return socket_client()


def test_a_trainer_watches_any_room_live_but_never_takes_part(
    app, client, socket_client, anonymous, room
):
    alice = anonymous()
    assert join(alice, room.code, "Alice")["ok"]
    tom = signed_in(app, client, socket_client, "tom", "trainer")
    ack = join(tom, room.code, "Tom", "observer")
    assert ack["ok"] and ack["member"]["role"] == "observer" and ack["owner"] is False
    assert emit(alice, "start") == {"ok": True}
    said = emit(alice, "say", {"client_id": "a1", "text": "Quels sont vos critères ?"})
    assert said["ok"]
    seen = [e for p in tom.get_received(NAMESPACE) if p["name"] == "events" for e in p["args"][0]]
    assert said["seq"] in [e["seq"] for e in seen if e["kind"] == ev.TURN]
    for event, data in [
        ("say", {"client_id": "t1", "text": "Je peux aider ?"}),
        ("sheet_edit", {"field": "objectives", "value": "x", "base_version": 0}),
        ("start", {}),
        ("end", {}),
    ]:
        refused = emit(tom, event, data)
        assert refused["ok"] is False and refused["error"]["code"] == "observe_only", event
    assert errors_of(tom)[-1]["code"] == "observe_only"


def test_an_account_cannot_join_as_a_candidate(app, client, socket_client, room):
    admin = signed_in(app, client, socket_client, "anne", "admin")
    refused = join(admin, room.code, "Anne", "lead")
    assert refused["ok"] is False and refused["error"]["code"] == "observe_only"
    assert join(admin, room.code, "Anne", "observer")["ok"]  # any room, as an observer


def test_an_account_cannot_take_over_a_candidates_seat_with_its_token(
    app, client, socket_client, anonymous, room
):
    token = join(anonymous(), room.code, "Alice")["token"]
    tom = signed_in(app, client, socket_client, "tom", "trainer")
    refused = emit(tom, "join", {"code": room.code, "role": "observer", "token": token})
    assert refused["ok"] is False and refused["error"]["code"] == "observe_only"
    assert emit(tom, "say", {"client_id": "x", "text": "Bonjour"})["error"]["code"] == "not_member"


def test_a_jury_member_observes_only_the_rooms_of_their_cohorts(
    app, client, socket_client, service, room
):
    make_user(app, "jules", "jury")
    make_cohort(app, "Promo A", jury=("jules",), runs=(room.id,))
    other = service.create(SCENARIO, seed=5)
    make_cohort(app, "Promo B", runs=(other.id,))
    loose = service.create(SCENARIO, seed=6)  # no cohort at all
    login(client, "jules")
    jules = socket_client()
    for code in (other.code, loose.code):
        refused = join(jules, code, "Jules", "observer")
        assert refused["ok"] is False and refused["error"]["code"] == "forbidden"
    assert errors_of(jules)[-1]["code"] == "forbidden"
    assert join(jules, room.code, "Jules", "lead")["error"]["code"] == "observe_only"
    assert join(jules, room.code, "Jules", "observer")["ok"]
    assert emit(jules, "start")["error"]["code"] == "observe_only"
    assert emit(jules, "catch_up", {"last_seq": 0})["ok"]


def test_a_room_cookie_gives_a_jury_member_of_another_cohort_nothing(app, client, room):
    make_user(app, "jade", "jury")
    make_cohort(app, "Promo B", jury=("jade",))
    login(client, "jade")
    assert client.get(f"/r/{room.code}").status_code == 200  # the page sets the room cookie
    for path in (f"/runs/{room.id}/replay", f"/api/runs/{room.id}/events"):
        assert client.get(path).status_code == 403, path


def test_a_jury_member_learns_nothing_about_an_unknown_room(app, client, socket_client):
    jules = signed_in(app, client, socket_client, "jules", "jury")
    assert join(jules, "ZZZZZZ", "Jules", "observer")["error"]["code"] == "unknown_room"


def test_only_the_owner_ends_the_session_early(anonymous, room, service):
    watcher = anonymous()
    assert join(watcher, room.code, "Wendy", "observer")["ok"]  # observers never own a room
    alice, bob = anonymous(), anonymous("fr")
    assert join(alice, room.code, "Alice")["owner"] is True
    assert join(bob, room.code, "Bob", "support")["owner"] is False
    assert emit(bob, "start") == {"ok": True}  # any candidate may start
    refused = emit(bob, "end")
    assert refused["ok"] is False and refused["error"]["code"] == "not_owner"
    assert refused["error"]["message"] == (
        "Seul le responsable de la salle (indiqué au-dessus des présents) peut terminer la séance."
    )
    assert errors_of(bob)[-1]["code"] == "not_owner"
    assert service.snapshot(room.id)["status"] == "negotiating"
    assert emit(alice, "end") == {"ok": True}
    assert service.snapshot(room.id)["status"] == "ended"


def test_the_service_lets_only_the_owner_finish(service, room):
    alice = service.join(room.code, "Alice", "lead")
    bob = service.join(room.code, "Bob", "lead")
    service.start(room.id, bob.member_id)
    with pytest.raises(RoomError) as exc:
        service.finish(room.id, bob.member_id)
    assert exc.value.code == "not_owner"
    assert service.owner(room.id) == alice.member_id
    service.finish(room.id, alice.member_id)
    assert service.snapshot(room.id)["status"] == "ended"


def test_a_candidate_comes_back_as_owner_with_their_token(anonymous, room):
    first = join(anonymous(), room.code, "Alice")
    join(anonymous(), room.code, "Bob", "support")
    again = emit(anonymous(), "join", {"code": room.code, "token": first["token"]})
    assert again["ok"] and again["owner"] is True


def test_the_room_page_offers_a_signed_in_account_only_the_observer_seat(app, client, room):
    before = client.get(f"/r/{room.code}").get_data(as_text=True)
    assert 'value="lead"' in before and 'value="observer"' in before
    make_user(app, "tom", "trainer", "Tom Trainer")
    login(client, "tom")
    page = client.get(f"/r/{room.code}").get_data(as_text=True)
    assert 'value="lead"' not in page and 'value="support"' not in page
    assert 'value="observer"' in page and 'value="Tom Trainer"' in page


def test_when_the_owner_leaves_a_teammate_present_owns_the_room_and_it_survives_a_restart(
    anonymous, room, service
):
    alice, bob, jury = anonymous(), anonymous(), anonymous()
    assert join(alice, room.code, "Alice")["owner"] is True
    bob_ack = join(bob, room.code, "Bob", "support")
    assert bob_ack["owners"] == {"learner": {"member_id": 1, "name": "Alice"}}
    join(jury, room.code, "Jury", "observer")
    emit(alice, "start")
    alice.disconnect(namespace=NAMESPACE)
    changed = [
        e
        for p in jury.get_received(NAMESPACE)
        if p["name"] == "events"
        for e in p["args"][0]
        if e["kind"] == ev.OWNER_CHANGED
    ]
    bob_id = bob_ack["member"]["id"]
    assert [e["payload"] for e in changed] == [
        {"member_id": bob_id, "name": "Bob", "side": "learner"}
    ]
    service.unload(room.id)  # as after a restart: read back from the journal
    assert service.owner(room.id) == bob_id
    assert emit(bob, "end") == {"ok": True}


def test_an_owner_alone_keeps_the_room_and_an_observer_never_inherits_it(anonymous, room, service):
    alice, jury = anonymous(), anonymous()
    first = join(alice, room.code, "Alice")
    join(jury, room.code, "Jury", "observer")
    alice.disconnect(namespace=NAMESPACE)
    assert service.owner(room.id) == first["member"]["id"]
    again = anonymous()
    assert join_with_token(again, room.code, first["token"])["owner"] is True


def test_a_candidate_arriving_while_the_owner_is_away_owns_the_room(anonymous, room, service):
    alice, bob = anonymous(), anonymous()
    first = join(alice, room.code, "Alice")
    alice.disconnect(namespace=NAMESPACE)  # alone: nobody to hand over to
    ack = join(bob, room.code, "Bob", "support")
    assert ack["owner"] is True
    assert ack["owners"] == {"learner": {"member_id": ack["member"]["id"], "name": "Bob"}}
    back = join_with_token(anonymous(), room.code, first["token"])
    assert back["owner"] is False  # Alice is back, Bob keeps it


def test_in_a_teams_room_each_side_has_its_owner_and_hands_over_within_its_side(
    anonymous, app, service
):
    room = service.create(SCENARIO, mode="teams", seed=4, prep_min=0)
    codes = team_codes(app, room.code)
    alice, ann, bob = anonymous(), anonymous(), anonymous()
    a = emit(alice, "join", {"code": codes["learner"], "name": "Alice"})
    emit(ann, "join", {"code": codes["learner"], "name": "Ann", "role": "support"})
    b = emit(bob, "join", {"code": codes["counterpart"], "name": "Bob"})
    assert a["owner"] and b["owner"]
    assert set(b["owners"]) == {"learner", "counterpart"}
    bob.disconnect(namespace=NAMESPACE)  # nobody else on his side: still his
    assert service.owner(room.id, "counterpart") == b["member"]["id"]
    alice.disconnect(namespace=NAMESPACE)
    assert service.owners(room.id)["learner"]["name"] == "Ann"
    assert service.owners(room.id)["counterpart"]["name"] == "Bob"


def join_with_token(sc, code, token):
    return emit(sc, "join", {"code": code, "token": token})


def test_an_owner_who_reloads_within_the_grace_period_keeps_the_room(tmp_path):
    """A reload is not leaving; staying away past the grace period is."""
    app = make_app(tmp_path, OWNER_GRACE_S=0.5)
    service = get_service(app)
    room = service.create(SCENARIO, seed=4)

    def client():
        return open_socket(app)

    alice, bob = client(), client()
    first = join(alice, room.code, "Alice")
    join(bob, room.code, "Bob", "support")
    alice.disconnect(namespace=NAMESPACE)
    again = client()  # the reload: back at once with the same token
    assert join_with_token(again, room.code, first["token"])["owner"] is True
    time.sleep(1.0)  # past the grace period, Alice present: nothing changed hands
    assert service.owner(room.id) == first["member"]["id"]

    again.disconnect(namespace=NAMESPACE)  # now she leaves for good
    deadline = time.monotonic() + 10
    while service.owner(room.id) == first["member"]["id"] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert service.owners(room.id)["learner"]["name"] == "Bob"
    bob.disconnect(namespace=NAMESPACE)


def test_a_connection_that_joins_another_room_stops_hearing_the_first(anonymous, service, room):
    other = service.create(SCENARIO, seed=5)
    alice, bob = anonymous(), anonymous()
    join(alice, room.code, "Alice")
    join(bob, room.code, "Bob")
    assert join(bob, other.code, "Bob")["ok"]  # the same connection moves on
    bob.get_received(NAMESPACE)
    emit(alice, "start")
    said = emit(alice, "say", {"client_id": "a-1", "text": "Bonjour à tous."})
    assert said["ok"]
    heard = [p for p in bob.get_received(NAMESPACE) if p["name"] == "events"]
    assert heard == []
    presence = [p["args"][0] for p in alice.get_received(NAMESPACE) if p["name"] == "presence"]
    assert [m["name"] for m in presence[-1]] == ["Alice"]
