"""Check the format of labelled turn files (see GUIDE.md); prints problems, exits 1 on any."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ACTS = {
    "question.open",
    "question.closed",
    "reformulation",
    "acknowledgment",
    "argument",
    "proof",
    "offer",
    "concession.conditional",
    "concession",
    "objection",
    "closing",
    "agreement",
    "refusal",
    "small_talk",
    "threat",
    "need",
}
FIELDS = {
    "MONEY": {"amount", "currency"},
    "PERCENT": {"value"},
    "DURATION": {"days"},
    "QUANTITY": {"value", "unit"},
    "INCOTERM": {"code", "place"},
    "PAYMENT_TECHNIQUE": {"technique"},
    "CURRENCY": {"code"},
    "DATE": {"value"},
}
ROLES = {"propose", "accept", "quote", "cite", "fact", "require", "ask", "refuse"}


def problems(path: Path) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            turn = json.loads(line)
        except json.JSONDecodeError as error:
            found.append(f"{where}: not JSON ({error})")
            continue
        text = turn.get("text", "")
        if not isinstance(text, str) or not text.strip():
            found.append(f"{where}: no text")
        if turn.get("id") in seen:
            found.append(f"{where}: duplicate id {turn.get('id')}")
        seen.add(turn.get("id"))
        if turn.get("lang") not in {"fr", "en", "mixed"}:
            found.append(f"{where}: lang must be fr, en or mixed")
        if turn.get("acts") is not None:
            found += [f"{where}: unknown act {a}" for a in turn["acts"] if a not in ACTS]
        for e in turn.get("entities") or []:
            if e.get("label") not in FIELDS:
                found.append(f"{where}: unknown label {e.get('label')}")
            elif not FIELDS[e["label"]] <= set(e):
                found.append(f"{where}: {e['label']} lacks {FIELDS[e['label']] - set(e)}")
            if e.get("text") not in text:
                found.append(f"{where}: span {e.get('text')!r} not in text")
        for m in turn.get("mentions") or []:
            if m.get("role") not in ROLES:
                found.append(f"{where}: unknown role {m.get('role')}")
            if m.get("text") not in text:
                found.append(f"{where}: mention {m.get('text')!r} not in text")
    return found


if __name__ == "__main__":
    issues = [p for arg in sys.argv[1:] for p in problems(Path(arg))]
    print("\n".join(issues) or "ok")
    sys.exit(1 if issues else 0)
