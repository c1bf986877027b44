"""One candidate turn through the whole server-side path, against analysis alone.

Prints the median and p95 of: analysis only (the baseline), and analysis +
counterpart + journal write (what a room does before publishing). Run:
``python bench/turn.py [--turns N]``. Figures vary with the machine; compare
the two lines of one run, not runs on different days.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from negosim import create_app
from negosim.analysis import analyze
from negosim.rooms import get_service
from negosim.store import get_store
from negosim.store.migrate import upgrade

TURNS = [
    "Bonjour Madame, merci de nous recevoir, le trajet depuis Grenoble s'est très bien passé.",
    "Pour bien comprendre votre projet, quels sont vos critères de choix et votre calendrier ?",
    "Nous proposons 660 € par poste, livraison en 9 semaines, paiement à 30 jours.",
    "Si vous acceptez un paiement à 45 jours, alors nous pouvons passer à 645 € par poste.",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=200)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp),
            "DATABASE_URL": f"sqlite:///{tmp / 'b.db'}",
            "SECRET_KEY": "bench",
            "ANALYSIS_INLINE": True,
            "REPLY_DELAY_MS": 0,  # the counterpart's deliberate typing pause is not work
        }
    )
    upgrade(get_store(app).url)
    service = get_service(app)
    analyze("Bonjour.", "fr")  # load the pipeline outside the timings

    baseline = []
    for i in range(args.turns):
        start = time.perf_counter()
        analyze(TURNS[i % len(TURNS)], "fr")
        baseline.append((time.perf_counter() - start) * 1000)

    full = []
    while len(full) < args.turns:
        run = service.create("fr-mobilier-grand-compte", seed=len(full))
        member = service.join(run.code, "Bench", "lead").member_id
        service.start(run.id, member)
        for text in TURNS:
            start = time.perf_counter()
            try:
                service.say(run.id, member, uuid.uuid4().hex, text)
            except Exception:  # noqa: BLE001 - a run that ended early just stops this loop
                break
            full.append((time.perf_counter() - start) * 1000)

    for name, values in (
        ("analysis only (baseline)", baseline),
        ("turn: analysis+engine+journal", full),
    ):
        median, p95 = statistics.median(values), percentile(values, 0.95)
        print(f"{name:32s} median {median:6.2f} ms   p95 {p95:6.2f} ms")
    print(
        f"turns={len(full)} median_ms={statistics.median(full):.2f} "
        f"p95_ms={percentile(full, 0.95):.2f} "
        f"baseline_median_ms={statistics.median(baseline):.2f}"
    )


if __name__ == "__main__":
    main()
