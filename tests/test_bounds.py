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


def members_and_joins(app, run_id: int) -> tuple[int, int]:
    from negosim.store import get_store
    from negosim.store.models import Event, Member

    with get_store(app).Session() as db:
        members = db.query(Member).filter_by(run_id=run_id).count()
        joins = db.query(Event).filter_by(run_id=run_id, kind="member.joined").count()
        return members, joins


@pytest.mark.parametrize("last_seq", [HUGE, 2**31, -1])
def test_a_join_with_an_impossible_last_seq_is_refused_whole(app, service, socket_client, last_seq):
    room = service.create(SCENARIO, seed=4)
    sc = socket_client()
    ack = sc.emit(
        "join",
        {"code": room.code, "name": "Alice", "last_seq": last_seq},
        namespace=NAMESPACE,
        callback=True,
    )
    assert ack["ok"] is False and ack["error"]["code"] == "bad_request"
    assert "last_seq" in ack["error"]["detail"]
    assert members_and_joins(app, room.id) == (0, 0)


def test_catching_up_from_an_impossible_seq_is_refused(service, socket_client):
    room = service.create(SCENARIO, seed=4)
    sc = socket_client()
    join = {"code": room.code, "name": "Alice"}
    assert sc.emit("join", join, namespace=NAMESPACE, callback=True)["ok"]
    ack = sc.emit("catch_up", {"last_seq": HUGE}, namespace=NAMESPACE, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "bad_request"
    assert sc.emit("catch_up", {"last_seq": 0}, namespace=NAMESPACE, callback=True)["ok"]
