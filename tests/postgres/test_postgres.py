"""The same product on PostgreSQL: migrations give the models' schema, runs are recorded
whole, numbered without gaps under concurrent writers, and rebuilt from the journal."""

from __future__ import annotations

import threading
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from negosim import library
from negosim.review import load_record, score_run
from negosim.rooms import get_service
from negosim.store import get_store
from negosim.store.models import Base
from tests.conftest import SCENARIO, make_app
from tests.helpers import GOOD_SESSION


def app_on(pg_url: str, tmp_path: Path):
    return make_app(tmp_path, DATABASE_URL=pg_url)


def test_the_migrations_build_exactly_the_models_schema_on_postgresql(pg_url, tmp_path):
    app = app_on(pg_url, tmp_path)
    engine = get_store(app).engine
    assert engine.dialect.name == "postgresql"
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    get_store(app).dispose()


def test_a_session_is_recorded_scored_and_rebuilt_from_its_journal_on_postgresql(pg_url, tmp_path):
    app = app_on(pg_url, tmp_path)
    service = get_service(app)
    run = service.create(SCENARIO, seed=4, prep_min=0)
    alice = service.join(run.code, "Alice", "lead")
    service.start(run.id, alice.member_id)
    for i, text in enumerate(GOOD_SESSION[:5]):
        service.say(run.id, alice.member_id, f"a{i}", text)
    before = service.snapshot(run.id) | {"server_now": None}
    service.unload(run.id)  # as after a restart: the engine comes back from the journal
    assert service.snapshot(run.id) | {"server_now": None} == before
    service.finish(run.id, alice.member_id)
    events = service.events_since(run.id, 0)
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    with get_store(app).Session.begin() as session:
        assert load_record(session, run.id) is not None
        result = score_run(session, run.id, library.rubric(app))
    assert result["overall"]["points"] > 0
    get_store(app).dispose()


def test_concurrent_turns_in_one_run_get_distinct_consecutive_numbers_on_postgresql(
    pg_url, tmp_path
):
    app = app_on(pg_url, tmp_path)
    service = get_service(app)
    run = service.create(SCENARIO, seed=4, prep_min=0)
    members = [service.join(run.code, name, "lead" if i == 0 else "support") for i, name in
               enumerate(("Alice", "Bob", "Chloé", "David"))]  # fmt: skip
    service.start(run.id, members[0].member_id)
    errors: list[BaseException] = []

    def talk(member, n: int) -> None:
        try:
            for i in range(n):
                service.say(
                    run.id, member.member_id, f"{member.member_id}-{i}", "Quel est votre délai ?"
                )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=talk, args=(m, 4)) for m in members]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    events = service.events_since(run.id, 0)
    seqs = [e["seq"] for e in events]
    assert seqs == list(range(1, len(seqs) + 1))
    client_turns = [
        e for e in events if e["kind"] == "turn" and e["payload"].get("speaker") != "counterpart"
    ]
    assert len(client_turns) == 16  # every acknowledged turn stored once
    get_store(app).dispose()
