"""Answering the question asked: a proposal, its priorities, its position on one issue.

Priorities are disclosed partly, as a buyer does (« le délai compte plus que le prix
pour nous »): the issue it cares most about against the one it cares least about,
never its limits. A mixin of ``Negotiation``.
"""

from __future__ import annotations

import re

from negosim.engine.memory import Memory
from negosim.engine.phrasing import Phrasebook, format_value
from negosim.engine.utility import Terms, best_terms
from negosim.scenario.model import Issue, Scenario

# What a question asking for the other side's figures, priorities or needs says.
CUES: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": {
        "proposal": ("proposition", "proposez", "votre offre", "votre prix", "vos conditions"),
        "priorities": ("compte le plus", "priorit", "le plus important", "importe le plus"),
        "needs": ("besoin", "attentes", "contraintes"),
    },
    "en": {
        "proposal": ("your proposal", "your offer", "you propose", "your terms", "your price"),
        "priorities": ("matters most", "priorit", "most important"),
        "needs": ("needs", "expect", "constraints"),
    },
}


def asks(lang: str, what: str, text: str) -> bool:
    """Whether ``text`` contains one of the cues for ``what`` in ``lang``."""
    lowered = text.lower()
    return any(cue in lowered for cue in CUES[lang][what])


def _at(lowered: str, word: str) -> int | None:
    m = re.search(rf"(?<!\w){re.escape(word.lower())}", lowered)
    return m.start() if m else None


def issue_asked(scenario: Scenario, text: str) -> Issue | None:
    """The issue a question is about: the first one it names, by label or keyword."""
    lowered = text.lower()
    found = []
    for issue in scenario.issues:
        for word in (issue.label, *issue.keywords):
            at = _at(lowered, word)
            if at is not None:
                found.append((at, -len(word), issue))  # earliest, then the longest name
    return min(found, key=lambda f: f[:2])[2] if found else None


class Answering:
    scenario: Scenario
    memory: Memory
    phrases: Phrasebook
    turn_no: int

    def _answer(self, text: str) -> list[tuple[str, str]]:
        """The answer to a question on its priorities or on one issue (nothing otherwise)."""
        s, lang = self.scenario, self.scenario.language
        by_weight = sorted(s.issues, key=lambda i: -i.counterpart.weight)
        if asks(lang, "priorities", text) and len(by_weight) >= 2:
            top, low = by_weight[0], by_weight[-1]
            line = self.phrases.say("priorities", self.turn_no, top=top.label, low=low.label)
            return [("priorities", line)]
        issue = issue_asked(s, text)
        if issue is None or asks(lang, "proposal", text):
            return []
        own: Terms = self.memory.own_terms or best_terms(s, "counterpart")
        value = format_value(issue, own[issue.id], lang)
        parts = [
            (
                "issue_answer",
                self.phrases.say("issue_answer", self.turn_no, issue=issue.label, value=value),
            )
        ]
        if issue is by_weight[0]:
            parts.append(("issue_key", self.phrases.say("issue_key", self.turn_no)))
        elif issue is by_weight[-1]:
            parts.append(("issue_minor", self.phrases.say("issue_minor", self.turn_no)))
        return parts
