"""What the socket transport refuses before any handler: forged life-cycle events."""

import pytest

from negosim.rooms.sockets import NAMESPACE
from tests.conftest import SCENARIO
from tests.staff import login, make_cohort, make_user


def emit(sc, event, data=None):
    return sc.emit(event, data or {}, namespace=NAMESPACE, callback=True)


@pytest.fixture
def jade(app, client, socket_client, service):
    """A jury member of another cohort, refused in the room, on a connection of her own."""
    room = service.create(SCENARIO, seed=4)
    make_user(app, "jade", "jury")
    make_cohort(app, "Promo B", jury=("jade",))
    login(client, "jade")
    sc = socket_client()
    refused = emit(sc, "join", {"code": room.code, "name": "Jade", "role": "observer"})
    assert refused["error"]["code"] == "forbidden"
    return sc, room


@pytest.mark.parametrize("event", ["disconnect", "connect", "connect_error"])
def test_a_forged_life_cycle_event_is_refused_by_name_and_changes_nothing(jade, event):
    sc, room = jade
    ack = emit(sc, event, {"reason": "forged"})
    assert ack["ok"] is False and ack["error"]["code"] == "reserved_event"
    assert sc.is_connected(NAMESPACE)
    again = emit(sc, "join", {"code": room.code, "name": "Jade", "role": "lead"})
    assert again["ok"] is False and again["error"]["code"] in ("forbidden", "observe_only")


def test_a_forged_disconnect_does_not_take_a_member_out_of_the_room(socket_client, service):
    room = service.create(SCENARIO, seed=4)
    sc = socket_client()
    assert emit(sc, "join", {"code": room.code, "name": "Alice"})["ok"]
    emit(sc, "disconnect")
    assert emit(sc, "start") == {"ok": True}
