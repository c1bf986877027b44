"""The debrief as a coach tells it: strengths, things to work on, the deal against the
team's own targets, each point resting on a turn. Pure functions of the score, which
stays as ``scoring.grade`` computed it: this module only chooses and orders."""

from __future__ import annotations

from typing import Any

from negosim.engine.phrasing import format_value
from negosim.engine.utility import issue_value
from negosim.scenario.model import NumericPreference, Scenario
from negosim.scoring.rubric import LEVEL_ORDER

RANK = {level: n for n, level in enumerate(LEVEL_ORDER)}


def unique_evidence(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each turn once: the notes of a turn cited several times are joined under one quote."""
    out: list[dict[str, Any]] = []
    by_seq: dict[int, dict[str, Any]] = {}
    for e in evidence:
        seq = e.get("seq")
        if seq is None:
            if all(e["note"] != o["note"] for o in out if o.get("seq") is None):
                out.append(dict(e))
            continue
        if seq in by_seq:
            notes = by_seq[seq]["notes"]
            if e["note"] and e["note"] not in notes:
                notes.append(e["note"])
            continue
        item = dict(e, notes=[e["note"]] if e["note"] else [])
        by_seq[seq] = item
        out.append(item)
    for item in out:
        item["note"] = " ; ".join(item.pop("notes", None) or [item["note"]])
    return out


def _turn(criterion: dict[str, Any]) -> dict[str, Any] | None:
    """The turn a point rests on: the criterion's first quoted one."""
    return next((e for e in criterion["evidence"] if e.get("seq")), None)


def _next_level(criterion: dict[str, Any], descriptors: dict[str, dict[str, str]]) -> str:
    rank = RANK[criterion["level"]]
    if rank + 1 >= len(LEVEL_ORDER):
        return ""
    return descriptors.get(criterion["id"], {}).get(LEVEL_ORDER[rank + 1], "")


def highlights(
    criteria: list[dict[str, Any]], descriptors: dict[str, dict[str, str]], n: int = 3
) -> dict[str, list[dict[str, Any]]]:
    """The ``n`` strengths (highest levels, S or above) and the ``n`` things to work on
    (lowest levels), each with its turn and, to work on, what to do instead."""
    order = sorted(criteria, key=lambda c: (-RANK[c["level"]], -c["weight"]))
    strengths = [c for c in order if RANK[c["level"]] >= RANK["S"]][:n]
    chosen = {c["id"] for c in strengths}
    weakest = sorted(criteria, key=lambda c: (RANK[c["level"]], -c["weight"]))
    work_on = [c for c in weakest if c["id"] not in chosen and c["level"] != "TS"][:n]
    return {
        "strengths": [
            {
                "id": c["id"],
                "label": c["label"],
                "level": c["level"],
                "why": c["descriptor"],
                "turn": _turn(c),
            }
            for c in strengths
        ],
        "work_on": [
            {
                "id": c["id"],
                "label": c["label"],
                "level": c["level"],
                "why": c["descriptor"],
                "turn": _turn(c),
                "instead": c["advice"] or _next_level(c, descriptors),
            }
            for c in work_on
        ],
    }


def deal_chart(scenario: Scenario, terms: dict[str, Any] | None, lang: str) -> list[dict]:
    """Per issue: the team's floor, target and what was signed, and where the deal lands
    between floor (0 %) and target (100 %)."""
    if not terms:
        return []
    rows = []
    for issue in scenario.issues:
        if terms.get(issue.id) is None:
            continue
        pref = issue.preference("learner")
        value = terms[issue.id]
        row = {
            "id": issue.id,
            "label": issue.label,
            "signed": format_value(issue, value, lang),
            "share": round(100 * issue_value(issue, "learner", value)),
        }
        if isinstance(pref, NumericPreference):
            row |= {
                "floor": format_value(issue, pref.reservation, lang),
                "target": format_value(issue, pref.target, lang),
            }
        else:
            best = max(pref.utilities, key=lambda o, p=pref: p.utilities[o])
            row |= {"floor": "", "target": str(best)}
        rows.append(row)
    return rows
