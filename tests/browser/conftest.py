"""Playwright driving Debian's Chromium (``playwright install`` cannot download browsers here)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("NEGOSIM_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"Chromium not found at {CHROMIUM}: CI must run the browser tests "
                "(.ci/run installs Debian's chromium)"
            )
        pytest.skip(
            f"Chromium not installed at {CHROMIUM} (apt-get install chromium); CI installs it"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(locale: str = "fr-FR", viewport: dict | None = None):
        options = {"viewport": viewport, "is_mobile": True, "has_touch": True} if viewport else {}
        context = browser.new_context(locale=locale, **options)
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


ARTEFACTS = Path(os.environ.get("NEGOSIM_ARTEFACTS", "test-artefacts")) / "screenshots"


@pytest.fixture
def screenshot():
    """Keep a full-page picture of a page as a test artefact (not committed: .gitignore)."""

    def take(page, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
