"""The home page: opening a room with its duration and preparation time."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import enter

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_a_room_opens_with_the_preparation_time_chosen_on_the_home_page(server, new_page):
    page = new_page()
    page.goto(server.url + "/")
    page.get_by_label("Scénario").select_option("fr-mobilier-grand-compte")
    page.get_by_label("Temps de préparation (minutes)").fill("5")
    page.get_by_role("button", name="Ouvrir la salle").click()
    page.wait_for_url("**/r/*")
    enter(page, "Alice")
    expect(page.locator("#phase")).to_have_text("préparation")
    expect(page.locator("#clock")).to_have_text(re.compile(r"^(05:00|04:[0-5]\d)$"))
