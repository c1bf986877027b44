"""The journal: one number per event per run, also under concurrent writers."""

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from negosim import events as ev
from negosim.events import Happening
from negosim.store import get_store, journal
from negosim.store.models import Event
from tests.conftest import SCENARIO


def test_concurrent_writers_never_share_a_sequence_number(app, service):
    run = service.create(SCENARIO, seed=1)
    store = get_store(app)

    def write(n: int) -> None:
        with store.Session.begin() as session:
            journal.append(
                session,
                run.id,
                [Happening("test", {"n": n}), Happening("test", {"n": n})],
                elapsed_s=0.0,
            )

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(write, range(200)))
    with store.Session() as session:
        seqs = session.scalars(
            select(Event.seq).where(Event.run_id == run.id).order_by(Event.seq)
        ).all()
    assert seqs == list(range(1, 402))  # run.created + 400


def test_a_client_id_is_stored_once(app, service):
    run = service.create(SCENARIO, seed=1)
    store = get_store(app)
    with store.Session.begin() as session:
        journal.append(
            session, run.id, [Happening(ev.TURN, {"text": "a"})], elapsed_s=0, client_id="c1"
        )
    with store.Session() as session:
        assert journal.find_by_client_id(session, run.id, "c1").payload == {"text": "a"}
        count = session.scalar(
            select(func.count()).select_from(Event).where(Event.client_id == "c1")
        )
    assert count == 1
