"""One journey per staff role in a real browser: administrator, trainer, jury — and refusals."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import PASSWORD, create_account, enter, log_in, say

pytestmark = [pytest.mark.browser, pytest.mark.server]


def played_session(page, server, name: str) -> str:
    """Open a room, say one line, end it; return the room code."""
    page.goto(server.url + "/")
    page.get_by_label("Scénario").select_option("fr-mobilier-grand-compte")
    page.get_by_role("button", name="Ouvrir la salle").click()
    page.wait_for_url("**/r/*")
    code = page.locator("#room-code").inner_text()
    page.get_by_label("Nom affiché").fill(name)
    page.get_by_role("button", name="Rejoindre").click()
    page.get_by_role("button", name="Commencer la négociation").click()
    expect(page.locator(".turn.counterpart").first).to_contain_text("Bonjour")
    page.locator("#say-text").fill("Quel est votre calendrier pour l'emménagement ?")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator(".turn.counterpart", has_text="1er septembre")).to_have_count(1)
    page.get_by_role("button", name="Terminer la séance").click()
    expect(page.get_by_role("link", name="Voir le débriefing")).to_be_visible()
    return code


def test_an_administrator_creates_an_account_that_cannot_manage_accounts(server, new_page):
    create_account(server, "root", "admin", "Ada Admin")
    admin = new_page()
    log_in(admin, server, "root")
    expect(admin.locator("h1")).to_have_text("Comptes")
    admin.get_by_label("Identifiant").fill("tom")
    admin.get_by_label("Nom complet").fill("Tom Formateur")
    admin.get_by_label("Rôle").select_option("trainer")
    admin.get_by_label("Mot de passe").fill(PASSWORD)
    admin.get_by_role("button", name="Créer le compte").click()
    expect(admin.locator("#users")).to_contain_text("Tom Formateur")

    trainer = new_page()
    log_in(trainer, server, "tom")
    expect(trainer.locator("h1")).to_have_text("Cohortes")
    trainer.goto(server.url + "/admin/users")
    expect(trainer.locator("#forbidden")).to_contain_text("Accès refusé")


def test_a_trainer_sets_up_a_cohort_and_its_jury_grades_a_session(server, new_page):
    create_account(server, "tom", "trainer", "Tom Formateur")
    create_account(server, "jules", "jury", "Jules Juré")
    candidates = new_page()
    code = played_session(candidates, server, "Alice")
    stranger_code = played_session(candidates, server, "Zoé")

    trainer = new_page()
    log_in(trainer, server, "tom")
    trainer.get_by_label("Nom de la cohorte").fill("BTS NDRC 2027")
    trainer.get_by_role("button", name="Créer la cohorte").click()
    trainer.get_by_label("Membre du jury (identifiant)").fill("jules")
    trainer.get_by_role("button", name="Affecter").click()
    expect(trainer.locator("#cohort-jury")).to_contain_text("Jules Juré")
    trainer.get_by_label("Code de la salle").fill(code)
    trainer.get_by_role("button", name="Rattacher la séance").click()
    expect(trainer.locator("#cohort-runs li")).to_have_count(1)
    expect(trainer.locator("#dashboard-table")).to_contain_text(code)
    trainer.wait_for_function("() => window.Chart && Chart.getChart('progress-chart')")

    jury = new_page()
    log_in(jury, server, "jules")
    expect(jury.locator("#sessions tbody tr")).to_have_count(1)
    jury.get_by_role("link", name=code).click()
    row = jury.locator("#criterion-ecoute")
    automatic = row.locator(".auto-level").inner_text().strip()
    expect(row.locator("select")).to_have_value(automatic)  # opens on the level in force
    overall = jury.locator("#decision .level").first.inner_text().strip()
    expect(jury.locator("#decision-form select")).to_have_value(overall)
    row.locator("select").select_option("TS")
    row.get_by_placeholder("Commentaire (obligatoire)").fill("Questions ouvertes bien posées.")
    row.get_by_role("button", name="Modifier").click()
    expect(jury.locator("#criterion-ecoute .jury-level")).to_contain_text("Jules Juré")
    expect(jury.locator("#history")).to_contain_text("Questions ouvertes bien posées.")
    # after the save the select shows the saved level: a second save keeps it
    expect(row.locator("select")).to_have_value("TS")
    row.get_by_placeholder("Commentaire (obligatoire)").fill("Précision : reformulations aussi.")
    row.get_by_role("button", name="Modifier").click()
    expect(jury.locator("#history")).to_contain_text("Précision : reformulations aussi.")
    expect(row.locator(".jury-level .level")).to_have_text("TS")
    jury.wait_for_function("() => window.Chart && Chart.getChart('session-chart')")
    with jury.expect_download() as download:
        jury.get_by_role("link", name="Fiche d'évaluation (PDF)").click()
    assert download.value.suggested_filename == f"fiche-{code}.pdf"

    # the other session belongs to no cohort of theirs: refused, by page and by API
    jury.goto(server.url + "/jury/sessions")
    expect(jury.locator("#sessions")).not_to_contain_text(stranger_code)
    other_id = int(code_to_id(candidates, server, stranger_code))
    response = jury.goto(server.url + f"/runs/{other_id}/replay")
    assert response.status == 403
    expect(jury.locator("#forbidden")).to_contain_text("Accès refusé")


def code_to_id(page, server, code: str) -> str:
    """The run id behind a room code, read from the debrief link the room page shows."""
    page.goto(server.url + f"/r/{code}")
    href = page.get_by_role("link", name="Voir le débriefing").get_attribute("href")
    return href.split("/")[2]


def test_anonymous_visitors_are_asked_to_log_in(server, new_page):
    page = new_page()
    page.goto(server.url + "/jury/sessions")
    page.wait_for_url("**/login?next=*")
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()


NOTE = "Bonne question ouverte : à reprendre au débriefing."


def test_a_trainer_opens_cohort_rooms_watches_one_live_and_annotates_a_turn(server, new_page):
    create_account(server, "tom", "trainer", "Tom Formateur")
    trainer = new_page()
    log_in(trainer, server, "tom")
    trainer.get_by_label("Nom de la cohorte").fill("BTS NDRC 2027")
    trainer.get_by_role("button", name="Créer la cohorte").click()
    trainer.get_by_role("link", name="Ouvrir des salles pour les groupes").click()
    trainer.get_by_label("Scénario").select_option("fr-mobilier-grand-compte")
    trainer.get_by_label("Nombre de salles (groupes)").fill("2")
    trainer.get_by_label("Préparation (minutes)").fill("0")
    trainer.get_by_role("button", name="Ouvrir les salles").click()
    expect(trainer.locator("#handout li")).to_have_count(2)
    code = trainer.locator("#handout .code").first.inner_text()

    alice = new_page()
    alice.goto(trainer.locator("#handout a").first.get_attribute("href"))
    enter(alice, "Alice")
    alice.get_by_role("button", name="Commencer la négociation").click()
    say(alice, "Quel est votre calendrier pour l'emménagement ?")
    expect(alice.locator(".turn.counterpart", has_text="1er septembre")).to_have_count(1)

    trainer.get_by_role("link", name="Suivre les salles en direct").click()
    row = trainer.locator("#live-rooms tr", has_text=code)
    expect(row.locator(".present")).to_have_text("Alice")
    expect(row.locator(".status")).to_contain_text("en négociation")
    turns = int(row.locator(".turns").inner_text())
    say(alice, "Et quels sont vos critères de choix ?")
    # the page refreshes itself (every 5 s)
    expect(row.locator(".turns")).not_to_have_text(str(turns), timeout=20_000)

    row.get_by_role("link", name="Observer").click()
    enter(trainer, "Tom Formateur", "observer")
    turn = trainer.locator(".turn.candidate", has_text="calendrier")
    expect(turn).to_be_visible()
    turn.locator("summary", has_text="Annoter").click()
    turn.get_by_label("Annoter").fill(NOTE)
    turn.get_by_role("button", name="Enregistrer la note").click()
    expect(turn.locator(".annotation")).to_contain_text(NOTE)
    expect(turn.locator(".annotation")).to_contain_text("Tom Formateur")

    # the candidate goes on: nothing of the note ever reaches their page
    say(alice, "Pouvez-vous préciser votre budget ?")
    expect(trainer.locator(".turn.candidate", has_text="budget")).to_have_count(1)
    expect(alice.locator(".turn.candidate", has_text="budget")).to_have_count(1)
    expect(alice.locator(".annotation")).to_have_count(0)
    expect(alice.locator("body")).not_to_contain_text(NOTE)
    assert alice.locator(".annotations summary").count() == 0

    # the replay shows the note beside its turn, and takes another one (CSRF-checked)
    run_id = trainer.locator("#debrief-link").get_attribute("href").split("/")[2]
    trainer.goto(f"{server.url}/runs/{run_id}/replay")
    expect(trainer.locator("#replay .turn")).to_have_count(1)  # it opens at the start
    trainer.locator("#seek").fill("99")
    replayed = trainer.locator("#replay .turn.candidate", has_text="calendrier")
    expect(replayed.locator(".annotation")).to_contain_text(NOTE)
    replayed.locator("summary", has_text="Annoter").click()
    replayed.get_by_label("Annoter").fill("Reformulation à travailler.")
    replayed.get_by_role("button", name="Enregistrer la note").click()
    expect(replayed.locator(".annotation")).to_have_count(2)
    trainer.reload()
    expect(trainer.locator("#replay .turn")).to_have_count(1)
    trainer.locator("#seek").fill("99")
    expect(trainer.locator("#replay .annotation")).to_have_count(2)
    alice.goto(f"{server.url}/runs/{run_id}/replay")
    expect(alice.locator("#replay .turn")).to_have_count(1)
    alice.locator("#seek").fill("99")
    expect(alice.locator("#replay .turn.candidate")).to_have_count(3)
    expect(alice.locator("#replay .annotation")).to_have_count(0)
