"""What a candidate sees on the room page, from the join form to the end of the session."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import enter
from tests.conftest import SCENARIO
from tests.helpers import GOOD_SESSION
from tests.live import create_room, played_run

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_before_joining_only_the_join_form_shows(server, new_page):
    page = new_page()
    page.goto(f"{server.url}/r/{create_room(server.url, SCENARIO)}")
    expect(page.locator("#join-form")).to_be_visible()
    expect(page.locator("#room-body")).to_be_hidden()
    expect(page.locator("#sheet")).to_be_hidden()
    enter(page, "Alice")
    expect(page.locator("#join-panel")).to_be_hidden()
    expect(page.locator("#sheet")).to_be_visible()


def test_the_phase_badge_leaves_preparation_when_the_negotiation_starts(server, new_page):
    page = new_page()
    page.goto(f"{server.url}/r/{create_room(server.url, SCENARIO, prep_min='10')}")
    enter(page, "Alice")
    expect(page.locator("#phase")).to_have_text("préparation")
    page.get_by_role("button", name="Commencer la négociation").click()
    expect(page.locator(".turn.counterpart").first).to_contain_text("Bonjour")
    expect(page.locator("#phase")).to_have_text("prise de contact")


def test_a_room_that_has_ended_leads_to_its_debrief_instead_of_the_join_form(server, new_page):
    code, run_id = played_run(server.url, SCENARIO, [GOOD_SESSION[1]])
    page = new_page()
    page.goto(f"{server.url}/r/{code}")
    expect(page.locator("#join-panel")).to_be_hidden()
    expect(page.locator("#ended-panel")).to_contain_text("Cette séance est terminée")
    expect(page.locator("#phase")).to_have_text("pas d'accord")  # ended by its owner
    page.get_by_role("link", name="Voir le débriefing").click()
    expect(page.locator("#criteria")).to_be_visible()


def test_a_long_paste_is_kept_whole_and_the_limit_is_said(server, new_page):
    page = new_page()
    page.goto(f"{server.url}/r/{create_room(server.url, SCENARIO, prep_min='0')}")
    enter(page, "Alice")
    page.get_by_role("button", name="Commencer la négociation").click()
    expect(page.locator("#say-text")).to_be_enabled()
    page.locator("#say-text").fill("a" * 5000)
    expect(page.locator("#say-text")).to_have_js_property("value", "a" * 5000)  # not cut
    count = page.locator("#say-count")
    expect(count).to_contain_text(re.compile(r"5\s000 caractères"))
    expect(count).to_contain_text(re.compile(r"2\s000 au plus"))
    expect(page.get_by_role("button", name="Envoyer")).to_be_disabled()
    page.locator("#say-text").fill("Quel est votre calendrier ?")
    expect(count).to_have_text("")
    expect(page.get_by_role("button", name="Envoyer")).to_be_enabled()


def test_the_member_list_says_roles_in_words_and_marks_you(server, new_page):
    url = f"{server.url}/r/{create_room(server.url, SCENARIO)}"
    alice, bob = new_page(), new_page()
    alice.goto(url)
    enter(alice, "Alice")
    bob.goto(url)
    enter(bob, "Bob", "note_taker")
    presence = alice.locator("#presence")
    expect(presence.locator("li")).to_have_count(2)
    expect(presence).to_contain_text("Alice · Négociateur principal (vous)")
    expect(presence.locator("li", has_text="Bob")).not_to_contain_text("vous")
    expect(presence).not_to_contain_text("note_taker")
    expect(bob.locator("#presence li.me")).to_contain_text("Bob")


PHONE = {"width": 390, "height": 844}


def overflow_x(page) -> int:
    """How far the page runs past the viewport's width (0: no sideways scrolling)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_the_room_is_usable_on_a_phone(server, new_page, screenshot):
    page = new_page(viewport=PHONE)
    page.goto(f"{server.url}/r/{create_room(server.url, SCENARIO, prep_min='0')}")
    assert overflow_x(page) == 0
    enter(page, "Alice")
    page.get_by_role("button", name="Commencer la négociation").click()
    expect(page.locator(".turn.counterpart").first).to_contain_text("Bonjour")
    page.locator("#say-text").fill("Nous proposons 650 € par poste, livraison en 8 semaines.")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator("#terms tbody tr").first).to_contain_text("prix unitaire")
    assert overflow_x(page) == 0
    box = page.locator("#terms").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    for control in ("#say-text", "#say-button", "#end-button"):
        b = page.locator(control).bounding_box()
        assert b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"], control
    screenshot(page, "room-phone")


def test_the_offer_panel_closes_with_escape_and_keeps_the_focus_while_open(server, new_page):
    page = new_page()
    page.goto(f"{server.url}/r/{create_room(server.url, SCENARIO, prep_min='0')}")
    enter(page, "Alice")
    page.get_by_role("button", name="Commencer la négociation").click()
    expect(page.locator("#offer-fields")).to_be_enabled()
    summary = page.locator("#offer-panel summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#offer-panel")).to_have_attribute("open", "")
    for _ in range(12):  # more Tabs than controls: the focus cycles inside the panel
        page.keyboard.press("Tab")
        assert page.evaluate("() => !!document.activeElement.closest('#offer-panel')")
    page.keyboard.press("Escape")
    expect(page.locator("#offer-panel")).not_to_have_attribute("open", "")
    assert page.evaluate("() => document.activeElement.matches('#offer-panel summary')")
