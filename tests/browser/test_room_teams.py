"""Team against team in two browsers: each team reads its own brief only; an offer is accepted."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import create_account, log_in, say
from tests.conftest import SCENARIO
from tests.helpers import GOOD_SESSION
from tests.live import team_room

pytestmark = [pytest.mark.browser, pytest.mark.server]

SELLER_SECRET = "Coût de revient complet : 470 € par poste"
BUYER_SECRET = "Budget validé : 640 € par poste au maximum"


def enter(page, url, name):
    page.goto(url)
    page.get_by_label("Nom affiché").fill(name)
    page.get_by_role("button", name="Rejoindre").click()
    expect(page.locator("#room-body")).to_be_visible()


def test_two_teams_each_see_their_own_brief_every_turn_and_a_deal_on_an_accepted_offer(
    server, new_page
):
    codes = team_room(server.url, SCENARIO, prep_min="0")
    url = f"{server.url}/r/{codes['learner'].split('-')[0]}"  # the bare code, for staff
    sellers, buyers = new_page(), new_page()
    sellers.goto(f"{server.url}/r/{codes['learner']}")  # each team comes in with its own code
    expect(sellers.locator("#join-panel")).to_contain_text(
        "Vendeur — Atelier Vercors (PME, mobilier de bureau éco-conçu, Grenoble)"
    )
    enter(sellers, f"{server.url}/r/{codes['learner']}", "Alice")
    enter(buyers, f"{server.url}/r/{codes['counterpart']}", "Bob")
    create_account(server, "tina", "trainer", "Tina Formatrice")
    trainer = new_page()
    log_in(trainer, server, "tina")
    trainer.goto(url)
    trainer.get_by_role("button", name="Rejoindre").click()  # signed in: an observer, no team
    expect(trainer.locator("#private-briefs")).to_contain_text(SELLER_SECRET)
    expect(trainer.locator("#private-briefs")).to_contain_text(BUYER_SECRET)
    expect(sellers.locator("#private-briefs")).to_contain_text(SELLER_SECRET)
    expect(buyers.locator("#private-briefs")).to_contain_text(BUYER_SECRET)
    expect(sellers.locator("#my-side")).to_contain_text("Vendeur")
    expect(buyers.locator("#owner-line")).to_contain_text("Bob")
    assert BUYER_SECRET not in sellers.content()
    assert SELLER_SECRET not in buyers.content()

    # Each team's sheet stays its own.
    sellers.locator('#sheet textarea[data-field="limits"]').fill("Jamais sous 641 €")
    buyers.locator('#sheet textarea[data-field="limits"]').fill("Jamais au-dessus de 639 €")
    expect(sellers.locator("#sheet-status")).to_have_text("enregistré")
    expect(buyers.locator("#sheet-status")).to_have_text("enregistré")
    limits = trainer.locator('#sheet textarea[data-field="limits"]')
    expect(limits).to_have_value("Jamais sous 641 €")  # the trainer reads either team's sheet
    trainer.get_by_label("Fiche de quelle équipe").select_option("counterpart")
    expect(limits).to_have_value("Jamais au-dessus de 639 €")

    sellers.get_by_role("button", name="Commencer la négociation").click()
    say(sellers, GOOD_SESSION[4])  # 690 € par poste, paiement à 30 jours, …
    say(buyers, "Nous proposons 600 € par poste, livraison en 8 semaines.")
    for page in (sellers, buyers):
        expect(page.locator(".turn.candidate")).to_have_count(2)
        expect(page.locator(".turn.pending")).to_have_count(0)
        expect(page.locator("#terms tbody")).to_contain_text("600")
    expect(sellers.locator(".turn.counterpart")).to_have_count(0)  # nobody speaks for a side
    assert "Jamais sous 641 €" not in buyers.content()
    assert "Jamais au-dessus de 639 €" not in sellers.content()

    # Accepting is deliberate: the exact terms first, then a confirmation; Cancel signs nothing.
    buyers.get_by_text("Faire une offre").click()
    buyers.get_by_role("button", name="Accepter l'offre de l'autre équipe").click()
    panel = buyers.locator("#accept-panel")
    expect(panel).to_be_visible()
    expect(panel.locator("#accept-terms tr")).to_have_count(4)  # price, payment, delivery, warranty
    expect(panel).to_contain_text(re.compile(r"690\s€"))
    buyers.get_by_role("button", name="Annuler").click()
    expect(panel).to_be_hidden()
    expect(buyers.locator("#debrief-link")).to_be_hidden()

    # The sellers raise their price while the buyers read the panel: nothing is signed.
    buyers.get_by_role("button", name="Accepter l'offre de l'autre équipe").click()
    expect(panel).to_contain_text(re.compile(r"690\s€"))
    say(sellers, "Nous proposons 720 € par poste.")
    expect(buyers.locator("#terms tbody")).to_contain_text("720")
    buyers.get_by_role("button", name="Confirmer l'accord").click()
    expect(buyers.locator("#error")).to_contain_text("a modifié son offre")
    expect(panel).to_contain_text(re.compile(r"720\s€"))  # the new terms, to read again
    expect(buyers.locator("#debrief-link")).to_be_hidden()
    buyers.get_by_role("button", name="Confirmer l'accord").click()
    for page in (sellers, buyers):
        expect(page.locator("#debrief-link")).to_be_visible()
        expect(page.locator("#transcript")).to_contain_text("690")
        expect(page.locator("#transcript .note").last).to_contain_text(re.compile(r"720\s€"))
    debrief = buyers.locator("#debrief-link").get_attribute("href")
    buyers.goto(server.url + debrief)
    expect(buyers.locator("#teams .team-overall")).to_have_count(2)
    # the buyers' header and grid are their own team's; the sellers' is the sellers' own
    mark = buyers.locator('#teams .team-overall[data-side="counterpart"]').inner_text()
    expect(buyers.locator("#overall-points")).to_have_text(mark)
    expect(buyers.locator("#shown-team")).to_contain_text("Acheteur")
    expect(buyers.locator("#teams")).not_to_contain_text("première équipe")
    expect(buyers.locator("#other-team")).to_have_count(0)
    trainer.goto(server.url + debrief)  # staff read both teams' debriefs, one click apart
    trainer.locator("#other-team").click()
    sellers_mark = trainer.locator('#teams .team-overall[data-side="learner"]').inner_text()
    expect(trainer.locator("#overall-points")).to_have_text(sellers_mark)
