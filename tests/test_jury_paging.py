"""The jury's list, paged: each run scored once, filters kept from page to page."""

import re

from sqlalchemy import delete, func, select

from negosim import library
from negosim.jury.evaluation import adjust
from negosim.jury.listing import PAGE_SIZE, Filters, scored_page
from negosim.store import get_store
from negosim.store.models import ScoreRecord
from tests.conftest import SCENARIO
from tests.staff import login, make_cohort, make_user


def ended_runs(service, count: int) -> list[int]:
    """Short ended runs: opened, started (the counterpart greets), ended by their owner."""
    ids = []
    for i in range(count):
        run = service.create(SCENARIO, seed=i + 1)
        alice = service.join(run.code, f"Candidat {i}", "lead")
        service.start(run.id, alice.member_id)
        service.finish(run.id, alice.member_id)
        ids.append(run.id)
    return ids


def listed(page: str) -> list[int]:
    return [int(r) for r in re.findall(r'data-run="(\d+)"', page)]


def scores(app) -> int:
    with get_store(app).Session() as db:
        return db.scalar(select(func.count(ScoreRecord.id)))


def test_more_sessions_than_a_page_are_paged_with_the_filters_kept(app, client, service):
    runs = ended_runs(service, PAGE_SIZE + 3)
    cohort = make_cohort(app, "Promo A", runs=tuple(runs[1:]))  # the first belongs to none
    make_user(app, "tom", "trainer")
    login(client, "tom")

    first = client.get(f"/jury/sessions?cohort={cohort}").get_data(as_text=True)
    assert listed(first) == sorted(runs[1:], reverse=True)[:PAGE_SIZE]
    assert "Page 1 sur 2" in first and f"{PAGE_SIZE + 2} séances" in first
    next_link = re.search(r'<a rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert f"cohort={cohort}" in next_link and "page=2" in next_link

    second = client.get(next_link).get_data(as_text=True)
    assert listed(second) == sorted(runs[1:], reverse=True)[PAGE_SIZE:]
    assert 'rel="prev"' in second and 'rel="next"' not in second
    everything = client.get("/jury/sessions?page=2").get_data(as_text=True)
    assert listed(everything) == sorted(runs, reverse=True)[PAGE_SIZE:]
    assert listed(client.get("/jury/sessions?page=99").get_data(as_text=True)) == listed(
        everything
    )  # past the end: the last page


def test_a_missing_score_is_stored_once_and_then_read_back(app, client, service):
    runs = ended_runs(service, 3)
    with get_store(app).Session.begin() as db:
        db.execute(delete(ScoreRecord))
    make_user(app, "tom", "trainer")
    login(client, "tom")
    assert listed(client.get("/jury/sessions").get_data(as_text=True)) == runs[::-1]
    assert scores(app) == 3
    client.get("/jury/sessions")
    client.get("/jury/sessions?page=1")
    assert scores(app) == 3


def test_the_level_filter_reads_the_jurys_decision_over_the_automatic_level(app, service):
    runs = ended_runs(service, 3)
    user = make_user(app, "jules", "jury")
    rubric = library.rubric(app)
    with get_store(app).Session.begin() as db:
        automatic = scored_page(db, rubric, None, Filters()).rows[0]["overall"]["level"]
        other = next(lv.id for lv in rubric.rubric.levels if lv.id != automatic)
        adjust(db, runs[0], "overall", other, "Décision du jury.", user, rubric)
    with get_store(app).Session.begin() as db:
        chosen = scored_page(db, rubric, None, Filters(level=other), size=2)
        kept = scored_page(db, rubric, None, Filters(level=automatic), size=2)
    assert [ev["run"]["id"] for ev in chosen.rows] == [runs[0]]
    assert chosen.total == 1 and chosen.pages == 1
    assert [ev["run"]["id"] for ev in kept.rows] == [runs[2], runs[1]]
    assert kept.total == 2 and kept.pages == 1
