"""Term mentions: each figure of a turn tied to an issue and classed by what the speaker
does with it (proposes, accepts, quotes, cites, states as a fact, requires, asks, refuses).

Only proposals and acceptances move the table. The cue nearest before a figure
in its clause decides its role (``data/mentions.yaml``); with no cue, a figure
equal to the other side's on the table is a quote, and a new one a proposal.
A conditional clause (« si vous prenez 20 000 pièces, 11,80 € ») makes a package;
« 12 € ou 11,50 € » gives alternatives; a proposed value far outside its issue's
range is flagged implausible with its likely reading.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from negosim.analysis.context import Context, IssueSpec
from negosim.analysis.issues import clause, counts_named, options_named, tie
from negosim.analysis.roles import learned_role, mention_features
from negosim.analysis.trained import act_model
from negosim.content import load_yaml

ROLES = ("propose", "accept", "quote", "cite", "fact", "require", "ask", "refuse")
MOVES = ("propose", "accept")
CUED_CHARS = 12  # « plafonne à », « vous restez à », « d'accord pour » and their figure
LISTING_ROLES = ("propose", "accept", "quote", "require", "ask", "refuse")
TERM_LABELS = {"MONEY", "PERCENT", "DURATION", "QUANTITY", "INCOTERM", "PAYMENT_TECHNIQUE",
               "CURRENCY"}  # fmt: skip
_SENTENCE = re.compile(r"[.!?…;](?!\d)\s*|\n")
_FULL_STOP = re.compile(r"[.!?…](?!\d)\s*|\n")
_YOU = re.compile(r"(?<!\w)(vous|tu|you|your|votre|vos)(?!\w)", re.I)
_WE = re.compile(r"(?<!\w)(nous|on|je|j'|we|i|notre|nos|our|my|mon)(?!\w)", re.I)


@cache
def cues() -> dict[str, re.Pattern[str]]:
    data = load_yaml(
        resources.files("negosim.analysis").joinpath("data/mentions.yaml").read_text("utf-8")
    )
    out = {}
    for key, words in data.items():
        alt = "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))
        out[key] = re.compile(rf"(?<![\w'’])(?:{alt})(?![\w])", re.I)
    return out


def _sentence(text: str, position: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE.finditer(text, 0, position):
        start = m.end()
    m = _SENTENCE.search(text, position)
    return start, (m.end() if m else len(text))


def names(text: str, issues: tuple[IssueSpec, ...]) -> list[tuple[int, int]]:
    """Spans that name an issue (its label, or two of its keywords in a row: « minimum
    guarantee »): words there are names, not cues (« minimum » there requires nothing)."""
    lowered = text.lower()
    return [(m.start(), m.end()) for p in _name_patterns(issues) for m in p.finditer(lowered)]


@cache
def _name_patterns(issues: tuple[IssueSpec, ...]) -> tuple[re.Pattern[str], ...]:
    out = []
    for issue in issues:
        words = sorted({k.lower() for k in issue.keywords if " " not in k}, key=len, reverse=True)
        if issue.label:
            out.append(re.compile(re.escape(issue.label.lower())))
        if words:
            alt = "|".join(re.escape(w) for w in words)
            out.append(re.compile(rf"(?<!\w)(?:{alt})(?:\s+(?:de\s+|d'|of\s+)?(?:{alt}))+(?!\w)"))
    return tuple(out)


def _nearest_cue(
    text: str, lo: int, hi: int, roles: tuple[str, ...] = ROLES, masked=()
) -> tuple[str, int] | None:
    """The role cue ending nearest before ``hi`` in text[lo:hi], outside issue names."""
    best: tuple[str, int] | None = None
    for role in roles:
        for m in cues()[role].finditer(text, lo, hi):
            if any(s <= m.start() < e for s, e in masked):
                continue
            if best is None or m.end() > best[1]:
                best = (role, m.end())
    return best


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) <= 1e-6 * max(1.0, abs(b))
    return a == b


def _condition(text: str, start: int) -> tuple[int, int] | None:
    """The « si … » clause of the sentence holding ``start``: its bounds, or None."""
    s_lo, s_hi = _sentence(text, start)
    m = cues()["conditional"].search(text, s_lo, s_hi)
    if not m:
        return None
    comma = re.compile(r",(?!\d)|\s(?:alors|then|nous|we|on)\s").search(text, m.end(), s_hi)
    return m.start(), (comma.start() if comma else s_hi)


def role_of(
    text: str, ent: dict[str, Any], issue: str | None, value: Any, ctx: Context, learned: bool
) -> str:
    """What the speaker does with the figure ``ent`` (see the module's docstring): the rules'
    verdict, read again by the learned model; proposing exactly what the other side has on
    the table is accepting it."""
    named = names(text, ctx.issues)  # once per figure: both readings below mask them
    role = _role(text, ent, issue, value, ctx, named)
    if learned and not _cued(text, ent, named):
        model = act_model().roles
        if model is not None:
            row = mention_features(text, ent["start"], ent["end"], ent["label"], role,
                                   ctx.speaker, ctx.previous)  # fmt: skip
            learned_as = learned_role(model, row)
            # a quote repeats the other side's figure: with none on the table for the
            # issue there is nothing to repeat, and the rules' verdict stands
            if learned_as == "refuse" and not _refusal_in_sentence(text, ent["start"]):
                learned_as = role  # « Toujours 8 %. Ce n'est pas négociable. » holds to 8 %
            if learned_as != "quote" or issue is None or issue in ctx.theirs:
                role = learned_as
    if role == "propose" and issue is not None and issue in ctx.theirs:
        if _same(ctx.theirs[issue], value):
            return "accept"
    return role


def _refusal_in_sentence(text: str, start: int) -> bool:
    """Whether the figure's own sentence says no: a refusal cue or a negation."""
    s_lo, s_hi = _sentence(text, start)
    sentence = text[s_lo:s_hi]
    return bool(
        cues()["refuse"].search(sentence)
        or re.search(r"(?i)(?<!\w)(pas|not|no|non|jamais|never|ni)(?!\w)|n't", sentence)
    )


def _cued(text: str, ent: dict[str, Any], named: list[tuple[int, int]]) -> bool:
    """Whether a role cue stands right before the figure in its clause (« plafonne à 60
    jours », « vous restez à 565 € »): there the rule is precise and the model not asked."""
    s_lo, _ = _sentence(text, ent["start"])
    if _listing_intro(text, s_lo, ent["start"]) is not None:
        return True  # « prix : 640 € ; délai : 45 jours »: the listing's shape is precise
    lo, _ = clause(text, ent["start"])
    found = _nearest_cue(text, lo, ent["start"], masked=named)
    return found is not None and ent["start"] - found[1] <= CUED_CHARS


def _role(
    text: str, ent: dict[str, Any], issue: str | None, value: Any, ctx: Context, named: list
) -> str:
    lo, hi = clause(text, ent["start"])
    s_lo, s_hi = _sentence(text, ent["start"])
    sentence = text[s_lo:s_hi]
    intro = _listing_intro(text, s_lo, ent["start"])
    if intro is not None:  # « Notre position : prix : 640 € ; délai : 45 jours »
        lo = ent["start"]
        begin = max((m.end() for m in _FULL_STOP.finditer(text, 0, intro)), default=0)
        found = _nearest_cue(text, begin, intro, LISTING_ROLES, named)
    else:
        found = _nearest_cue(text, lo, ent["start"], masked=named)
        if found is None and not _WE.search(text, lo, ent["start"]):
            # the clause has no subject of its own: the sentence's cue governs it
            found = _nearest_cue(text, s_lo, ent["start"], masked=named)
    adjacent = cues()["adjacent_fact"].search(text, max(0, ent["start"] - 14), ent["start"])
    if adjacent and adjacent.end() >= ent["start"] - 1 and intro is None:
        return "fact"
    theirs = issue is not None and issue in ctx.theirs and _same(ctx.theirs[issue], value)
    question = sentence.rstrip().endswith("?")
    role = found[0] if found else None
    if role in ("propose", "ask") and question:
        return (
            "ask"
            if role == "ask" or (_YOU.search(sentence) and not _WE.search(sentence))
            else "propose"
        )
    if question and role is None:
        return "ask" if _YOU.search(sentence) else "propose"
    if (
        role == "refuse"
        and not re.search(r"\b(not|pas)\b", text[lo : ent["start"]], re.I)
        and found
        and found[1] < ent["start"] - 25
    ):
        role = None
    if (
        role == "quote"
        and not theirs
        and issue is not None
        and ctx.theirs
        and re.match(r"(?i)vos|your", text[found[1] - 4 : found[1]] if found else "")
    ):
        role = "quote"
    if role == "accept" and not theirs and issue in ctx.mine:
        role = "propose"
    if role is None:
        after = _nearest_cue(text, ent["end"], hi)
        if after and after[0] in ("refuse",) and after[1] - ent["end"] < 30:
            return "refuse"
        if theirs and not cues()["propose"].search(sentence):
            return "accept" if cues()["accept"].search(text) else "quote"
        return "propose" if issue is not None else "fact"
    return role


def _listing_intro(text: str, s_lo: int, start: int) -> int | None:
    """Where a listing's introduction ends, when the figure is an item of « label : value »
    pairs; None when it is not. Issue labels in the list are names, not cues."""
    colon = text.rfind(":", s_lo, start)
    if colon < 0 or len(text[colon + 1 : start].split()) > 3:
        return None
    begin = max((m.end() for m in _FULL_STOP.finditer(text, 0, start)), default=0)
    return text.find(":", begin, start)


def _implausible(spec: IssueSpec, value: float) -> tuple[bool, float | None]:
    """A value far outside the issue's range (a factor of 5 beyond it) and its likely
    reading, the power of ten that brings it inside the range."""
    lo, hi = spec.range  # type: ignore[misc]
    if lo / 5 <= value <= hi * 5 or value <= 0:
        return False, None
    guesses = [round(value * 10**k, 6) for k in (1, 2, 3, -1, -2, -3)]
    near = [g for g in guesses if lo / 2 <= g <= hi * 2]
    middle = (lo + hi) / 2
    return True, (min(near, key=lambda g: abs(g - middle)) if near else None)


def read_mentions(
    text: str, entities: list[dict[str, Any]], ctx: Context, learned: bool = True
) -> list[dict[str, Any]]:
    """Every term mention of the turn, earliest first (``learned``: the role model reads
    the rules' verdicts again; off while that model is being fitted)."""
    found: list[dict[str, Any]] = []
    options = list(options_named(ctx.issues, text))
    for issue, option, start, end in options:
        ent = {"label": "OPTION", "start": start, "end": end}
        found.append(_mention(text, start, end, "OPTION", issue, option, ctx, ent, learned))
    for ent in entities:
        if ent["label"] not in TERM_LABELS:
            continue
        if any(s <= ent["start"] < e for _, _, s, e in options):
            continue  # « 30 % d'acompte et solde contre B/L » is one option, not a percent
        if re.match(r"\s*:", text[ent["end"] : ent["end"] + 3]):
            continue  # part of a label: « ouvertures sur cinq ans : 32,5 »
        tied = tie(ctx.issues, ent, text) if ctx.issues else None
        issue, value = tied if tied else (None, _raw(ent))
        found.append(
            _mention(text, ent["start"], ent["end"], ent["label"], issue, value, ctx, ent, learned)
        )
    taken = [(e["start"], e["end"]) for e in entities] + [(s, e) for *_, s, e in options]
    for issue, value, start, end in counts_named(ctx.issues, text, list(taken)):
        ent = {"label": "QUANTITY", "start": start, "end": end}
        found.append(_mention(text, start, end, "QUANTITY", issue, value, ctx, ent, learned))
    found.sort(key=lambda m: m["start"])
    _mark_alternatives(text, found)
    return found


def _raw(ent: dict[str, Any]) -> Any:
    for key in ("amount", "value", "days", "code", "technique"):
        if key in ent:
            return ent[key]
    return None


def _mention(text, start, end, label, issue, value, ctx, ent, learned) -> dict[str, Any]:
    role = role_of(text, ent, issue, value, ctx, learned)
    cond = _condition(text, start)
    if cond and role == "quote" and cond[0] <= start < cond[1] and issue is not None:
        if not (issue in ctx.theirs and _same(ctx.theirs[issue], value)):
            role = "propose"  # « provided that you accept 90 000 € »: a term the speaker sets
    out: dict[str, Any] = {"text": text[start:end], "start": start, "end": end, "label": label,
                           "issue": issue, "value": value, "role": role}  # fmt: skip
    if cond and role in (*MOVES, "ask", "fact") and _under(text, start, end, cond):
        c_lo, c_hi = cond
        out["condition"] = text[c_lo:c_hi].strip(" ,.;")
        out["in_condition"] = c_lo <= start < c_hi
        if issue is not None and role in ("ask", "fact"):
            out["role"] = "propose"  # « si vous prenez 20 000 pièces » is part of the package
    spec = ctx.issue(issue) if issue else None
    if spec and spec.numeric and out["role"] in MOVES and isinstance(value, int | float):
        implausible, likely = _implausible(spec, float(value))
        if implausible:
            out["implausible"] = True
            out["likely"] = likely
    return out


def _under(text: str, start: int, end: int, cond: tuple[int, int]) -> bool:
    """Whether a figure falls under the condition: inside it, or in its sentence with no
    « ou » / "or" between them (« 12 € ou 11,50 € si… »: the condition is the second's)."""
    c_lo, c_hi = cond
    if c_lo <= start < c_hi:
        return True
    between = text[end:c_lo] if end <= c_lo else text[c_hi:start]
    return not cues()["alternative"].search(between)


def _mark_alternatives(text: str, found: list[dict[str, Any]]) -> None:
    """« 12 € ou 11,50 € si… »: two proposals for one issue joined by « ou » / "or"."""
    for a, b in zip(found, found[1:], strict=False):
        if a["issue"] and a["issue"] == b["issue"] and a["role"] == b["role"] == "propose":
            between = text[a["end"] : b["start"]]
            if cues()["alternative"].search(between) and len(between) < 40:
                a["alternative"] = b["alternative"] = True


def terms_moved(mentions: list[dict[str, Any]], roles: tuple[str, ...]) -> dict[str, Any]:
    """The terms the mentions put on the table, one value per issue: the first plausible one,
    the unconditional alternative before a conditional one."""
    moving = [m for m in mentions if m["role"] in roles and m["issue"]]
    moving = [m for m in moving if not m.get("implausible")]
    dropped = {
        m.get("condition")
        for m in moving
        if m.get("alternative") and m.get("condition")
        and any(o.get("alternative") and not o.get("condition") and o["issue"] == m["issue"]
                for o in moving)
    }  # fmt: skip
    terms: dict[str, Any] = {}
    for m in moving:
        if m.get("condition") and m.get("condition") in dropped:
            continue
        terms.setdefault(m["issue"], m["value"])
    return terms
