"""The interface's words for the names the code uses: roles, sides, phases, outcomes, acts.

Candidates and the jury read these, never the internal names (``note_taker``,
``no_deal``, ``question.closed``). Each label is lazy: it is translated when shown,
in the language of the request.
"""

from __future__ import annotations

from flask_babel import lazy_gettext

ROLES = {
    "lead": lazy_gettext("Lead negotiator"),
    "support": lazy_gettext("Support"),
    "note_taker": lazy_gettext("Note-taker"),
    "observer": lazy_gettext("Observer"),
}

STANCES = {
    "seller": lazy_gettext("Seller"),
    "buyer": lazy_gettext("Buyer"),
    "principal": lazy_gettext("Principal"),
    "agent": lazy_gettext("Agent"),
    "licensor": lazy_gettext("Licensor"),
    "licensee": lazy_gettext("Licensee"),
    "franchisor": lazy_gettext("Franchisor"),
    "franchisee": lazy_gettext("Franchisee"),
    "supplier": lazy_gettext("Supplier"),
    "retailer": lazy_gettext("Retailer"),
}

PHASES = {
    "waiting": lazy_gettext("waiting"),
    "preparation": lazy_gettext("preparation"),
    "opening": lazy_gettext("opening"),
    "discovery": lazy_gettext("discovery"),
    "argumentation": lazy_gettext("argumentation"),
    "objections": lazy_gettext("objections"),
    "bargaining": lazy_gettext("bargaining"),
    "closing": lazy_gettext("closing"),
}

OUTCOMES = {
    "deal": lazy_gettext("deal"),
    "no_deal": lazy_gettext("no deal"),
    "timeout": lazy_gettext("time out"),
}


TRIGGERS = {
    "progress": lazy_gettext("moves on"),
    "raise_objection": lazy_gettext("objection"),
    "settle": lazy_gettext("objection answered"),
    "walk_away": lazy_gettext("walks away"),
    "expire": lazy_gettext("time is up"),
    "stop": lazy_gettext("session ended"),
}

CONDITIONS = {
    "rapport_established": lazy_gettext("rapport established"),
    "business_started": lazy_gettext("business started"),
    "needs_explored": lazy_gettext("needs explored"),
    "candidate_argued": lazy_gettext("the team argued"),
    "offer_on_table": lazy_gettext("an offer on the table"),
    "terms_agreed": lazy_gettext("terms agreed"),
    "objection_pending": lazy_gettext("an objection pending"),
    "terms_acceptable": lazy_gettext("terms acceptable"),
    "agreement_confirmed": lazy_gettext("agreement confirmed"),
    "terms_reopened": lazy_gettext("terms reopened"),
    "past_half_time": lazy_gettext("past half time"),
    "needs_revealed": lazy_gettext("a need revealed"),
}

CONTRACT_TYPES = {
    "sale": lazy_gettext("sales contract"),
    "distribution": lazy_gettext("distribution contract"),
    "agent": lazy_gettext("commercial agency contract"),
    "franchise": lazy_gettext("franchise contract"),
    "licence": lazy_gettext("licence contract"),
    "partnership": lazy_gettext("partnership"),
    "annual_retail_agreement": lazy_gettext("annual agreement with a retailer"),
    "tender": lazy_gettext("call for tenders"),
}

ACTS = {
    "question.open": lazy_gettext("open question"),
    "question.closed": lazy_gettext("closed question"),
    "reformulation": lazy_gettext("reformulation"),
    "acknowledgment": lazy_gettext("acknowledgment"),
    "argument": lazy_gettext("argument"),
    "proof": lazy_gettext("proof"),
    "offer": lazy_gettext("offer"),
    "concession.conditional": lazy_gettext("concession in exchange"),
    "concession": lazy_gettext("concession"),
    "objection": lazy_gettext("objection"),
    "closing": lazy_gettext("closing"),
    "agreement": lazy_gettext("agreement"),
    "refusal": lazy_gettext("refusal"),
    "small_talk": lazy_gettext("small talk"),
    "threat": lazy_gettext("threat"),
    "need": lazy_gettext("need expressed"),
}

INDICATORS = {
    "talk_share_gap": lazy_gettext("gap to the best sellers' share of talk"),
    "talk_share_band": lazy_gettext("share of talk"),
    "participation_balance": lazy_gettext("balance of talk within the team"),
    "argument_count": lazy_gettext("arguments put forward"),
    "deal_above_reservation": lazy_gettext("deal above your floor"),
    "arguments_with_proof": lazy_gettext("arguments backed by proof"),
    "questions_per_10min": lazy_gettext("questions per 10 minutes"),
    "open_question_share": lazy_gettext("share of open questions"),
    "reformulations": lazy_gettext("reformulations"),
    "needs_discovered": lazy_gettext("hidden needs discovered"),
    "objections_resolved": lazy_gettext("objections answered"),
    "deal_position": lazy_gettext("where the deal lands between the two floors"),
    "conditional_concessions": lazy_gettext("concessions given in exchange"),
    "first_offer_by_candidates": lazy_gettext("first offer made by the team"),
    "prep_sheet_completeness": lazy_gettext("preparation sheet filled in"),
    "false_figures": lazy_gettext("figures contrary to your brief"),
    "delivery_terms": lazy_gettext("delivery terms settled"),
    "payment_terms": lazy_gettext("payment terms settled"),
    "contract_clauses": lazy_gettext("contract clauses covered"),
    "rapport_before_business": lazy_gettext("rapport before business"),
    "longest_monologue": lazy_gettext("longest monologue"),
    "agenda_set": lazy_gettext("agenda proposed"),
    "objections_acknowledged": lazy_gettext("objections acknowledged before answering"),
    "arguments_tied_to_needs": lazy_gettext("arguments tied to the other side's needs"),
    "anchor_ambition": lazy_gettext("ambition of the first offer"),
    "anchor_held": lazy_gettext("first offer held"),
    "concession_pattern": lazy_gettext("concessions shrinking step by step"),
    "deal_vs_best": lazy_gettext("deal against the best balanced deal"),
    "legal_errors": lazy_gettext("legal errors"),
    "sources_cited": lazy_gettext("sources cited"),
    "formality": lazy_gettext("formality suited to the culture"),
    "directness": lazy_gettext("directness suited to the culture"),
    "discovery_before_offer": lazy_gettext("questions before the first offer"),
    "sheet_followed": lazy_gettext("preparation sheet followed"),
}


def flow(name: str) -> str:
    """A phase, an ending, a trigger or a condition of the phase diagram."""
    return word(PHASES | OUTCOMES | TRIGGERS | CONDITIONS, name)


def contract(name: str) -> str:
    return word(CONTRACT_TYPES, name)


def indicator(name: str) -> str:
    return word(INDICATORS, name)


def word(table: dict, name: str | None) -> str:
    """A name in the interface's words; a name no table knows reads as plain words."""
    if not name:
        return ""
    found = table.get(name)
    return str(found) if found is not None else str(name).replace("_", " ").replace(".", " ")


def phase(name: str | None) -> str:
    return word(PHASES | OUTCOMES, name)


def for_client() -> dict[str, dict[str, str]]:
    """Every table, translated now, for a page's script."""
    return {
        "roles": {k: str(v) for k, v in ROLES.items()},
        "stances": {k: str(v) for k, v in STANCES.items()},
        "phases": {k: str(v) for k, v in (PHASES | OUTCOMES).items()},
        "acts": {k: str(v) for k, v in ACTS.items()},
    }
