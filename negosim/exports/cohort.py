"""A cohort's results as CSV: one row per scored session, the jury's level where it ruled.

Semicolon-separated UTF-8 with a byte-order mark, which French spreadsheets open as is.
"""

from __future__ import annotations

import csv
import io
from typing import Any


def cohort_csv(evaluations: list[dict[str, Any]]) -> str:
    criteria: list[tuple[str, str]] = []
    for ev in evaluations:
        for c in ev["criteria"]:
            if (c["id"], c["label"]) not in criteria:
                criteria.append((c["id"], c["label"]))
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "séance",
            "code",
            "date",
            "groupe",
            "scénario",
            "candidats",
            "issue",
            "niveau automatique",
            "points",
            "décision du jury",
        ]
        + [label for _, label in criteria]
    )
    for ev in evaluations:
        levels = {c["id"]: c["final_level"] for c in ev["criteria"]}
        run = ev["run"]
        writer.writerow(
            [
                run["id"],
                run["code"],
                run["created_at"].date().isoformat(),
                ev["cohort"] or "",
                ev["scenario"]["id"],
                ", ".join(ev["candidates"]),
                run["outcome"] or "",
                ev["overall"]["level"],
                f"{ev['overall']['points']:.1f}",
                ev["decision"]["level"] if ev["decision"] else "",
            ]
            + [levels.get(cid, "") for cid, _ in criteria]
        )
    return out.getvalue()
