"""The negotiation engine: the scripted counterpart, pure and reproducible."""

from negosim.engine.facilitator import Facilitator
from negosim.engine.machine import ENDS, PHASES, FlowError, build_machine, check_flow
from negosim.engine.negotiation import CandidateTurn, Negotiation
from negosim.engine.replay import rebuild

__all__ = [
    "ENDS",
    "PHASES",
    "CandidateTurn",
    "Facilitator",
    "FlowError",
    "Negotiation",
    "build_machine",
    "check_flow",
    "rebuild",
]
