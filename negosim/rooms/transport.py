"""What the Socket.IO transport refuses before any handler runs.

Messages too big: Engine.IO measures a WebSocket message only once simple-websocket
has assembled it whole, and simple-websocket accepts permessage-deflate, which
inflates each chunk before anything is counted (1 MB on the wire, 1 GiB in memory).
``bound_websockets`` makes simple-websocket count while it reads, closing the
connection (1009, message too big) past ``max_http_buffer_size``, and hides the
client's compression offer so that what is counted is what arrived.

Socket.IO reserves the event names ``connect`` and ``disconnect`` for its own life
cycle, but python-socketio dispatches an EVENT packet carrying one of those names to
the same handler as the real thing: a client sending ``"disconnect"`` would run
``on_disconnect`` and shed its own account while staying connected. The packet class
below renames such an event as it is decoded, so no handler ever sees it; the room
namespace answers the renamed event with a refusal.
"""

from __future__ import annotations

from typing import Any

from engineio.async_drivers._websocket_wsgi import SimpleWebSocketWSGI
from flask_socketio import SocketIO
from socketio import packet

RESERVED_EVENTS = frozenset({"connect", "disconnect", "connect_error"})
REFUSED = "reserved_event"  # what a forged life-cycle event arrives as
TOO_DEEP = "too_deep"  # the name a payload nested past the recursion limit is given


class GuardedPacket(packet.Packet):
    """Socket.IO's JSON packet, except that events named like the life cycle are renamed."""

    def decode(self, encoded_packet):
        try:
            attachments = super().decode(encoded_packet)
        except RecursionError:  # JSON nested deeper than Python recurses: refused, unread
            self.packet_type, self.data = packet.EVENT, [REFUSED, {"event": TOO_DEEP}]
            return 0
        if self.packet_type in (packet.EVENT, packet.BINARY_EVENT) and _forged(self.data):
            self.data = [REFUSED, {"event": self.data[0]}]
            if self.packet_type == packet.BINARY_EVENT:  # the attachments are dropped unread
                self.packet_type, attachments = packet.EVENT, 0
        return attachments


def _forged(data: object) -> bool:
    return (
        isinstance(data, list)
        and bool(data)
        and isinstance(data[0], str)
        and (data[0] in RESERVED_EVENTS)
    )


class BoundedWebSocket(SimpleWebSocketWSGI):
    """Engine.IO's threading WebSocket, bounded while reading and never compressed."""

    def __init__(self, handler: Any, server: Any, **kwargs: Any) -> None:
        super().__init__(handler, server, max_message_size=server.max_http_buffer_size, **kwargs)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)  # no permessage-deflate
        return super().__call__(environ, start_response)


def bound_websockets(socketio: SocketIO) -> None:
    """Serve this app's WebSockets with ``BoundedWebSocket`` (threading mode only).

    Engine.IO offers no option for it: its table of drivers is copied for this
    server and the WebSocket entry replaced (tests/hostile/ checks it on a real server).
    """
    eio = socketio.server.eio
    if eio.async_mode != "threading":
        raise ValueError(f"bounded WebSockets need async_mode='threading', not {eio.async_mode!r}")
    eio._async = {**eio._async, "websocket": BoundedWebSocket}
