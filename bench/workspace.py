"""The workspace's live check of a draft, against loading the same text alone (the baseline).

For each shipped scenario: ``load`` is the loader alone (YAML and the pydantic models),
``check`` what ``POST /workspace/validate`` runs (loader, flow check, lints, mermaid
text); ``zopa`` is the full zone-of-agreement enumeration the lint used to run before it
stopped at the first package. Run: ``python bench/workspace.py [--repeat R]``.
Compare lines of one run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from negosim.config import PROJECT_DIR
from negosim.engine.utility import zopa
from negosim.scenario.loader import load_scenario_text
from negosim.workspace.authoring import examine

SCENARIOS = PROJECT_DIR / "scenarios"
CULTURES = SCENARIOS / "cultures"


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    for path in sorted(SCENARIOS.glob("*.yaml")):
        text = path.read_text("utf-8")
        loaded = load_scenario_text(text, str(path), CULTURES)
        load = median_ms(lambda t=text: load_scenario_text(t, "<draft>", CULTURES), args.repeat)
        check = median_ms(lambda t=text: examine(t, CULTURES), args.repeat)
        full = median_ms(lambda s=loaded.scenario: zopa(s), max(1, args.repeat // 5))
        print(
            f"{path.stem:30s} {len(text) // 1024:3d} KiB  baseline load_ms={load:7.1f}"
            f"  check_ms={check:7.1f}  full_zopa_ms={full:7.1f}"
        )


if __name__ == "__main__":
    main()
