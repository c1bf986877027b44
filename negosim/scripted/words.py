"""What a scripted candidate says, in the scenario's language: plain turns the reader knows.

Terms are written one issue per clause, the issue's first keyword before its value
(``prix 640 € ; paiement 45 jours``), so the figures are read back on the right issues.
"""

from __future__ import annotations

from negosim.engine.phrasing import format_value
from negosim.engine.utility import Terms
from negosim.scenario.model import Scenario

WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "hello": "Bonjour, merci de nous recevoir.",
        "offer": "Nous proposons : {terms}.",
        "conditional": "Si vous acceptez, nous proposons : {terms}.",
        "move": "Nous faisons un pas : {terms}.",
        "hold": "Nous maintenons notre offre : {terms}.",
        "threat": "Si vous ne faites pas d'effort, nous irons voir un concurrent.",
        "accept": "D'accord, j'accepte votre proposition.",
        "confirm": "Oui, je confirme, nous sommes d'accord.",
        "ask_proposal": "Quelle est votre proposition ?",
        "ask_priorities": "Qu'est-ce qui compte le plus pour vous dans cet accord ?",
        "ask_needs": "Quels sont vos besoins ?",
        "ask_topic": "Pouvez-vous m'en dire plus sur {topic} ?",
        "ask_issue": "Que pouvez-vous faire sur {topic} ?",
        "off_topic_1": "Quel temps fait-il chez vous en ce moment ?",
        "off_topic_2": "Avez-vous passé de bonnes vacances cet été ?",
        "off_topic_3": "Le café est excellent, d'où vient-il ?",
    },
    "en": {
        "hello": "Hello, thank you for having us.",
        "offer": "We propose: {terms}.",
        "conditional": "If you accept, we propose: {terms}.",
        "move": "We can move: {terms}.",
        "hold": "We maintain our offer: {terms}.",
        "threat": "If you don't move, we will go to a competitor.",
        "accept": "I accept your proposal.",
        "confirm": "Yes, I confirm, we have a deal.",
        "ask_proposal": "What is your proposal?",
        "ask_priorities": "What matters most to you in this deal?",
        "ask_needs": "What are your needs?",
        "ask_topic": "Could you tell me more about {topic}?",
        "ask_issue": "What can you do on {topic}?",
        "off_topic_1": "How is the weather over there at the moment?",
        "off_topic_2": "Did you have a good holiday this summer?",
        "off_topic_3": "The coffee is excellent, where does it come from?",
    },
}


def terms_text(scenario: Scenario, terms: Terms) -> str:
    """``prix 640 € ; paiement 45 jours ; reprise totale``: one clause per issue."""
    lang = scenario.language
    parts = []
    for issue in scenario.issues:
        if terms.get(issue.id) is None:
            continue
        word = issue.keywords[0] if issue.keywords else issue.label
        parts.append(f"{word} {format_value(issue, terms[issue.id], lang)}")
    return (" ; " if lang == "fr" else "; ").join(parts)


def say(scenario: Scenario, key: str, terms: Terms | None = None, topic: str = "") -> str:
    line = WORDS[scenario.language][key]
    if terms is not None:
        line = line.replace("{terms}", terms_text(scenario, terms))
    return line.replace("{topic}", topic)
