"""The shared preparation sheet: live, versioned, never silently losing a teammate's text."""

import pytest

from negosim.rooms.sheet import SHEET_UPDATED, Sheet, StaleEdit
from negosim.rooms.sockets import NAMESPACE
from tests.conftest import SCENARIO
from tests.helpers import joined


@pytest.fixture
def room(service):
    return service.create(SCENARIO, seed=4)


def edit(sc, field, value, base):
    return sc.emit(
        "sheet_edit",
        {"field": field, "value": value, "base_version": base},
        namespace=NAMESPACE,
        callback=True,
    )


def sheet_events(sc):
    return [
        e
        for p in sc.get_received(NAMESPACE)
        if p["name"] == "events"
        for e in p["args"][0]
        if e["kind"] == SHEET_UPDATED
    ]


def test_an_edit_based_on_an_old_version_is_refused_with_the_current_text():
    sheet = Sheet()
    first = sheet.edit("learner", "batna", "Autre client à 620 €", 0, "member:1", "Alice")
    sheet.note(first.payload)
    with pytest.raises(StaleEdit) as stale:
        sheet.edit("learner", "batna", "Rien", 0, "member:2", "Bob")
    assert stale.value.current == {
        "field": "batna",
        "value": "Autre client à 620 €",
        "version": 1,
        "by": "member:1",
    }
    assert sheet.edit("seller", "batna", "x", 0, "member:3").payload["version"] == 1  # per side


def test_teammates_see_each_edit_and_a_concurrent_edit_loses_nothing(socket_client, room):
    alice, me = joined(socket_client, room.code, "Alice")
    bob, _ = joined(socket_client, room.code, "Bob", "support")
    ack = edit(alice, "objectives", "Prix cible 650 €\n", 0)
    assert ack == {"ok": True, "version": 1}
    seen = sheet_events(bob)
    assert seen[-1]["payload"] == {
        "side": "learner",
        "field": "objectives",
        "value": "Prix cible 650 €\n",
        "version": 1,
        "by": f"member:{me['member']['id']}",
        "name": "Alice",
    }
    # Bob typed from version 0 too: refused, told Alice's text, he keeps both and saves.
    late = edit(bob, "objectives", "Délai 8 semaines", 0)
    assert late["ok"] is False and late["error"]["code"] == "stale_sheet"
    assert late["current"]["value"] == "Prix cible 650 €\n" and late["current"]["version"] == 1
    both = late["current"]["value"] + "Délai 8 semaines"
    assert edit(bob, "objectives", both, late["current"]["version"]) == {"ok": True, "version": 2}
    assert sheet_events(alice)[-1]["payload"]["value"] == both


def test_the_sheet_comes_back_on_rejoin_and_after_a_rebuild(socket_client, room, service):
    alice, first = joined(socket_client, room.code, "Alice")
    edit(alice, "clauses", "Pénalités de retard", 0)
    service.unload(room.id)  # as after a restart: the next edit rebuilds from the journal
    assert edit(alice, "clauses", "Pénalités de retard plafonnées", 1)["version"] == 2
    back = socket_client()
    ack = back.emit(
        "join", {"code": room.code, "token": first["token"]}, namespace=NAMESPACE, callback=True
    )
    values = [e["payload"]["value"] for e in ack["events"] if e["kind"] == SHEET_UPDATED]
    assert values == ["Pénalités de retard", "Pénalités de retard plafonnées"]


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"field": "password", "value": "x"}, "bad_request"),
        ({"field": "batna", "value": "x" * 4001}, "too_long"),
        ({"field": "batna", "value": "x", "base_version": -1}, "bad_request"),
    ],
)
def test_bad_sheet_edits_are_refused(socket_client, room, payload, code):
    alice, _ = joined(socket_client, room.code, "Alice")
    ack = alice.emit("sheet_edit", payload, namespace=NAMESPACE, callback=True)
    assert ack["error"]["code"] == code


def test_observers_do_not_edit_the_sheet(socket_client, room):
    jury, _ = joined(socket_client, room.code, "Jury", "observer")
    assert edit(jury, "batna", "x", 0)["error"]["code"] == "observer"
