"""The rules' levels put on the examiners' scale, fitted on the calibration corpus.

A criterion's rules give a raw value: its indicators' weighted mean level, 0 (TI) to 3
(TS). Examiners use the scale unevenly (few S where the rules give many) and read a
session as a whole too: their criteria move together. So a criterion's level is
``a + b·raw + g·mean`` (``mean``: the session's mean raw over the criteria), rounded,
still bounded by its caps. One line per criterion, fitted by least squares pulled
towards the plain rule (a = 0, b = 1, g = 0), so a criterion with little evidence
stays near its rule. ``bench/calibration.py`` fits it leave-one-scenario-out to say
what it does on scenarios it never saw, and ``--fit`` writes the shipped one
(``data/calibration.yaml``) from the whole corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from negosim.content import load_yaml

PRIOR = np.array([0.0, 1.0, 0.0])  # a, b, g of the plain rule
RIDGE = 4.0  # how strongly a line is pulled towards the rule: set once, never tuned
PATH = "data/calibration.yaml"


@dataclass(frozen=True)
class Line:
    a: float = 0.0
    b: float = 1.0
    g: float = 0.0

    def level(self, raw: float, mean: float, cap: int | None = None) -> int:
        """0 (TI) to 3 (TS), halves rounded up, never above the cap."""
        z = self.a + self.b * raw + self.g * mean
        index = int(min(3.0, max(0.0, z)) + 0.5)
        return index if cap is None else min(index, cap)


PLAIN = Line()


def session_mean(raws: Iterable[float]) -> float:
    values = list(raws)
    return sum(values) / len(values) if values else 0.0


def fit(samples: Iterable[tuple[Mapping[str, float], Mapping[str, int]]]) -> dict[str, Line]:
    """One line per criterion from (raw values by criterion, examiner's level index by
    criterion) pairs, one pair per session."""
    rows: dict[str, list[tuple[float, float, int]]] = {}
    for raws, levels in samples:
        mean = session_mean(raws.values())
        for cid, raw in raws.items():
            if cid in levels:
                rows.setdefault(cid, []).append((raw, mean, levels[cid]))
    lines = {}
    for cid, data in rows.items():
        x = np.array([[1.0, raw, mean] for raw, mean, _ in data])
        y = np.array([float(level) for _, _, level in data])
        beta = np.linalg.solve(x.T @ x + RIDGE * np.eye(3), x.T @ y + RIDGE * PRIOR)
        lines[cid] = Line(*(round(float(v), 4) for v in beta))
    return lines


def dump(lines: Mapping[str, Line], digest: str, sessions: int) -> str:
    """The shipped calibration, as ``--fit`` writes it."""
    out = [
        "# Written by `python -m bench.calibration --fit` from tests/data/calibration:",
        "# level = a + b·raw + g·session mean raw (negosim/scoring/calibrate.py).",
        f"fitted_on: {{sessions: {sessions}, digest: '{digest}'}}",
        "criteria:",
        *(f"  {cid}: {{a: {ln.a}, b: {ln.b}, g: {ln.g}}}" for cid, ln in sorted(lines.items())),
    ]
    return "\n".join(out) + "\n"


@cache
def shipped() -> tuple[dict[str, Line], str]:
    """The fitted lines and the digest of what they were fitted on (empty: the plain rule)."""
    path = resources.files("negosim.scoring").joinpath(PATH)
    if not path.is_file():
        return {}, ""
    data = load_yaml(path.read_text("utf-8"))
    lines = {cid: Line(**v) for cid, v in (data.get("criteria") or {}).items()}
    return lines, str((data.get("fitted_on") or {}).get("digest", ""))
