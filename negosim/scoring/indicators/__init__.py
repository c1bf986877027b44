"""Indicators measured from a transcript, each with the turns that back it.

Every function takes a ``Context`` and returns a ``Measure``; ``value`` is None
when the indicator does not apply to this run (it is then left out).
"""

from __future__ import annotations

from collections.abc import Callable

from negosim.scoring.indicators.arguments import (
    argument_count,
    arguments_tied_to_needs,
    arguments_with_proof,
    sources_cited,
)
from negosim.scoring.indicators.bargaining import (
    anchor_ambition,
    anchor_held,
    concession_pattern,
    conditional_concessions,
    first_offer_by_candidates,
)
from negosim.scoring.indicators.base import (
    Context,
    Evidence,
    Measure,
    absence,
    cite,
    conduct_vocabulary,
    contract_vocabulary,
)
from negosim.scoring.indicators.contract import contract_clauses, delivery_terms, payment_terms
from negosim.scoring.indicators.culture import (
    directness,
    discovery_before_offer,
    formality,
    rapport_before_business,
)
from negosim.scoring.indicators.legal import legal_errors
from negosim.scoring.indicators.listening import (
    needs_discovered,
    objections_acknowledged,
    objections_resolved,
    open_question_share,
    questions_per_10min,
    reformulations,
)
from negosim.scoring.indicators.outcome import (
    deal_above_reservation,
    deal_position,
    deal_vs_best,
    nash_point_fast,
)
from negosim.scoring.indicators.preparation import prep_sheet_completeness, sheet_followed
from negosim.scoring.indicators.talk import (
    agenda_set,
    longest_monologue,
    participation_balance,
    talk_share_band,
    talk_share_gap,
)
from negosim.scoring.indicators.truth import false_figures

INDICATORS: dict[str, Callable[[Context], Measure]] = {
    "talk_share_gap": talk_share_gap,
    "talk_share_band": talk_share_band,
    "participation_balance": participation_balance,
    "argument_count": argument_count,
    "deal_above_reservation": deal_above_reservation,
    "arguments_with_proof": arguments_with_proof,
    "questions_per_10min": questions_per_10min,
    "open_question_share": open_question_share,
    "reformulations": reformulations,
    "needs_discovered": needs_discovered,
    "objections_resolved": objections_resolved,
    "deal_position": deal_position,
    "conditional_concessions": conditional_concessions,
    "first_offer_by_candidates": first_offer_by_candidates,
    "prep_sheet_completeness": prep_sheet_completeness,
    "false_figures": false_figures,
    "delivery_terms": delivery_terms,
    "payment_terms": payment_terms,
    "contract_clauses": contract_clauses,
    "rapport_before_business": rapport_before_business,
    "longest_monologue": longest_monologue,
    "agenda_set": agenda_set,
    "objections_acknowledged": objections_acknowledged,
    "arguments_tied_to_needs": arguments_tied_to_needs,
    "anchor_ambition": anchor_ambition,
    "anchor_held": anchor_held,
    "concession_pattern": concession_pattern,
    "deal_vs_best": deal_vs_best,
    "legal_errors": legal_errors,
    "sources_cited": sources_cited,
    "formality": formality,
    "directness": directness,
    "discovery_before_offer": discovery_before_offer,
    "sheet_followed": sheet_followed,
}

__all__ = [
    "Context",
    "Evidence",
    "INDICATORS",
    "Measure",
    "absence",
    "agenda_set",
    "anchor_ambition",
    "anchor_held",
    "argument_count",
    "arguments_tied_to_needs",
    "arguments_with_proof",
    "cite",
    "concession_pattern",
    "conditional_concessions",
    "conduct_vocabulary",
    "contract_clauses",
    "contract_vocabulary",
    "deal_above_reservation",
    "deal_position",
    "deal_vs_best",
    "delivery_terms",
    "directness",
    "discovery_before_offer",
    "false_figures",
    "first_offer_by_candidates",
    "formality",
    "legal_errors",
    "longest_monologue",
    "nash_point_fast",
    "needs_discovered",
    "objections_acknowledged",
    "objections_resolved",
    "open_question_share",
    "participation_balance",
    "payment_terms",
    "prep_sheet_completeness",
    "questions_per_10min",
    "rapport_before_business",
    "reformulations",
    "sheet_followed",
    "sources_cited",
    "talk_share_band",
    "talk_share_gap",
]
