"""Quality and speed of the analyser on the labelled set in tests/data.

Prints per-act precision, recall and F1, macro-F1, entity exact-match
accuracy on normalised values, and the time per ~40-word French turn (median
and p95, warm pipeline) beside the full ``fr_core_news_sm`` pipeline on the
same turns in the same run. Run: ``python bench/nlu.py [--rounds N]``.
The last line is machine-readable.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import spacy

from negosim.analysis import ACTS, TurnText, analyze, analyze_batch
from negosim.analysis.scoring import act_scores, entity_accuracy

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines() if line]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def forty_word_turns(turns: list[dict]) -> list[str]:
    """Glue consecutive French turns until each is about 40 words."""
    out, words = [], []
    for t in turns:
        words += t["text"].split()
        if len(words) >= 40:
            out.append(" ".join(words[:40]))
            words = []
    return out


def timed(fn, texts: list[str], rounds: int) -> list[float]:
    fn(texts[0])  # warm
    times = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            fn(text)
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    gold = [dict(t, lang="fr") for t in load("acts.fr.jsonl")]
    gold += [dict(t, lang="en") for t in load("acts.en.jsonl")]
    predicted = analyze_batch(TurnText(t["text"], t["lang"], t.get("previous")) for t in gold)
    scores = act_scores([set(t["acts"]) for t in gold], [set(p.acts) for p in predicted])
    print(f"{'act':24s} {'P':>5s} {'R':>5s} {'F1':>5s} {'n':>4s}")
    for act in ACTS:
        p, r, f, n = scores[act]
        print(f"{act:24s} {p:5.2f} {r:5.2f} {f:5.2f} {n:4d}")
    macro = statistics.mean(scores[a][2] for a in ACTS)
    for lang in ("fr", "en"):
        idx = [i for i, t in enumerate(gold) if t["lang"] == lang]
        sub = act_scores([set(gold[i]["acts"]) for i in idx], [set(predicted[i].acts) for i in idx])
        print(f"macro-F1 {lang}: {statistics.mean(sub[a][2] for a in ACTS):.3f} ({len(idx)} turns)")
    guessed = analyze_batch(TurnText(t["text"]) for t in gold)
    right = sum(g.lang == t["lang"] for g, t in zip(guessed, gold, strict=True))
    print(f"language detected right: {right}/{len(gold)} ({right / len(gold):.3f})")
    ents = load("entities.jsonl")
    got = analyze_batch(TurnText(e["text"], e["lang"]) for e in ents)
    acc, misses = entity_accuracy([e["entities"] for e in ents], [list(g.entities) for g in got])
    print(f"entity sentences: {len(ents)}, exact match {acc:.3f}, misses {len(misses)}")

    texts = forty_word_turns(load("acts.fr.jsonl"))
    ours = timed(lambda t: analyze(t, "fr"), texts, args.rounds)
    full = spacy.load("fr_core_news_sm")
    base = timed(full, texts, args.rounds)
    detect = timed(lambda t: analyze(t), texts, 1)
    print(f"{len(texts)} turns of 40 words x {args.rounds} rounds")
    for name, values in (
        ("negosim analyse (fr given)", ours),
        ("negosim analyse (lang detected)", detect),
        ("full fr_core_news_sm", base),
    ):
        print(
            f"{name:32s} median {statistics.median(values):6.2f} ms"
            f"   p95 {percentile(values, 0.95):6.2f} ms"
        )
    print(
        f"macro_f1={macro:.3f} entity_acc={acc:.3f} median_ms={statistics.median(ours):.2f} "
        f"p95_ms={percentile(ours, 0.95):.2f} baseline_median_ms={statistics.median(base):.2f}"
    )


if __name__ == "__main__":
    main()
