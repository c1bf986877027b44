"""Exports: the evaluation sheet read back from the PDF, the cohort CSV, both from the CLI."""

import csv
import io

from pypdf import PdfReader

from negosim import library
from negosim.jury.evaluation import adjust, evaluate
from negosim.store import get_store
from negosim.store.runs import by_id
from tests.staff import login, make_cohort, make_user, scored_run


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def graded(app, service) -> tuple[int, int]:
    run_id = scored_run(service, ("Alice Martin", "Bob <b>Durand</b>"))
    jules = make_user(app, "jules", "jury", "Jules Juré")
    cohort = make_cohort(app, "BTS NDRC 2027", jury=("jules",), runs=(run_id,))
    rubric = library.rubric(app)
    with get_store(app).Session.begin() as db:
        adjust(db, run_id, "ecoute", "TS", "Écoute remarquable, « reformule » bien.", jules, rubric)
        adjust(db, run_id, "overall", "S", "Épreuve validée.", jules, rubric)
    return run_id, cohort


def test_the_evaluation_sheet_reads_back_in_french(app, client, service):
    run_id, _ = graded(app, service)
    login(client, "jules")
    response = client.get(f"/jury/sessions/{run_id}/sheet.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    with get_store(app).Session() as db:
        ev = evaluate(db, run_id, library.rubric(app))
    for expected in (
        "Fiche d'évaluation",
        "Groupe : BTS NDRC 2027",
        "Alice Martin",
        "Bob <b>Durand</b>",  # escaped, shown as typed
        ev["scenario"]["title"],
        "Écoute active et réactive",
        "TS (très satisfaisant)",
        "Écoute remarquable",
        "Jules Juré",
        "Décision du jury : S (satisfaisant)",
        "Épreuve validée.",
        "calendrier",  # a quoted piece of evidence
    ):
        assert expected in " ".join(text.split()), expected


def test_an_undecided_sheet_says_so(app, service):
    from negosim.exports import evaluation_sheet

    run_id = scored_run(service)
    with get_store(app).Session() as db:
        text = pdf_text(evaluation_sheet(evaluate(db, run_id, library.rubric(app))))
    assert "Décision du jury : en attente" in text and "sans groupe" in text


def test_the_cohort_csv_has_one_row_per_session_with_the_jury_levels(app, client, service):
    run_id, cohort = graded(app, service)
    make_user(app, "jane", "jury")
    login(client, "jules")
    response = client.get(f"/jury/cohorts/{cohort}/results.csv")
    assert response.status_code == 200
    text = response.data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 1
    row = rows[0]
    assert row["séance"] == str(run_id) and row["groupe"] == "BTS NDRC 2027"
    assert row["décision du jury"] == "S"
    assert row["Écoute active et réactive"] == "TS"
    client.post("/logout")
    login(client, "jane")
    assert client.get(f"/jury/cohorts/{cohort}/results.csv").status_code == 403


def test_both_exports_from_the_command_line(runner, tmp_path):
    from negosim import create_app
    from negosim.cli import main
    from negosim.rooms import get_service

    app = create_app()  # the runner's environment: the same database as the commands
    from negosim.store.migrate import upgrade

    upgrade(get_store(app).url)
    run_id, _ = graded(app, get_service(app))
    with get_store(app).Session() as db:
        code = by_id(db, run_id).code
    get_store(app).dispose()

    pdf = tmp_path / "fiche.pdf"
    result = runner.invoke(main, ["export", "sheet", code, "--out", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "Épreuve validée." in pdf_text(pdf.read_bytes())
    out = tmp_path / "cohorte.csv"
    result = runner.invoke(main, ["export", "cohort", "BTS NDRC 2027", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 session(s)" in result.output
    assert runner.invoke(main, ["export", "sheet", "999", "--out", str(pdf)]).exit_code != 0
    assert runner.invoke(main, ["export", "cohort", "nope", "--out", str(out)]).exit_code != 0


FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


def test_names_in_the_cohort_csv_never_become_live_formulas(app, client, service):
    run_id = scored_run(service, tuple(FORMULAS))
    make_user(app, "jules", "jury")
    cohort = make_cohort(app, "=cmd|' /C calc'!A0", jury=("jules",), runs=(run_id,))
    login(client, "jules")
    text = client.get(f"/jury/cohorts/{cohort}/results.csv").data.decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert row["groupe"] == "'=cmd|' /C calc'!A0"
    assert row["candidats"].startswith("'=HYPERLINK(")
    assert row["séance"] == str(run_id)  # numbers stay numbers
    assert float(row["points"]) >= 0


def test_every_formula_start_is_neutralised_and_plain_text_left_alone():
    from negosim.exports.cohort import neutral

    for text in FORMULAS + ["\r=1", " =1", "\0=1"]:
        assert neutral(text) == "'" + text
    for kept in ("Alice", "-3.5", "42", 7, "Bob <b>Durand</b>"):
        assert neutral(kept) == kept


def test_an_english_sessions_sheet_is_written_in_english(app, service):
    from negosim.exports import evaluation_sheet

    run = service.create("us-distribution-cuivre", seed=2)
    alice = service.join(run.code, "Alice", "lead")
    service.start(run.id, alice.member_id)
    service.say(run.id, alice.member_id, "c1", "What is your timeline for the holiday catalogue?")
    service.finish(run.id, alice.member_id)
    rubric = library.rubric(app)
    with get_store(app).Session() as db:
        text = " ".join(pdf_text(evaluation_sheet(evaluate(db, run.id, rubric), rubric)).split())
    for expected in (
        "Evaluation sheet",
        "Criterion",
        "Automatic level",
        "Jury's decision: pending",
    ):
        assert expected in text, expected
    for french in ("Fiche d'évaluation", "Critère", "Décision du jury", "très satisfaisant"):
        assert french not in text, french
