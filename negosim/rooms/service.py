"""Live runs: validate, analyse, record, let the counterpart answer, record, then publish.

The service is the rooms' one door; what it owns is split by concern: the live-run
registry (``rooms.live``), the unit of work that records an engine's happenings and
publishes them after the commit (``rooms.work``, ``rooms.outbox``), ownership and
hand-over (``rooms.ownership``), the clock (``rooms.clock``) and, in the database,
the queries (``store``). Every event is written before it is published, numbered by
the database; the counterpart's state is rebuilt from the journal whenever a run is
not loaded (after a restart, or in another process).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from negosim import events as ev
from negosim.analysis.context import Context
from negosim.analysis.model import Analysis
from negosim.engine.facilitator import Facilitator
from negosim.engine.negotiation import CandidateTurn
from negosim.engine.utility import Terms
from negosim.events import Happening
from negosim.prose import paragraphs
from negosim.rooms.audience import visible
from negosim.rooms.clock import Clock, Timekeeper, WallClock
from negosim.rooms.errors import RoomError
from negosim.rooms.live import LiveRun, LiveRuns
from negosim.rooms.outbox import Later, Outbox, later_in_thread
from negosim.rooms.ownership import Ownership, handovers, owner_of
from negosim.rooms.work import Units, Work
from negosim.scenario.catalog import Catalog
from negosim.scenario.loader import LoadedScenario
from negosim.store import journal
from negosim.store.db import Store
from negosim.store.models import Member, Run, ScenarioVersion
from negosim.store.runs import add_member, by_code, member_by_token, new_code
from negosim.store.scenarios import load_version, save_version
from negosim.vocabulary import Mode, Role, RunStatus, Side

__all__ = ["Joined", "LiveRun", "RoomError", "RoomService", "owner_of", "side_card", "side_for"]

Analyze = Callable[[str, Context], Analysis]
Publish = Callable[[int, list[dict[str, Any]]], None]


def side_card(side: Any) -> dict[str, str]:
    """What everyone may know of a side: its stance, company and role, never its brief."""
    return {"stance": side.stance, "company": side.company, "role": side.role}


def side_for(mode: str, side: str | None) -> Side:
    """The side a new member belongs to: its team code's in team-against-team rooms, else
    the learner's."""
    if mode != Mode.TEAMS:
        return Side.LEARNER
    if side not in tuple(Side):
        raise RoomError("bad_side", "this room is team against team: join with your team's code")
    return Side(side)


def refuse_unless_under_way(live: LiveRun) -> None:
    if live.status == RunStatus.WAITING:
        raise RoomError("not_started", "the negotiation has not started")
    if live.status != RunStatus.NEGOTIATING:
        raise RoomError("run_over", "the negotiation is over")


@dataclass(frozen=True)
class Joined:
    run_id: int
    code: str
    member: dict[str, Any]  # id, name, role, side
    token: str
    events: list[dict[str, Any]]

    @property
    def member_id(self) -> int:
        return int(self.member["id"])


class RoomService:
    def __init__(
        self,
        store: Store,
        catalog: Callable[[], Catalog],
        analyze: Analyze,
        publish: Publish,
        clock: Clock | None = None,
        max_turn_chars: int = 2000,
        max_sheet_chars: int = 4000,
        on_end: Callable[[int], None] | None = None,
        capacity: int = 12,
        idle_s: float = 3600.0,
        reply_delay_s: float = 0.0,
        notify: Callable[[int, str, dict[str, Any]], None] | None = None,
        later: Later = later_in_thread,
        driving: Callable[[list[int]], Iterable[int]] | None = None,
    ) -> None:
        self.store = store
        self.catalog = catalog
        self.analyze = analyze
        self.clock = clock or WallClock()
        self.max_turn_chars = max_turn_chars
        self.max_sheet_chars = max_sheet_chars
        self.capacity = capacity
        self.notify = notify
        self.live = LiveRuns(store)
        self.outbox = Outbox(publish, later)
        self.units = Units(
            store,
            self.live,
            self.outbox,
            lambda started: self.clock.elapsed(started),
            on_end,
            typing=self._typing if notify else None,
        )
        self.ownership = Ownership(store, self.units)
        self.timekeeper = Timekeeper(
            store,
            self.live,
            self.units,
            lambda started: self.clock.elapsed(started),
            idle_s,
            **({"driving": driving} if driving else {}),
        )
        self.reply_delay_s = reply_delay_s

    @property
    def idle_s(self) -> float:
        """An open room where nothing was recorded for this long is closed."""
        return self.timekeeper.idle_s

    @idle_s.setter
    def idle_s(self, value: float) -> None:
        self.timekeeper.idle_s = float(value)

    @property
    def reply_delay_s(self) -> float:
        """How long the counterpart is shown typing before its answer is published."""
        return self.units.hold_s

    @reply_delay_s.setter
    def reply_delay_s(self, value: float) -> None:
        self.units.hold_s = float(value)

    # -- creating and joining ---------------------------------------------------

    def create(
        self,
        scenario_id: str,
        mode: str = Mode.COUNTERPART,
        duration_min: int | None = None,
        prep_min: int | None = None,
        seed: int | None = None,
    ) -> Run:
        loaded = self.catalog().get(scenario_id)
        if loaded is None:
            raise RoomError("unknown_scenario", f"no scenario {scenario_id!r}")
        return self._open(loaded, mode, duration_min, prep_min, seed)

    def create_from_version(
        self,
        version_id: int,
        mode: str = Mode.COUNTERPART,
        duration_min: int | None = None,
        prep_min: int | None = None,
        seed: int | None = None,
        tester: int | None = None,
    ) -> Run:
        """A room with exactly this stored text, current or not (a trainer's test-play).

        ``tester``: the account that opened it to play it; that account takes part in this
        room like a candidate (see ``tester_of``), where staff otherwise only observe.
        """
        with self.store.Session() as session:
            version = session.get(ScenarioVersion, version_id)
            if version is None:
                raise RoomError("unknown_scenario", f"no scenario version {version_id}")
            loaded = self.live.known_scenario(version_id) or load_version(version)
        return self._open(loaded, mode, duration_min, prep_min, seed, tester)

    def _open(
        self,
        loaded: LoadedScenario,
        mode: str,
        duration_min: int | None,
        prep_min: int | None,
        seed: int | None,
        tester: int | None = None,
    ) -> Run:
        if mode not in tuple(Mode):
            raise RoomError("bad_mode", f"mode must be one of {', '.join(Mode)}")
        duration = int(duration_min or loaded.scenario.duration_min)
        prep = int(loaded.scenario.prep_min if prep_min is None else prep_min)
        if not 1 <= duration <= 180 or not 0 <= prep <= 120:
            raise RoomError("bad_duration", "duration must be 1–180 minutes, preparation 0–120")
        seed = random.randrange(1, 2**31) if seed is None else int(seed)
        with self.store.Session.begin() as session:
            version = save_version(session, loaded)
            run = Run(
                code=new_code(session),
                scenario_version_id=version.id,
                mode=Mode(mode),
                seed=seed,
                duration_s=duration * 60,
                prep_s=prep * 60,
                status=RunStatus.WAITING,
            )
            session.add(run)
            session.flush()
            created = {
                "scenario_id": loaded.id,
                "digest": loaded.digest,
                "mode": Mode(mode),
                "seed": seed,
                "duration_s": run.duration_s,
                "prep_s": run.prep_s,
            } | ({"tester": int(tester)} if tester is not None else {})
            journal.append(session, run.id, [Happening(ev.RUN_CREATED, created)], elapsed_s=0.0)
        self.live.remember_scenario(version.id, loaded)  # committed: the id is this text's
        return run

    def join(
        self,
        code: str,
        name: str,
        role: str,
        token: str | None = None,
        last_seq: int = 0,
        with_events: bool = True,
        side: str | None = None,
        staff: bool = False,
        on_admit: Callable[[Session, Member], None] | None = None,
    ) -> Joined:
        """Enter a room, or come back to it with the token; returns what the member missed.

        A socket handler passes ``with_events=False`` and reads the missed events itself
        once the connection is in the broadcast room, so nothing falls in between.
        A candidate belongs to a side (``side_for``); a ``staff`` account to none.
        ``on_admit`` runs in the same transaction as a new member's admission (a candidate
        account's seat): the join is recorded whole or not at all.
        """
        name = " ".join(str(name or "").split())[:60]
        if role not in tuple(Role):
            raise RoomError("bad_role", f"role must be one of {', '.join(Role)}")
        with self.store.Reader() as session:  # coming back changes nothing: no lock
            run = by_code(session, code)
            if run is None:
                raise RoomError("unknown_room", f"no room with code {code!r}")
            run_id, code = run.id, run.code
            member = member_by_token(session, run_id, token) if token else None
        if member is None:
            with self.units.of(run_id) as work:
                member = self._admit(work, name, role, side, staff)
                if on_admit is not None:
                    on_admit(work.session, member)
        joined = Joined(
            run_id,
            code,
            {"id": member.id, "name": member.name, "role": member.role, "side": member.side},
            member.token,
            [],
        )
        if with_events:  # read after the write lock is released
            sides = (Side.of(joined.member["side"]),)
            joined.events.extend(self.events_since(run_id, max(0, int(last_seq)), sides))
        return joined

    def _admit(self, work: Work, name: str, role: str, side: str | None, staff: bool):
        run = work.run
        if not name:
            raise RoomError("bad_name", "a display name is required")
        if not RunStatus(run.status).is_open:
            raise RoomError("run_over", "this room is closed")
        if len(run.members) >= self.capacity:
            raise RoomError("room_full", f"the room holds {self.capacity} members")
        if not staff and any(m.name.casefold() == name.casefold() for m in run.members):
            # two "Alice" in one room: nobody could tell whose turn is whose (a staff
            # account watching again from another browser is the same person)
            raise RoomError("name_taken", f"{name!r} is already in this room")
        member = add_member(
            work.session, run, name, role, None if staff else side_for(run.mode, side)
        )
        joined = {"member_id": member.id, "name": member.name, "role": member.role}
        work.record([Happening(ev.MEMBER_JOINED, joined | {"side": member.side})])
        return member

    # -- the negotiation --------------------------------------------------------

    def start(self, run_id: int, member_id: int) -> None:
        with self.units.of(run_id) as work:
            if work.live.status != RunStatus.WAITING:
                return
            run = work.run
            work.member(member_id, speaking=True)
            run.status, run.started_at = RunStatus.NEGOTIATING, datetime.now(UTC)
            work.live.started_at, work.live.status = run.started_at, RunStatus.NEGOTIATING
            # the phase the counterpart opens in: the badge shows it before any phase change
            phase = work.live.negotiation.snapshot()["phase"]
            said = [
                Happening(ev.NEGOTIATION_STARTED, {"duration_s": run.duration_s, "phase": phase})
            ]
            work.record(said + work.live.negotiation.open(), elapsed_s=0.0)

    def say(self, run_id: int, member_id: int, client_id: str, text: str) -> tuple[int, bool]:
        """Record a candidate turn and the counterpart's answer; returns (seq, was_duplicate).

        The analysis runs before the run is locked; the answer is published after the
        counterpart's typing pause, by the outbox, while no lock is held.
        """
        text = str(text or "").strip()
        if not text:
            raise RoomError("empty", "the message is empty")
        if len(text) > self.max_turn_chars:
            raise RoomError(
                "too_long",
                f"the message is longer than {self.max_turn_chars} characters",
                limit=self.max_turn_chars,
            )
        client_id = str(client_id or "")[:64]
        if not client_id:
            raise RoomError("bad_request", "client_id is required")
        duplicate = self._find_duplicate(run_id, client_id)
        if duplicate is not None:
            return duplicate, True
        side = self._side_of(run_id, member_id)
        with self.live.using(run_id) as live:
            refuse_unless_under_way(live)
            context = live.negotiation.context(side, live.last_counterpart_text)
        analysis = self.analyze(text, context)
        try:
            with self.units.of(run_id) as work:
                seq = self._record_turn(work, member_id, client_id, text, analysis)
        except IntegrityError:  # the same turn, sent twice at once: stored by the other
            seq = self._find_duplicate(run_id, client_id)
            if seq is None:
                raise
            return seq, True
        if seq is None:
            raise RoomError("run_over", "the negotiation is over")
        return abs(seq), seq < 0

    def _record_turn(
        self, work: Work, member_id: int, client_id: str, text: str, analysis: Analysis
    ) -> int | None:
        """The turn and the counterpart's answer, or the time-out if too late; returns the
        turn's seq (negative: stored before), or None when the run is over."""
        live, found = work.live, journal.find_by_client_id(work.session, work.run.id, client_id)
        if found is not None:
            return -found.seq
        if live.status != RunStatus.NEGOTIATING:
            return None
        member = work.member(member_id, speaking=True)
        if work.elapsed_s >= live.duration_s:
            work.record(live.negotiation.clock(work.elapsed_s))
            return None
        speaker, side = f"member:{member.id}", Side.of(member.side)
        turn = Happening(
            ev.TURN,
            {
                "speaker": speaker,
                "side": side,
                "name": member.name,
                "role": member.role,
                "text": text,
                **analysis.to_dict(),
            },
            speaker,
        )
        said = live.negotiation.hear(CandidateTurn(text, analysis, work.elapsed_s, speaker, side))
        rows = work.record([turn, *said], client_id=client_id)
        answer = next(
            (
                i
                for i, e in enumerate(work.out)
                if i > 0 and e["kind"] == ev.TURN and e["payload"]["speaker"] == ev.COUNTERPART
            ),
            None,
        )
        if answer is not None:  # the candidate's turn at once, the answer after its typing
            work.hold_from, work.typist = 1, str(work.out[answer]["payload"].get("name", ""))
        return rows[0].seq

    def _typing(self, run_id: int, name: str) -> None:
        if self.notify:
            self.notify(run_id, "typing", {"member_id": None, "name": name})

    def finish(self, run_id: int, member_id: int) -> None:
        """End the run early: only its owner may (see ``owner_of``); the clock ends it anyway."""
        with self.units.of(run_id) as work:
            if work.live.status == RunStatus.ENDED:
                return
            side = Side.of(work.member(member_id, speaking=True).side)
            if owner_of(work.run, side, handovers(work.session, run_id)) != member_id:
                raise RoomError("not_owner", "only the room's owner may end the session")
            negotiation = work.live.negotiation
            if isinstance(negotiation, Facilitator):
                work.record(negotiation.finish("stopped", by=side))  # a team walks away
            else:
                work.record(negotiation.finish("stopped"))

    def accept(self, run_id: int, member_id: int, seen: Terms) -> None:
        """Team against team: the member's side accepts the other side's latest offer, a deal.

        ``seen`` is the offer the member confirmed: if the other side changed its terms in the
        meantime, nothing is signed (``stale_offer``) and the member reads the new ones first.
        """
        with self.units.of(run_id) as work:
            negotiation = work.live.negotiation
            if not isinstance(negotiation, Facilitator):
                raise RoomError("bad_mode", "only team-against-team rooms accept offers")
            refuse_unless_under_way(work.live)
            side = Side.of(work.member(member_id, speaking=True).side)
            offered = negotiation.offer_to(side)
            if not offered:
                raise RoomError("nothing_to_accept", "the other side has made no offer yet")
            if offered != seen:
                raise RoomError("stale_offer", "the other side changed its offer meanwhile")
            work.record(negotiation.accept(side))

    def edit_sheet(
        self, run_id: int, member_id: int, name: str, value: str, base_version: int
    ) -> int:
        """Record one field of the member's side's sheet; returns its new version.

        Raises ``StaleEdit`` (with the current text) when the edit is based on an old version.
        """
        value = str(value or "")
        if len(value) > self.max_sheet_chars:
            raise RoomError(
                "too_long",
                f"a field holds at most {self.max_sheet_chars} characters",
                limit=self.max_sheet_chars,
            )
        with self.units.of(run_id) as work:
            if work.live.status == RunStatus.ENDED:
                raise RoomError("run_over", "the negotiation is over")
            member = work.member(member_id, speaking=True)
            edit = work.live.sheet.edit(
                Side.of(member.side),
                name,
                value,
                int(base_version),
                f"member:{member.id}",
                member.name,
            )
            work.record([edit])
        return int(work.out[0]["payload"]["version"])

    # -- the clock --------------------------------------------------------------

    def tick(self) -> None:
        """End the runs whose clock ran out (also the ones a restart left behind) and idle rooms."""
        self.timekeeper.tick()

    def expire_idle(self) -> list[int]:
        """Close the open rooms where nothing was recorded for ``idle_s``; returns their ids."""
        return self.timekeeper.expire_idle()

    # -- ownership --------------------------------------------------------------

    def owner(self, run_id: int, side: str | None = None) -> int | None:
        return self.ownership.owner(run_id, side)

    def owners(self, run_id: int) -> dict[str, dict[str, Any]]:
        return self.ownership.owners(run_id)

    def hand_over(self, run_id: int, leaving: int, present: list[int]) -> None:
        self.ownership.hand_over(run_id, leaving, present)

    # -- reading ----------------------------------------------------------------

    def briefs(self, run_id: int, side: str | None) -> dict[str, Any]:
        """The public brief, and the private brief of ``side`` (None: staff, every side's).

        Sent in the join acknowledgement to that member only: a side's brief never
        reaches the other side's pages or sockets.
        """
        with self.live.using(run_id) as live:
            scenario, mode = live.loaded.scenario, live.mode
        shown = (Side.of(side),) if side is not None else tuple(Side)
        return {
            "mode": mode,
            "public": scenario.public_brief,
            "sides": {s: side_card(scenario.sides[s]) for s in Side},
            "private": {
                s: {
                    "brief": scenario.sides[s].brief,
                    "paragraphs": paragraphs(scenario.sides[s].brief),  # as the author meant it
                    "objectives": list(scenario.sides[s].objectives),
                    "batna": scenario.sides[s].batna,
                }
                for s in shown
            },
        }

    def snapshot(self, run_id: int) -> dict[str, Any]:
        with self.live.using(run_id) as live, live.lock:
            state = live.negotiation.snapshot()
        return {
            **state,
            "status": live.status,
            "duration_s": live.duration_s,
            "started_at": live.started_at.isoformat() if live.started_at else None,
            "server_now": datetime.now(UTC).isoformat(),
        }

    def tester_of(self, run_id: int) -> int | None:
        """The account that opened this room to test-play its scenario, if one did."""
        with self.store.Reader() as session:
            created = journal.of_kind(session, run_id, ev.RUN_CREATED)
        tester = created[0].payload.get("tester") if created else None
        return int(tester) if tester is not None else None

    def run_id_of(self, code: str) -> int | None:
        """The run behind a room code, or None: lets the socket layer check access first."""
        with self.store.Reader() as session:
            run = by_code(session, code)
            return run.id if run is not None else None

    def events_since(
        self, run_id: int, seq: int, sides: tuple[str, ...] | None = None
    ) -> list[dict[str, Any]]:
        """The events after ``seq`` a viewer of ``sides`` may see (None: every side, staff)."""
        return self.catch_up(run_id, seq, sides)[0]

    def catch_up(
        self, run_id: int, seq: int, sides: tuple[str, ...] | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """What a viewer missed after ``seq``, and the run's last sequence number.

        The other side's private events leave gaps in what a member receives; the
        last number lets its client move past them instead of asking again.
        """
        with self.store.Reader() as session:
            rows = [
                journal.to_recorded(e).to_dict() for e in journal.events_after(session, run_id, seq)
            ]
        head = rows[-1]["seq"] if rows else seq
        return [e for e in rows if visible(e, sides)], head

    def unload(self, run_id: int) -> None:
        """Drop the run's live copy, as a restart would: the next use rebuilds it."""
        self.live.forget(run_id)

    def _side_of(self, run_id: int, member_id: int) -> Side:
        """The side a member speaks for, read before the turn is analysed in context."""
        with self.store.Reader() as session:
            run = session.get(Run, run_id)
            member = next((m for m in (run.members if run else ()) if m.id == member_id), None)
            return Side.of(member.side if member else None)

    def _find_duplicate(self, run_id: int, client_id: str) -> int | None:
        with self.store.Reader() as session:
            found = journal.find_by_client_id(session, run_id, client_id)
            return found.seq if found else None
