"""Whether the contract's terms get settled: delivery, payment and the clauses it needs."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from negosim.scoring.indicators.base import (
    Context,
    Evidence,
    Measure,
    absence,
    cite,
    contract_vocabulary,
    lang_of,
    say,
)
from negosim.scoring.indicators.legal import _over_own_payment_limit, _over_payment_cap
from negosim.scoring.transcript import Turn

PLACE = re.compile(r"^[\s,:]*(?:(?:à|au|en|sur|site|at|de|du|la|le|l')\s*)*[A-ZÉÈÀ][\w'-]+")


@cache
def _keywords_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the keywords as a whole word or phrase (longest first)."""
    alts = "|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


def _item_in(turn: Turn, spec: dict[str, Any]) -> bool:
    """Whether a turn settles a contract item: named, with its figure or place when needed."""
    lowered = turn.text.lower()
    labels = {e["label"] for e in turn.analysis.entities}
    if spec.get("figured") and _keywords_pattern(tuple(spec["figured"])).search(lowered):
        return True  # a term that carries its own figure ("net 45")
    named = [e for e in turn.analysis.entities if e["label"] in spec.get("entities", [])]
    if spec.get("needs_place") and any(e.get("place") for e in named):
        return True  # the analyser read the rule with its named place ("DAP Lyon")
    hits = [e["end"] for e in named]
    hits += [m.end() for m in _keywords_pattern(tuple(spec["keywords"])).finditer(lowered)]
    if not hits:
        return False
    if spec.get("needs_entity") and not labels & set(spec["needs_entity"]):
        return False
    if spec.get("needs_place"):
        return any(PLACE.match(turn.text[end : end + 40]) for end in hits)
    return True


def _terms_named(ctx: Context, items: list[str]) -> tuple[dict[str, Turn], list[str]]:
    voc = contract_vocabulary()
    found: dict[str, Turn] = {}
    for turn in ctx.transcript.candidate_turns():
        for item in items:
            if item not in found and _item_in(turn, voc[item]):
                found[item] = turn
    missing = [voc[i]["label"][lang_of(ctx)] for i in items if i not in found]
    return found, missing


def _terms_measure(ctx: Context, items: list[str], penalties: list[Evidence] = ()) -> Measure:
    voc = contract_vocabulary()
    found, missing = _terms_named(ctx, items)
    lang = lang_of(ctx)
    evidence = [
        cite(t, say(ctx, "item_settled", item=voc[i]["label"][lang])) for i, t in found.items()
    ]
    evidence += list(penalties)
    if missing:
        evidence.append(absence(say(ctx, "items_not_settled", items=", ".join(missing))))
    value = max(0.0, (len(found) - len(penalties)) / len(items))
    return Measure(value, f"{len(found)} / {len(items)}", evidence)


def delivery_terms(ctx: Context) -> Measure:
    """Incoterm with its named place, a delivery time with a figure, and late penalties."""
    return _terms_measure(ctx, ["incoterm", "delivery", "penalties"])


def payment_terms(ctx: Context) -> Measure:
    """Currency, term (with a figure), technique and security; an illegal term counts against."""
    return _terms_measure(
        ctx,
        ["currency", "payment_term", "payment_technique", "payment_security"],
        _over_payment_cap(ctx) or _over_own_payment_limit(ctx),
    )


def contract_clauses(ctx: Context) -> Measure:
    """The common clauses, plus those the scenario's type of contract needs (distribution)."""
    extra = contract_vocabulary()["clauses_by_contract_type"]
    kind = ctx.loaded.scenario.contract_type
    items = ["entry_into_force", "law", "disputes", "ip", "penalties", *extra.get(kind, [])]
    return _terms_measure(ctx, items)
