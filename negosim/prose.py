"""A brief as its author meant it: paragraphs, not the YAML file's hard line breaks."""

from __future__ import annotations

import re

LIST_ITEM = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s+")


def paragraphs(text: str | None) -> list[str]:
    """Blank lines part paragraphs; the lines within one are joined with spaces, except
    list items ("- …", "1. …"), which each stay a line of their own."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", str(text or "").strip()):
        lines: list[str] = []
        for line in block.splitlines():
            line = line.strip()
            if not line:
                continue
            if lines and not LIST_ITEM.match(line):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
        out.extend(lines if any(LIST_ITEM.match(x) for x in lines) else [" ".join(lines)])
    return [p for p in out if p]
