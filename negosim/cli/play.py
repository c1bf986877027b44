"""``negosim play``: negotiate in the terminal, recorded like a browser session."""

from __future__ import annotations

import json
import sys
import uuid
from datetime import datetime
from typing import Any

import click

from negosim import events as ev
from negosim import library
from negosim.analysis import analyze as analyze_turn
from negosim.cli.common import ready_app
from negosim.review import score_run
from negosim.rooms.errors import RoomError
from negosim.rooms.service import RoomService
from negosim.store import get_store
from negosim.vocabulary import Role, RunStatus, Side

END_COMMANDS = {"/fin", "/end", "/quit"}


class TurnClock:
    """Negotiation time advanced per turn, so a scripted game is reproducible."""

    def __init__(self, seconds_per_turn: float) -> None:
        self.step = seconds_per_turn
        self.now = 0.0

    def advance(self) -> None:
        self.now += self.step

    def elapsed(self, started_at: datetime) -> float:
        return self.now


# The events a script playing in ``--json`` mode reads, one JSON object per line.
JSON_EVENTS = (
    ev.TURN,
    ev.TERMS,
    ev.STATE_CHANGED,
    ev.NEED_REVEALED,
    ev.OBJECTION_RAISED,
    ev.OBJECTION_RESOLVED,
    ev.RUN_ENDED,
)


def _json_printer(run_id: int, events: list[dict[str, Any]]) -> None:
    """``{"event": kind, ...payload}`` per line: the documented interface for scripts."""
    for e in events:
        if e["kind"] in JSON_EVENTS:
            click.echo(json.dumps({"event": e["kind"], **e["payload"]}, ensure_ascii=False))


def _printer(lang: str):
    def show(run_id: int, events: list[dict[str, Any]]) -> None:
        for e in events:
            p = e["payload"]
            if e["kind"] == ev.TURN and p.get("speaker") == ev.COUNTERPART:
                click.echo(f"[{p.get('name')}] {p['text']}")
            elif e["kind"] == ev.STATE_CHANGED:
                click.secho(f"  · phase : {p['dest']}", dim=True)
            elif e["kind"] == ev.RUN_ENDED:
                click.secho(
                    f"  · fin : {p['outcome']} {p.get('summary') or ''}".rstrip(), bold=True
                )

    return show


@click.command()
@click.argument("scenario_id")
@click.option(
    "--seed", type=int, default=1, show_default=True, help="Same seed and turns, same answers."
)
@click.option("--name", default="Candidat", show_default=True, help="Your display name.")
@click.option(
    "--turn-seconds",
    type=click.FloatRange(1, 600),
    default=60.0,
    show_default=True,
    help="Negotiation time each of your turns takes on the clock.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object per event (lines, terms, phases, needs, objections, outcome).",
)
def play(scenario_id: str, seed: int, name: str, turn_seconds: float, as_json: bool) -> None:
    """Play SCENARIO_ID; reads your turns from standard input when it is not a terminal.

    Type /fin to end. The last line printed is ``session=<id>`` (with ``--json``, a
    ``{"event": "session", "id": …, "score": …}`` object).
    """
    app = ready_app()
    if library.catalog(app).get(scenario_id) is None:
        raise click.BadParameter(
            f"no scenario {scenario_id!r} (see `negosim scenarios list`)", param_hint="SCENARIO_ID"
        )
    store = get_store(app)
    clock = TurnClock(turn_seconds)
    loaded = library.catalog(app).get(scenario_id)
    service = RoomService(
        store,
        lambda: library.catalog(app),
        lambda text, context: analyze_turn(text, context=context),
        _json_printer if as_json else _printer(loaded.scenario.language),
        clock=clock,
        max_turn_chars=app.config["MAX_TURN_CHARS"],
    )
    run = service.create(scenario_id, seed=seed)
    joined = service.join(run.code, name, Role.LEAD)
    if not as_json:
        title = f"{loaded.scenario.title} — {loaded.scenario.sides[Side.LEARNER].role}"
        click.secho(title, bold=True)
    service.start(run.id, joined.member_id)
    interactive = sys.stdin.isatty() and not as_json
    ended = False
    while not ended:
        if interactive:
            click.echo("> ", nl=False)
        line = sys.stdin.readline()
        if not line:
            break
        text = line.strip()
        if not text:
            continue
        if text in END_COMMANDS:
            break
        clock.advance()
        try:
            service.say(run.id, joined.member_id, uuid.uuid4().hex, text)
        except RoomError as exc:
            if exc.code == "run_over":
                break
            if as_json:
                click.echo(json.dumps({"event": "error", "code": exc.code, "message": exc.message}))
            else:
                click.secho(f"  ! {exc.message}", fg="red", err=True)
        ended = service.snapshot(run.id)["status"] == RunStatus.ENDED
    if service.snapshot(run.id)["status"] != RunStatus.ENDED:
        service.finish(run.id, joined.member_id)
    with store.Session.begin() as session:
        result = score_run(session, run.id, library.rubric(app))
    if as_json:
        points = result["overall"]["points"] if result else None
        click.echo(json.dumps({"event": "session", "id": run.id, "score": points}))
        return
    if result:
        o = result["overall"]
        click.echo(
            f"score : {o['points']:.1f}/{o['out_of']} ({o['level']}) — negosim score --run {run.id}"
        )
    click.echo(f"session={run.id}")
