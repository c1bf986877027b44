"""Pages: home, room creation, unknown codes, debrief and replay."""

import re

from tests.conftest import SCENARIO


def test_home_lists_scenarios_and_the_forms(client):
    page = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Équiper 1 200 postes" in page and 'name="code"' in page


def test_the_interface_speaks_english_when_asked(client):
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Join a room" in page


def test_creating_a_room_redirects_to_its_page(client):
    response = client.post("/rooms", data={"scenario_id": SCENARIO, "duration_min": "20"})
    assert response.status_code == 302
    code = response.headers["Location"].rsplit("/", 1)[1]
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    page = client.get(f"/r/{code}").get_data(as_text=True)
    assert code in page and "brief" in page.lower()


def test_an_unknown_room_code_gets_a_clear_page(client):
    response = client.get("/r/ZZZZZZ", headers={"Accept-Language": "fr"})
    assert response.status_code == 404
    assert "Aucune salle ne porte le code ZZZZZZ" in response.get_data(as_text=True)


def test_bad_room_settings_are_refused(client):
    assert client.post("/rooms", data={"scenario_id": "nope"}).status_code == 400
    assert (
        client.post("/rooms", data={"scenario_id": SCENARIO, "duration_min": "abc"}).status_code
        == 400
    )
    assert (
        client.post("/rooms", data={"scenario_id": SCENARIO, "duration_min": "999"}).status_code
        == 400
    )


def test_forms_need_a_csrf_token(app):
    app.config["WTF_CSRF_ENABLED"] = True
    assert app.test_client().post("/rooms", data={"scenario_id": SCENARIO}).status_code == 400


def test_debrief_and_replay_of_a_recorded_run(client, service):
    run = service.create(SCENARIO, seed=2)
    joined = service.join(run.code, "Alice", "lead")
    service.start(run.id, joined.member_id)
    service.say(run.id, joined.member_id, "c1", "Quel est votre calendrier pour l'emménagement ?")
    service.finish(run.id, joined.member_id)
    client.get(f"/r/{run.code}")  # the room's page lets this browser read its debrief
    debrief = client.get(f"/runs/{run.id}/debrief").get_data(as_text=True)
    assert "Préparation" in debrief and "calendrier" in debrief
    replay = client.get(f"/runs/{run.id}/replay").get_data(as_text=True)
    assert "1er septembre" in replay
    events = client.get(f"/api/runs/{run.id}/events").get_json()
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))


def test_in_english_the_debrief_shows_the_grid_in_english(client, service):
    run = service.create(SCENARIO, seed=2)
    joined = service.join(run.code, "Alice", "lead")
    service.start(run.id, joined.member_id)
    service.say(run.id, joined.member_id, "c1", "Quel est votre calendrier pour l'emménagement ?")
    service.finish(run.id, joined.member_id)
    client.get(f"/r/{run.code}")
    client.post("/lang/en")
    page = client.get(f"/runs/{run.id}/debrief").get_data(as_text=True)
    assert "Active and responsive listening" in page and "Écoute active" not in page
    assert "Overall:" in page and "Overall :" not in page
    assert "very insufficient" in page and "Top sellers" in page


def test_unknown_runs_are_not_found(client):
    assert client.get("/runs/999/debrief").status_code == 404
    assert client.get("/runs/999/replay").status_code == 404


def test_the_scenario_page_says_contract_types_and_ranges_in_words(client):
    page = client.get("/scenarios/fr-mobilier-grand-compte").get_data(as_text=True)
    assert "contrat de vente" in page and "sale ·" not in page
    plain = page.replace("\u202f", " ").replace("\u00a0", " ")
    assert "prix unitaire (520 € – 720 €)" in plain
    assert "520.0" not in page
