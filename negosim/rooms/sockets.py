"""Socket.IO handlers for rooms: thin — validate, call the service, answer.

Events from the client: ``join``, ``say``, ``start``, ``end``, ``typing``,
``catch_up``, ``sheet_edit``. Events to clients: ``events`` (recorded events, in sequence
order), ``presence``, ``typing``, ``error`` ({code, message}).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_babel import gettext, lazy_gettext
from flask_socketio import Namespace, emit, join_room, leave_room

from negosim.rooms.limits import RateLimiter
from negosim.rooms.payloads import CatchUpIn, JoinIn, SayIn, SheetEditIn, parse
from negosim.rooms.service import RoomError, RoomService
from negosim.rooms.sheet import StaleEdit

NAMESPACE = "/room"

MESSAGES = {
    "bad_request": lazy_gettext("The request is not valid."),
    "unknown_room": lazy_gettext("There is no room with this code."),
    "unknown_scenario": lazy_gettext("This scenario does not exist."),
    "bad_role": lazy_gettext("Choose a role: lead, support, note-taker or observer."),
    "bad_name": lazy_gettext("Enter a display name."),
    "not_member": lazy_gettext("Join the room first."),
    "observer": lazy_gettext("Observers do not take part in the negotiation."),
    "empty": lazy_gettext("The message is empty."),
    "too_long": lazy_gettext("The message is too long."),
    "not_started": lazy_gettext("The negotiation has not started yet."),
    "run_over": lazy_gettext("The negotiation is over."),
    "rate_limited": lazy_gettext("You are sending too fast; wait a moment and try again."),
    "room_full": lazy_gettext("This room is full."),
    "stale_sheet": lazy_gettext(
        "A teammate changed this field at the same time; both texts are kept, check them."
    ),
    "server_error": lazy_gettext("Something went wrong on the server; your message was not lost."),
}


def room_of(run_id: int) -> str:
    return f"run:{run_id}"


class RoomNamespace(Namespace):
    def __init__(self, service: Callable[[], RoomService], limiter: RateLimiter) -> None:
        super().__init__(NAMESPACE)
        self._service = service
        self._limiter = limiter
        self._members: dict[str, tuple[int, int, str, str]] = {}  # sid -> run, member, name, role
        self._lock = threading.Lock()

    # -- helpers ----------------------------------------------------------------

    def _error(self, code: str, detail: str = "") -> dict[str, Any]:
        message = str(MESSAGES.get(code, detail or code))
        payload = {"code": code, "message": message, "detail": detail}
        emit("error", payload)
        return {"ok": False, "error": payload}

    def _presence(self, run_id: int) -> list[dict[str, Any]]:
        with self._lock:
            seen: dict[int, dict[str, Any]] = {}
            for run, member, name, role in self._members.values():
                if run == run_id:
                    seen[member] = {"member_id": member, "name": name, "role": role}
            return list(seen.values())

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
            return self._error(exc.code, exc.message)
        except ValueError as exc:
            return self._error("bad_request", str(exc))
        except Exception:  # logged; the client gets an answer instead of a timeout
            current_app.logger.exception("socket handler failed")
            return self._error("server_error")

    def _me(self) -> tuple[int, int]:
        with self._lock:
            found = self._members.get(request.sid)
        if found is None:
            raise RoomError("not_member", "join the room first")
        return found[0], found[1]

    # -- events -----------------------------------------------------------------

    def on_connect(self, auth: Any = None) -> None:
        return None

    def on_disconnect(self, reason: Any = None) -> None:
        with self._lock:
            gone = self._members.pop(request.sid, None)
        if gone:
            leave_room(room_of(gone[0]))
            emit("presence", self._presence(gone[0]), to=room_of(gone[0]))

    def on_join(self, data: Any = None) -> dict[str, Any]:
        def handle() -> dict[str, Any]:
            p = parse(JoinIn, data)
            service = self._service()
            joined = service.join(p.code, p.name, p.role, p.token, p.last_seq, with_events=False)
            run_id, member = joined.run_id, joined.member
            with self._lock:
                self._members[request.sid] = (run_id, member["id"], member["name"], member["role"])
            join_room(room_of(run_id))  # first in the room, then read: no event falls between
            missed = service.events_since(run_id, p.last_seq)
            emit("presence", self._presence(run_id), to=room_of(run_id))
            return {
                "ok": True,
                "run_id": run_id,
                "code": joined.code,
                "token": joined.token,
                "member": member,
                "events": missed,
                "state": service.snapshot(run_id),
            }

        return self._call(handle)

    def on_catch_up(self, data: Any = None) -> dict[str, Any]:
        def handle() -> dict[str, Any]:
            p = parse(CatchUpIn, data or {})
            run_id, _ = self._me()
            service = self._service()
            return {
                "ok": True,
                "events": service.events_since(run_id, p.last_seq),
                "state": service.snapshot(run_id),
            }

        return self._call(handle)

    def on_say(self, data: Any = None) -> dict[str, Any]:
        def handle() -> dict[str, Any]:
            p = parse(SayIn, data)
            run_id, member_id = self._me()
            seq, duplicate = self._service().say(run_id, member_id, p.client_id, p.text)
            return {"ok": True, "seq": seq, "duplicate": duplicate}

        return self._call(handle)

    def on_sheet_edit(self, data: Any = None) -> dict[str, Any]:
        def handle() -> dict[str, Any]:
            p = parse(SheetEditIn, data)
            run_id, member_id = self._me()
            try:
                version = self._service().edit_sheet(
                    run_id, member_id, p.field, p.value, p.base_version
                )
            except StaleEdit as stale:
                return {**self._error("stale_sheet"), "current": stale.current}
            return {"ok": True, "version": version}

        return self._call(handle)

    def on_start(self, data: Any = None) -> dict[str, Any]:
        def handle() -> dict[str, Any]:
            run_id, member_id = self._me()
            self._service().start(run_id, member_id)
            return {"ok": True}

        return self._call(handle)

    def on_end(self, data: Any = None) -> dict[str, Any]:
        def handle() -> dict[str, Any]:
            run_id, member_id = self._me()
            self._service().finish(run_id, member_id)
            return {"ok": True}

        return self._call(handle)

    def on_typing(self, data: Any = None) -> None:
        with self._lock:
            found = self._members.get(request.sid)
        if found and found[3] != "observer" and self._allowed():
            emit(
                "typing",
                {"member_id": found[1], "name": found[2]},
                to=room_of(found[0]),
                include_self=False,
            )


def translate(code: str) -> str:
    return gettext(str(MESSAGES.get(code, code)))
