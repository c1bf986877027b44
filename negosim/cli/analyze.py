"""``negosim analyze``: JSON Lines of turns in, one analysis per line out."""

from __future__ import annotations

import json
import sys

import click

from negosim.analysis import AnalysisError, TurnText, analyze_batch

BATCH = 64


def _parse(line: str) -> TurnText:
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
    return TurnText(text, lang, previous)


@click.command()
def analyze() -> None:
    """Read turns as JSON Lines on stdin, write {lang, acts, entities} per line on stdout.

    Input: {"text": "...", "lang": "fr"|"en" (optional), "previous": "..." (optional)}.
    A bad line is reported on stderr with its number and its output line is
    {"error": ...}; the next lines are still analysed.
    """
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
