"""What a person does on a room page, shared by the browser tests."""

from playwright.sync_api import expect


def enter(page, name: str, role: str = "lead") -> None:
    """Join the room whose page is open, with a display name and a role."""
    page.get_by_label("Nom affiché").fill(name)
    page.get_by_label("Rôle").select_option(role)
    page.get_by_role("button", name="Rejoindre").click()
    expect(page.locator("#room-body")).to_be_visible()


def say(page, text: str) -> None:
    page.locator("#say-text").fill(text)
    page.get_by_role("button", name="Envoyer").click()
