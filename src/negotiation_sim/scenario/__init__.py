"""Scenario files: the YAML format, its validation and evaluation."""

from typing import TYPE_CHECKING, Any

from .evaluation import evaluate, parse_overrides, resolve_overrides
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

if TYPE_CHECKING:  # pragma: no cover
    from .evaluation import Evaluation

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


def __getattr__(name: str) -> Any:
    # Built on first use (it loads the game-tree module): see evaluation.__getattr__.
    if name != "Evaluation":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import evaluation

    return evaluation.Evaluation
