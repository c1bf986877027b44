"""What the Socket.IO transport refuses before any handler runs.

Socket.IO reserves the event names ``connect`` and ``disconnect`` for its own life
cycle, but python-socketio dispatches an EVENT packet carrying one of those names to
the same handler as the real thing: a client sending ``"disconnect"`` would run
``on_disconnect`` and shed its own account while staying connected. The packet class
below renames such an event as it is decoded, so no handler ever sees it; the room
namespace answers the renamed event with a refusal.
"""

from __future__ import annotations

from socketio import packet

RESERVED_EVENTS = frozenset({"connect", "disconnect", "connect_error"})
REFUSED = "reserved_event"  # what a forged life-cycle event arrives as


class GuardedPacket(packet.Packet):
    """Socket.IO's JSON packet, except that events named like the life cycle are renamed."""

    def decode(self, encoded_packet):
        attachments = super().decode(encoded_packet)
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
