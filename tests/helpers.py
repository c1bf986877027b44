"""Test-data builders with sensible defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from negosim.analysis import analyze
from negosim.config import PROJECT_DIR
from negosim.engine import CandidateTurn
from negosim.rooms.sides import team_code
from negosim.rooms.sockets import NAMESPACE
from negosim.scenario import LoadedScenario, load_scenario_file
from negosim.vocabulary import Side

SCENARIOS = PROJECT_DIR / "scenarios"


def team_codes(app: Any, code: str) -> dict[str, str]:
    """Each team's join code for a team-against-team room, as its opener hands them out."""
    return {side: team_code(app.config["SECRET_KEY"], code, side) for side in Side}


def scenario(name: str = "fr-mobilier-grand-compte") -> LoadedScenario:
    return load_scenario_file(SCENARIOS / f"{name}.yaml")


def turn(
    engine: Any, text: str, minute: float = 1.0, side: str = "learner", previous: str | None = None
) -> CandidateTurn:
    """A turn of ``side`` read as a room reads it: in the context ``engine`` gives it now."""
    context = engine.context(side, previous)
    return CandidateTurn(text, analyze(text, context=context), minute * 60, side=side)


def read(text: str, lang: str | None = None, previous: str | None = None) -> CandidateTurn:
    """A turn read alone, with no scenario around it (no terms tied to issues)."""
    return CandidateTurn(text, analyze(text, lang, previous), elapsed_s=60.0)


def scenario_text(name: str = "fr-mobilier-grand-compte") -> str:
    return (SCENARIOS / f"{name}.yaml").read_text("utf-8")


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, "utf-8")
    return path


GOOD_SESSION = [
    "Bonjour Madame, merci de nous recevoir. Belle vue depuis votre bureau !",
    "Pour commencer, quels sont vos critères de choix pour ce projet ?",
    "Et quel est votre calendrier pour l'emménagement ?",
    "Nous avons une capacité de 250 postes par semaine et 150 postes installés par semaine, "
    "ce qui vous garantit le respect du 1er septembre.",
    "Nous proposons 690 € par poste, paiement à 30 jours, livraison en 9 semaines, garantie 5 ans.",
    "Je comprends. Mais notre offre inclut l'installation et une reprise partielle, ce qui réduit "
    "votre coût global. Nos références le prouvent : une banque, 600 postes installés.",
    "Si vous acceptez un paiement à 45 jours, alors nous passons à 660 € par poste.",
    "Si vous nous confirmez la commande cette semaine, nous pouvons faire 640 € avec une "
    "livraison en 8 semaines et une reprise totale.",
    "D'accord, c'est entendu, on part donc sur ces conditions.",
    "Je comprends tout à fait. Quand le comité se réunit-il, et quels éléments dois-je vous "
    "fournir pour le dossier ?",
    "Parfait, nous sommes donc d'accord, je vous envoie le bon de commande.",
]


def joined(socket_client, code, name, role="lead"):
    """A socket client (from the ``socket_client`` factory) in the room; returns it and its ack."""
    sc = socket_client()
    ack = sc.emit(
        "join", {"code": code, "name": name, "role": role}, namespace=NAMESPACE, callback=True
    )
    assert ack["ok"], ack
    return sc, ack
