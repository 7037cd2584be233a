"""Scenario files: the YAML format, its validation and evaluation."""

from .evaluation import Evaluation, evaluate, parse_overrides, resolve_overrides
from .loader import FORMAT, load_scenario, parse_scenario
from .schema import (
    Branch,
    ChanceNode,
    DecisionNode,
    Derived,
    ExtensiveGame,
    NormalGame,
    Outcome,
    Parameter,
    Player,
    Scenario,
)

__all__ = [
    "FORMAT",
    "Branch",
    "ChanceNode",
    "DecisionNode",
    "Derived",
    "Evaluation",
    "ExtensiveGame",
    "NormalGame",
    "Outcome",
    "Parameter",
    "Player",
    "Scenario",
    "evaluate",
    "load_scenario",
    "parse_overrides",
    "parse_scenario",
    "resolve_overrides",
]
