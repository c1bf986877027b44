"""Two candidates in two browsers: one room, live turns, the counterpart, the debrief."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import enter as join
from tests.browser.pages import say

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_two_candidates_negotiate_together_and_see_the_debrief(server, new_page):
    alice = new_page()
    alice.goto(server.url + "/")
    alice.get_by_label("Scénario").select_option("fr-mobilier-grand-compte")
    alice.get_by_role("button", name="Ouvrir la salle").click()
    alice.wait_for_url("**/r/*")
    code = alice.locator("#room-code").inner_text()
    join(alice, "Alice")

    bob = new_page()
    bob.goto(server.url + "/")
    bob.get_by_label("Code de la salle").fill(code)
    bob.get_by_role("button", name="Rejoindre").click()
    bob.wait_for_url(f"**/r/{code}")
    join(bob, "Bob")

    alice.get_by_role("button", name="Commencer la négociation").click()
    greeting = alice.locator(".turn.counterpart").first
    expect(greeting).to_contain_text("Bonjour")
    expect(bob.locator(".turn.counterpart").first).to_contain_text("Bonjour")

    say(alice, "Bonjour Madame, merci de nous recevoir. <b>Belle</b> vue !")
    expect(bob.locator(".turn.candidate", has_text="Belle")).to_have_count(1)
    assert bob.locator(".turn.candidate b").count() == 0  # shown as text, never as HTML
    expect(alice.locator(".turn.counterpart")).to_have_count(2)

    say(bob, "Quel est votre calendrier pour l'emménagement ?")
    expect(alice.locator(".turn.counterpart", has_text="1er septembre")).to_have_count(1)
    expect(alice.locator(".turn.candidate", has_text="calendrier")).to_have_count(1)
    expect(bob.locator(".turn.pending")).to_have_count(0)

    say(alice, "Nous proposons 650 € par poste, livraison en 8 semaines.")
    expect(bob.locator("#terms tbody tr").first).to_contain_text("prix unitaire")

    expect(bob.get_by_role("button", name="Terminer la séance")).to_be_hidden()
    alice.get_by_role("button", name="Terminer la séance").click()  # the room's owner
    for page in (alice, bob):
        link = page.get_by_role("link", name="Voir le débriefing")
        expect(link).to_be_visible()
    alice.get_by_role("link", name="Voir le débriefing").click()
    expect(alice.locator("#criteria")).to_contain_text("Écoute active et réactive")
    expect(alice.locator("#criteria")).to_contain_text("calendrier")

    # The replay: each turn with its figures, and the table as it stood at any point.
    alice.get_by_role("link", name="Rejouer la séance").click()
    expect(alice.locator("#replay .turn")).to_have_count(1)  # it opens at the start
    alice.locator("#seek").fill("99")  # to the end
    offer = alice.locator("#replay .turn.candidate", has_text="650 €")
    expect(offer.locator(".figures")).to_contain_text("650 €")
    expect(alice.locator("#terms tbody")).to_contain_text("650")
    alice.locator("#seek").fill("1")  # back to the first turn: nothing on the table yet
    expect(alice.locator("#terms tbody tr")).to_have_count(0)
    expect(alice.locator("#terms-empty")).to_be_visible()
    # what happened between turns is told under the turn it followed
    alice.locator("#seek").fill("99")
    expect(alice.locator("#replay .happened", has_text="Besoin caché révélé")).not_to_have_count(0)
