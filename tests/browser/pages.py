"""What a person does on a room page or a staff page, shared by the browser tests."""

import subprocess
import sys

from playwright.sync_api import expect

from negosim.config import PROJECT_DIR

PASSWORD = "correct horse battery"


def enter(page, name: str, role: str = "lead") -> None:
    """Join the room whose page is open, with a display name and a role."""
    page.get_by_label("Nom affiché").fill(name)
    page.get_by_label("Rôle").select_option(role)
    page.get_by_role("button", name="Rejoindre").click()
    expect(page.locator("#room-body")).to_be_visible()


def say(page, text: str) -> None:
    page.locator("#say-text").fill(text)
    page.get_by_role("button", name="Envoyer").click()


def create_account(server, username: str, role: str, name: str) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "negosim.cli",
            "users",
            "create",
            username,
            "--role",
            role,
            "--name",
            name,
            "--password-stdin",
        ],
        input=PASSWORD,
        text=True,
        env=server.env,
        cwd=PROJECT_DIR,
        check=True,
        capture_output=True,
    )


def log_in(page, server, username: str) -> None:
    page.goto(server.url + "/login")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


AXE = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands, one line each."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document)).violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" "))})`)"""
    )
    return list(found)
