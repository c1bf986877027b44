"""WebSocket messages are measured while they are read, never inflated first."""

from __future__ import annotations

import zlib

import pytest
import websocket

from tests.hostile.conftest import peak_rss_mib

pytestmark = pytest.mark.server

LIMIT_MIB = 64 / 1024  # MAX_SOCKET_BYTES: 64 KiB
SLACK_MIB = 24  # what a refused message may cost the worker at most


def engineio(served, **options) -> websocket.WebSocket:
    """A raw WebSocket to Engine.IO, past its open packet and into the room namespace."""
    url = served.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
    ws = websocket.create_connection(url, timeout=20, **options)
    assert ws.recv().startswith("0")  # Engine.IO open
    ws.send("40/room,")
    assert ws.recv().startswith("40/room,")
    return ws


def frame(payload: bytes, rsv1: bool = False) -> bytes:
    """One masked client text frame (``rsv1``: marked as compressed)."""
    abnf = websocket.ABNF(1, int(rsv1), 0, 0, websocket.ABNF.OPCODE_TEXT, 1, payload)
    return abnf.format()


def closed(ws: websocket.WebSocket) -> bool:
    """True once the server has closed the connection (it sends nothing else first)."""
    try:
        while True:
            if ws.recv_data()[0] == websocket.ABNF.OPCODE_CLOSE:
                return True
    except (websocket.WebSocketException, OSError):
        return True
    finally:
        ws.shutdown()  # no closing handshake: the server already hung up


def test_the_server_does_not_agree_to_compress_messages(served, witness):
    ws = engineio(served, header=["Sec-WebSocket-Extensions: permessage-deflate"])
    assert "sec-websocket-extensions" not in {k.lower() for k in ws.getheaders()}
    ws.shutdown()
    witness.still_serving()


def test_an_oversized_message_is_refused_while_it_is_read(served, witness, worker):
    before = peak_rss_mib(worker)
    ws = engineio(served)
    message = b'42/room,["say",{"text":"' + b"x" * (40 << 20) + b'"}]'
    try:
        ws.sock.sendall(frame(message))
    except OSError:
        pass  # the server closed the connection before the message ended: the point
    assert closed(ws)
    assert peak_rss_mib(worker) - before < SLACK_MIB
    witness.still_serving()


def test_a_compressed_bomb_is_never_inflated(served, witness, worker):
    before = peak_rss_mib(worker)
    ws = engineio(served, header=["Sec-WebSocket-Extensions: permessage-deflate"])
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    bomb = squeeze.compress(b"42/room," + b" " * (200 << 20)) + squeeze.flush(zlib.Z_SYNC_FLUSH)
    try:
        ws.sock.sendall(frame(bomb[:-4], rsv1=True))
    except OSError:
        pass
    assert closed(ws)
    assert peak_rss_mib(worker) - before < SLACK_MIB
    witness.still_serving()
