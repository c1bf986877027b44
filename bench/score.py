"""Scoring a recorded ~150-turn session, against folding its journal alone (the baseline).

The session is played through the engine with the language analysis recorded in the turn
events, as a room records it; the timings then cover what the debrief does: fold the
journal into a transcript and grade it. The first score of a scenario version also
searches the Nash point (cached per version): printed apart as ``cold_ms``. Run:
``python bench/score.py [--turns N] [--repeat R]``. Compare lines of one run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from negosim import events as ev
from negosim.analysis import analyze
from negosim.config import PROJECT_DIR
from negosim.engine import CandidateTurn, Negotiation
from negosim.events import Happening, Recorded
from negosim.scenario import load_scenario_file
from negosim.scoring import from_events, load_rubric_file, score

SESSION = PROJECT_DIR / "tests" / "data" / "transcripts" / "fr-mobilier-excellent.json"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def recorded_session(turns: int) -> tuple[list[Recorded], object]:
    """About ``turns`` turns (candidates' and counterpart's), played through the engine."""
    loaded = load_scenario_file(PROJECT_DIR / "scenarios" / "fr-mobilier-grand-compte.yaml")
    texts = [
        t["text"]
        for t in json.loads(SESSION.read_text("utf-8"))["turns"]
        if t["speaker"] != "counterpart"
    ]
    analysed = {text: analyze(text, "fr") for text in texts}
    duration = 3 * 3600.0
    n = Negotiation(loaded, seed=5, duration_s=duration)
    out: list[Recorded] = []

    def add(happenings: list[Happening], t: float) -> None:
        for h in happenings:
            out.append(Recorded(len(out) + 1, h.kind, t, h.author, h.payload))

    add([Happening(ev.NEGOTIATION_STARTED), *n.open()], 0.0)
    for field in ("objectives", "limits", "concessions", "arguments"):
        add(
            [
                Happening(
                    "sheet.updated",
                    {"side": "learner", "field": field, "value": "…", "version": 1, "by": "m1"},
                )
            ],
            0.0,
        )
    i = 0
    while sum(1 for e in out if e.kind == ev.TURN) < turns:
        text = texts[i % len(texts)]
        t = 20.0 * (i + 1)
        who = ("m1", "m2")[i % 2]
        payload = {
            "speaker": who,
            "side": "learner",
            "name": who,
            "text": text,
            **analysed[text].to_dict(),
        }
        add([Happening(ev.TURN, payload)], t)
        add(n.hear(CandidateTurn(text, analysed[text], elapsed_s=t)), t)
        i += 1
    add(n.finish("bench"), 20.0 * (i + 1))
    return out, loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    rubric = load_rubric_file(PROJECT_DIR / "rubrics" / "bloc3.yaml")
    events, loaded = recorded_session(args.turns)
    turns = sum(1 for e in events if e.kind == ev.TURN)

    start = time.perf_counter()
    score(from_events(loaded.id, events, 1800), loaded, rubric)
    cold = (time.perf_counter() - start) * 1000

    fold, full = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        from_events(loaded.id, events, 1800)
        fold.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        score(from_events(loaded.id, events, 1800), loaded, rubric)
        full.append((time.perf_counter() - start) * 1000)
    print(f"events={len(events)} cold_ms={cold:.1f} (first score of this scenario version)")
    f_med, f_p95 = statistics.median(fold), percentile(fold, 0.95)
    print(f"baseline fold only: median_ms={f_med:.2f} p95_ms={f_p95:.2f}")
    print(
        f"turns={turns} median_ms={statistics.median(full):.1f} p95_ms={percentile(full, 0.95):.1f}"
    )


if __name__ == "__main__":
    main()
