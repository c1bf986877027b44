"""``negosim analyze``: JSON Lines of turns in, one analysis per line out."""

from __future__ import annotations

import json
import sys
from dataclasses import replace

import click

from negosim.analysis import AnalysisError, TurnText, analyze_batch
from negosim.analysis.context import SPEAKERS, Context

BATCH = 64


def _parse(line: str, context: Context | None = None) -> TurnText:
    data = json.loads(line)
    if not isinstance(data, dict):
        raise ValueError("each line must be a JSON object")
    text, lang, previous = data.get("text"), data.get("lang"), data.get("previous")
    if not isinstance(text, str):
        raise ValueError('"text" must be a string')
    if lang is not None and lang not in ("fr", "en"):
        raise ValueError('"lang" must be "fr" or "en" when given')
    if previous is not None and not isinstance(previous, str):
        raise ValueError('"previous" must be a string when given')
    speaker = data.get("speaker", "candidate")
    if speaker not in SPEAKERS:
        raise ValueError(f'"speaker" must be one of {", ".join(SPEAKERS)}')
    if context is not None:
        context = replace(context, speaker=speaker, previous=previous or context.previous)
    return TurnText(text, lang, previous, context)


@click.command()
@click.option(
    "--scenario",
    "scenario_id",
    default=None,
    help="Read the lines as one dialogue in this scenario: figures tied to its issues, "
    "each line read after the previous ones (the terms each side put on the table).",
)
def analyze(scenario_id: str | None) -> None:
    """Read turns as JSON Lines on stdin, write one analysis per line on stdout.

    Input: {"text": "...", "lang": "fr"|"en" (optional), "previous": "..." (optional),
    "speaker": "candidate"|"counterpart" (optional, with --scenario)}.
    A bad line is reported on stderr with its number and its output line is
    {"error": ...}; the next lines are still analysed.
    """
    if scenario_id is not None:
        sys.exit(_dialogue(scenario_id))
    batch: list[tuple[int, TurnText | str]] = []
    failures = 0

    def flush() -> None:
        nonlocal failures
        good = [(n, t) for n, t in batch if isinstance(t, TurnText)]
        try:
            results = dict(
                zip((n for n, _ in good), analyze_batch(t for _, t in good), strict=True)
            )
        except AnalysisError:
            results = {}
            for n, t in good:
                try:
                    results[n] = analyze_batch([t])[0]
                except AnalysisError as exc:
                    results[n] = str(exc)  # type: ignore[assignment]
        for n, item in batch:
            outcome = results.get(n, item)
            if isinstance(outcome, str):
                failures += 1
                click.echo(f"line {n}: {outcome}", err=True)
                click.echo(json.dumps({"error": outcome, "line": n}, ensure_ascii=False))
            else:
                click.echo(json.dumps(outcome.to_dict(), ensure_ascii=False))
        batch.clear()

    for number, line in enumerate(sys.stdin, start=1):
        try:
            batch.append((number, _parse(line)))
        except (ValueError, json.JSONDecodeError) as exc:
            batch.append((number, f"not a valid turn: {exc}"))
        if len(batch) >= BATCH:
            flush()
    flush()
    sys.exit(1 if failures else 0)


def _dialogue(scenario_id: str) -> int:
    """Each line in the context of the lines before it: the previous turn and both tables."""
    from negosim import library
    from negosim.cli.common import ready_app

    loaded = library.catalog(ready_app()).get(scenario_id)
    if loaded is None:
        raise click.BadParameter(f"no scenario {scenario_id!r}", param_hint="--scenario")
    tables: dict[str, dict] = {s: {} for s in SPEAKERS}
    previous: dict[str, str | None] = {s: None for s in SPEAKERS}
    failures = 0
    for number, line in enumerate(sys.stdin, start=1):
        try:
            item = _parse(line, Context.of(loaded.scenario))
            speaker = item.context.speaker  # type: ignore[union-attr]
            other = SPEAKERS[1 - SPEAKERS.index(speaker)]
            context = replace(
                item.context,  # type: ignore[arg-type]
                mine=dict(tables[speaker]),
                theirs=dict(tables[other]),
                previous=item.previous or previous[other],
            )
            result = analyze_batch([replace(item, context=context)])[0]
        except (ValueError, json.JSONDecodeError, AnalysisError) as exc:
            failures += 1
            click.echo(f"line {number}: {exc}", err=True)
            click.echo(json.dumps({"error": str(exc), "line": number}, ensure_ascii=False))
            continue
        tables[speaker].update(result.stated())
        previous[speaker] = item.text
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    return 1 if failures else 0
