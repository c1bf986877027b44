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
    }
