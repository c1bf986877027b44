"""What a scripted run says about the counterpart: one dict of plain figures per run."""

from __future__ import annotations

import re
from typing import Any

from negosim.analysis.context import Context
from negosim.analysis.features import fold
from negosim.analysis.topics import topics
from negosim.engine.utility import Terms, acceptable_on_issue, utility
from negosim.scenario.model import Scenario
from negosim.scripted.candidates import CONCEDING
from negosim.scripted.match import Record
from negosim.scripted.words import WORDS

MOVES = {"counter", "reciprocate", "counter_after_unilateral", "concede", "trade"}
YES = {"accept", "confirm_deal", "objection_resolved"}
NO = {"refuse_direct", "refuse_indirect", "past_limit", "walk_away", "hold"}
MEMORY_TURNS = 10  # a sentence said again within this many turns counts as repeated
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")


def _mentions_issue(scenario: Scenario, text: str, issue_id: str) -> bool:
    """Whether a reply names the issue, as the analysis reads issue names."""
    return issue_id in topics(fold(text), Context.of(scenario).issues)


def _question_kind(scenario: Scenario, said: str) -> tuple[str, str | None] | None:
    """Which scripted question ``said`` is, and the issue it asks about."""
    w = WORDS[scenario.language]
    if said == w["ask_proposal"]:
        return "proposal", None
    if said == w["ask_priorities"]:
        return "priorities", None
    for issue in scenario.issues:
        if said == w["ask_issue"].replace("{topic}", issue.label):
            return "issue", issue.id
    return None


def on_topic(scenario: Scenario, said: str, reply: str, bid: Terms | None) -> bool | None:
    """Whether the reply answers the scripted question (None: ``said`` is not one)."""
    kind = _question_kind(scenario, said)
    if kind is None:
        return None
    what, issue_id = kind
    if what == "proposal":
        return bid is not None
    if what == "issue":
        return _mentions_issue(scenario, reply, issue_id or "")
    return sum(_mentions_issue(scenario, reply, i.id) for i in scenario.issues) >= 2


def measure(scenario: Scenario, rec: Record) -> dict[str, Any]:
    ru_c = scenario.sides["counterpart"].reservation_utility
    deal = rec.outcome == "deal" and rec.terms is not None
    terms = rec.terms or {}
    u_c = utility(scenario, "counterpart", terms) if deal else None
    u_l = utility(scenario, "learner", terms) if deal else None
    seen: list[tuple[int, str]] = []
    sentences = repeated = contradictions = 0
    answered = asked = paid = 0
    last_bid: Terms | None = None
    for i, ex in enumerate(rec.exchanges):
        for sentence in (s for s in _SENTENCE.split(ex.reply) if s.strip()):
            sentences += 1
            if any(s == sentence and i - j <= MEMORY_TURNS for j, s in seen):
                repeated += 1
            seen.append((i, sentence))
        intents = set(ex.intents)
        moved = ex.bid is not None and ex.bid != last_bid
        if (intents & MOVES and not moved) or (intents & YES and intents & NO):
            contradictions += 1
        if rec.kind == "off_topic" and ex.bid and last_bid:
            paid += utility(scenario, "counterpart", ex.bid) < utility(
                scenario, "counterpart", last_bid
            )
        if ex.bid is not None:
            last_bid = ex.bid
        hit = on_topic(scenario, ex.said, ex.reply, ex.bid)
        if hit is not None:
            asked += 1
            answered += hit
    return {
        "scenario": rec.scenario,
        "kind": rec.kind,
        "outcome": rec.outcome,
        "reason": rec.reason,
        "turns": len(rec.exchanges),
        "deal": deal,
        "u_c": u_c,
        "u_l": u_l,
        "joint": None if not deal else round((u_c or 0) + (u_l or 0), 6),
        "below_reservation": bool(deal and (u_c or 0) < ru_c - 1e-9),
        "past_limit": bool(
            deal
            and any(
                not acceptable_on_issue(scenario.issue(k), "counterpart", v)
                for k, v in terms.items()
                if v is not None
            )
        ),
        "conceding_walkout": rec.kind in CONCEDING and rec.reason == "walk_away",
        "needs": len({n for ex in rec.exchanges for n in ex.revealed}),
        "needs_total": len(scenario.hidden_needs),
        "asked": asked,
        "answered": answered,
        "sentences": sentences,
        "repeated": repeated,
        "contradictions": contradictions,
        "off_topic_concessions": paid,
    }
