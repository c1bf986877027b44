"""Try again from here: a new room with the turns before the chosen one already played."""

import pytest

from negosim import events as ev
from negosim.rooms.branch import branch, origin_of
from negosim.rooms.errors import RoomError
from negosim.store import get_store
from tests.conftest import SCENARIO
from tests.helpers import GOOD_SESSION


def played(service, texts):
    run = service.create(SCENARIO, seed=7, prep_min=0)
    alice = service.join(run.code, "Alice", "lead")
    service.start(run.id, alice.member_id)
    for n, text in enumerate(texts):
        service.say(run.id, alice.member_id, f"c{n}", text)
    return run, alice


def turns(service, run_id):
    return [e for e in service.events_since(run_id, 0) if e["kind"] == ev.TURN]


def test_the_new_room_replays_the_turns_before_and_answers_the_same_turn_the_same_way(app, service):
    run, _ = played(service, GOOD_SESSION[:4])
    said = turns(service, run.id)
    third = [t for t in said if t["payload"]["speaker"] != ev.COUNTERPART][2]
    with get_store(app).Session.begin() as session:
        again = branch(session, run.id, third["seq"])
        again_id, code = again.id, again.code
    copied = turns(service, again_id)
    assert [t["payload"]["text"] for t in copied] == [
        t["payload"]["text"] for t in said if t["seq"] < third["seq"]
    ]
    bob = service.join(code, "Bob", "lead")
    service.say(again_id, bob.member_id, "again", third["payload"]["text"])
    answer = [t for t in turns(service, again_id) if t["seq"] > copied[-1]["seq"]][-1]
    original = next(t for t in said if t["seq"] > third["seq"])
    assert answer["payload"]["text"] == original["payload"]["text"]  # the engine is exact
    with get_store(app).Session() as session:
        assert origin_of(session, again_id) == {
            "from_run": run.id, "from_code": run.code, "from_seq": third["seq"]
        }  # fmt: skip
        assert origin_of(session, run.id) is None


def test_only_a_candidates_turn_of_a_counterpart_run_is_taken_again(app, service):
    run, _ = played(service, GOOD_SESSION[:1])
    answer = next(t for t in turns(service, run.id) if t["payload"]["speaker"] == ev.COUNTERPART)
    with get_store(app).Session.begin() as session, pytest.raises(RoomError) as refused:
        branch(session, run.id, answer["seq"])
    assert refused.value.code == "no_turn"
    teams = service.create(SCENARIO, mode="teams", prep_min=0)
    with get_store(app).Session.begin() as session, pytest.raises(RoomError) as refused:
        branch(session, teams.id, 1)
    assert refused.value.code == "bad_mode"


def test_the_replay_offers_it_and_the_room_says_where_it_came_from(client, service):
    run, _ = played(service, GOOD_SESSION[:2])
    client.get(f"/r/{run.code}")
    assert "/branch" in client.get(f"/runs/{run.id}/replay").get_data(as_text=True)
    mine = next(t for t in turns(service, run.id) if t["payload"]["speaker"] != ev.COUNTERPART)
    answer = client.post(f"/runs/{run.id}/branch", data={"seq": mine["seq"]})
    assert answer.status_code == 302
    room = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert f"Reprise du tour {mine['seq']} de la séance {run.code}" in room
    assert client.post(f"/runs/{run.id}/branch", data={"seq": "x"}).status_code == 400
    assert client.post("/runs/999/branch", data={"seq": 1}).status_code == 404


def test_a_session_taken_again_is_compared_side_by_side_with_the_one_it_came_from(
    app, client, service
):
    run, alice = played(service, GOOD_SESSION[:3])
    client.get(f"/r/{run.code}")
    mine = [t for t in turns(service, run.id) if t["payload"]["speaker"] != ev.COUNTERPART]
    again_url = client.post(f"/runs/{run.id}/branch", data={"seq": mine[1]["seq"]}).headers[
        "Location"
    ]
    code = again_url.rsplit("/", 1)[-1]
    again_id = service.run_id_of(code)
    bob = service.join(code, "Bob", "lead")
    service.say(again_id, bob.member_id, "b1", GOOD_SESSION[4])
    service.finish(again_id, bob.member_id)
    service.finish(run.id, alice.member_id)
    debrief = client.get(f"/runs/{again_id}/debrief").get_data(as_text=True)
    assert f"/runs/compare?a={run.id}&amp;b={again_id}" in debrief
    page = client.get(f"/runs/compare?a={run.id}&b={again_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('class="criterion"') == 12 and run.code in html and code in html
    # a session this browser never opened stays closed; nonsense ids are refused
    other, _ = played(service, GOOD_SESSION[:1])
    assert client.get(f"/runs/compare?a={run.id}&b={other.id}").status_code == 403
    assert client.get(f"/runs/compare?a={run.id}&b=x").status_code == 400
    assert client.get(f"/runs/compare?a={run.id}&b={2**70}").status_code == 400
