"""Candidates' accounts: they take part under their own name, find their sessions again,
and open nothing that belongs to staff."""

from negosim.accounts.models import CohortCandidate, User
from negosim.rooms.sockets import NAMESPACE
from negosim.store import get_store
from tests.conftest import SCENARIO
from tests.staff import PASSWORD, login, make_cohort, make_user


def emit(sc, event, data=None):
    return sc.emit(event, data or {}, namespace=NAMESPACE, callback=True)


def test_the_command_line_creates_a_candidate_account(runner):
    from negosim.cli import main

    made = runner.invoke(
        main,
        [
            "users",
            "create",
            "ana",
            "--role",
            "candidate",
            "--name",
            "Ana Lopez",
            "--password-stdin",
        ],
        input=PASSWORD,
    )
    assert made.exit_code == 0, made.output
    assert "created candidate ana" in made.output


def test_a_candidate_takes_part_under_their_name_and_gets_their_seat_back(app, service, browsers):
    make_user(app, "ana", "candidate", "Ana Lopez")
    room = service.create(SCENARIO, seed=3)
    ana = browsers("ana")
    joined = emit(ana, "join", {"code": room.code, "name": "Zorro", "role": "lead"})
    assert joined["ok"] and joined["member"]["name"] == "Ana Lopez" and joined["owner"]
    assert "annotations" not in joined
    assert emit(ana, "start") == {"ok": True}
    said = emit(ana, "say", {"client_id": "a1", "text": "Quels sont vos critères ?"})
    assert said["ok"]

    elsewhere = browsers("ana")  # another browser, no token: the same seat
    again = emit(elsewhere, "join", {"code": room.code, "name": "Ana", "role": "support"})
    assert again["member"]["id"] == joined["member"]["id"] and again["owner"]
    assert emit(elsewhere, "end") == {"ok": True}


def test_a_candidate_account_switched_off_mid_session_stops_speaking(app, service, browsers):
    make_user(app, "ana", "candidate", "Ana Lopez")
    room = service.create(SCENARIO, seed=3)
    ana = browsers("ana")
    assert emit(ana, "join", {"code": room.code, "role": "lead"})["ok"]
    assert emit(ana, "start") == {"ok": True}
    with get_store(app).Session.begin() as db:
        db.query(User).filter_by(username="ana").one().active = False
    refused = emit(ana, "say", {"client_id": "a1", "text": "Quels sont vos critères ?"})
    assert refused["ok"] is False and refused["error"]["code"] == "account_off"
    spoken = [e for e in service.events_since(room.id, 0) if e["author"].startswith("member:")]
    assert spoken == []  # nothing was recorded


def test_a_candidate_observes_only_rooms_they_take_part_in_and_never_takes_a_seat(
    app, service, browsers
):
    make_user(app, "ana", "candidate", "Ana Lopez")
    room = service.create(SCENARIO, seed=3)
    alice = service.join(room.code, "Alice", "lead")
    ana = browsers("ana")
    refused = emit(ana, "join", {"code": room.code, "role": "observer"})
    assert refused["ok"] is False and refused["error"]["code"] == "members_only"
    stolen = emit(ana, "join", {"code": room.code, "role": "lead", "token": alice.token})
    assert stolen["ok"] and stolen["member"]["id"] != alice.member_id  # a seat of her own
    assert emit(ana, "annotate", {"seq": 1, "text": "x"})["error"]["code"] == "staff_only"


def test_a_candidate_opens_no_staff_page(app, service):
    make_user(app, "ana", "candidate")
    cohort = make_cohort(app, "Promo A")
    browser = app.test_client()
    assert login(browser, "ana").location.endswith("/me/sessions")
    for url in (
        "/admin/users",
        "/cohorts",
        f"/cohorts/{cohort}",
        f"/cohorts/{cohort}/open",
        f"/cohorts/{cohort}/live",
        f"/cohorts/{cohort}/live.json",
        f"/cohorts/{cohort}/handout",
        "/jury/sessions",
    ):
        assert browser.get(url).status_code == 403, url
    data = {"username": "zed", "display_name": "Zed", "password": PASSWORD}
    assert browser.post(f"/cohorts/{cohort}/candidate-accounts", data=data).status_code == 403


def test_a_candidate_lists_their_own_sessions_with_their_debriefs(app, service, browsers):
    make_user(app, "ana", "candidate", "Ana Lopez")
    mine, other = service.create(SCENARIO, seed=3), service.create(SCENARIO, seed=4)
    ana = browsers("ana")
    emit(ana, "join", {"code": mine.code, "role": "lead"})
    emit(ana, "start")
    emit(ana, "end")
    service.join(other.code, "Bob", "lead")

    fresh = app.test_client()  # no room in this browser's cookie: the account opens it
    login(fresh, "ana")
    page = fresh.get("/me/sessions").get_data(as_text=True)
    assert mine.code in page and other.code not in page
    assert f"/runs/{mine.id}/debrief" in page
    assert fresh.get(f"/runs/{mine.id}/debrief").status_code == 200
    assert fresh.get(f"/runs/{other.id}/debrief").status_code == 403
    assert make_user(app, "tom", "trainer") and login(fresh, "tom")
    assert fresh.get("/me/sessions").status_code == 403  # a candidate's page only


def test_a_trainer_gives_a_cohorts_candidate_an_account(app, client):
    cohort = make_cohort(app, "Promo A")
    make_user(app, "tom", "trainer")
    login(client, "tom")
    data = {"username": "Ana", "display_name": "Ana Lopez", "password": PASSWORD}
    client.post(f"/cohorts/{cohort}/candidate-accounts", data=data)
    short = {"username": "bob", "display_name": "Bob", "password": "short"}
    client.post(f"/cohorts/{cohort}/candidate-accounts", data=short)
    with get_store(app).Session() as db:
        ana = db.query(User).filter_by(username="ana").one()
        listed = db.query(CohortCandidate).filter_by(cohort_id=cohort).one()
        assert ana.role == "candidate" and listed.user_id == ana.id
        assert listed.name == "Ana Lopez"
        assert db.query(User).filter_by(username="bob").first() is None
    page = client.get(f"/cohorts/{cohort}").get_data(as_text=True)
    assert "Ana Lopez" in page and "ana" in page
