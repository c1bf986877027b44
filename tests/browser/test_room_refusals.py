"""A turn the server refuses is never lost: it goes back into the box, to send again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.pages import enter
from tests.conftest import Server

pytestmark = [pytest.mark.browser, pytest.mark.server]

TURNS = [f"Question numéro {n} : quel est votre délai ?" for n in range(1, 8)]


@pytest.fixture
def strict_server(tmp_path: Path) -> Iterator[Server]:
    """A server that lets a member send four events at once, then one every two seconds."""
    srv = Server(tmp_path)
    srv.env |= {"NEGOSIM_ROOM_RATE_BURST": "4", "NEGOSIM_ROOM_RATE_PER_S": "0.5"}
    srv.start()
    yield srv
    srv.stop()


def test_turns_refused_for_going_too_fast_come_back_in_order_to_resend(strict_server, new_page):
    page = new_page()
    page.goto(strict_server.url + "/")
    page.get_by_label("Scénario").select_option("fr-mobilier-grand-compte")
    page.get_by_role("button", name="Ouvrir la salle").click()
    page.wait_for_url("**/r/*")
    enter(page, "Alice")
    page.get_by_role("button", name="Commencer la négociation").click()
    expect(page.locator(".turn.counterpart").first).to_contain_text("Bonjour")
    box = page.locator("#say-text")
    for text in TURNS:  # typed quickly, as a person does, each sent with Enter
        box.press("End")
        box.press_sequentially(text)
        box.press("Enter")
    expect(page.locator("#error")).to_contain_text("trop vite")
    expect(page.locator(".turn.pending")).to_have_count(0)
    sent = page.locator(".turn.candidate.mine .text").all_inner_texts()
    back = box.input_value()
    everything = "\n".join(sent) + "\n" + back
    assert [everything.count(t) for t in TURNS] == [1] * len(TURNS)  # none lost, none twice
    for _ in range(20):  # what is left is sent again, as a person would, a moment later
        if not box.input_value():
            break
        page.wait_for_timeout(1000)  # the bucket refills one event every two seconds
        box.press("Enter")
        page.wait_for_function(
            "() => !document.querySelector('.turn.pending')", polling=100, timeout=20_000
        )
    assert box.input_value() == ""
    shown = "\n".join(page.locator(".turn.candidate.mine .text").all_inner_texts())
    assert [shown.count(t) for t in TURNS] == [1] * len(TURNS)
