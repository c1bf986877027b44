"""The trainers' scenario workspace: who may use it, live validation, versions, test-play."""

from pathlib import Path

import pytest

from negosim import library
from negosim.cli import main
from negosim.content import MAX_SOURCE_BYTES
from negosim.engine.replay import rebuild
from negosim.review import compute_score, load_record, score_run
from negosim.rooms.sockets import NAMESPACE
from negosim.store import get_store
from negosim.store.models import Run, ScenarioVersion
from negosim.workspace.models import ScenarioEdit
from tests.conftest import SCENARIO, make_app
from tests.helpers import scenario_text, write
from tests.staff import login, make_user, scored_run

SHIPPED = scenario_text(SCENARIO)
OLD_LINE = "notre bail se termine le 1er septembre, tout doit être installé avant."
NEW_LINE = "notre bail se termine le 15 septembre, tout doit être installé avant."
EDITED = SHIPPED.replace(OLD_LINE, NEW_LINE)
HOSTILE_FLOW = """
flow:
  transitions:
    - trigger: progress
      source: opening
      dest: discovery
      conditions: ["os.system"]
"""


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.fixture
def trainer(app, client):
    make_user(app, "tom", "trainer", "Tom Formateur")
    login(client, "tom")
    return client


def check(client, source: str):
    return client.post("/workspace/validate", json={"source": source})


def save(client, source: str, note: str = "Date du bail", scenario_id: str = SCENARIO, **extra):
    return client.post(
        f"/workspace/{scenario_id}/versions", data={"source": source, "note": note, **extra}
    )


# -- who may come in -------------------------------------------------------------


ROUTES = [
    ("get", "/workspace/", None),
    ("get", f"/workspace/{SCENARIO}", None),
    ("get", f"/workspace/{SCENARIO}/edit", None),
    ("post", "/workspace/validate", {"json": {"source": SHIPPED}}),
    ("post", f"/workspace/{SCENARIO}/versions", {"data": {"source": SHIPPED, "note": "x"}}),
    ("post", "/workspace/versions/1/play", None),
]


@pytest.mark.parametrize(("method", "url", "body"), ROUTES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, method, url, body):
    response = getattr(client, method)(url, **(body or {}))
    assert response.status_code == 302 and "/login" in response.location


@pytest.mark.parametrize(("method", "url", "body"), ROUTES)
def test_jury_members_are_refused(app, client, method, url, body):
    make_user(app, "jules", "jury")
    login(client, "jules")
    response = getattr(client, method)(url, **(body or {}))
    assert response.status_code == 403
    with get_store(app).Session() as db:
        assert db.query(ScenarioEdit).count() == 0 and db.query(Run).count() == 0


def test_trainers_and_administrators_find_it_in_their_navigation(app, client):
    make_user(app, "ada", "admin")
    login(client, "ada")
    page = client.get("/workspace/").get_data(as_text=True)
    assert 'href="/workspace/"' in client.get("/admin/users").get_data(as_text=True)
    assert f'id="ws-{SCENARIO}"' in page


# -- list and view ---------------------------------------------------------------


def test_the_list_shows_every_scenario_with_its_current_version(app, trainer):
    page = trainer.get("/workspace/").get_data(as_text=True)
    for loaded in library.catalog(app).scenarios.values():
        assert f'id="ws-{loaded.id}"' in page
    assert "tel que livré" in page  # nobody changed anything yet (French by default)
    save(trainer, EDITED)
    page = trainer.get("/workspace/").get_data(as_text=True)
    row = page.split(f'id="ws-{SCENARIO}"')[1].split("</tr>")[0]
    assert "Tom Formateur" in row and "Date du bail" in row and "1 enregistrement<" in row


def test_a_version_shows_its_text_diagram_and_lints(trainer):
    page = trainer.get(f"/workspace/{SCENARIO}").get_data(as_text=True)
    assert "Assurial" in page and 'id="yaml-source"' in page
    assert "stateDiagram-v2" in page  # the mermaid text, drawn in the browser, kept as fallback
    assert 'id="findings"' in page and "vendor/mermaid.min.js" in page


def test_an_unknown_scenario_or_a_version_of_another_one_is_not_found(app, trainer):
    assert trainer.get("/workspace/no-such-scenario").status_code == 404
    assert trainer.get("/workspace/no-such-scenario/edit").status_code == 404
    trainer.get(f"/workspace/{SCENARIO}")  # stores the current text
    with get_store(app).Session() as db:
        version_id = db.query(ScenarioVersion).one().id
    assert (
        trainer.get(f"/workspace/us-distribution-cuivre/versions/{version_id}").status_code == 404
    )
    assert trainer.get(f"/workspace/{SCENARIO}/versions/{version_id}").status_code == 200
    assert trainer.get(f"/workspace/{SCENARIO}/edit?from=99999").status_code == 404


# -- live validation -------------------------------------------------------------


def test_a_valid_draft_passes_with_its_diagram(trainer):
    verdict = check(trainer, EDITED).get_json()
    assert verdict["ok"] and verdict["id"] == SCENARIO
    assert verdict["diagram"].startswith("---") or "stateDiagram" in verdict["diagram"]
    assert all(f["level"] == "warning" for f in verdict["findings"])


def test_an_error_is_reported_at_its_line_with_its_field(trainer):
    broken = SHIPPED.replace("duration_min: 30", "duration_min: trente")
    verdict = check(trainer, broken).get_json()
    assert not verdict["ok"] and verdict["diagram"] is None
    [error] = [f for f in verdict["findings"] if f["level"] == "error"]
    assert error["line"] == line_of(broken, "duration_min: trente")
    assert error["path"] == "duration_min"


def test_the_loaders_messages_are_read_in_the_interfaces_language(trainer):
    broken = SHIPPED.replace("duration_min: 30", "duration_min: trente")
    french = check(trainer, broken).get_json()
    [error] = [f for f in french["findings"] if f["level"] == "error"]
    assert error["message"] == "un nombre entier est attendu ici"
    english = trainer.post(
        "/workspace/validate", json={"source": broken}, headers={"Accept-Language": "en"}
    ).get_json()
    assert "whole number" in [f for f in english["findings"] if f["level"] == "error"][0]["message"]


def test_lint_errors_count_like_in_the_cli(trainer):
    unbalanced = SHIPPED.replace("learner: {weight: 0.50", "learner: {weight: 0.95", 1)
    assert unbalanced != SHIPPED
    verdict = check(trainer, unbalanced).get_json()
    assert not verdict["ok"]
    assert any(
        "les poids de learner font 1.45 au total" in f["message"] for f in verdict["findings"]
    )


def test_yaml_that_is_not_a_mapping_is_an_error_not_a_crash(trainer):
    for text in ("- just\n- a list\n", "plain words", "", "key: [unclosed"):
        verdict = check(trainer, text).get_json()
        assert not verdict["ok"] and verdict["findings"][0]["level"] == "error", text


def test_a_condition_outside_the_allow_list_is_refused(trainer):
    verdict = check(trainer, SHIPPED + HOSTILE_FLOW).get_json()
    assert not verdict["ok"]
    [error] = verdict["findings"]
    assert "unknown condition 'os.system'" in error["message"]
    assert error["line"] == line_of(SHIPPED + HOSTILE_FLOW, "conditions:")


def test_yaml_tags_never_build_python_objects(trainer, tmp_path: Path):
    marker = tmp_path / "pwned"
    hostile = f'!!python/object/apply:os.system ["touch {marker}"]\n'
    for text in (hostile, SHIPPED.replace('title: "', f"title: {hostile.strip()} #", 1)):
        verdict = check(trainer, text).get_json()
        assert not verdict["ok"]
    assert not marker.exists()


def test_aliases_that_multiply_the_document_are_refused(trainer):
    rows = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    verdict = check(trainer, "\n".join(rows) + "\n").get_json()  # 10^9 values if expanded
    assert not verdict["ok"] and "aliases" in verdict["findings"][0]["message"]


def alias_bombs() -> dict[str, str]:
    """Documents small on disk and huge once their aliases are expanded, behind a duplicate
    key (whose error message once quoted the expanded value)."""
    wide = "a: &x " + "y" * 19_000 + "\nk: [" + ", ".join(["*x"] * 9_000) + "]\nk: 1\n"
    deep = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        deep.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return {
        "wide": wide,
        "deep": "\n".join(deep) + "\ni: 1\n",
        "recursive": "a: &r [1, *r]\na: 2\n",
    }


@pytest.mark.parametrize("kind", alias_bombs())
def test_an_alias_bomb_behind_a_duplicate_key_is_refused_before_any_expansion(
    trainer, runner, tmp_path: Path, kind
):
    text = alias_bombs()[kind]
    answer = check(trainer, text)
    assert len(answer.data) < 2_000
    verdict = answer.get_json()
    assert not verdict["ok"] and "alias" in verdict["findings"][0]["message"]
    saved = save(trainer, text)
    assert saved.status_code in (200, 400) and len(saved.data) < 200_000
    bomb = write(tmp_path, "bomb.yaml", text)
    result = runner.invoke(main, ["scenarios", "validate", str(bomb)])
    assert result.exit_code != 0 and "alias" in result.output and len(result.output) < 2_000


def test_oversized_or_malformed_requests_are_refused(trainer):
    big = "# " + "x" * MAX_SOURCE_BYTES + "\n" + SHIPPED
    verdict = check(trainer, big).get_json()
    assert not verdict["ok"] and "larger than" in verdict["findings"][0]["message"]
    huge = "x" * (3 * MAX_SOURCE_BYTES)
    assert check(trainer, huge).status_code == 413
    assert trainer.post("/workspace/validate", data="not json").status_code == 400
    assert check(trainer, None).status_code == 400
    assert trainer.post("/workspace/validate", json=["a list"]).status_code == 400
    lone_surrogate = b'{"source": "id: \\ud800"}'
    response = trainer.post(
        "/workspace/validate", data=lone_surrogate, content_type="application/json"
    )
    assert "not valid Unicode" in response.get_json()["findings"][0]["message"]


# -- saving ----------------------------------------------------------------------


def test_saving_makes_a_new_current_version_and_keeps_the_file(app, trainer):
    response = save(trainer, EDITED)
    assert response.status_code == 302
    current = library.catalog(app).get(SCENARIO)
    assert current.source == EDITED and current.path.startswith(f"{SCENARIO}@")
    assert scenario_text(SCENARIO) == SHIPPED  # the file on disk is as shipped
    page = trainer.get(response.location).get_data(as_text=True)
    assert "Date du bail" in page and "Tom Formateur" in page and 'id="is-current"' in page
    with get_store(app).Session() as db:
        edit = db.query(ScenarioEdit).one()
        assert edit.version.source == EDITED and edit.author.username == "tom"


def test_a_refused_text_is_never_saved(app, trainer):
    broken = SHIPPED.replace("duration_min: 30", "duration_min: trente")
    for response in (
        save(trainer, broken),
        save(trainer, SHIPPED + HOSTILE_FLOW),
        save(trainer, "- not a mapping\n"),
        save(trainer, EDITED, note="   "),  # the change note is required
        save(trainer, EDITED.replace(f"id: {SCENARIO}", "id: autre-id")),  # id changed
    ):
        assert response.status_code == 400
    page = save(trainer, broken).get_data(as_text=True)
    assert "duration_min: trente" in page  # the draft comes back to be fixed
    with get_store(app).Session() as db:
        assert db.query(ScenarioEdit).count() == 0
    assert library.catalog(app).get(SCENARIO).source == SHIPPED


def test_save_as_a_new_scenario_under_a_new_id(app, trainer):
    copy = EDITED.replace(f"id: {SCENARIO}", "id: fr-mobilier-variante")
    assert save(trainer, copy, as_new="1").status_code == 302
    assert library.catalog(app).get("fr-mobilier-variante").source == copy
    assert library.catalog(app).get(SCENARIO).source == SHIPPED
    assert save(trainer, EDITED, as_new="1").status_code == 400  # that id is taken
    assert "ws-fr-mobilier-variante" in trainer.get("/workspace/").get_data(as_text=True)


def test_a_restarted_app_serves_the_saved_version(app, trainer, tmp_path: Path):
    save(trainer, EDITED)
    again = make_app(tmp_path)  # same database file, a fresh process's catalog
    try:
        assert library.catalog(again).get(SCENARIO).source == EDITED
        assert library.shipped(again).get(SCENARIO).source == SHIPPED
    finally:
        get_store(again).dispose()


def test_the_history_lists_each_save_and_the_shipped_text(app, trainer):
    trainer.get(f"/workspace/{SCENARIO}")  # the shipped text, stored
    save(trainer, EDITED, note="Date du bail")
    save(trainer, SHIPPED, note="Retour au texte livré")  # a revert reuses the stored text
    with get_store(app).Session() as db:
        assert db.query(ScenarioVersion).count() == 2 and db.query(ScenarioEdit).count() == 2
    page = trainer.get(f"/workspace/{SCENARIO}").get_data(as_text=True)
    history = page.split('id="history"')[1]
    assert history.index("Retour au texte livré") < history.index("Date du bail")
    assert library.catalog(app).get(SCENARIO).source == SHIPPED


# -- runs keep their version -----------------------------------------------------


def test_a_run_played_before_an_edit_replays_and_rescores_with_its_old_text(app, service, trainer):
    run_id = scored_run(service)
    with get_store(app).Session.begin() as db:
        before = score_run(db, run_id, library.rubric(app))
    save(trainer, EDITED)
    assert library.catalog(app).get(SCENARIO).source == EDITED

    with get_store(app).Session() as db:
        record = load_record(db, run_id)
    assert record.loaded.source == SHIPPED
    assert compute_score(record, library.rubric(app)) == before  # re-scored from scratch
    _, said = rebuild(record.loaded, record.run.seed, record.run.duration_s, record.events)
    spoken = [h.payload["text"] for h in said if h.kind == "turn"]
    journal = [
        e.payload["text"]
        for e in record.events
        if e.kind == "turn" and e.payload["speaker"] == "counterpart"
    ]
    assert spoken == journal and any(OLD_LINE in t for t in journal)

    later = service.create(SCENARIO, seed=2)  # a new room gets the edited text
    with get_store(app).Session() as db:
        assert db.get(Run, later.id).scenario_version.source == EDITED


# -- test-play -------------------------------------------------------------------


def test_test_play_opens_a_room_with_exactly_that_version(app, trainer):
    save(trainer, EDITED)
    with get_store(app).Session() as db:
        edited_id = db.query(ScenarioVersion).filter_by(source=EDITED).one().id
    save(trainer, SHIPPED, note="Retour")
    response = trainer.post(f"/workspace/versions/{edited_id}/play")
    assert response.status_code == 302 and "/r/" in response.location
    code = response.location.rsplit("/", 1)[1]
    with get_store(app).Session() as db:
        run = db.query(Run).filter_by(code=code).one()
        assert run.scenario_version_id == edited_id  # not the current text
    assert trainer.get(response.location).status_code == 200
    assert trainer.post("/workspace/versions/99999/play").status_code == 404


def test_the_trainer_plays_the_room_they_opened_to_test_and_only_watches_others(
    app, client, trainer, socket_client, service
):
    """Staff only observe rooms, except the one they opened to test-play a version."""
    save(trainer, EDITED)
    with get_store(app).Session() as db:
        edited_id = db.query(ScenarioVersion).filter_by(source=EDITED).one().id
    code = trainer.post(f"/workspace/versions/{edited_id}/play").location.rsplit("/", 1)[1]
    assert 'value="lead"' in trainer.get(f"/r/{code}").get_data(as_text=True)  # a seat offered

    sc = socket_client()
    joined = sc.emit(
        "join", {"code": code, "name": "x", "role": "lead"}, namespace=NAMESPACE, callback=True
    )
    assert joined["ok"] and joined["member"]["name"] == "Tom Formateur"
    assert sc.emit("start", {}, namespace=NAMESPACE, callback=True)["ok"]
    said = sc.emit(
        "say",
        {"client_id": "t-1", "text": "Bonjour, parlons du bail."},
        namespace=NAMESPACE,
        callback=True,
    )
    assert said["ok"]

    other = service.create(SCENARIO, seed=3)  # a room the trainer did not open to test
    assert 'value="lead"' not in trainer.get(f"/r/{other.code}").get_data(as_text=True)
    watcher = socket_client()
    refused = watcher.emit(
        "join",
        {"code": other.code, "name": "x", "role": "lead"},
        namespace=NAMESPACE,
        callback=True,
    )
    assert refused["error"]["code"] == "observe_only"


def test_a_stored_version_the_engine_now_refuses_leaves_the_file_serving(app, tmp_path: Path):
    """Saved texts are checked again at load: a flow refused since is reported, not served."""
    hostile = SHIPPED + HOSTILE_FLOW
    with get_store(app).Session.begin() as db:
        version = ScenarioVersion(
            scenario_id=SCENARIO,
            digest="0" * 64,
            title="x",
            language="fr",
            source=hostile,
            culture_source=library.catalog(app).get(SCENARIO).culture_source,
        )
        db.add(version)
        db.flush()
        db.add(ScenarioEdit(scenario_id=SCENARIO, version_id=version.id, note="injected"))
    again = make_app(tmp_path)
    try:
        catalog = library.catalog(again)
        assert catalog.get(SCENARIO).source == SHIPPED
        assert any("os.system" in e.message for e in catalog.errors)
    finally:
        get_store(again).dispose()
