"""No serious or critical axe-core finding on the pages candidates and the jury use."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import create_account, enter, log_in, serious_violations
from tests.conftest import SCENARIO
from tests.helpers import GOOD_SESSION
from tests.live import create_room, played_run

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_the_home_room_debrief_and_replay_pages_pass_axe(server, new_page):
    page = new_page()
    page.goto(server.url + "/")
    assert serious_violations(page) == []

    page.goto(f"{server.url}/r/{create_room(server.url, SCENARIO)}")
    assert serious_violations(page) == []  # the join form
    enter(page, "Alice")
    page.get_by_role("button", name="Commencer la négociation").click()
    expect(page.locator(".turn.counterpart").first).to_contain_text("Bonjour")
    assert serious_violations(page) == []

    code, run_id = played_run(server.url, SCENARIO, GOOD_SESSION[:5])
    page.goto(f"{server.url}/r/{code}")
    page.goto(f"{server.url}/runs/{run_id}/debrief")
    assert serious_violations(page) == []
    page.goto(f"{server.url}/runs/{run_id}/replay")
    expect(page.locator("#replay .turn")).to_have_count(1)
    assert serious_violations(page) == []


def test_the_jury_page_passes_axe(server, new_page):
    _, run_id = played_run(server.url, SCENARIO, GOOD_SESSION[:3])
    create_account(server, "ada", "admin", "Ada Admin")
    page = new_page()
    log_in(page, server, "ada")
    page.goto(f"{server.url}/jury/sessions/{run_id}")
    expect(page.locator("#jury-criteria")).to_be_visible()
    assert serious_violations(page) == []
