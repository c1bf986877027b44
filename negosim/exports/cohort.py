"""A cohort's results as CSV: one row per scored session, the jury's level where it ruled.

Semicolon-separated UTF-8 with a byte-order mark, which French spreadsheets open as is.
Every cell is quoted, and a text cell that a spreadsheet would read as a formula (a
candidate named ``=HYPERLINK(…)``) is neutralised as OWASP's "CSV Injection" page says:
a leading single quote, so that it shows as the text it is.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "\uff1d", "\ufe62", "\uff0b")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def neutral(cell: Any) -> Any:
    """The cell as a spreadsheet must show it: text never starts a formula."""
    if not isinstance(cell, str) or NUMBER.fullmatch(cell):
        return cell
    stripped = cell.lstrip(" ")
    return "'" + cell if stripped.startswith(FORMULA_START) else cell


def cohort_csv(evaluations: list[dict[str, Any]]) -> str:
    criteria: list[tuple[str, str]] = []
    for ev in evaluations:
        for c in ev["criteria"]:
            if (c["id"], c["label"]) not in criteria:
                criteria.append((c["id"], c["label"]))
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_ALL)
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
        row = [
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
        ] + [levels.get(cid, "") for cid, _ in criteria]
        writer.writerow([neutral(cell) for cell in row])
    return out.getvalue()
