"""Socket.IO handlers for rooms: thin — validate, call the service, answer.

Events from the client: ``join``, ``say``, ``start``, ``end``, ``typing``,
``catch_up``, ``sheet_edit``, ``accept`` (team against team: take the other side's
offer, as the member saw it: ``{terms}``), ``annotate`` (staff). Events to clients:
``events`` (recorded events, in sequence order, each to its audience: see
``rooms.audience``), ``presence``, ``typing``,
``annotation`` (staff only), ``error`` ({code, message}).

Who may do what: ``connect`` reads the logged-in account, if any (anonymous candidates
come in with a room code). A staff account (admin, trainer, jury) joins only as a silent
observer — administrators and trainers any room, a jury member only the rooms of the
cohorts assigned to them — and never says, starts, ends, offers or edits the sheet.
A candidate's account takes part under its own name, gets its own seat back from any
browser, and observes only the rooms it has a seat in.
Only the room's owner (the first member who joined to take part) ends it early.
Watching accounts also join the room's staff group (``staff:<run_id>``): the trainers'
private annotations go there and nowhere else.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_babel import format_number, gettext, lazy_gettext
from flask_login import current_user
from flask_socketio import Namespace, emit, join_room, leave_room

from negosim.accounts.access import is_staff, may_watch
from negosim.accounts.models import CANDIDATE, User
from negosim.accounts.seats import display_name, seat_token, take_seat
from negosim.jury.annotations import AnnotationError, annotate, annotations_of
from negosim.jury.annotations import to_dict as annotation_dict
from negosim.rooms.errors import RoomError
from negosim.rooms.limits import RateLimiter
from negosim.rooms.payloads import (
    AcceptIn,
    AnnotateIn,
    CatchUpIn,
    JoinIn,
    SayIn,
    SheetEditIn,
    parse,
)
from negosim.rooms.service import RoomService
from negosim.rooms.sheet import StaleEdit
from negosim.rooms.sides import read_code, secret
from negosim.rooms.transport import TOO_DEEP
from negosim.vocabulary import Role, Side

NAMESPACE = "/room"

log = logging.getLogger(__name__)

MESSAGES = {
    "bad_request": lazy_gettext("The request is not valid."),
    "unknown_room": lazy_gettext("There is no room with this code."),
    "unknown_scenario": lazy_gettext("This scenario does not exist."),
    "bad_role": lazy_gettext("Choose a role: lead, support, note-taker or observer."),
    "bad_name": lazy_gettext("Enter a display name."),
    "not_member": lazy_gettext("Join the room first."),
    "observer": lazy_gettext("Observers do not take part in the negotiation."),
    "empty": lazy_gettext("The message is empty."),
    "too_long": lazy_gettext("The message is too long: %(limit)s characters at most."),
    "not_started": lazy_gettext("The negotiation has not started yet."),
    "run_over": lazy_gettext("The negotiation is over."),
    "rate_limited": lazy_gettext("You are sending too fast; wait a moment and try again."),
    "room_full": lazy_gettext("This room is full."),
    "name_taken": lazy_gettext(
        "Someone in this room already has this name: choose another one (add an initial)."
    ),
    "stale_sheet": lazy_gettext(
        "A teammate changed this field at the same time; both texts are kept, check them."
    ),
    "observe_only": lazy_gettext(
        "Signed-in accounts watch rooms as observers; they do not take part."
    ),
    "forbidden": lazy_gettext("This room belongs to a cohort that is not assigned to you."),
    "bad_side": lazy_gettext(
        "This room is team against team: join with your team's code, which whoever opened "
        "the room gives each team."
    ),
    "bad_code": lazy_gettext(
        "This team code does not open the room: check it with whoever opened the room."
    ),
    "bad_mode": lazy_gettext("This room does not work that way."),
    "nothing_to_accept": lazy_gettext("The other team has not made an offer yet."),
    "stale_offer": lazy_gettext(
        "The other team changed its offer while you were reading it: check the new terms "
        "before accepting."
    ),
    "not_owner": lazy_gettext(
        "Only the room's owner (shown beside who is present) may end the session."
    ),
    "members_only": lazy_gettext("Candidates observe only the rooms they take part in."),
    "staff_only": lazy_gettext("Only trainers and jury members annotate turns."),
    "no_turn": lazy_gettext("There is no such turn in this session."),
    "account_off": lazy_gettext("This account is switched off; ask your school."),
    "reserved_event": lazy_gettext("This event name is reserved; the request was refused."),
    "server_error": lazy_gettext("Something went wrong on the server; your message was not lost."),
}


def room_of(run_id: int) -> str:
    return f"run:{run_id}"


def side_room(run_id: int, side: str) -> str:
    """The group that receives one side's private events (its preparation sheet)."""
    return f"run:{run_id}:side:{side}"


def staff_of(run_id: int) -> str:
    """The Socket.IO group of the accounts watching a run: annotations go there only."""
    return f"staff:{run_id}"


class RoomNamespace(Namespace):
    def __init__(
        self, service: Callable[[], RoomService], limiter: RateLimiter, owner_grace_s: float = 0.0
    ) -> None:
        super().__init__(NAMESPACE)
        self._service = service
        self._limiter = limiter
        self._grace_s = owner_grace_s
        self._left_at: dict[tuple[int, int], float] = {}  # (run, member) -> when it last left
        self._members: dict[str, tuple[int, int, str, str]] = {}  # sid -> run, member, name, role
        self._accounts: dict[str, tuple[int, str]] = {}  # sid -> user id, role (if logged in)
        self._sides: dict[str, tuple[str, ...] | None] = {}  # sid -> sides it sees (None: all)
        self._lock = threading.Lock()

    # -- helpers ----------------------------------------------------------------

    def _error(self, code: str, detail: str = "", **params: Any) -> dict[str, Any]:
        message = translate(code, detail, **params)
        payload = {"code": code, "message": message, "detail": detail}
        emit("error", payload)
        return {"ok": False, "error": payload}

    def _presence(self, run_id: int) -> list[dict[str, Any]]:
        with self._lock:
            seen: dict[int, dict[str, Any]] = {}
            for sid, (run, member, name, role) in self._members.items():
                if run == run_id:
                    sides = self._sides.get(sid)
                    side = sides[0] if sides else None  # staff: no side
                    seen[member] = {"member_id": member, "name": name, "role": role, "side": side}
            return list(seen.values())

    def present(self, run_id: int) -> list[dict[str, Any]]:
        """Who is connected to the run's room now (the trainers' live page reads it)."""
        return self._presence(run_id)

    def _allowed(self) -> bool:
        """One token from the member's bucket (the connection's, before joining)."""
        with self._lock:
            found = self._members.get(request.sid)
        return self._limiter.allow(("member", found[1]) if found else ("sid", request.sid))

    def _call(self, handler: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        if not self._allowed():
            return self._error("rate_limited")
        try:
            return handler()
        except RoomError as exc:
            return self._error(exc.code, exc.message, **exc.params)
        except ValueError as exc:
            return self._error("bad_request", str(exc))
        except Exception:  # logged; the client gets an answer instead of a timeout
            current_app.logger.exception("socket handler failed")
            return self._error("server_error")

    def _me(self, acting: bool = False) -> tuple[int, int]:
        """The connection's run and member; ``acting``: it takes part (an account never does)."""
        with self._lock:
            found = self._members.get(request.sid)
            account = self._accounts.get(request.sid)
        if found is None:
            raise RoomError("not_member", "join the room first")
        if acting and account is not None:
            if is_staff(account[1]):
                raise RoomError("observe_only", "signed-in staff accounts only observe")
            with self._service().store.Reader() as db:  # switched off since it connected?
                user = db.get(User, account[0])
                if user is None or not user.active:
                    raise RoomError("account_off", "this account is switched off")
        return found[0], found[1]

    def _may_watch(self, account: tuple[int, str], run_id: int) -> bool:
        """Read again at each use, not from the connection: an account switched off or given
        another role since it connected loses its access at once."""
        with self._service().store.Reader() as db:
            user = db.get(User, account[0])
            return user is not None and user.active and may_watch(db, user.id, user.role, run_id)

    def _candidate_seat(self, user_id: int, run_id: int, role: str) -> tuple[str, str | None]:
        """A candidate's account: its own name, its own seat if it has one (never another's)."""
        with self._service().store.Reader() as db:
            token = seat_token(db, user_id, run_id)
            name = display_name(db, user_id)
        if token is None and role == Role.OBSERVER:
            raise RoomError("members_only", "candidates observe only the rooms they take part in")
        return name, token

    def _account_for(self, code: str) -> tuple[int, str] | None:
        """The connection's account, as it acts in this room.

        In a room a trainer opened to test-play a scenario, that trainer takes part like a
        candidate: the connection is marked so for the rest of its life (``_me`` reads it).
        """
        with self._lock:
            account = self._accounts.get(request.sid)
        if account is None or not is_staff(account[1]):
            return account
        service = self._service()
        run_id = service.run_id_of(code)
        if run_id is not None and service.tester_of(run_id) == account[0]:
            account = (account[0], CANDIDATE)
            with self._lock:
                self._accounts[request.sid] = account
        return account

    def _join_staff(self, run_id: int) -> list[dict[str, Any]] | None:
        """A watching account joins the staff group and gets the annotations so far.

        None for anyone else: a candidate's connection is never in the group.
        """
        with self._lock:
            account = self._accounts.get(request.sid)
        if account is None or not self._may_watch(account, run_id):
            return None
        join_room(staff_of(run_id))
        with self._service().store.Reader() as db:
            return annotations_of(db, run_id)

    # -- events -----------------------------------------------------------------

    def on_connect(self, auth: Any = None) -> None:
        """Remember who is logged in on this connection; anonymous candidates stay welcome."""
        if current_user.is_authenticated:
            with self._lock:
                self._accounts[request.sid] = (int(current_user.id), str(current_user.role))
        return None

    def on_disconnect(self, reason: Any = None) -> None:
        with self._lock:
            gone = self._members.pop(request.sid, None)
            self._accounts.pop(request.sid, None)
            self._sides.pop(request.sid, None)
        if gone:
            self._leave(gone[0], gone[1])

    def _leave(self, run_id: int, member_id: int) -> None:
        """Out of a run's groups (on disconnect, or on joining another room with this
        connection): it must not go on receiving the first room's events."""
        leave_room(room_of(run_id))
        leave_room(staff_of(run_id))
        for side in Side:
            leave_room(side_room(run_id, side))
        self._hand_over(run_id, member_id)
        emit("presence", self._presence(run_id), to=room_of(run_id))

    def _hand_over(self, run_id: int, member_id: int) -> None:
        """A member's last connection closed: if it owned the room, a present teammate will.

        Not at once: a reload or a network blip is not leaving, so the owner has
        ``owner_grace_s`` to come back before the room changes hands.
        """
        with self._lock:
            self._left_at[(run_id, member_id)] = time.monotonic()
        if self._grace_s <= 0:
            self._settle(run_id, member_id)
        else:
            self.socketio.start_background_task(self._settle_after_grace, run_id, member_id)

    def _settle_after_grace(self, run_id: int, member_id: int) -> None:
        time.sleep(self._grace_s)
        self._settle(run_id, member_id)

    def _settle(self, run_id: int, member_id: int) -> None:
        with self._lock:
            present = [m for run, m, _, _ in self._members.values() if run == run_id]
        if member_id in present:  # came back, or still here in another tab
            return
        try:
            self._service().hand_over(run_id, member_id, present)
        except Exception:  # a failed hand-over must not break the disconnect
            log.exception("owner hand-over failed")

    def _claim_if_orphaned(self, run_id: int, member: dict[str, Any]) -> None:
        """A participant arrives and its side's owner left while alone: it owns the room now."""
        service = self._service()
        owner = service.owner(run_id, member["side"])
        with self._lock:
            present = [m for run, m, _, _ in self._members.values() if run == run_id]
        with self._lock:
            left = self._left_at.get((run_id, owner)) if owner is not None else None
        if left is not None and time.monotonic() - left < self._grace_s:
            return  # the owner may be reloading the page
        if owner is not None and owner not in present:
            service.hand_over(run_id, owner, present)

    def on_join(self, data: Any = None) -> dict[str, Any]:
        def handle() -> dict[str, Any]:
            p = parse(JoinIn, data)
            code, side = read_code(secret(), p.code)  # a team's code proves its side
            service = self._service()
            account = self._account_for(code)
            staff = account is not None and is_staff(account[1])
            name, token = p.name, p.token
            if account is not None:
                found = service.run_id_of(code)
                if found is None:
                    raise RoomError("unknown_room", f"no room with code {code!r}")
                if not staff:
                    name, token = self._candidate_seat(account[0], found, p.role)
                elif not self._may_watch(account, found):
                    raise RoomError("forbidden", "this room's cohort is not assigned to you")
                elif p.role != Role.OBSERVER:
                    raise RoomError("observe_only", "signed-in accounts join as observers")
            seat = None
            if account is not None and not staff:
                user_id = account[0]

                def seat(db, admitted) -> None:  # in the admission's own transaction
                    take_seat(db, user_id, admitted.run_id, admitted.id)

            joined = service.join(
                code,
                name,
                p.role,
                token,
                p.last_seq,
                with_events=False,
                side=side,
                staff=staff,
                on_admit=seat,
            )
            run_id, member = joined.run_id, joined.member
            if side is not None and member["side"] not in (None, side):
                raise RoomError("bad_side", "this seat belongs to the other team")
            if staff and member["role"] != Role.OBSERVER:  # a candidate's token
                raise RoomError("observe_only", "signed-in accounts join as observers")
            with self._lock:
                before = self._members.get(request.sid)
                self._members[request.sid] = (run_id, member["id"], member["name"], member["role"])
            if before is not None and before[0] != run_id:
                self._leave(before[0], before[1])
            join_room(room_of(run_id))  # first in the rooms, then read: no event falls between
            sides = self._join_sides(run_id, member, staff=staff)
            if not staff and member["role"] != Role.OBSERVER:
                self._claim_if_orphaned(run_id, member)
            missed, head = service.catch_up(run_id, p.last_seq, sides)
            notes = self._join_staff(run_id)
            emit("presence", self._presence(run_id), to=room_of(run_id))
            return ({"annotations": notes} if notes is not None else {}) | {
                "ok": True,
                "run_id": run_id,
                "code": joined.code,
                "token": joined.token,
                "member": member,
                "owner": service.owner(run_id, member["side"]) == member["id"],
                "owners": service.owners(run_id),
                "events": missed,
                "head": head,
                "briefs": service.briefs(run_id, None if sides is None else sides[0]),
                "state": service.snapshot(run_id),
            }

        return self._call(handle)

    def _join_sides(
        self, run_id: int, member: dict[str, Any], staff: bool
    ) -> tuple[str, ...] | None:
        """Put the connection in its side's private group; staff accounts see every side."""
        sides: tuple[str, ...] | None = None if staff else (Side.of(member.get("side")),)
        for side in sides or tuple(Side):
            join_room(side_room(run_id, side))
        with self._lock:
            self._sides[request.sid] = sides
        return sides

    def on_catch_up(self, data: Any = None) -> dict[str, Any]:
        def handle() -> dict[str, Any]:
            p = parse(CatchUpIn, data or {})
            run_id, _ = self._me()
            service = self._service()
            with self._lock:
                sides = self._sides.get(request.sid, ())
            missed, head = service.catch_up(run_id, p.last_seq, sides)
            return {"ok": True, "events": missed, "head": head, "state": service.snapshot(run_id)}

        return self._call(handle)

    def on_say(self, data: Any = None) -> dict[str, Any]:
        def handle() -> dict[str, Any]:
            p = parse(SayIn, data)
            run_id, member_id = self._me(acting=True)
            seq, duplicate = self._service().say(run_id, member_id, p.client_id, p.text)
            return {"ok": True, "seq": seq, "duplicate": duplicate}

        return self._call(handle)

    def on_sheet_edit(self, data: Any = None) -> dict[str, Any]:
        def handle() -> dict[str, Any]:
            p = parse(SheetEditIn, data)
            run_id, member_id = self._me(acting=True)
            try:
                version = self._service().edit_sheet(
                    run_id, member_id, p.field, p.value, p.base_version
                )
            except StaleEdit as stale:
                return {**self._error("stale_sheet"), "current": stale.current}
            return {"ok": True, "version": version}

        return self._call(handle)

    def on_annotate(self, data: Any = None) -> dict[str, Any]:
        """A watching account's private note on a turn, sent to the staff group only."""

        def handle() -> dict[str, Any]:
            with self._lock:
                account = self._accounts.get(request.sid)
            if account is None or not is_staff(account[1]):
                raise RoomError("staff_only", "only signed-in staff annotate")
            p = parse(AnnotateIn, data)
            run_id, _ = self._me()
            if not self._may_watch(account, run_id):
                raise RoomError("forbidden", "this room's cohort is not assigned to you")
            try:
                with self._service().store.Session.begin() as db:
                    note = annotation_dict(annotate(db, run_id, p.seq, account[0], p.text))
            except AnnotationError as exc:
                raise RoomError(exc.code, str(exc), **exc.params) from None
            emit("annotation", note, to=staff_of(run_id))
            return {"ok": True, "annotation": note}

        return self._call(handle)

    def on_start(self, data: Any = None) -> dict[str, Any]:
        def handle() -> dict[str, Any]:
            run_id, member_id = self._me(acting=True)
            self._service().start(run_id, member_id)
            return {"ok": True}

        return self._call(handle)

    def on_end(self, data: Any = None) -> dict[str, Any]:
        def handle() -> dict[str, Any]:
            run_id, member_id = self._me(acting=True)
            self._service().finish(run_id, member_id)
            return {"ok": True}

        return self._call(handle)

    def on_accept(self, data: Any = None) -> dict[str, Any]:
        def handle() -> dict[str, Any]:
            seen = parse(AcceptIn, data)
            run_id, member_id = self._me(acting=True)
            self._service().accept(run_id, member_id, dict(seen.terms))
            return {"ok": True}

        return self._call(handle)

    def on_reserved_event(self, data: Any = None) -> dict[str, Any]:
        """A client sent an event named like the life cycle (``connect``, ``disconnect``):
        the transport renamed it (``rooms.transport``) and it changes nothing. A payload
        nested too deeply to decode arrives the same way."""
        if isinstance(data, dict) and data.get("event") == TOO_DEEP:
            return self._error("bad_request", "the payload is nested too deeply")
        return self._error("reserved_event")

    def on_typing(self, data: Any = None) -> None:
        with self._lock:
            found = self._members.get(request.sid)
            account = self._accounts.get(request.sid)
        staff = account is not None and is_staff(account[1])
        if found and found[3] != Role.OBSERVER and not staff and self._allowed():
            emit(
                "typing",
                {"member_id": found[1], "name": found[2]},
                to=room_of(found[0]),
                include_self=False,
            )


def translate(code: str, detail: str = "", **params: Any) -> str:
    """A refusal in the request's language, its figures in the locale's format ("2 000")."""
    message = gettext(str(MESSAGES.get(code, detail or code)))
    if "%(" not in message:
        return message
    figures = {k: format_number(v) if isinstance(v, int) else v for k, v in params.items()}
    try:
        return message % figures
    except KeyError:  # a refusal without its figures: the plain detail says it
        return detail or message
