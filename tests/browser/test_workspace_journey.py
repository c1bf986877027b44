"""A trainer's journey in the scenario workspace: break, fix, save, see the history, test-play."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import create_account, enter, log_in, say
from tests.conftest import SCENARIO
from tests.helpers import scenario_text

pytestmark = [pytest.mark.browser, pytest.mark.server]

SHIPPED = scenario_text(SCENARIO)
BROKEN = SHIPPED.replace("duration_min: 30", "duration_min: trente")
FIXED = SHIPPED.replace("1er septembre", "15 septembre")
BROKEN_LINE = next(n for n, line in enumerate(BROKEN.splitlines(), 1) if "trente" in line)


def caret_line(page) -> int:
    return page.evaluate(
        "() => { const t = document.getElementById('source');"
        " return t.value.slice(0, t.selectionStart).split('\\n').length; }"
    )


def test_a_trainer_fixes_a_scenario_saves_a_version_and_test_plays_it(server, new_page):
    create_account(server, "tom", "trainer", "Tom Formateur")
    page = new_page()
    log_in(page, server, "tom")
    page.get_by_role("link", name="Atelier des scénarios").click()
    page.get_by_role("link", name="Équiper 1 200 postes").click()
    expect(page.locator("#diagram-picture svg")).to_be_visible()  # drawn by mermaid
    expect(page.locator("#yaml-source")).to_contain_text("id: fr-mobilier-grand-compte")

    page.get_by_role("link", name="Modifier cette version").click()
    expect(page.locator("#status")).to_have_text("valide")
    page.locator("#source").fill(BROKEN)
    error = page.locator(f'#findings li.error[data-line="{BROKEN_LINE}"]')
    expect(error).to_contain_text("duration_min")
    expect(page.locator("#status")).to_have_text("erreurs")
    expect(page.get_by_role("button", name="Enregistrer une nouvelle version")).to_be_disabled()
    error.get_by_role("button", name=f"ligne {BROKEN_LINE}").click()
    assert caret_line(page) == BROKEN_LINE
    expect(page.locator(f'#gutter [data-line="{BROKEN_LINE}"]')).to_have_class("bad current")

    page.locator("#source").fill(FIXED)
    expect(page.locator("#status")).to_have_text("valide")
    expect(page.locator("#diagram-picture svg")).to_be_visible()  # redrawn from the draft
    page.get_by_label("Note de modification").fill("Bail au 15 septembre")
    page.get_by_role("button", name="Enregistrer une nouvelle version").click()
    expect(page.locator(".flash.ok")).to_contain_text("version en vigueur")
    expect(page.locator("#is-current")).to_be_visible()
    expect(page.locator("#history tbody tr").first).to_contain_text("Bail au 15 septembre")
    expect(page.locator("#history tbody tr").first).to_contain_text("Tom Formateur")

    page.get_by_role("button", name="Tester cette version").click()
    page.wait_for_url("**/r/*")
    # accounts only observe rooms: the trainer plays in a signed-out window, like a candidate
    player = new_page()
    player.goto(page.url)
    enter(player, "Tom")
    player.get_by_role("button", name="Commencer la négociation").click()
    expect(player.locator(".turn.counterpart").first).to_contain_text("Bonjour")
    say(player, "Quel est votre calendrier pour l'emménagement ?")
    expect(player.locator(".turn.counterpart", has_text="15 septembre")).to_have_count(1)


def test_a_jury_member_is_refused_the_workspace(server, new_page):
    create_account(server, "jules", "jury", "Jules Juré")
    page = new_page()
    log_in(page, server, "jules")
    expect(page.get_by_role("link", name="Atelier des scénarios")).to_have_count(0)
    response = page.goto(server.url + "/workspace/")
    assert response.status == 403
    expect(page.locator("#forbidden")).to_contain_text("Accès refusé")
