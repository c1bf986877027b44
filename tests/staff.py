"""Builders for staff tests: accounts, cohorts, a scored run, a logged-in client."""

from __future__ import annotations

from negosim.accounts.models import Cohort
from negosim.accounts.users import assign_jury, attach_run, by_username, create_cohort, create_user
from negosim.store import get_store
from tests.conftest import SCENARIO

PASSWORD = "correct horse battery"


def make_user(app, username: str, role: str, name: str = "") -> int:
    with get_store(app).Session.begin() as db:
        return create_user(db, username, role, PASSWORD, name or username.title()).id


def make_cohort(app, name: str, jury: tuple[str, ...] = (), runs: tuple[int, ...] = ()) -> int:
    with get_store(app).Session.begin() as db:
        cohort = create_cohort(db, name)
        for username in jury:
            assign_jury(db, cohort, by_username(db, username))
        for run_id in runs:
            attach_run(db, cohort, run_id)
        return cohort.id


def cohort_named(app, name: str) -> Cohort:
    with get_store(app).Session() as db:
        return db.query(Cohort).filter_by(name=name).one()


def scored_run(service, names=("Alice", "Bob"), seed: int = 2) -> int:
    """A short ended run: a question answered, then the end."""
    run = service.create(SCENARIO, seed=seed)
    first = service.join(run.code, names[0], "lead")
    for name in names[1:]:
        service.join(run.code, name, "support")
    service.start(run.id, first.member_id)
    service.say(run.id, first.member_id, "c1", "Quel est votre calendrier pour l'emménagement ?")
    service.finish(run.id, first.member_id)
    return run.id


def login(client, username: str, password: str = PASSWORD):
    return client.post("/login", data={"username": username, "password": password})
