"""Live runs: validate, analyse, record, let the counterpart answer, record, then publish.

Every event is written before it is published, numbered by the database; the
counterpart's state lives in memory and is rebuilt from the journal whenever a
run is not loaded (after a restart, for instance).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from negosim import events as ev
from negosim.analysis.model import Analysis
from negosim.engine.facilitator import Facilitator
from negosim.engine.negotiation import CandidateTurn
from negosim.engine.replay import Engine, rebuild
from negosim.engine.utility import Terms
from negosim.events import Happening
from negosim.rooms.audience import visible
from negosim.rooms.sheet import SHEET_UPDATED, Sheet
from negosim.scenario.catalog import Catalog
from negosim.scenario.loader import LoadedScenario
from negosim.store import journal
from negosim.store.db import Store
from negosim.store.models import Event, Run, ScenarioVersion
from negosim.store.runs import add_member, by_code, by_id, member_by_token, new_code
from negosim.store.scenarios import load_version, save_version

ROLES = ("lead", "support", "note_taker", "observer")
MODES = ("counterpart", "teams")
SIDES = ("learner", "counterpart")

Analyze = Callable[[str, str | None, str | None], Analysis]
Publish = Callable[[int, list[dict[str, Any]]], None]


class RoomError(Exception):
    """A refused request, with a stable code the client can translate."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def owner_of(
    run: Run, side: str | None = None, handovers: list[dict[str, Any]] | None = None
) -> int | None:
    """The room's owner (team against team: the ``side``'s): the member named by the last
    recorded hand-over (``owner.changed`` payloads, in order), else the first member who
    joined to take part (observers never own it).
    """
    scope = side if run.mode == "teams" else None
    for p in reversed(handovers or []):
        if scope is None or p.get("side") == scope:
            return int(p["member_id"])
    return next(
        (
            m.id
            for m in run.members
            if m.role != "observer" and (scope is None or (m.side or "learner") == scope)
        ),
        None,
    )


def side_card(side: Any) -> dict[str, str]:
    """What everyone may know of a side: its stance, company and role, never its brief."""
    return {"stance": side.stance, "company": side.company, "role": side.role}


def side_for(mode: str, side: str | None) -> str:
    """The side a new member belongs to: chosen in team-against-team rooms, else the learner."""
    if mode != "teams":
        return "learner"
    if side not in SIDES:
        raise RoomError("bad_side", "choose the side you negotiate for")
    return str(side)


class Clock(Protocol):
    def elapsed(self, started_at: datetime) -> float: ...


class WallClock:
    def elapsed(self, started_at: datetime) -> float:
        return max(0.0, (datetime.now(UTC) - started_at).total_seconds())


@dataclass
class LiveRun:
    run_id: int
    loaded: LoadedScenario
    negotiation: Engine
    started_at: datetime | None
    duration_s: int
    status: str
    lock: threading.RLock = field(default_factory=threading.RLock)
    last_counterpart_text: str | None = None
    sheet: Sheet = field(default_factory=Sheet)
    mode: str = "counterpart"


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
    ) -> None:
        self.store = store
        self.catalog = catalog
        self.analyze = analyze
        self.publish = publish
        self.clock = clock or WallClock()
        self.max_turn_chars = max_turn_chars
        self.max_sheet_chars = max_sheet_chars
        self.on_end = on_end
        self.capacity = capacity
        self.idle_s = idle_s
        self.reply_delay_s = reply_delay_s
        self.notify = notify
        self._expired_at = 0.0
        self._scenarios: dict[int, LoadedScenario] = {}  # by scenario version id
        self._live: dict[int, LiveRun] = {}
        self._live_lock = threading.Lock()

    # -- creating and joining ---------------------------------------------------

    def create(
        self,
        scenario_id: str,
        mode: str = "counterpart",
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
        mode: str = "counterpart",
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
            loaded = self._scenarios.get(version_id) or load_version(version)
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
        if mode not in MODES:
            raise RoomError("bad_mode", f"mode must be one of {', '.join(MODES)}")
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
                mode=mode,
                seed=seed,
                duration_s=duration * 60,
                prep_s=prep * 60,
                status="waiting",
            )
            session.add(run)
            session.flush()
            journal.append(
                session,
                run.id,
                [
                    Happening(
                        ev.RUN_CREATED,
                        {
                            "scenario_id": loaded.id,
                            "digest": loaded.digest,
                            "mode": mode,
                            "seed": seed,
                            "duration_s": run.duration_s,
                            "prep_s": run.prep_s,
                        }
                        | ({"tester": int(tester)} if tester is not None else {}),
                    )
                ],
                elapsed_s=0.0,
            )
        self._scenarios.setdefault(version.id, loaded)  # committed: the id is this text's
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
    ) -> Joined:
        """Enter a room, or come back to it with the token; returns what the member missed.

        A socket handler passes ``with_events=False`` and reads the missed events itself
        once the connection is in the broadcast room, so nothing falls in between.
        A candidate belongs to a side (``side_for``); a ``staff`` account to none.
        """
        name = " ".join(str(name or "").split())[:60]
        if role not in ROLES:
            raise RoomError("bad_role", f"role must be one of {', '.join(ROLES)}")
        with self.store.Session.begin() as session:
            run = by_code(session, code)
            if run is None:
                raise RoomError("unknown_room", f"no room with code {code!r}")
            member = member_by_token(session, run.id, token) if token else None
            new_events: list[dict[str, Any]] = []
            if member is None:
                if not name:
                    raise RoomError("bad_name", "a display name is required")
                if run.status not in ("waiting", "negotiating"):
                    raise RoomError("run_over", "this room is closed")
                if len(run.members) >= self.capacity:
                    raise RoomError("room_full", f"the room holds {self.capacity} members")
                side = None if staff else side_for(run.mode, side)
                member = add_member(session, run, name, role, side)
                rows = journal.append(
                    session,
                    run.id,
                    [
                        Happening(
                            ev.MEMBER_JOINED,
                            {
                                "member_id": member.id,
                                "name": member.name,
                                "role": member.role,
                                "side": member.side,
                            },
                        )
                    ],
                    elapsed_s=self._elapsed(run),
                )
                new_events = [journal.to_recorded(r).to_dict() for r in rows]
            joined = Joined(
                run.id,
                run.code,
                {"id": member.id, "name": member.name, "role": member.role, "side": member.side},
                member.token,
                [],
            )
        if new_events:
            self.publish(joined.run_id, new_events)
        if with_events:  # read after the write lock is released
            sides = (joined.member["side"] or "learner",)
            joined.events.extend(self.events_since(joined.run_id, max(0, int(last_seq)), sides))
        return joined

    # -- the negotiation --------------------------------------------------------

    def start(self, run_id: int, member_id: int) -> None:
        with self._using(run_id) as live, live.lock:
            if live.status != "waiting":
                return
            with self.store.Session.begin() as session:
                run = self._member_run(session, run_id, member_id, speaking=True)
                run.status = "negotiating"
                run.started_at = datetime.now(UTC)
                live.started_at, live.status = run.started_at, run.status
                said = [Happening(ev.NEGOTIATION_STARTED, {"duration_s": run.duration_s})]
                said += live.negotiation.open()
                rows = journal.append(session, run_id, said, elapsed_s=0.0)
                out = self._note(live, rows)
            self.publish(run_id, out)

    def say(self, run_id: int, member_id: int, client_id: str, text: str) -> tuple[int, bool]:
        """Record a candidate turn and the counterpart's answer; returns (seq, was_duplicate)."""
        text = str(text or "").strip()
        if not text:
            raise RoomError("empty", "the message is empty")
        if len(text) > self.max_turn_chars:
            raise RoomError(
                "too_long", f"the message is longer than {self.max_turn_chars} characters"
            )
        client_id = str(client_id or "")[:64]
        if not client_id:
            raise RoomError("bad_request", "client_id is required")
        duplicate = self._find_duplicate(run_id, client_id)
        if duplicate is not None:
            return duplicate, True
        with self._using(run_id) as live:
            if live.status != "negotiating":
                raise RoomError(
                    "not_started" if live.status == "waiting" else "run_over",
                    "the negotiation has not started"
                    if live.status == "waiting"
                    else "the negotiation is over",
                )
            analysis = self.analyze(text, live.loaded.scenario.language, live.last_counterpart_text)
            with live.lock:
                try:
                    seq, out = self._record_turn(live, member_id, client_id, text, analysis)
                except IntegrityError:
                    self._forget(run_id)
                    seq = self._find_duplicate(run_id, client_id)
                    if seq is None:
                        raise
                    return seq, True
                except Exception:
                    self._forget(run_id)  # the journal is the truth: rebuild from it next time
                    raise
                self._publish_with_typing(run_id, out)
        self._ended(run_id, out)
        if seq is None:
            raise RoomError("run_over", "the negotiation is over")
        return abs(seq), seq < 0

    def _publish_with_typing(self, run_id: int, out: list[dict[str, Any]]) -> None:
        """The candidate's turn at once; the counterpart's answer after its typing delay.

        Called under the run's lock, so a turn sent meanwhile is published after
        the answer, in the recorded order.
        """
        answer = next(
            (
                e
                for e in out[1:]
                if e["kind"] == ev.TURN and e["payload"]["speaker"] == ev.COUNTERPART
            ),
            None,
        )
        if not out or answer is None or self.reply_delay_s <= 0:
            if out:
                self.publish(run_id, out)
            return
        self.publish(run_id, out[:1])
        if self.notify:
            self.notify(run_id, "typing", {"member_id": None, "name": answer["payload"]["name"]})
        time.sleep(self.reply_delay_s)
        self.publish(run_id, out[1:])

    def _record_turn(
        self, live: LiveRun, member_id: int, client_id: str, text: str, analysis: Analysis
    ) -> tuple[int | None, list[dict[str, Any]]]:
        """One transaction: the turn and the counterpart's answer, or the time-out if too late."""
        with self.store.Session.begin() as session:
            found = journal.find_by_client_id(session, live.run_id, client_id)
            if found is not None:
                return -found.seq, []
            run = self._member_run(session, live.run_id, member_id, speaking=True)
            member = next(m for m in run.members if m.id == member_id)
            elapsed = self.clock.elapsed(live.started_at) if live.started_at else 0.0
            if elapsed >= live.duration_s:
                rows = journal.append(
                    session, live.run_id, live.negotiation.clock(elapsed), elapsed_s=elapsed
                )
                return None, self._note(live, rows, run)
            turn = Happening(
                ev.TURN,
                {
                    "speaker": f"member:{member.id}",
                    "side": member.side or "learner",
                    "name": member.name,
                    "role": member.role,
                    "text": text,
                    **analysis.to_dict(),
                },
                f"member:{member.id}",
            )
            said = live.negotiation.hear(
                CandidateTurn(
                    text, analysis, elapsed, f"member:{member.id}", member.side or "learner"
                )
            )
            rows = journal.append(
                session, live.run_id, [turn, *said], elapsed_s=elapsed, client_id=client_id
            )
            return rows[0].seq, self._note(live, rows, run)

    def finish(self, run_id: int, member_id: int) -> None:
        """End the run early: only its owner may (see ``owner_of``); the clock ends it anyway."""
        with self._using(run_id) as live, live.lock:
            if live.status == "ended":
                return
            with self.store.Session.begin() as session:
                run = self._member_run(session, run_id, member_id, speaking=True)
                side = next(m.side for m in run.members if m.id == member_id) or "learner"
                if owner_of(run, side, self._handovers(session, run_id)) != member_id:
                    raise RoomError("not_owner", "only the room's owner may end the session")
                elapsed = self.clock.elapsed(live.started_at) if live.started_at else 0.0
                if isinstance(live.negotiation, Facilitator):
                    said = live.negotiation.finish("stopped", by=side)  # a team walks away
                else:
                    said = live.negotiation.finish("stopped")
                rows = journal.append(session, run_id, said, elapsed_s=elapsed)
                out = self._note(live, rows, run)
            self.publish(run_id, out)
        self._ended(run_id, out)

    def accept(self, run_id: int, member_id: int, seen: Terms) -> None:
        """Team against team: the member's side accepts the other side's latest offer, a deal.

        ``seen`` is the offer the member confirmed: if the other side changed its terms in the
        meantime, nothing is signed (``stale_offer``) and the member reads the new ones first.
        """
        with self._using(run_id) as live, live.lock:
            if not isinstance(live.negotiation, Facilitator):
                raise RoomError("bad_mode", "only team-against-team rooms accept offers")
            if live.status != "negotiating":
                raise RoomError(
                    "not_started" if live.status == "waiting" else "run_over",
                    "the negotiation is not under way",
                )
            with self.store.Session.begin() as session:
                run = self._member_run(session, run_id, member_id, speaking=True)
                side = next(m.side for m in run.members if m.id == member_id) or "learner"
                offered = live.negotiation.offer_to(side)
                if not offered:
                    raise RoomError("nothing_to_accept", "the other side has made no offer yet")
                if offered != seen:
                    raise RoomError("stale_offer", "the other side changed its offer meanwhile")
                said = live.negotiation.accept(side)
                elapsed = self.clock.elapsed(live.started_at) if live.started_at else 0.0
                rows = journal.append(session, run_id, said, elapsed_s=elapsed)
                out = self._note(live, rows, run)
            self.publish(run_id, out)
        self._ended(run_id, out)

    def briefs(self, run_id: int, side: str | None) -> dict[str, Any]:
        """The public brief, and the private brief of ``side`` (None: staff, every side's).

        Sent in the join acknowledgement to that member only: a side's brief never
        reaches the other side's pages or sockets.
        """
        with self._using(run_id) as live:
            scenario, mode = live.loaded.scenario, live.mode
        shown = (side or "learner",) if side is not None else SIDES
        return {
            "mode": mode,
            "public": scenario.public_brief,
            "sides": {s: side_card(scenario.sides[s]) for s in SIDES},
            "private": {
                s: {
                    "brief": scenario.sides[s].brief,
                    "objectives": list(scenario.sides[s].objectives),
                    "batna": scenario.sides[s].batna,
                }
                for s in shown
            },
        }

    def tick(self) -> None:
        """End the runs whose clock ran out (also the ones a restart left behind) and idle rooms."""
        if time.monotonic() - self._expired_at >= min(60.0, self.idle_s / 2):
            self._expired_at = time.monotonic()
            self.expire_idle()
        with self.store.Reader() as session:
            active = session.scalars(select(Run.id).where(Run.status == "negotiating")).all()
        for run_id in active:
            live = self._get_live(run_id)
            if live.started_at is None:
                continue
            due = self.clock.elapsed(live.started_at) >= live.duration_s
            if not due and not isinstance(live.negotiation, Facilitator):
                continue  # the counterpart only hears the clock at the deadline
            with live.lock:
                if live.status != "negotiating":
                    continue
                elapsed = self.clock.elapsed(live.started_at)
                said = live.negotiation.clock(elapsed)
                if not said:
                    continue
                with self.store.Session.begin() as session:
                    run = session.get(Run, run_id)
                    rows = journal.append(session, run_id, said, elapsed_s=elapsed)
                    out = self._note(live, rows, run)
                self.publish(run_id, out)
            self._ended(run_id, out)

    def expire_idle(self) -> list[int]:
        """Close the open rooms where nothing was recorded for ``idle_s``; returns their ids."""
        cutoff = datetime.now(UTC) - timedelta(seconds=self.idle_s)
        last_at = (
            select(func.max(Event.at))
            .where(Event.run_id == Run.id)
            .correlate(Run)
            .scalar_subquery()
        )
        with self.store.Reader() as session:
            idle = session.scalars(
                select(Run.id).where(Run.status.in_(("waiting", "negotiating")), last_at < cutoff)
            ).all()
        for run_id in idle:
            with self._using(run_id) as live, live.lock:
                if live.status == "ended":
                    continue
                with self.store.Session.begin() as session:
                    run = session.get(Run, run_id)
                    elapsed = self.clock.elapsed(live.started_at) if live.started_at else 0.0
                    rows = journal.append(
                        session, run_id, live.negotiation.finish("idle"), elapsed_s=elapsed
                    )
                    out = self._note(live, rows, run)
                    run.status = "ended"
                self.publish(run_id, out)
            self._ended(run_id, out)
        return list(idle)

    def edit_sheet(
        self, run_id: int, member_id: int, name: str, value: str, base_version: int
    ) -> int:
        """Record one field of the member's side's sheet; returns its new version.

        Raises ``StaleEdit`` (with the current text) when the edit is based on an old version.
        """
        value = str(value or "")
        if len(value) > self.max_sheet_chars:
            raise RoomError("too_long", f"a field holds at most {self.max_sheet_chars} characters")
        with self._using(run_id) as live, live.lock:
            if live.status == "ended":
                raise RoomError("run_over", "the negotiation is over")
            with self.store.Session.begin() as session:
                run = self._member_run(session, run_id, member_id, speaking=True)
                member = next(m for m in run.members if m.id == member_id)
                side = member.side or "learner"
                edit = live.sheet.edit(
                    side, name, value, int(base_version), f"member:{member.id}", member.name
                )
                elapsed = self.clock.elapsed(live.started_at) if live.started_at else 0.0
                rows = journal.append(session, run_id, [edit], elapsed_s=elapsed)
                out = self._note(live, rows, run)
            self.publish(run_id, out)
        return int(out[0]["payload"]["version"])

    # -- reading ----------------------------------------------------------------

    def snapshot(self, run_id: int) -> dict[str, Any]:
        with self._using(run_id) as live, live.lock:
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

    def owner(self, run_id: int, side: str | None = None) -> int | None:
        """The member who may end the room (team against team: ``side``'s owner)."""
        with self.store.Reader() as session:
            run = by_id(session, run_id)
            return owner_of(run, side, self._handovers(session, run_id)) if run else None

    def owners(self, run_id: int) -> dict[str, dict[str, Any]]:
        """Who owns the room, per side (one side, the learner, with the counterpart)."""
        with self.store.Reader() as session:
            run = by_id(session, run_id)
            if run is None:
                return {}
            handovers = self._handovers(session, run_id)
            names = {m.id: m.name for m in run.members}
            found = {side: owner_of(run, side, handovers) for side in self._sides_of(run)}
            return {s: {"member_id": m, "name": names[m]} for s, m in found.items() if m}

    def hand_over(self, run_id: int, leaving: int, present: list[int]) -> None:
        """The owner's connection is gone: the first teammate of its side still present owns
        the room now, recorded (``owner.changed``) so it survives a restart.

        ``present``: the members still connected, in any order. Nothing happens if the
        leaving member does not own its side, nobody of that side is left, or the run is over.
        """
        with self.store.Reader() as session:  # most leavings hand nothing over: stay cheap
            run = by_id(session, run_id)
            gone = next((m for m in run.members if m.id == leaving), None) if run else None
            if run is None or gone is None or run.status == "ended":
                return
            if owner_of(run, gone.side or "learner", self._handovers(session, run_id)) != leaving:
                return
        with self._using(run_id) as live, live.lock:
            if live.status == "ended":
                return
            with self.store.Session.begin() as session:
                run = by_id(session, run_id)
                by_member = {m.id: m for m in run.members} if run else {}
                gone = by_member.get(leaving)
                if run is None or gone is None or gone.role == "observer":
                    return
                side = gone.side or "learner"
                if owner_of(run, side, self._handovers(session, run_id)) != leaving:
                    return
                heirs = sorted(
                    m
                    for m in set(present) - {leaving}
                    if m in by_member
                    and by_member[m].role != "observer"
                    and (by_member[m].side or "learner") == side
                )
                if not heirs:
                    return
                heir = by_member[heirs[0]]
                change = Happening(
                    ev.OWNER_CHANGED, {"member_id": heir.id, "name": heir.name, "side": side}
                )
                rows = journal.append(session, run_id, [change], elapsed_s=self._elapsed(run))
                out = self._note(live, rows, run)
            self.publish(run_id, out)

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

    # -- internals --------------------------------------------------------------

    @staticmethod
    def _handovers(session, run_id: int) -> list[dict[str, Any]]:
        return [e.payload for e in journal.of_kind(session, run_id, ev.OWNER_CHANGED)]

    @staticmethod
    def _sides_of(run: Run) -> tuple[str, ...]:
        return SIDES if run.mode == "teams" else ("learner",)

    def _elapsed(self, run: Run) -> float:
        return self.clock.elapsed(run.started_at) if run.started_at else 0.0

    def _member_run(self, session, run_id: int, member_id: int, speaking: bool) -> Run:
        run = by_id(session, run_id)
        if run is None:
            raise RoomError("unknown_room", "this room does not exist")
        member = next((m for m in run.members if m.id == member_id), None)
        if member is None:
            raise RoomError("not_member", "join the room first")
        if speaking and member.role == "observer":
            raise RoomError("observer", "observers do not take part in the negotiation")
        return run

    def _find_duplicate(self, run_id: int, client_id: str) -> int | None:
        with self.store.Reader() as session:
            found = journal.find_by_client_id(session, run_id, client_id)
            return found.seq if found else None

    def _note(self, live: LiveRun, rows: list, run: Run | None = None) -> list[dict[str, Any]]:
        """Keep the live run in step with what was just recorded; returns the events to publish."""
        out = []
        for row in rows:
            rec = journal.to_recorded(row)
            out.append(rec.to_dict())
            if rec.kind == ev.TURN and rec.payload.get("speaker") == ev.COUNTERPART:
                live.last_counterpart_text = rec.payload.get("text")
            if rec.kind == SHEET_UPDATED:
                live.sheet.note(rec.payload)
            if rec.kind == ev.RUN_ENDED:
                live.status = "ended"
                if run is not None:
                    run.status, run.outcome = "ended", rec.payload.get("outcome")
                    run.ended_at = datetime.now(UTC)
        return out

    def _ended(self, run_id: int, out: list[dict[str, Any]]) -> None:
        if any(e["kind"] == ev.RUN_ENDED for e in out):
            live = self._forget(run_id)
            if live:
                live.negotiation.close()
            if self.on_end:
                self.on_end(run_id)

    def _forget(self, run_id: int) -> LiveRun | None:
        with self._live_lock:
            return self._live.pop(run_id, None)

    @contextmanager
    def _using(self, run_id: int) -> Iterator[LiveRun]:
        """A live run for the duration of a call; ended runs are rebuilt, used, and let go."""
        live = self._get_live(run_id)
        try:
            yield live
        finally:
            if live.status == "ended" and self._live.get(run_id) is not live:
                live.negotiation.close()

    def _get_live(self, run_id: int) -> LiveRun:
        """The run's counterpart in memory, rebuilt from its journal when missing.

        The rebuild runs outside the registry's lock, so one room coming back
        never holds up the others; if two threads rebuild the same run, the first wins.
        """
        with self._live_lock:
            live = self._live.get(run_id)
        if live is not None:
            return live
        live = self._rebuild(run_id)
        with self._live_lock:
            first = self._live.get(run_id)
            if first is not None:
                live.negotiation.close()
                return first
            if live.status != "ended":
                self._live[run_id] = live
        return live

    def _rebuild(self, run_id: int) -> LiveRun:
        with self.store.Reader() as session:
            run = by_id(session, run_id)
            if run is None:
                raise RoomError("unknown_room", "this room does not exist")
            loaded = self._scenarios.get(run.scenario_version_id)
            if loaded is None:  # a stored version never changes: parse it once
                loaded = self._scenarios.setdefault(
                    run.scenario_version_id, load_version(run.scenario_version)
                )
            recorded = [journal.to_recorded(e) for e in journal.events_after(session, run_id)]
        negotiation, _ = rebuild(loaded, run.seed, run.duration_s, recorded, run.mode)
        last_cp = next(
            (
                e.payload.get("text")
                for e in reversed(recorded)
                if e.kind == ev.TURN and e.payload.get("speaker") == ev.COUNTERPART
            ),
            None,
        )
        sheet = Sheet()
        for e in recorded:
            if e.kind == SHEET_UPDATED:
                sheet.note(e.payload)
        return LiveRun(
            run_id,
            loaded,
            negotiation,
            run.started_at,
            run.duration_s,
            run.status,
            last_counterpart_text=last_cp,
            sheet=sheet,
            mode=run.mode,
        )
