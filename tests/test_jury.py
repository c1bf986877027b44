"""The jury: scored sessions by filter, adjusted levels with their comment, who and when."""

import pytest

from negosim import library
from negosim.jury.evaluation import AdjustmentError, adjust, evaluate
from negosim.store import get_store
from tests.conftest import SCENARIO
from tests.staff import login, make_cohort, make_user, scored_run


def test_the_list_shows_only_the_jury_members_cohorts(app, client, service):
    mine, other = scored_run(service, ("Alice",)), scored_run(service, ("Zed",))
    make_user(app, "jules", "jury")
    make_cohort(app, "Promo A", jury=("jules",), runs=(mine,))
    make_cohort(app, "Promo B", runs=(other,))
    login(client, "jules")
    page = client.get("/jury/sessions").get_data(as_text=True)
    assert f'data-run="{mine}"' in page and f'data-run="{other}"' not in page
    assert "Promo B" not in page  # not even in the cohort filter


def test_staff_see_every_scored_session_and_unfinished_ones_are_left_out(app, client, service):
    done = scored_run(service)
    running = service.create(SCENARIO, seed=1)
    make_user(app, "tom", "trainer")
    login(client, "tom")
    page = client.get("/jury/sessions").get_data(as_text=True)
    assert f'data-run="{done}"' in page and f'data-run="{running.id}"' not in page


def test_filters_narrow_the_list(app, client, service):
    a, b = scored_run(service), scored_run(service)
    cohort = make_cohort(app, "Promo A", runs=(a,))
    make_user(app, "tom", "trainer")
    login(client, "tom")

    def listed(query: str) -> set[int]:
        page = client.get("/jury/sessions?" + query).get_data(as_text=True)
        return {r for r in (a, b) if f'data-run="{r}"' in page}

    assert listed(f"cohort={cohort}") == {a}
    assert listed(f"scenario={SCENARIO}") == {a, b}
    assert listed("scenario=other") == set()
    assert listed("from=2000-01-01&to=2999-12-31") == {a, b}
    assert listed("to=2000-01-01") == set()
    with get_store(app).Session() as db:
        level = evaluate(db, a, library.rubric(app))["overall"]["level"]
    assert listed(f"level={level}") == {a, b}
    assert listed("level=nope") == set()


def test_a_jury_level_stands_beside_the_automatic_one_with_who_and_when(app, client, service):
    run_id = scored_run(service)
    make_user(app, "jules", "jury", "Jules Juré")
    make_cohort(app, "Promo A", jury=("jules",), runs=(run_id,))
    login(client, "jules")
    saved = client.post(
        f"/jury/sessions/{run_id}/adjust",
        data={"criterion": "ecoute", "level": "TS", "comment": "Reformule très bien."},
    )
    assert saved.status_code == 302
    with get_store(app).Session() as db:
        ev = evaluate(db, run_id, library.rubric(app))
    listening = next(c for c in ev["criteria"] if c["id"] == "ecoute")
    assert listening["final_level"] == "TS"
    assert listening["jury"]["by"] == "Jules Juré"
    assert listening["jury"]["auto_level"] == listening["auto_level"]
    page = client.get(f"/jury/sessions/{run_id}").get_data(as_text=True)
    assert "Reformule très bien." in page and "Jules Juré" in page


def test_an_adjustment_without_a_comment_is_refused(app, client, service):
    run_id = scored_run(service)
    make_user(app, "jules", "jury")
    make_cohort(app, "Promo A", jury=("jules",), runs=(run_id,))
    login(client, "jules")
    for data in (
        {"criterion": "ecoute", "level": "TS", "comment": "  "},
        {"criterion": "ecoute", "level": "A+", "comment": "ok"},
        {"criterion": "nope", "level": "TS", "comment": "ok"},
    ):
        assert client.post(f"/jury/sessions/{run_id}/adjust", data=data).status_code == 400
    with get_store(app).Session() as db:
        assert evaluate(db, run_id, library.rubric(app))["history"] == []


def test_trainers_read_but_do_not_grade_and_other_juries_cannot_grade(app, client, service):
    run_id = scored_run(service)
    make_user(app, "tom", "trainer")
    make_user(app, "jane", "jury")
    make_cohort(app, "Promo A", runs=(run_id,))
    change = {"criterion": "ecoute", "level": "TS", "comment": "ok"}
    login(client, "tom")
    assert client.get(f"/jury/sessions/{run_id}").status_code == 200
    assert client.post(f"/jury/sessions/{run_id}/adjust", data=change).status_code == 403
    client.post("/logout")
    login(client, "jane")
    assert client.post(f"/jury/sessions/{run_id}/adjust", data=change).status_code == 403


def test_the_latest_change_counts_and_the_history_keeps_every_one(app, service):
    run_id = scored_run(service)
    jules = make_user(app, "jules", "jury")
    rubric = library.rubric(app)
    with get_store(app).Session.begin() as db:
        adjust(db, run_id, "ecoute", "I", "Peu de reformulations.", jules, rubric)
        adjust(db, run_id, "ecoute", "S", "Après réécoute : correct.", jules, rubric)
        adjust(db, run_id, "overall", "S", "Admis.", jules, rubric)
    with get_store(app).Session() as db:
        ev = evaluate(db, run_id, rubric)
    assert [h["level"] for h in ev["history"]] == ["I", "S", "S"]
    assert next(c for c in ev["criteria"] if c["id"] == "ecoute")["final_level"] == "S"
    assert ev["final_overall"] == "S" and ev["decision"]["comment"] == "Admis."


def test_adjusting_an_unknown_session_is_refused(app):
    jules = make_user(app, "jules", "jury")
    with get_store(app).Session.begin() as db:
        with pytest.raises(AdjustmentError, match="unknown session"):
            adjust(db, 999, "ecoute", "S", "ok", jules, library.rubric(app))


def test_the_cohort_dashboard_counts_levels_and_follows_each_candidate(app, service):
    from negosim.jury.dashboard import cohort_dashboard, session_chart

    first = scored_run(service, ("Alice", "Bob"))
    second = scored_run(service, ("Alice",))
    jules = make_user(app, "jules", "jury")
    rubric = library.rubric(app)
    with get_store(app).Session.begin() as db:
        adjust(db, second, "ecoute", "TS", "Bien mieux.", jules, rubric)
    with get_store(app).Session() as db:
        evs = [evaluate(db, r, rubric) for r in (second, first)]
    board = cohort_dashboard(evs)
    assert [s["id"] for s in board["sessions"]] == [first, second]  # oldest first
    assert [a["attempt"] for a in board["progress"]["Alice"]] == [1, 2]
    assert len(board["progress"]["Bob"]) == 1
    listening = [k["id"] for k in board["criteria"]].index("ecoute")
    assert board["sessions"][1]["levels"]["ecoute"] == "TS"
    assert 50 <= board["success"][listening] <= 100
    chart = session_chart(evs[0])
    assert chart["jury"][listening] == 4 and chart["levels"] == ["TI", "I", "S", "TS"]
    assert cohort_dashboard([])["sessions"] == []


def test_the_trainer_sees_the_cohort_dashboard(app, client, service):
    run_id = scored_run(service, ("Alice",))
    cohort = make_cohort(app, "Promo A", runs=(run_id,))
    make_user(app, "tom", "trainer")
    login(client, "tom")
    page = client.get(f"/cohorts/{cohort}").get_data(as_text=True)
    assert 'id="dashboard-table"' in page and "Alice" in page and "cohort-chart-data" in page


def test_evidence_leads_to_the_replay_and_back_to_its_criterion(app, client, service):
    import html
    import re

    run_id = scored_run(service)
    make_user(app, "tom", "trainer")
    login(client, "tom")
    page = client.get(f"/jury/sessions/{run_id}").get_data(as_text=True)
    link = html.unescape(re.search(r'href="(/runs/\d+/replay\?back=[^"]+)"', page).group(1))
    assert "#seq-" in link
    replay = client.get(link.split("#")[0]).get_data(as_text=True)
    back = re.search(r'id="back-to-criterion" href="([^"]+)"', replay).group(1)
    assert back.startswith(f"/jury/sessions/{run_id}#criterion-")
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        replay = client.get(f"/runs/{run_id}/replay", query_string={"back": evil})
        assert "back-to-criterion" not in replay.get_data(as_text=True)
