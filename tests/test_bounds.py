"""Numbers and nesting from clients, bounded at the edge: a clear refusal, never a 500."""

from __future__ import annotations

import pytest

from negosim.rooms.sockets import NAMESPACE
from tests.conftest import SCENARIO
from tests.staff import login, make_cohort, make_user

HUGE = 2**63  # one past what a database integer holds


@pytest.fixture
def admin(app, client):
    make_user(app, "anne", "admin")
    login(client, "anne")
    return client


@pytest.mark.parametrize(
    "url",
    [
        f"/runs/{HUGE}/replay",
        f"/runs/{HUGE}/debrief",
        f"/api/runs/{HUGE}/events",
        f"/api/runs/{HUGE}/annotations",
        f"/jury/sessions/{HUGE}",
        f"/workspace/{SCENARIO}/versions/{HUGE}",
        f"/cohorts/{HUGE}",
        f"/cohorts/{HUGE}/results.csv",
        f"/runs/{10**40}/replay",
    ],
)
def test_an_id_past_a_database_integer_is_not_found(admin, url):
    assert admin.get(url).status_code == 404


def test_ids_a_database_holds_still_reach_their_page(app, admin):
    cohort = make_cohort(app, "Promo A")
    assert admin.get(f"/cohorts/{cohort}").status_code == 200
    assert admin.get(f"/cohorts/{2**63 - 1}").status_code == 404


def test_json_nested_past_the_recursion_limit_is_a_400(admin):
    deep = "[" * 20_000 + "]" * 20_000
    answer = admin.post("/workspace/validate", data=deep, content_type="application/json")
    assert answer.status_code == 400


def test_a_socket_payload_nested_past_the_recursion_limit_is_refused(socket_client):
    sc = socket_client()
    deep = "[" * 20_000 + "]" * 20_000
    sc.socketio.server._handle_eio_message(sc.eio_sid, '2/room,1["join",' + deep + "]")
    refused = [p for p in sc.get_received(NAMESPACE) if p["name"] == "error"]
    assert refused[-1]["args"][0]["code"] == "bad_request"
    assert sc.emit("join", {"code": "ABCDEF"}, namespace=NAMESPACE, callback=True)["ok"] is False
