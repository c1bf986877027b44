"""A candidate's account in a real browser: signs in, takes part under its own name (from any
browser), finds the session and its debrief again in « Mes séances », opens no staff page."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import PASSWORD, create_account, say
from tests.conftest import SCENARIO
from tests.live import create_room

pytestmark = [pytest.mark.browser, pytest.mark.server]


def sign_in(page, server) -> None:
    """From the home page, as a candidate would: the login link, not a staff-only door."""
    page.goto(server.url + "/")
    page.get_by_role("link", name="Se connecter").click()
    expect(page.locator("#login-form").locator("..")).to_contain_text("candidats dont l'école")
    page.get_by_label("Identifiant").fill("ana")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/me/sessions")


def test_a_candidate_account_takes_part_finds_its_debrief_and_is_refused_staff_pages(
    server, new_page
):
    create_account(server, "ana", "candidate", "Ana Lopez")
    code = create_room(server.url, SCENARIO, prep_min="0")
    ana = new_page()
    sign_in(ana, server)
    expect(ana.locator("h1")).to_have_text("Mes séances")
    expect(ana.locator("#my-sessions tbody")).to_contain_text("Aucune séance")

    # The room, by its code: her own name, not editable; she takes part like any candidate.
    ana.goto(server.url + "/")
    ana.get_by_label("Code de la salle").fill(code)
    ana.get_by_role("button", name="Rejoindre").click()
    ana.wait_for_url(f"**/r/{code}")
    name = ana.get_by_label("Nom affiché")
    expect(name).to_have_value("Ana Lopez")
    expect(name).not_to_be_editable()
    ana.get_by_label("Rôle").select_option("lead")
    ana.get_by_role("button", name="Rejoindre").click()
    expect(ana.locator("#presence")).to_contain_text("Ana Lopez")
    ana.get_by_role("button", name="Commencer la négociation").click()
    expect(ana.locator(".turn.counterpart").first).to_contain_text("Bonjour")
    say(ana, "Quel est votre calendrier pour l'emménagement ?")
    expect(ana.locator(".turn.counterpart", has_text="1er septembre")).to_have_count(1)
    expect(ana.locator(".turn.mine").first).to_contain_text("Ana Lopez")

    # A reload resumes; another browser signed in to her account gets her own seat back.
    ana.reload()
    expect(ana.locator(".turn.counterpart", has_text="1er septembre")).to_have_count(1)
    elsewhere = new_page()
    sign_in(elsewhere, server)
    expect(elsewhere.locator("#my-sessions tbody tr", has_text=code)).to_contain_text(
        "Retour à la salle"
    )
    elsewhere.get_by_role("link", name="Retour à la salle").click()
    expect(elsewhere.get_by_label("Nom affiché")).to_have_value("Ana Lopez")
    elsewhere.get_by_role("button", name="Rejoindre").click()
    expect(elsewhere.locator(".turn.mine", has_text="calendrier")).to_have_count(1)
    expect(elsewhere.locator("#presence li")).to_have_count(1)  # one seat, hers
    elsewhere.get_by_role("button", name="Terminer la séance").click()  # still the owner
    expect(ana.get_by_role("link", name="Voir le débriefing")).to_be_visible()

    # « Mes séances »: the session and its debrief.
    ana.get_by_role("link", name="Mes séances").click()
    row = ana.locator("#my-sessions tbody tr", has_text=code)
    expect(row).to_contain_text("Négociateur principal")
    row.get_by_role("link", name="Débriefing").click()
    expect(ana.locator("h1")).to_contain_text("Débriefing")
    expect(ana.locator("body")).to_contain_text("Ana Lopez")

    # Staff pages are refused, and the navigation offers none.
    expect(ana.get_by_role("link", name="Espace scénarios")).to_have_count(0)
    for url in ("/workspace", "/jury/sessions", "/cohorts"):
        ana.goto(server.url + url)
        expect(ana.locator("#forbidden")).to_contain_text("Accès refusé")
