"""Hostile HTTP clients: oversized and nested bodies, overflowing ids, bombs, stale cookies."""

from __future__ import annotations

import pytest
import requests

from tests.conftest import SCENARIO
from tests.hostile.clients import declared_but_unsent, logged_in
from tests.hostile.conftest import LEAVER, peak_rss_mib

pytestmark = pytest.mark.server

SLACK_MIB = 24


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/login", "application/x-www-form-urlencoded"),
        ("/runs/1/annotations", "application/json"),
        ("/rooms", "multipart/form-data; boundary=x"),
        ("/workspace/validate", "application/json"),
    ],
)
def test_a_60_mb_body_is_refused_unread(served, witness, worker, path, content_type):
    before = peak_rss_mib(worker)
    status, body = declared_but_unsent(served.url, path, 60 << 20, content_type)
    assert status == 413 and "1024" in body
    assert peak_rss_mib(worker) - before < SLACK_MIB
    witness.still_serving()


@pytest.mark.parametrize(
    "path",
    [
        f"/runs/{2**63}/replay",
        f"/runs/{2**63}/debrief",
        f"/api/runs/{2**63}/events",
        f"/jury/sessions/{2**63}",
        f"/workspace/{SCENARIO}/versions/{2**63}",
        f"/cohorts/{2**63}",
    ],
)
def test_ids_past_a_database_integer_are_not_found(served, witness, admin, path):
    assert admin.get(served.url + path, timeout=10).status_code == 404
    witness.still_serving()


def test_deeply_nested_json_is_a_400(served, witness, admin):
    deep = "[" * 20_000 + "]" * 20_000
    answer = admin.post(
        served.url + "/workspace/validate",
        data=deep,
        headers={"Content-Type": "application/json"},
        timeout=20,
    )
    assert answer.status_code == 400
    witness.still_serving()


def bombs() -> list[str]:
    wide = "a: &x " + "y" * 19_000 + "\nk: [" + ", ".join(["*x"] * 9_000) + "]\nk: 1\n"
    deep = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        deep.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return [wide, "\n".join(deep) + "\ni: 1\n"]


@pytest.mark.parametrize("bomb", bombs(), ids=["wide", "deep"])
def test_a_yaml_bomb_is_refused_before_it_expands(served, witness, worker, admin, bomb):
    before = peak_rss_mib(worker)
    answer = admin.post(served.url + "/workspace/validate", json={"source": bomb}, timeout=60)
    assert answer.status_code == 200 and len(answer.content) < 2_000
    verdict = answer.json()
    assert not verdict["ok"] and "alias" in verdict["findings"][0]["message"]
    assert peak_rss_mib(worker) - before < SLACK_MIB
    witness.still_serving()


def test_a_cookie_saved_before_logout_opens_nothing(served, witness):
    leaver = logged_in(served.url, LEAVER)
    assert leaver.get(served.url + "/admin/users", timeout=10).status_code == 200
    saved = leaver.cookies.get("session")
    leaver.post(served.url + "/logout", timeout=10)
    thief = requests.Session()
    thief.cookies.set("session", saved)
    answer = thief.get(served.url + "/admin/users", allow_redirects=False, timeout=10)
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
    witness.still_serving()
