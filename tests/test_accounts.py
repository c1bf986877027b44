"""Accounts and roles: login, hashed passwords, who may open which page — and who may not."""

import pytest

from negosim.accounts.models import User
from negosim.accounts.passwords import verify_password
from negosim.accounts.users import AccountError, authenticate, create_user
from negosim.store import get_store
from tests.staff import PASSWORD, login, make_cohort, make_user, scored_run


def test_passwords_are_stored_as_argon2id_hashes(app):
    make_user(app, "anne", "admin")
    with get_store(app).Session() as db:
        user = db.query(User).filter_by(username="anne").one()
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
        assert verify_password(user.password_hash, PASSWORD)
        assert authenticate(db, "ANNE ", PASSWORD) is not None
        assert authenticate(db, "anne", "wrong password") is None
        assert authenticate(db, "nobody", PASSWORD) is None


def test_accounts_refuse_short_passwords_unknown_roles_and_taken_names(app):
    make_user(app, "anne", "admin")
    with get_store(app).Session.begin() as db:
        with pytest.raises(AccountError, match="at least"):
            create_user(db, "bob", "jury", "short")
        with pytest.raises(AccountError, match="unknown role"):
            create_user(db, "bob", "superuser", PASSWORD)
        with pytest.raises(AccountError, match="taken"):
            create_user(db, "Anne", "jury", PASSWORD)


def test_login_with_a_wrong_password_is_refused(app, client):
    make_user(app, "tom", "trainer")
    response = login(client, "tom", "not the password")
    assert response.status_code == 401
    assert "Identifiant inconnu ou mot de passe erroné" in response.get_data(as_text=True)
    assert client.get("/cohorts").status_code == 302  # still anonymous


def test_each_role_lands_on_its_own_page(app, client):
    make_user(app, "anne", "admin")
    make_user(app, "tom", "trainer")
    make_user(app, "jules", "jury")
    assert login(client, "anne").headers["Location"] == "/admin/users"
    client.post("/logout")
    assert login(client, "tom").headers["Location"] == "/cohorts"
    client.post("/logout")
    assert login(client, "jules").headers["Location"] == "/jury/sessions"


def test_login_never_redirects_to_another_site(app, client):
    make_user(app, "tom", "trainer")
    response = client.post(
        "/login?next=https://evil.example/", data={"username": "tom", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/cohorts"


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for path in ("/admin/users", "/cohorts", "/jury/sessions"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_only_administrators_manage_accounts(app, client):
    make_user(app, "tom", "trainer")
    make_user(app, "jules", "jury")
    for who in ("tom", "jules"):
        login(client, who)
        assert client.get("/admin/users").status_code == 403
        new = {"username": "x", "role": "admin", "password": PASSWORD}
        assert client.post("/admin/users", data=new).status_code == 403
        client.post("/logout")
    make_user(app, "anne", "admin")
    login(client, "anne")
    created = client.post(
        "/admin/users",
        data={"username": "zoe", "display_name": "Zoé", "role": "jury", "password": PASSWORD},
    )
    assert created.status_code == 302
    assert "zoe" in client.get("/admin/users").get_data(as_text=True)


def test_jury_members_cannot_manage_cohorts(app, client):
    make_user(app, "jules", "jury")
    login(client, "jules")
    assert client.get("/cohorts").status_code == 403
    assert client.post("/cohorts", data={"name": "Promo"}).status_code == 403


def test_a_trainer_builds_a_cohort_with_jury_candidates_and_sessions(app, client, service):
    make_user(app, "tom", "trainer")
    make_user(app, "jules", "jury", "Jules Juré")
    run_id = scored_run(service)
    login(client, "tom")
    created = client.post("/cohorts", data={"name": "BTS NDRC 2027"})
    cohort = created.headers["Location"]
    client.post(cohort + "/jury", data={"username": "jules"})
    client.post(cohort + "/candidates", data={"name": "Alice"})
    from negosim.store.runs import by_id

    with get_store(app).Session() as db:
        code = by_id(db, run_id).code
    client.post(cohort + "/runs", data={"code": code.lower()})
    page = client.get(cohort).get_data(as_text=True)
    assert "Jules Juré" in page and "Alice" in page and f"Séance {run_id}" in page


def test_only_jury_accounts_can_be_assigned_to_a_cohort(app, client):
    make_user(app, "tom", "trainer")
    make_user(app, "tina", "trainer")
    cohort = make_cohort(app, "Promo")
    login(client, "tom")
    client.post(f"/cohorts/{cohort}/jury", data={"username": "tina"})
    page = client.get(f"/cohorts/{cohort}").get_data(as_text=True)
    assert "tina is not a jury member" in page


def test_room_members_reach_their_debrief_and_strangers_do_not(app, service):
    run_id = scored_run(service)
    from negosim.store.runs import by_id

    with get_store(app).Session() as db:
        code = by_id(db, run_id).code
    member, stranger = app.test_client(), app.test_client()
    member.get(f"/r/{code}")
    for path in (f"/runs/{run_id}/debrief", f"/runs/{run_id}/replay", f"/api/runs/{run_id}/events"):
        assert member.get(path).status_code == 200
        assert stranger.get(path).status_code == 403


def test_jury_members_see_only_their_cohorts_sessions(app, client, service):
    mine, other, loose = scored_run(service), scored_run(service), scored_run(service)
    make_user(app, "jules", "jury")
    make_user(app, "jane", "jury")
    make_cohort(app, "Promo A", jury=("jules",), runs=(mine,))
    make_cohort(app, "Promo B", jury=("jane",), runs=(other,))
    login(client, "jules")
    assert client.get(f"/runs/{mine}/debrief").status_code == 200
    for run_id in (other, loose):
        assert client.get(f"/runs/{run_id}/debrief").status_code == 403
        assert client.get(f"/runs/{run_id}/replay").status_code == 403
        assert client.get(f"/api/runs/{run_id}/events").status_code == 403
        assert client.get(f"/jury/sessions/{run_id}").status_code == 403
        assert client.get(f"/jury/sessions/{run_id}/sheet.pdf").status_code == 403


def test_session_cookies_are_http_only_and_same_site(app, client):
    make_user(app, "tom", "trainer")
    response = login(client, "tom")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_login_form_needs_its_csrf_token(app):
    app.config["WTF_CSRF_ENABLED"] = True
    make_user(app, "tom", "trainer")
    client = app.test_client()
    refused = client.post("/login", data={"username": "tom", "password": PASSWORD})
    assert refused.status_code == 400
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    accepted = client.post(
        "/login", data={"username": "tom", "password": PASSWORD, "csrf_token": token}
    )
    assert accepted.status_code == 302


def test_the_first_administrator_comes_from_the_command_line(runner):
    from negosim.cli import main

    result = runner.invoke(
        main, ["users", "create", "root", "--role", "admin"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert "created admin root" in result.output
    piped = runner.invoke(
        main, ["users", "create", "jules", "--role", "jury", "--password-stdin"], input=PASSWORD
    )
    assert piped.exit_code == 0, piped.output
    cohort = runner.invoke(main, ["users", "cohort", "Promo A", "--jury", "jules"])
    assert "1 jury member(s)" in cohort.output
    listed = runner.invoke(main, ["users", "list"]).output
    assert "admin    root" in listed and "jury     jules" in listed
    short = runner.invoke(
        main, ["users", "create", "x", "--role", "admin", "--password-stdin"], input="short"
    )
    assert short.exit_code != 0 and "at least" in short.output


def test_a_trainer_opens_a_room_for_a_cohort(app, client):
    from negosim.accounts.models import CohortRun
    from negosim.store.runs import by_code
    from tests.conftest import SCENARIO

    make_user(app, "tom", "trainer")
    make_user(app, "jules", "jury")
    cohort = make_cohort(app, "Promo A")
    login(client, "jules")
    refused = client.post(f"/cohorts/{cohort}/rooms", data={"scenario_id": SCENARIO})
    assert refused.status_code == 403
    client.post("/logout")
    login(client, "tom")
    opened = client.post(f"/cohorts/{cohort}/rooms", data={"scenario_id": SCENARIO})
    code = opened.headers["Location"].rsplit("/", 1)[1]
    with get_store(app).Session() as db:
        run = by_code(db, code)
        assert db.get(CohortRun, run.id).cohort_id == cohort
    assert client.post(f"/cohorts/{cohort}/rooms", data={"scenario_id": "x"}).status_code == 400


def test_repeated_login_attempts_are_slowed_down(app):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    make_user(app, "tom", "trainer")
    client = app.test_client()
    answers = [login(client, "tom", f"guess {i}").status_code for i in range(4)]
    assert answers == [401, 401, 401, 429]
    assert client.get("/login").status_code == 200  # reading the form is not limited
