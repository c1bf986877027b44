"""Three browsers in one room: two candidates and an observer; a reload resumes."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import enter as join
from tests.browser.pages import say
from tests.conftest import SCENARIO
from tests.live import create_room

pytestmark = [pytest.mark.browser, pytest.mark.server]


def enter(page, url, name, role="lead"):
    page.goto(url)
    join(page, name, role)


def test_two_candidates_and_an_observer_see_every_turn_and_a_reload_resumes(server, new_page):
    code = create_room(server.url, SCENARIO, prep_min="10")
    url = f"{server.url}/r/{code}"
    alice, bob, jury = new_page(), new_page(), new_page()
    enter(alice, url, "Alice")
    enter(bob, url, "Bob", "support")
    enter(jury, url, "Jury", "observer")
    expect(jury.locator("#presence li")).to_have_count(3)
    expect(alice.locator("#phase")).to_have_text("préparation")
    expect(alice.locator("#clock")).to_have_text(re.compile(r"^(10:00|09:[0-5]\d)$"))

    # The sheet, before the negotiation: Bob sees Alice's text; the observer cannot edit.
    alice.locator('#sheet textarea[data-field="batna"]').fill("Autre client : 620 € le poste")
    expect(bob.locator('#sheet textarea[data-field="batna"]')).to_have_value(
        "Autre client : 620 € le poste"
    )
    expect(jury.locator('#sheet textarea[data-field="batna"]')).to_have_js_property(
        "readOnly", True
    )

    # Both type in the same field at once: neither text is lost.
    alice.locator('#sheet textarea[data-field="objections"]').fill("Prix trop élevé")
    bob.locator('#sheet textarea[data-field="objections"]').fill("Délai trop long")
    both = re.compile(r"^(Prix trop élevé\nDélai trop long|Délai trop long\nPrix trop élevé)$")
    for page in (alice, bob, jury):
        field = page.locator('#sheet textarea[data-field="objections"]')
        expect(field).to_have_value(both, timeout=10_000)

    alice.get_by_role("button", name="Commencer la négociation").click()
    for page in (alice, bob, jury):
        expect(page.locator(".turn.counterpart")).to_have_count(1)
    expect(jury.locator("#say-text")).to_be_disabled()

    say(alice, "Bonjour Madame, merci de nous recevoir. <script>alert(1)</script>")
    say(bob, "Quel est votre calendrier pour l'emménagement ?")
    for page in (alice, bob, jury):
        expect(page.locator(".turn.candidate")).to_have_count(2)
        expect(page.locator(".turn.counterpart")).to_have_count(3)
        expect(page.locator(".turn.pending")).to_have_count(0)
    assert jury.locator(".turn.candidate script").count() == 0  # text, never HTML
    expect(jury.locator(".turn.candidate").first).to_contain_text("<script>")
    order = [
        [li.get_attribute("data-seq") for li in p.locator(".turn").all()]
        for p in (alice, bob, jury)
    ]
    assert order[0] == order[1] == order[2]

    # Bob reloads: same member, the whole transcript and the sheet come back.
    bob.reload()
    expect(bob.locator("#room-body")).to_be_visible()
    expect(bob.locator(".turn")).to_have_count(5)
    assert [li.get_attribute("data-seq") for li in bob.locator(".turn").all()] == order[0]
    expect(bob.locator('#sheet textarea[data-field="batna"]')).to_have_value(
        "Autre client : 620 € le poste"
    )
    expect(jury.locator("#presence li")).to_have_count(3)  # Bob is back, not a newcomer

    say(bob, "Nous proposons 650 € par poste, livraison en 8 semaines.")
    for page in (alice, bob, jury):
        expect(page.locator(".turn.candidate")).to_have_count(3)
        expect(page.locator("#terms tbody tr").first).to_contain_text("prix unitaire")

    # The offer panel sends a structured offer as a turn the counterpart reads.
    alice.get_by_text("Faire une offre").click()
    alice.get_by_label("garantie", exact=True).fill("5")
    alice.get_by_label("reprise de l'ancien mobilier", exact=True).select_option("partielle")
    alice.get_by_role("button", name="Envoyer l'offre").click()
    offer = "Nous proposons : garantie 5 ans, reprise de l'ancien mobilier partielle."
    for page in (alice, bob, jury):
        expect(page.locator(".turn.candidate", has_text=offer)).to_have_count(1)
        expect(page.locator("#terms tbody")).to_contain_text("garantie")
