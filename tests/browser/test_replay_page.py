"""The replay: it opens at the start, plays, pauses, and plays again from the end."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import enter, say
from tests.conftest import SCENARIO
from tests.helpers import GOOD_SESSION
from tests.live import played_run

pytestmark = [pytest.mark.browser, pytest.mark.server]


def open_replay(server, page, turns):
    code, run_id = played_run(server.url, SCENARIO, turns)
    page.goto(f"{server.url}/r/{code}")  # the room's page lets this browser read the run
    page.goto(f"{server.url}/runs/{run_id}/replay")
    return run_id


def test_the_replay_opens_at_the_start_and_plays_to_the_end_then_again(server, new_page):
    page = new_page()
    open_replay(server, page, GOOD_SESSION[:3])
    play = page.locator("#play")
    expect(page.locator("#replay .turn")).to_have_count(1)  # the greeting
    expect(play).to_have_text("Lecture")
    page.locator("#speed").select_option("16")
    play.click()
    expect(play).to_have_text("Pause")
    expect(page.locator("#replay .turn")).to_have_count(7)  # greeting, then 3 × (turn, answer)
    expect(play).to_have_text("Lecture")
    play.click()  # from the end: from the start again
    expect(play).to_have_text("Pause")
    expect(page.locator("#replay .turn")).not_to_have_count(7)
    play.click()
    expect(play).to_have_text("Lecture")


def test_the_replay_tells_phases_acts_needs_and_objections_in_words(server, new_page):
    page = new_page()
    open_replay(server, page, GOOD_SESSION[:6])
    expect(page.locator("#replay .turn")).to_have_count(1)
    page.locator("#seek").fill("99")
    replay = page.locator("#replay")
    expect(replay.locator(".acts", has_text="question ouverte")).not_to_have_count(0)
    expect(replay.locator(".happened", has_text="Besoin caché révélé : Le bail")).to_have_count(1)
    text = replay.inner_text()
    internals = ("question.open", "question.closed", "lease_deadline", "discovery", "bargaining")
    for internal in internals:
        assert internal not in text


def test_play_again_from_a_turn_opens_a_room_with_the_turns_before_played(server, new_page):
    page = new_page()
    open_replay(server, page, GOOD_SESSION[:3])
    page.locator("#seek").fill("99")
    third = page.locator("#replay .turn.candidate").nth(2)
    third.get_by_role("button", name="Rejouer à partir de ce tour").click()
    page.wait_for_url("**/r/*")
    expect(page.locator("#origin")).to_contain_text("Reprise du tour")
    enter(page, "Bob")
    expect(page.locator("#transcript .turn.candidate")).to_have_count(2)  # the two before
    expect(page.locator("#phase")).not_to_have_text("en attente")
    expect(page.locator("#say-text")).to_be_enabled()
    say(page, GOOD_SESSION[2])
    expect(page.locator("#transcript .turn.counterpart")).to_have_count(4)
