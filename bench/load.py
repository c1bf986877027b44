"""Rooms under load: N rooms × M real Socket.IO clients, against a bare echo server.

Starts ``negosim serve`` in a subprocess (typing delay off, a throw-away
database), opens N rooms with M python-socketio clients each, and plays K
scripted turns per room against the counterpart: one candidate sends, every
member waits for the counterpart's reply, a pause to "read and type", the next
candidate sends. It measures the time from a candidate's send to the reply
reaching every member of the room. Then it does the same against a bare
Flask-SocketIO echo server served the same way (gunicorn, one gthread worker),
which answers each turn at once without recording or analysing anything: the
floor the stack itself sets on this machine, in this run.

Usage: ``python bench/load.py --rooms N --clients M --turns K [--think-ms MS]``.
The load generator runs on the same cores as the server: on a shared machine,
compare the two servers of one run, not runs on different days.
Last line: ``rooms=… clients=… p50_ms=… p99_ms=… echo_p99_ms=… lost=… errors=…``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests
import socketio

ROOT = Path(__file__).resolve().parent.parent
NAMESPACE = "/room"
SCENARIO = "fr-mobilier-grand-compte"
SCRIPT = [
    line.strip()
    for line in (Path(__file__).parent / "load_turns.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
REPLY_TIMEOUT_S = 15.0


# -- the servers --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(command: list[str], env: dict[str, str], url: str, log: Path) -> subprocess.Popen:
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    for _ in range(300):  # bounded: 60 s
        try:
            if requests.get(url + "/", timeout=1).status_code == 200:
                return proc
        except requests.ConnectionError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    stop(proc)
    raise SystemExit(f"server did not start:\n{log.read_text()[-2000:]}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def serve_echo(port: int, threads: int) -> None:
    """The baseline: same stack and namespace, no journal, no analysis, no counterpart."""
    from flask import Flask, request
    from flask_socketio import SocketIO, emit, join_room

    from negosim.cli.serve import _Gunicorn

    app = Flask(__name__)
    sio = SocketIO(app, async_mode="threading", logger=False, engineio_logger=False)
    rooms: dict[str, str] = {}
    seqs: dict[str, int] = {}
    lock = threading.Lock()

    def numbered(room: str, n: int) -> int:
        with lock:
            seqs[room] = seqs.get(room, 0) + n
            return seqs[room]

    @app.get("/")
    def index() -> str:
        return "echo"

    @sio.on("join", namespace=NAMESPACE)
    def join(data):
        rooms[request.sid] = data["code"]
        join_room(data["code"])
        return {"ok": True, "token": "t", "member": {"id": 0}, "events": [], "state": {}}

    def reply(room: str, turn: dict) -> list[dict]:
        last = numbered(room, 2 if turn else 1)
        out = [{"seq": last - 1, "kind": "turn", "payload": turn}] if turn else []
        answer = {"speaker": "counterpart", "text": "Bonjour."}
        return [*out, {"seq": last, "kind": "turn", "payload": answer}]

    @sio.on("start", namespace=NAMESPACE)
    def start_(data):
        emit("events", reply(rooms[request.sid], {}), to=rooms[request.sid])
        return {"ok": True}

    @sio.on("say", namespace=NAMESPACE)
    def say(data):
        room = rooms[request.sid]
        events = reply(room, {"speaker": "member:0", "text": data["text"]})
        emit("events", events, to=room)
        return {"ok": True, "seq": events[0]["seq"], "duplicate": False}

    options = {
        "bind": f"127.0.0.1:{port}", "workers": 1, "threads": threads,
        "worker_class": "gthread", "control_socket_disable": True, "timeout": 120,
    }  # fmt: skip
    _Gunicorn(app, options).run()


# -- the clients --------------------------------------------------------------------------


class Member:
    """One real Socket.IO client; notes when each of the counterpart's replies arrives."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sio = socketio.Client(reconnection=False)
        self.replies: list[float] = []
        self.cond = threading.Condition()
        self.sio.on("events", self._on_events, namespace=NAMESPACE)

    def _on_events(self, events: list[dict]) -> None:
        now = time.perf_counter()
        if any(
            e["kind"] == "turn" and e["payload"].get("speaker") == "counterpart" for e in events
        ):
            with self.cond:
                self.replies.append(now)
                self.cond.notify_all()

    def reply_after(self, n: int, timeout: float) -> float | None:
        """When the reply numbered ``n`` arrived, waiting at most ``timeout``."""
        deadline = time.perf_counter() + timeout
        with self.cond:
            while len(self.replies) <= n:
                left = deadline - time.perf_counter()
                if left <= 0:
                    return None
                self.cond.wait(left)
            return self.replies[n]


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    lost: int = 0
    errors: list[str] = field(default_factory=list)
    turns: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)


def create_room(url: str) -> str:
    http = requests.Session()
    page = http.get(url + "/", timeout=10).text
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    answer = http.post(
        url + "/rooms",
        data={"csrf_token": token, "scenario_id": SCENARIO, "prep_min": "0"},
        allow_redirects=False,
        timeout=10,
    )
    answer.raise_for_status()
    return answer.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


def play_room(members: list[Member], code: str, args, tally: Tally, go: threading.Event) -> None:
    """One room's script: start, then K turns, candidates in turn, each waiting for the reply."""
    rng = random.Random(code)
    try:
        for i, m in enumerate(members):
            ack = m.sio.call(
                "join",
                {"code": code, "name": f"c{i}", "role": "lead" if i == 0 else "support"},
                namespace=NAMESPACE,
                timeout=30,
            )
            if not ack.get("ok"):
                return tally.error(f"join: {ack}")
        go.wait(120)
        ack = members[0].sio.call("start", {}, namespace=NAMESPACE, timeout=30)
        if not ack.get("ok") or any(m.reply_after(0, REPLY_TIMEOUT_S) is None for m in members):
            return tally.error("start: no greeting")
        for k in range(args.turns):
            time.sleep(rng.uniform(0.5, 1.5) * args.think_ms / 1000)
            sender = members[k % len(members)]
            n = k + 1
            acked: list[dict] = []
            sent = time.perf_counter()
            sender.sio.emit(
                "say",
                {"client_id": uuid.uuid4().hex, "text": SCRIPT[k % len(SCRIPT)]},
                namespace=NAMESPACE,
                callback=lambda ack, out=acked: out.append(ack),
            )
            arrivals = [m.reply_after(n, REPLY_TIMEOUT_S) for m in members]
            with tally.lock:
                tally.turns += 1
                if None in arrivals:
                    tally.lost += 1
                else:
                    tally.latencies_ms.append((max(arrivals) - sent) * 1000)
            if acked and not acked[0].get("ok"):
                tally.error(f"say: {acked[0]}")
            if None in arrivals:
                return  # this room is out of step; do not count its next turns twice
    except Exception as exc:  # counted, not raised: one failing room must not stop the bench
        tally.error(f"{type(exc).__name__}: {exc}")


def drive(url: str, args, rooms_made_by_http: bool) -> tuple[Tally, float]:
    tally = Tally()
    codes = []
    for i in range(args.rooms):
        codes.append(create_room(url) if rooms_made_by_http else f"ROOM{i:04d}")
    groups: list[list[Member]] = []

    def connect(_) -> Member:
        m = Member(url)
        m.sio.connect(url, namespaces=[NAMESPACE], transports=["websocket"], wait_timeout=30)
        return m

    with ThreadPoolExecutor(16) as pool:
        for _ in codes:
            try:
                groups.append(list(pool.map(connect, range(args.clients))))
            except Exception as exc:
                tally.error(f"connect: {exc}")
                groups.append([])
    go = threading.Event()
    threads = [
        threading.Thread(target=play_room, args=(g, c, args, tally, go), daemon=True)
        for g, c in zip(groups, codes, strict=True)
        if g
    ]
    for t in threads:
        t.start()
    time.sleep(1.0)
    began = time.perf_counter()
    go.set()
    budget = 60 + args.turns * (args.think_ms / 1000 * 1.5 + REPLY_TIMEOUT_S)
    for t in threads:
        t.join(max(0.1, budget - (time.perf_counter() - began)))
    wall = time.perf_counter() - began
    for g in groups:
        for m in g:
            try:
                m.sio.disconnect()
            except Exception:  # already gone
                pass
    return tally, wall


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(name: str, tally: Tally, wall: float, members: int) -> None:
    lat = tally.latencies_ms
    print(
        f"{name:8} turns={tally.turns:5d} p50={pct(lat, 0.50):7.1f} ms "
        f"p95={pct(lat, 0.95):7.1f} ms p99={pct(lat, 0.99):7.1f} ms "
        f"max={max(lat, default=float('nan')):7.1f} ms "
        f"mean={statistics.fmean(lat) if lat else float('nan'):6.1f} ms "
        f"turns/s={tally.turns / wall:6.1f} deliveries/s={tally.turns * members / wall:7.1f} "
        f"lost={tally.lost} errors={len(tally.errors)}"
    )
    for e in tally.errors[:5]:
        print(f"         error: {e}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rooms", type=int, default=100)
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--think-ms", type=int, default=5000, help="mean pause between turns")
    parser.add_argument("--keep-logs", metavar="DIR", help="copy the servers' logs there")
    parser.add_argument("--serve-echo", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_echo:
        return serve_echo(args.serve_echo, args.threads)
    threads = args.rooms * args.clients + 50
    print(
        f"{args.rooms} rooms × {args.clients} clients, {args.turns} turns per room, "
        f"think {args.think_ms} ms; {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f} before the run (other work shares them)"
    )
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "NEGOSIM_INSTANCE_PATH": str(Path(tmp) / "instance"),
            "NEGOSIM_DATABASE_URL": f"sqlite:///{Path(tmp) / 'load.sqlite3'}",
            "NEGOSIM_REPLY_DELAY_MS": "0",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
        }
        for name in ("negosim", "echo"):
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            if name == "negosim":
                command = [sys.executable, "-m", "negosim.cli", "serve", "--port", str(port),
                           "--threads", str(threads)]  # fmt: skip
            else:
                command = [sys.executable, __file__, "--serve-echo", str(port),
                           "--threads", str(threads)]  # fmt: skip
            proc = start(command, env, url, Path(tmp) / f"{name}.log")
            try:
                results[name] = drive(url, args, rooms_made_by_http=name == "negosim")
            finally:
                stop(proc)
            report(name, *results[name], args.clients)
            log_file = Path(tmp) / f"{name}.log"
            if args.keep_logs:
                Path(args.keep_logs).mkdir(parents=True, exist_ok=True)
                (Path(args.keep_logs) / log_file.name).write_bytes(log_file.read_bytes())
            if results[name][0].errors:  # say why, before the log goes with the temp dir
                log = log_file.read_text(errors="replace").splitlines()
                causes = sorted(
                    {line for line in log if re.match(r"^\w+(\.\w+)*(Error|Exception)", line)}
                )
                for line in causes[:5]:
                    print(f"         server: {line[:300]}")
    (tally, _), (echo, _) = results["negosim"], results["echo"]
    print(
        f"rooms={args.rooms} clients={args.clients} "
        f"p50_ms={pct(tally.latencies_ms, 0.5):.1f} p99_ms={pct(tally.latencies_ms, 0.99):.1f} "
        f"echo_p99_ms={pct(echo.latencies_ms, 0.99):.1f} "
        f"lost={tally.lost} errors={len(tally.errors)}"
    )


if __name__ == "__main__":
    main()
