"""Scripted candidates built from a scenario's own data: each kind plays one habit.

A candidate sees what a person at the table sees (the counterpart's last bid and
words, the clock) plus its own side's brief, and says its next turn. The
``logroll`` and ``asks_well`` kinds also read the counterpart's weights and needs
from the scenario, as a well-prepared trainer's script would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from negosim.engine.utility import (
    Terms,
    acceptable_on_issue,
    best_terms,
    nash_point,
    snap,
    utility,
    zopa,
)
from negosim.scenario.model import CategoricalPreference, NumericPreference, Scenario
from negosim.scripted.words import say

KINDS = (
    "greedy",
    "accept_all",
    "logroll",
    "split",
    "hardball",
    "threats",
    "never_asks",
    "asks_well",
    "off_topic",
)
CONCEDING = frozenset({"greedy", "accept_all", "logroll", "split", "never_asks", "asks_well"})


@dataclass
class View:
    """What the candidate knows before its turn."""

    t: float
    their_bid: Terms = field(default_factory=dict)
    their_intents: tuple[str, ...] = ()


def between(scenario: Scenario, a: Terms, b: Terms, share: float) -> Terms:
    """``share`` of the way from package ``a`` to package ``b``, on each issue's steps."""
    out: Terms = {}
    for issue in scenario.issues:
        x, y = a.get(issue.id), b.get(issue.id)
        if x is None or y is None:
            out[issue.id] = x if y is None else y
        elif issue.numeric:
            value = snap(issue, float(x) + share * (float(y) - float(x)))
            if value == float(x) and float(x) != float(y) and share > 0:  # rounding: one step
                step = issue.step or abs(float(y) - float(x))
                value = float(x) + min(step, abs(float(y) - float(x))) * (1 if y > x else -1)
            out[issue.id] = value
        else:
            out[issue.id] = y if share >= 0.5 else x
    return out


def own_limits(scenario: Scenario) -> Terms:
    """The candidate's reservation on numeric issues, its least liked option otherwise."""
    out: Terms = {}
    for issue in scenario.issues:
        pref = issue.learner
        if isinstance(pref, NumericPreference):
            out[issue.id] = pref.reservation
        else:
            assert isinstance(pref, CategoricalPreference)
            out[issue.id] = min(pref.utilities, key=lambda o, p=pref: p.utilities[o])
    return out


def inside_limits(scenario: Scenario, terms: Terms) -> bool:
    """Whether a package stays within both sides' per-issue limits."""
    return all(
        acceptable_on_issue(i, side, terms[i.id])
        for i in scenario.issues
        for side in ("learner", "counterpart")
    )


def fair_point(scenario: Scenario) -> tuple[Terms, float, float] | None:
    """The Nash point among the packages inside both sides' per-issue limits."""
    ru_l = scenario.sides["learner"].reservation_utility
    ru_c = scenario.sides["counterpart"].reservation_utility
    best, best_score = None, -1.0
    for terms in zopa(scenario):
        if not inside_limits(scenario, terms):
            continue
        ul, uc = utility(scenario, "learner", terms), utility(scenario, "counterpart", terms)
        if (ul - ru_l) * (uc - ru_c) > best_score:
            best, best_score = (terms, ul, uc), (ul - ru_l) * (uc - ru_c)
    return best


def trade_point(scenario: Scenario, slack: float = 0.05) -> tuple[Terms, float, float] | None:
    """Where trading pays: the fairest package among those near the highest joint utility.

    Each issue goes to the side that weighs it more; of those near-efficient packages
    inside both sides' limits, the one with the best Nash product.
    """
    ru_l = scenario.sides["learner"].reservation_utility
    ru_c = scenario.sides["counterpart"].reservation_utility
    scored = []
    for terms in zopa(scenario):
        if inside_limits(scenario, terms):
            ul, uc = utility(scenario, "learner", terms), utility(scenario, "counterpart", terms)
            scored.append((terms, ul, uc))
    if not scored:
        return None
    top = max(ul + uc for _, ul, uc in scored)
    near = [x for x in scored if x[1] + x[2] >= top - slack]
    return max(near, key=lambda x: (x[1] - ru_l) * (x[2] - ru_c))


def logroll_goal(scenario: Scenario) -> Terms:
    """Where a trader aims: the fair point, each value kept between the two sides' targets.

    Past a side's target a value is worth no more to it, so the grid's first such value
    is no better a goal than the target itself.
    """
    fair = trade_point(scenario) or nash_point(scenario)
    goal = dict(fair[0]) if fair else best_terms(scenario, "learner")
    for issue in scenario.issues:
        mine, theirs = issue.learner, issue.counterpart
        if isinstance(mine, NumericPreference) and isinstance(theirs, NumericPreference):
            lo, hi = sorted((mine.target, theirs.target))
            goal[issue.id] = min(hi, max(lo, float(goal[issue.id])))
    return goal


def logroll_opening(scenario: Scenario, goal: Terms) -> Terms:
    """Its targets where it cares more than the counterpart, the goal where it cares less."""
    mine = best_terms(scenario, "learner")
    return {
        i.id: mine[i.id] if i.learner.weight > i.counterpart.weight else goal[i.id]
        for i in scenario.issues
    }


class Candidate:
    """One kind of scripted candidate; ``next`` returns its turn, or None when done."""

    def __init__(self, scenario: Scenario, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown candidate kind {kind!r}; one of {', '.join(KINDS)}")
        self.s, self.kind = scenario, kind
        self.turn = 0
        self.offer: Terms = {}
        self.goal = (
            logroll_goal(scenario) if kind in ("logroll", "asks_well") else own_limits(scenario)
        )
        self.questions = self._questions()
        self.ru = scenario.sides["learner"].reservation_utility

    def _questions(self) -> list[str]:
        s = self.s
        if self.kind == "logroll":
            return [say(s, "ask_priorities")] + [
                say(s, "ask_issue", topic=i.label) for i in s.issues[:2]
            ]
        if self.kind == "asks_well":
            return [say(s, "ask_topic", topic=n.reveal_if[0]) for n in s.hidden_needs]
        if self.kind == "split":
            return [say(s, "ask_needs")]
        return []

    def u(self, terms: Terms) -> float:
        return utility(self.s, "learner", terms)

    def next(self, view: View) -> str:
        self.turn += 1
        s, kind = self.s, self.kind
        if "accept" in view.their_intents:
            return say(s, "confirm")
        if self.turn == 1:
            return say(s, "hello")
        if kind == "off_topic":
            return say(s, f"off_topic_{1 + self.turn % 3}")
        if self.questions:
            return self.questions.pop(0)
        if kind == "accept_all":
            return say(s, "accept") if view.their_bid else say(s, "ask_proposal")
        nxt = self._next_offer(view)
        if view.their_bid and self._takes(view, nxt):
            return say(s, "accept")
        first = not self.offer
        moved = not first and nxt != self.offer
        self.offer = nxt
        if kind == "hardball" or not (first or moved):
            line = say(s, "offer" if first else "hold", nxt)
        elif kind in ("logroll", "asks_well"):
            line = say(s, "conditional", nxt)
        else:
            line = say(s, "offer" if first else "move", nxt)
        if kind == "threats" and self.turn >= 4:
            line = f"{line} {say(s, 'threat')}"
        return line

    def _next_offer(self, view: View) -> Terms:
        s, kind = self.s, self.kind
        mine = best_terms(s, "learner")
        if not self.offer or kind == "hardball":
            return logroll_opening(s, self.goal) if kind in ("logroll", "asks_well") else mine
        if kind in ("logroll", "asks_well"):
            return between(s, self.offer, self.goal, 0.5)
        if kind == "greedy":  # small steps towards its own limits, never past them
            return between(s, self.offer, self.goal, 0.1)
        if not view.their_bid:  # split, threats, never_asks: nothing to split yet
            return self.offer
        return between(s, self.offer, view.their_bid, 0.5)

    def _takes(self, view: View, nxt: Terms) -> bool:
        """Accept the counterpart's bid when it is worth its own next offer (late: its BATNA)."""
        theirs = self.u(view.their_bid)
        if theirs < self.ru:
            return False
        if self.kind == "hardball":
            return view.t >= 0.9
        return theirs >= self.u(nxt) - 0.02 or (view.t >= 0.85 and self.kind != "greedy")
