"""Whether the candidates prepared: the preparation sheet filled in, then followed."""

from __future__ import annotations

from typing import Any

from negosim.engine.utility import acceptable_on_issue, issue_value
from negosim.events import SHEET_FIELDS
from negosim.scoring.indicators.base import (
    Context,
    Measure,
    _at,
    absence,
    cite,
    conduct_vocabulary,
    say,
)
from negosim.scoring.indicators.truth import _number, _number_pattern


def prep_sheet_completeness(ctx: Context) -> Measure:
    sheet = ctx.transcript.sheet
    fields = SHEET_FIELDS
    filled = [f for f in fields if str(sheet.get(f, "")).strip()]
    if not sheet:
        return Measure(0.0, say(ctx, "no_sheet"), [absence(say(ctx, "no_sheet_filled"))])
    return Measure(
        len(filled) / len(fields),
        say(ctx, "sheet_sections", filled=len(filled), total=len(fields)),
        [absence(say(ctx, "sections_filled", fields=", ".join(filled) or say(ctx, "no_section")))],
    )


def _sheet_limits(ctx: Context) -> dict[str, float]:
    """The team's own written limit per numeric issue (first figure with the issue's unit)."""
    text = str(ctx.transcript.sheet.get("limits", "")).lower()
    units = conduct_vocabulary()["issue_units"]
    out: dict[str, float] = {}
    for issue in ctx.loaded.scenario.issues:
        words = units.get(issue.unit or "", [])
        if not issue.numeric or not words:
            continue
        lang = ctx.loaded.scenario.language
        for m in _number_pattern(lang).finditer(text):
            if any(text[m.end() : m.end() + 12].lstrip().startswith(w) for w in words):
                out[issue.id] = _number(m.group(), lang)
                break
    return out


def _beyond(issue: Any, value: Any, limit: float | None) -> bool:
    """Whether ``value`` is on the wrong side of the scenario's reservation or the team's limit."""
    if not acceptable_on_issue(issue, "learner", value):
        return True
    if limit is None:
        return False
    up = issue.preference("learner").direction == "up"
    return float(value) < limit if up else float(value) > limit


def _conceded_issues(ctx: Context) -> list[tuple[int, str]]:
    """(seq, issue id) each time a learner package moved an issue against the learner."""
    scenario = ctx.loaded.scenario
    by_id = {i.id: i for i in scenario.issues}
    standing: dict[str, Any] = {}
    out = []
    for seq, by, terms in ctx.transcript.offers:
        if by != "learner":
            continue
        for k, v in terms.items():
            if k in standing and k in by_id:
                before = issue_value(by_id[k], "learner", standing[k])
                if issue_value(by_id[k], "learner", v) < before - 1e-6:
                    out.append((seq, k))
        standing = {**standing, **terms}
    return out


def sheet_followed(ctx: Context) -> Measure:
    """Limits kept, planned concessions made and traded, not given, as the sheet said."""
    sheet = ctx.transcript.sheet
    if not any(str(v).strip() for v in sheet.values()):
        return Measure(None, say(ctx, "no_sheet"))
    scenario = ctx.loaded.scenario
    by_id = {i.id: i for i in scenario.issues}
    limits = _sheet_limits(ctx)
    packages = [(seq, terms) for seq, by, terms in ctx.transcript.offers if by == "learner"]
    if ctx.transcript.final_terms:
        packages.append((None, ctx.transcript.final_terms))
    broken = []
    for seq, terms in packages:
        for k, v in terms.items():
            if k in by_id and v is not None and _beyond(by_id[k], v, limits.get(k)):
                turn = _at(ctx, seq) if seq else None
                note = say(ctx, "limit_exceeded", issue=by_id[k].label, value=v)
                broken.append(cite(turn, note) if turn else absence(note))
    planned_text = str(sheet.get("concessions", "")).lower()
    unplanned = []
    if planned_text.strip():
        for seq, k in _conceded_issues(ctx):
            units = conduct_vocabulary()["issue_units"].get(by_id[k].unit or "", [])
            words = [by_id[k].label.lower(), *(w.lower() for w in by_id[k].keywords), *units]
            if not any(w in planned_text for w in words):
                turn = _at(ctx, seq)
                note = say(ctx, "unplanned_concession", issue=by_id[k].label)
                unplanned.append(cite(turn, note) if turn else absence(note))
    cond = [t for t in ctx.mine() if t.has("concession.conditional")]
    given = [t for t in ctx.mine() if t.has("concession") and not t.has("concession.conditional")]
    traded = len(cond) / (len(cond) + len(given)) if cond or given else 1.0
    value = (0.0 if broken else 0.4) + (0.0 if unplanned else 0.2) + 0.4 * traded
    ev = broken[:2] + unplanned[:2] + [cite(t, say(ctx, "concession_given")) for t in given[:2]]
    if not ev:
        ev = [absence(say(ctx, "sheet_kept"))]
    return Measure(
        round(value, 4),
        say(
            ctx,
            "limits_exceeded_traded" if broken else "limits_kept_traded",
            pct=round(100 * traded),
        ),
        ev,
    )
