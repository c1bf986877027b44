"""Figures for charts: a session's levels per criterion, a cohort's results over attempts.

Pure functions over ``evaluate`` dicts; the browser draws them with Chart.js and the
same figures stay readable as tables for those who would rather read.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any


def level_rank(levels: list[dict[str, Any]]) -> dict[str, int]:
    """TI → 1 … TS → 4, in the rubric's order."""
    return {lv["id"]: i + 1 for i, lv in enumerate(levels)}


def session_chart(ev: dict[str, Any]) -> dict[str, Any]:
    rank = level_rank(ev["levels"])
    return {
        "levels": [lv["id"] for lv in ev["levels"]],
        "labels": [c["label"] for c in ev["criteria"]],
        "automatic": [rank.get(c["auto_level"], 0) for c in ev["criteria"]],
        "jury": [rank.get(c["jury"]["level"], 0) if c["jury"] else None for c in ev["criteria"]],
    }


def cohort_dashboard(evaluations: list[dict[str, Any]]) -> dict[str, Any]:
    """Sessions × criteria (final levels), the share of S/TS per criterion, progress per name."""
    ordered = sorted(evaluations, key=lambda ev: (ev["run"]["created_at"], ev["run"]["id"]))
    criteria: list[dict[str, str]] = []
    for ev in ordered:
        for c in ev["criteria"]:
            if c["id"] not in {k["id"] for k in criteria}:
                criteria.append({"id": c["id"], "label": c["label"]})
    levels = ordered[0]["levels"] if ordered else []
    rank = level_rank(levels)
    sessions = [
        {
            "id": ev["run"]["id"],
            "code": ev["run"]["code"],
            "date": ev["run"]["created_at"].date().isoformat(),
            "candidates": ev["candidates"],
            "overall": ev["final_overall"],
            "points": round(ev["overall"]["points"], 1),
            "levels": {c["id"]: c["final_level"] for c in ev["criteria"]},
        }
        for ev in ordered
    ]
    passing = {lv for lv, r in rank.items() if r > len(rank) / 2}  # S and TS on the 4-level grid
    success = []
    for k in criteria:
        seen = [s["levels"][k["id"]] for s in sessions if k["id"] in s["levels"]]
        share = sum(lv in passing for lv in seen) / len(seen) if seen else 0.0
        success.append(round(share * 100))
    progress: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in sessions:
        for name in s["candidates"]:
            progress[name].append(
                {"attempt": len(progress[name]) + 1, "code": s["code"], "points": s["points"]}
            )
    return {
        "criteria": criteria,
        "sessions": sessions,
        "success": success,
        "progress": dict(sorted(progress.items())),
        "out_of": ordered[0]["overall"]["out_of"] if ordered else 20,
    }
