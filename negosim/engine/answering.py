"""Answering the question asked: a proposal, its priorities, its position on one issue.

Priorities are disclosed partly, as a buyer does (« le délai compte plus que le prix
pour nous »): the issue it cares most about against the one it cares least about,
never its limits. A mixin of ``Negotiation``.
"""

from __future__ import annotations

from negosim.analysis.model import Analysis
from negosim.engine.memory import Memory
from negosim.engine.phrasing import Phrasebook, format_value
from negosim.engine.utility import Terms, best_terms
from negosim.scenario.model import Scenario


class Answering:
    scenario: Scenario
    memory: Memory
    phrases: Phrasebook
    turn_no: int

    def _answer(self, a: Analysis) -> list[tuple[str, str]]:
        """The answer to a question on its priorities or on one issue (nothing otherwise):
        the issue is the first one the question names (``Analysis.topics``)."""
        s, lang = self.scenario, self.scenario.language
        by_weight = sorted(s.issues, key=lambda i: -i.counterpart.weight)
        if "priorities" in a.asks and len(by_weight) >= 2:
            top, low = by_weight[0], by_weight[-1]
            line = self.phrases.say("priorities", self.turn_no, top=top.label, low=low.label)
            return [("priorities", line)]
        if not a.topics or "proposal" in a.asks:
            return []
        issue = s.issue(a.topics[0])
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
