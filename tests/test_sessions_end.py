"""A session ends on logout and on a password change: a cookie saved before opens nothing."""

from negosim.accounts.models import User
from negosim.accounts.users import set_password
from negosim.cli import main
from negosim.store import get_store
from tests.staff import login, make_user


def saved_cookie(client) -> str:
    return client.get_cookie("session").value


def opens_admin_page(app, cookie: str) -> bool:
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/admin/users").status_code == 200


def test_a_cookie_saved_before_logout_opens_nothing_after_it(app, client):
    make_user(app, "anne", "admin")
    login(client, "anne")
    cookie = saved_cookie(client)
    assert opens_admin_page(app, cookie)
    client.post("/logout")
    assert not opens_admin_page(app, cookie)
    login(client, "anne")  # and logging in again works
    assert client.get("/admin/users").status_code == 200


def test_a_password_change_ends_every_session_of_the_account(app, client):
    make_user(app, "anne", "admin")
    login(client, "anne")
    cookie = saved_cookie(client)
    with get_store(app).Session.begin() as db:
        set_password(db.query(User).filter_by(username="anne").one(), "a brand new secret")
    assert not opens_admin_page(app, cookie)
    assert client.get("/admin/users").status_code == 302
    assert login(client, "anne", "a brand new secret").status_code == 302


def test_the_password_command_ends_the_sessions_too(runner):
    created = runner.invoke(
        main,
        ["users", "create", "anne", "--role", "admin", "--password-stdin"],
        input="correct horse battery\n",
    )
    assert created.exit_code == 0, created.output
    changed = runner.invoke(
        main, ["users", "password", "anne", "--password-stdin"], input="another good one\n"
    )
    assert changed.exit_code == 0 and "sessions are ended" in changed.output
    short = runner.invoke(main, ["users", "password", "anne", "--password-stdin"], input="x\n")
    assert short.exit_code != 0 and "at least" in short.output
