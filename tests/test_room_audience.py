"""Private audiences: a side's preparation sheet is its own; everything else is public."""

from negosim import events as ev
from negosim.rooms.audience import audience, chunks, visible


def event(seq, kind, **payload):
    return {"seq": seq, "kind": kind, "payload": payload}


def test_a_sheet_edit_belongs_to_its_side_and_everything_else_to_all():
    assert audience(ev.SHEET_UPDATED, {"side": "counterpart"}) == "side:counterpart"
    assert audience(ev.SHEET_UPDATED, {"side": "learner"}) == "side:learner"
    for kind in (ev.TURN, ev.TERMS, ev.MEMBER_JOINED, ev.RUN_ENDED, ev.STATE_CHANGED):
        assert audience(kind, {"side": "counterpart"}) == "all"


def test_a_side_sees_public_events_and_its_own_sheet_staff_see_every_side():
    theirs = event(3, ev.SHEET_UPDATED, side="counterpart", value="plancher 600 €")
    ours = event(4, ev.SHEET_UPDATED, side="learner", value="cible 650 €")
    turn = event(5, ev.TURN, side="counterpart", text="Bonjour")
    assert [visible(e, ("learner",)) for e in (theirs, ours, turn)] == [False, True, True]
    assert all(visible(e, None) for e in (theirs, ours, turn))


def test_published_batches_keep_the_recorded_order():
    batch = [
        event(1, ev.TURN),
        event(2, ev.SHEET_UPDATED, side="learner"),
        event(3, ev.SHEET_UPDATED, side="learner"),
        event(4, ev.TERMS),
    ]
    assert [(who, [e["seq"] for e in es]) for who, es in chunks(batch)] == [
        ("all", [1]),
        ("side:learner", [2, 3]),
        ("all", [4]),
    ]


def test_a_catch_up_skips_the_other_sides_events_and_says_how_far_the_run_went(service):
    from tests.conftest import SCENARIO

    room = service.create(SCENARIO, seed=3)
    alice = service.join(room.code, "Alice", "lead")
    service.edit_sheet(room.id, alice.member_id, "batna", "Autre client à 620 €", 0)
    ours, head = service.catch_up(room.id, 0, ("learner",))
    theirs, their_head = service.catch_up(room.id, 0, ("counterpart",))
    assert head == their_head == ours[-1]["seq"]
    assert ev.SHEET_UPDATED in [e["kind"] for e in ours]
    assert ev.SHEET_UPDATED not in [e["kind"] for e in theirs]
    assert "620" not in repr(theirs)
