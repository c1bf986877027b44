"""The debrief as a coach: mark and level, the deal against the team's targets, three
strengths and three things to work on, the better deal missed, then the grid."""

import pytest
from playwright.sync_api import expect

from tests.conftest import SCENARIO
from tests.helpers import GOOD_SESSION
from tests.live import played_run

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture
def debrief(server, new_page):
    code, run_id = played_run(server.url, SCENARIO, GOOD_SESSION)
    page = new_page()
    page.goto(f"{server.url}/r/{code}")
    page.goto(f"{server.url}/runs/{run_id}/debrief")
    return page


def test_the_debrief_opens_with_the_coachs_summary(debrief, screenshot):
    page = debrief
    expect(page.locator("#outcome")).to_have_text("accord")
    page.get_by_text("Ce que veulent dire les niveaux").click()
    expect(page.locator("#levels-legend")).to_contain_text("TI")
    expect(page.locator("#levels-legend")).to_contain_text("très insuffisant (4 / 20)")
    expect(page.locator("#deal-chart meter")).to_have_count(5)  # one per issue of the deal
    expect(page.locator("#deal-chart")).to_contain_text("plancher")
    expect(page.locator("#strengths li")).not_to_have_count(0)
    assert page.locator("#strengths li").count() <= 3
    expect(page.locator("#work-on li")).to_have_count(3)
    expect(page.locator("#work-on li a[href*='/replay#seq-']").first).to_be_visible()
    expect(page.locator("#work-on")).to_contain_text("À la place")
    expect(page.locator("#missed")).to_be_visible()
    screenshot(page, "debrief-desktop")


def test_the_debrief_cites_each_turn_once_and_shows_no_internal_names(debrief):
    page = debrief
    for row in page.locator("#criteria tbody tr").all():
        links = [a.get_attribute("href") for a in row.locator(".evidence a").all()]
        assert len(links) == len(set(links)), links
    text = page.locator("main").inner_text()
    for internal in ("prep_sheet_completeness", "questions_per_10min", "no_deal", "digest"):
        assert internal not in text
    expect(page.locator("#versions")).to_have_count(0)  # digests: staff pages only
