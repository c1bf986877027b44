"""A trainer opens rooms for a cohort's groups, hands out the codes and watches them live."""

import pytest

from negosim.accounts.models import CohortRun
from negosim.rooms.sockets import NAMESPACE
from negosim.store import get_store
from negosim.store.models import Run
from tests.conftest import SCENARIO, open_socket
from tests.staff import login, make_cohort, make_user

OPEN = {"scenario_id": SCENARIO, "rooms": "3", "duration_min": "20", "prep_min": "5"}


@pytest.fixture
def trainer(app, client):
    make_user(app, "tom", "trainer")
    login(client, "tom")
    return client


def runs_of(app, cohort_id: int) -> list[Run]:
    with get_store(app).Session() as db:
        ids = [link.run_id for link in db.query(CohortRun).filter_by(cohort_id=cohort_id).all()]
        return db.query(Run).filter(Run.id.in_(ids)).order_by(Run.id).all()


def test_a_trainer_opens_one_room_per_group_and_gets_codes_to_hand_out(app, trainer):
    cohort = make_cohort(app, "Promo A")
    form = trainer.get(f"/cohorts/{cohort}/open")
    assert form.status_code == 200 and "open-rooms-form" in form.get_data(as_text=True)

    opened = trainer.post(f"/cohorts/{cohort}/open", data=OPEN)

    assert opened.status_code == 302 and f"/cohorts/{cohort}/handout" in opened.location
    runs = runs_of(app, cohort)
    assert len(runs) == 3
    assert {(r.duration_s, r.prep_s, r.status) for r in runs} == {(1200, 300, "waiting")}
    handout = trainer.get(opened.location).get_data(as_text=True)
    for run in runs:
        assert run.code in handout and f"http://localhost/r/{run.code}" in handout


def test_opening_rooms_is_refused_to_others_and_checked(app, client, trainer):
    cohort = make_cohort(app, "Promo A")
    for bad in ({"rooms": "0"}, {"rooms": "41"}, {"duration_min": "999"}, {"scenario_id": "x"}):
        assert trainer.post(f"/cohorts/{cohort}/open", data=OPEN | bad).status_code == 400, bad
    assert runs_of(app, cohort) == []
    assert trainer.post("/cohorts/999/open", data=OPEN).status_code == 404
    make_user(app, "jules", "jury")
    jury = app.test_client()
    login(jury, "jules")
    for url in (
        f"/cohorts/{cohort}/open",
        f"/cohorts/{cohort}/live",
        f"/cohorts/{cohort}/live.json",
    ):
        assert jury.get(url).status_code == 403, url
        anonymous = app.test_client().get(url)
        assert anonymous.status_code == 302 and "/login" in anonymous.location
    assert jury.post(f"/cohorts/{cohort}/open", data=OPEN).status_code == 403
    assert runs_of(app, cohort) == []


def test_the_live_view_shows_each_room_with_who_is_there_and_its_turns(app, trainer, service):
    cohort = make_cohort(app, "Promo A")
    trainer.post(f"/cohorts/{cohort}/open", data=OPEN | {"rooms": "2"})
    busy, idle = runs_of(app, cohort)
    elsewhere = service.create(SCENARIO, seed=9)
    make_cohort(app, "Promo B", runs=(elsewhere.id,))
    alice = open_socket(app)
    join = {"code": busy.code, "name": "Alice", "role": "lead"}
    assert alice.emit("join", join, namespace=NAMESPACE, callback=True)["ok"]
    alice.emit("start", {}, namespace=NAMESPACE, callback=True)
    said = {"client_id": "a1", "text": "Quels sont vos critères de choix ?"}
    assert alice.emit("say", said, namespace=NAMESPACE, callback=True)["ok"]

    rooms = {r["code"]: r for r in trainer.get(f"/cohorts/{cohort}/live.json").json["rooms"]}

    assert set(rooms) == {busy.code, idle.code}  # not the other cohort's room
    live = rooms[busy.code]
    assert live["status"] == "negotiating" and live["phase"]
    assert [m["name"] for m in live["present"]] == ["Alice"]
    assert live["turns"] >= 2 and live["last_turn_at"] and live["elapsed_s"] >= 0
    assert live["link"] == f"/r/{busy.code}"
    waiting = rooms[idle.code]
    assert (waiting["status"], waiting["present"], waiting["turns"]) == ("waiting", [], 0)
    assert waiting["elapsed_s"] is None and waiting["last_turn_at"] is None

    page = trainer.get(f"/cohorts/{cohort}/live").get_data(as_text=True)
    assert busy.code in page and idle.code in page and elsewhere.code not in page
    assert "Alice" in page and f'href="/r/{busy.code}"' in page
    assert f'data-url="/cohorts/{cohort}/live.json"' in page

    alice.disconnect(namespace=NAMESPACE)
    rooms = {r["code"]: r for r in trainer.get(f"/cohorts/{cohort}/live.json").json["rooms"]}
    assert rooms[busy.code]["present"] == []


def test_an_ended_room_stays_listed_with_its_debrief(app, trainer, service):
    cohort = make_cohort(app, "Promo A")
    trainer.post(f"/cohorts/{cohort}/open", data=OPEN | {"rooms": "1"})
    (run,) = runs_of(app, cohort)
    alice = service.join(run.code, "Alice", "lead")
    service.start(run.id, alice.member_id)
    service.finish(run.id, alice.member_id)
    (room,) = trainer.get(f"/cohorts/{cohort}/live.json").json["rooms"]
    assert room["status"] == "ended" and room["debrief"] == f"/runs/{run.id}/debrief"
    handout = trainer.get(f"/cohorts/{cohort}/handout").get_data(as_text=True)
    assert run.code not in handout  # nothing left to hand out
