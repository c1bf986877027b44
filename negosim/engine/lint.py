"""Lint a valid scenario: what will not work as the trainer meant, beyond schema errors.

Errors make a scenario unplayable or its scores meaningless (empty zone of
agreement, weights that do not sum to one, missing lines); warnings point at
parts no run can reach (a state no transition enters, an objection whose
trigger can never fire, an issue nobody cares about).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from negosim.content import (
    N_,
    ContentError,
    ContentInvalid,
    load_yaml,
    locate,
    parse_yaml_tree,
)
from negosim.engine.lint_ranges import outside_ranges
from negosim.engine.machine import ENDS, check_flow, flow_of, states_of
from negosim.engine.phrasing import default_lines
from negosim.engine.utility import has_zopa
from negosim.scenario.loader import LoadedScenario, load_scenario_text
from negosim.scenario.model import CategoricalPreference
from negosim.vocabulary import Side

Level = Literal["error", "warning"]
WEIGHT_TOLERANCE = 0.01


# What each lint says, in English (the CLI's); the workspace translates them by code.
LINTS = {
    "weights": N_("%(side)s weights sum to %(total)s, expected 1"),
    "no_zopa": N_(
        "empty zone of possible agreement: no package is worth both reservation utilities"
    ),
    "no_weight": N_("%(side)s gives this issue no weight"),
    "flat_options": N_("%(side)s values every option the same: no utility to trade"),
    "no_keywords": N_("no keywords: offers on this issue are read by unit only"),
    "unreached_state": N_("no transition enters state %(state)s"),
    "empty_trigger": N_("empty trigger: this objection is never raised"),
    "unknown_phase": N_("no state %(phase)s: never raised"),
    "end_phase": N_("the run is over in that state: never raised"),
    "too_late": N_("after the end of the run: never raised"),
    "unknown_act": N_("the analysis never finds act %(act)s"),
    "threshold_outside": N_("threshold outside the issue's range"),
    "unreachable_cure": N_("more matches required than acts and keywords listed: never resolved"),
    "no_need_line": N_("no line: the fact is read out as written"),
    "missing_line": N_("no %(lang)s line for intent %(intent)s"),
    "unknown_intent": N_("unknown intent %(intent)s: never said"),
    "ruled_out": N_("%(detail)s: the counterpart would ask for what is ruled out"),
}


@dataclass(frozen=True)
class Finding:
    level: Level
    error: ContentError

    def __str__(self) -> str:
        return f"{self.level}: {self.error}"


@cache
def known_acts(lang: str) -> frozenset[str]:
    """The dialogue acts the analysis can find in a turn of that language."""
    text = resources.files("negosim.analysis").joinpath(f"data/acts.{lang}.yaml").read_text("utf-8")
    return frozenset(k for k in load_yaml(text) if k != "negators")


def lint(loaded: LoadedScenario) -> list[Finding]:
    s = loaded.scenario
    tree = parse_yaml_tree(loaded.source, loaded.path)
    out: list[Finding] = []

    def add(level: Level, path: tuple[object, ...], code: str, **params: object) -> None:
        """A finding from its template (``LINTS``): English here, translated by the
        workspace from its code and figures."""
        line, _ = locate(tree, path)
        dotted = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path)
        shown = {k: str(v) for k, v in params.items()}
        error = ContentError(
            loaded.path,
            line,
            dotted.replace(".[", "["),
            LINTS[code] % shown,
            f"lint.{code}",
            tuple(shown.items()),
        )
        out.append(Finding(level, error))

    # -- the bargaining space ---------------------------------------------------
    for side in Side:
        total = sum(i.preference(side).weight for i in s.issues)
        if abs(total - 1.0) > WEIGHT_TOLERANCE:
            add("error", ("issues",), "weights", side=side, total=f"{total:.2f}")
    if not has_zopa(s):
        add("error", ("issues",), "no_zopa")
    for n, issue in enumerate(s.issues):
        for side in Side:
            pref = issue.preference(side)
            if pref.weight == 0:
                add("warning", ("issues", n, side, "weight"), "no_weight", side=side)
            if isinstance(pref, CategoricalPreference) and len(set(pref.utilities.values())) == 1:
                add("warning", ("issues", n, side, "utilities"), "flat_options", side=side)
        if not issue.keywords:
            add("warning", ("issues", n), "no_keywords")

    # -- states and objections no run can reach ---------------------------------
    flow = flow_of(s)
    entered = {t["dest"] for t in flow} | {"opening"}
    states = states_of(s)
    for n, state in enumerate(s.flow.states):
        if state not in entered:
            add("warning", ("flow", "states", n), "unreached_state", state=repr(state))
    acts = known_acts(s.language)
    for n, obj in enumerate(s.objections):
        tr = obj.trigger
        where = ("objections", n, "trigger")
        if not (tr.phase or tr.after_min is not None or tr.acts or tr.topics or tr.offer):
            add("warning", where, "empty_trigger")
        if tr.phase and tr.phase not in states:
            add("warning", (*where, "phase"), "unknown_phase", phase=repr(tr.phase))
        if tr.phase in ENDS:
            add("warning", (*where, "phase"), "end_phase")
        if tr.after_min is not None and tr.after_min >= s.duration_min:
            add("warning", (*where, "after_min"), "too_late")
        for act in tr.acts:
            if act not in acts:
                add("warning", (*where, "acts"), "unknown_act", act=repr(act))
        if tr.offer:
            issue = s.issue(tr.offer.issue)
            if issue.range:
                lo, hi = issue.range
                if (tr.offer.above is not None and tr.offer.above >= hi) or (
                    tr.offer.below is not None and tr.offer.below <= lo
                ):
                    add("warning", (*where, "offer"), "threshold_outside")
        for act in obj.resolved_by.acts:
            if act not in acts:
                add(
                    "warning",
                    ("objections", n, "resolved_by", "acts"),
                    "unknown_act",
                    act=repr(act),
                )
        cures = len(obj.resolved_by.acts) + len(obj.resolved_by.keywords)
        if cures < obj.resolved_by.min_matches:
            add("warning", ("objections", n, "resolved_by", "min_matches"), "unreachable_cure")
    for n, need in enumerate(s.hidden_needs):
        if need.line is None:
            add("warning", ("hidden_needs", n), "no_need_line")

    # -- lines in the scenario's language ---------------------------------------
    defaults = default_lines(s.language)
    reference = default_lines("fr")
    for intent in reference:
        if not (s.lines.get(intent) or defaults.get(intent)):
            add("error", ("lines",), "missing_line", lang=s.language, intent=repr(intent))
    for intent in s.lines:
        if intent not in reference:
            add("warning", ("lines", intent), "unknown_intent", intent=repr(intent))
    for path, message in outside_ranges(s):
        add("warning", path, "ruled_out", detail=message)
    return out


def checked(loaded: LoadedScenario) -> tuple[LoadedScenario | None, list[Finding]]:
    """The flow check, then the lints: what ``scenarios validate`` and the workspace report.

    A flow the engine refuses makes the scenario unplayable: no scenario comes back.
    """
    problems = check_flow(loaded)
    if problems:
        return None, [Finding("error", e) for e in problems]
    return loaded, lint(loaded)


def check_text(
    text: str, file: str, cultures_dir: Path
) -> tuple[LoadedScenario | None, list[Finding]]:
    """Load, check and lint a scenario text, every problem as a finding with its line."""
    try:
        loaded = load_scenario_text(text, file, cultures_dir)
    except ContentInvalid as exc:
        return None, [Finding("error", e) for e in exc.errors]
    return checked(loaded)
