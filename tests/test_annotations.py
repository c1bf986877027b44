"""Trainers' private annotations of turns: staff write and read them, candidates never see them."""

import json

import pytest

from negosim.accounts.users import by_username
from negosim.rooms.sockets import NAMESPACE
from negosim.store import get_store
from tests.conftest import SCENARIO, make_app, open_socket
from tests.staff import login, make_cohort, make_user

NOTE = "Bonne question ouverte, à garder pour le débriefing."


def shows(page: str, text: str) -> bool:
    """The text is on the page, as HTML text or inside a JSON script block."""
    return text in page or json.dumps(text)[1:-1] in page


def emit(sc, event, data=None):
    return sc.emit(event, data or {}, namespace=NAMESPACE, callback=True)


def received(sc, name):
    return [p["args"][0] for p in sc.get_received(NAMESPACE) if p["name"] == name]


@pytest.fixture
def live(service, browsers):
    """A room where Alice has said one turn; returns (room, Alice's socket, her turn's seq)."""
    room = service.create(SCENARIO, seed=3)
    alice = browsers()
    assert emit(alice, "join", {"code": room.code, "name": "Alice", "role": "lead"})["ok"]
    assert emit(alice, "start")["ok"]
    said = emit(alice, "say", {"client_id": "a1", "text": "Quels sont vos critères ?"})
    return room, alice, said["seq"]


def test_a_trainer_watching_live_annotates_a_turn_for_staff_eyes_only(app, browsers, live):
    room, alice, seq = live
    make_user(app, "tom", "trainer", "Tom Formateur")
    make_user(app, "anne", "admin")
    tom, anne = browsers("tom"), browsers("anne")
    joined = emit(tom, "join", {"code": room.code, "name": "Tom", "role": "observer"})
    assert joined["annotations"] == []
    assert emit(anne, "join", {"code": room.code, "name": "Anne", "role": "observer"})["ok"]
    alice.get_received(NAMESPACE)

    ack = emit(tom, "annotate", {"seq": seq, "text": NOTE})

    assert (
        ack["ok"] and ack["annotation"]["seq"] == seq and ack["annotation"]["by"] == "Tom Formateur"
    )
    assert [n["text"] for n in received(anne, "annotation")] == [NOTE]
    seen_by_alice = alice.get_received(NAMESPACE)
    assert "annotation" not in {p["name"] for p in seen_by_alice}
    assert not shows(str(seen_by_alice), NOTE)
    # who joins later gets them with the join, a candidate never
    late = emit(browsers("anne"), "join", {"code": room.code, "name": "Anne", "role": "observer"})
    assert [n["text"] for n in late["annotations"]] == [NOTE]
    bob = emit(browsers(), "join", {"code": room.code, "name": "Bob", "role": "support"})
    assert bob["ok"] and "annotations" not in bob and NOTE not in str(bob)


def test_an_account_switched_off_while_watching_can_no_longer_annotate(app, browsers, live):
    """Rights are read again at each note, not kept from when the socket connected."""
    room, _, seq = live
    make_user(app, "tom", "trainer")
    tom = browsers("tom")
    assert emit(tom, "join", {"code": room.code, "name": "Tom", "role": "observer"})["ok"]
    assert emit(tom, "annotate", {"seq": seq, "text": NOTE})["ok"]
    with get_store(app).Session.begin() as db:
        by_username(db, "tom").active = False
    refused = emit(tom, "annotate", {"seq": seq, "text": "encore"})
    assert refused["ok"] is False and refused["error"]["code"] == "forbidden"


def test_a_candidate_cannot_annotate(browsers, live):
    room, alice, seq = live
    refused = emit(alice, "annotate", {"seq": seq, "text": "moi aussi"})
    assert refused["ok"] is False and refused["error"]["code"] == "staff_only"
    assert received(alice, "error")[-1]["code"] == "staff_only"


def test_an_annotation_needs_a_turn_of_the_run_some_text_and_a_seat(app, browsers, live, service):
    room, alice, seq = live
    make_user(app, "tom", "trainer")
    tom = browsers("tom")
    assert emit(tom, "annotate", {"seq": seq, "text": NOTE})["error"]["code"] == "not_member"
    emit(tom, "join", {"code": room.code, "name": "Tom", "role": "observer"})
    for data, code in [
        ({"seq": 1, "text": NOTE}, "no_turn"),  # run.created: not a turn
        ({"seq": 999, "text": NOTE}, "no_turn"),
        ({"seq": seq, "text": "   "}, "empty"),
        ({"seq": seq, "text": "x" * 1001}, "too_long"),
        ({"seq": "one", "text": NOTE}, "bad_request"),
        ({"text": NOTE}, "bad_request"),
    ]:
        assert emit(tom, "annotate", data)["error"]["code"] == code, data


def test_annotating_is_rate_limited(tmp_path, service):
    app = make_app(tmp_path / "limited", ROOM_RATE_PER_S=0.001, ROOM_RATE_BURST=3)
    try:
        service = app.extensions["negosim.rooms"]
        room = service.create(SCENARIO, seed=3)
        alice = service.join(room.code, "Alice", "lead")
        service.start(room.id, alice.member_id)
        seq, _ = service.say(room.id, alice.member_id, "a1", "Quels sont vos critères ?")
        make_user(app, "tom", "trainer")
        browser = app.test_client()
        login(browser, "tom")
        tom = open_socket(app, browser)
        emit(tom, "join", {"code": room.code, "name": "Tom", "role": "observer"})
        answers = [emit(tom, "annotate", {"seq": seq, "text": f"note {i}"}) for i in range(4)]
        assert [a["ok"] for a in answers[:2]] == [True, True]
        assert answers[-1]["error"]["code"] == "rate_limited"
        tom.disconnect(namespace=NAMESPACE)
    finally:
        get_store(app).dispose()


def played(service):
    """An ended run with one turn; returns (run id, code, the turn's seq)."""
    room = service.create(SCENARIO, seed=3)
    alice = service.join(room.code, "Alice", "lead")
    service.start(room.id, alice.member_id)
    seq, _ = service.say(room.id, alice.member_id, "a1", "Quels sont vos critères ?")
    service.finish(room.id, alice.member_id)
    return room.id, room.code, seq


def test_the_replay_shows_annotations_to_staff_and_never_to_candidates(app, client, service):
    run_id, code, seq = played(service)
    make_user(app, "tom", "trainer", "Tom Formateur")
    login(client, "tom")
    made = client.post(f"/runs/{run_id}/annotations", json={"seq": seq, "text": NOTE})
    assert made.status_code == 201 and made.json["annotation"]["by"] == "Tom Formateur"
    page = client.get(f"/runs/{run_id}/replay").get_data(as_text=True)
    assert shows(page, NOTE) and "annotations-data" in page
    assert [n["text"] for n in client.get(f"/api/runs/{run_id}/annotations").json] == [NOTE]

    candidate = app.test_client()
    candidate.get(f"/r/{code}")  # the room code let them in: they read the replay, not the notes
    replay = candidate.get(f"/runs/{run_id}/replay")
    assert replay.status_code == 200 and not shows(replay.get_data(as_text=True), NOTE)
    assert "annotations-data" not in replay.get_data(as_text=True)
    events = candidate.get(f"/api/runs/{run_id}/events")
    assert events.status_code == 200 and not shows(events.get_data(as_text=True), NOTE)
    assert all(e["kind"] != "annotation" for e in events.json)
    assert candidate.get(f"/api/runs/{run_id}/annotations").status_code == 403
    refused = candidate.post(f"/runs/{run_id}/annotations", json={"seq": seq, "text": "x"})
    assert refused.status_code == 403


def test_only_the_jury_of_the_runs_cohort_reads_and_writes_its_annotations(app, service):
    run_id, code, seq = played(service)
    make_user(app, "jules", "jury")
    make_user(app, "jade", "jury")
    make_cohort(app, "Promo A", jury=("jules",), runs=(run_id,))
    make_cohort(app, "Promo B", jury=("jade",))
    jules, jade = app.test_client(), app.test_client()
    login(jules, "jules")
    login(jade, "jade")
    assert (
        jules.post(f"/runs/{run_id}/annotations", data={"seq": seq, "text": NOTE}).status_code
        == 201
    )
    jade.get(f"/r/{code}")  # even with the room code in her browser
    assert (
        jade.post(f"/runs/{run_id}/annotations", json={"seq": seq, "text": "x"}).status_code == 403
    )
    assert jade.get(f"/api/runs/{run_id}/annotations").status_code == 403
    assert not shows(jade.get(f"/runs/{run_id}/replay").get_data(as_text=True), NOTE)
    assert [n["text"] for n in jules.get(f"/api/runs/{run_id}/annotations").json] == [NOTE]


def test_a_jury_member_of_another_cohort_cannot_annotate_live(app, browsers, live):
    room, alice, seq = live
    make_user(app, "jade", "jury")
    make_cohort(app, "Promo A", runs=(room.id,))
    make_cohort(app, "Promo B", jury=("jade",))
    jade = browsers("jade")
    assert (
        emit(jade, "join", {"code": room.code, "role": "observer"})["error"]["code"] == "forbidden"
    )
    assert emit(jade, "annotate", {"seq": seq, "text": NOTE})["error"]["code"] == "not_member"


def test_an_annotation_over_http_is_refused_without_the_csrf_token(tmp_path, service):
    app = make_app(tmp_path / "csrf", WTF_CSRF_ENABLED=True)
    try:
        run_id, _, seq = played(app.extensions["negosim.rooms"])
        make_user(app, "tom", "trainer")
        browser = app.test_client()
        page = browser.get("/login").get_data(as_text=True)
        token = page.split('name="csrf-token" content="')[1].split('"')[0]
        browser.post(
            "/login",
            data={"username": "tom", "password": "correct horse battery", "csrf_token": token},
        )
        refused = browser.post(f"/runs/{run_id}/annotations", json={"seq": seq, "text": NOTE})
        assert refused.status_code == 400
        page = browser.get(f"/runs/{run_id}/replay").get_data(as_text=True)
        token = page.split('name="csrf-token" content="')[1].split('"')[0]
        made = browser.post(
            f"/runs/{run_id}/annotations",
            json={"seq": seq, "text": NOTE},
            headers={"X-CSRFToken": token},
        )
        assert made.status_code == 201
    finally:
        get_store(app).dispose()


def test_an_http_annotation_reaches_the_staff_watching_live(app, client, browsers, live):
    room, alice, seq = live
    make_user(app, "tom", "trainer")
    make_user(app, "anne", "admin")
    anne = browsers("anne")
    emit(anne, "join", {"code": room.code, "name": "Anne", "role": "observer"})
    login(client, "tom")
    assert (
        client.post(f"/runs/{room.id}/annotations", json={"seq": seq, "text": NOTE}).status_code
        == 201
    )
    assert [n["text"] for n in received(anne, "annotation")] == [NOTE]
    assert NOTE not in str(alice.get_received(NAMESPACE))


def test_the_evaluation_sheet_lists_the_annotations_for_those_who_may_read_them(app, service):
    from tests.test_exports import pdf_text

    run_id, code, seq = played(service)
    make_user(app, "tom", "trainer", "Tom Formateur")
    make_user(app, "jade", "jury")
    make_cohort(app, "Promo B", jury=("jade",))
    tom, jade = app.test_client(), app.test_client()
    login(tom, "tom")
    login(jade, "jade")
    tom.post(f"/runs/{run_id}/annotations", json={"seq": seq, "text": NOTE})
    text = " ".join(pdf_text(tom.get(f"/jury/sessions/{run_id}/sheet.pdf").data).split())
    assert "Annotations des formateurs et du jury" in text and NOTE in text
    assert "Tom Formateur" in text and f"Tour #{seq}" in text
    jade.get(f"/r/{code}")  # a room cookie opens nothing to a jury member of another cohort
    assert jade.get(f"/jury/sessions/{run_id}/sheet.pdf").status_code == 403


def test_a_refused_note_over_http_says_why_in_french(app, client, service):
    run_id, _, seq = played(service)
    make_user(app, "tom", "trainer")
    login(client, "tom")
    for data, code in [
        ({"seq": 1, "text": NOTE}, "no_turn"),
        ({"seq": "x", "text": NOTE}, "no_turn"),
        ({"seq": seq, "text": " "}, "empty"),
        ({"seq": seq, "text": "x" * 1001}, "too_long"),
    ]:
        refused = client.post(f"/runs/{run_id}/annotations", json=data)
        assert refused.status_code == 400 and refused.json["error"]["code"] == code, data
    message = refused.json["error"]["message"].replace("\u202f", " ").replace("\xa0", " ")
    assert message == "Le message est trop long : 1 000 caractères au plus."
    assert client.get(f"/api/runs/{run_id}/annotations").json == []
