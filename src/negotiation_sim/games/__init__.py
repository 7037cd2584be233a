"""The numeric game layer: games that solvers take, knowing no file format and no solver.

:class:`NormalFormGame` (two players, payoff tables) and :class:`GameTree` (decision
nodes with information sets, chance nodes, outcomes; shared nodes allowed) hold numbers
at one parameter point or over a grid.  :meth:`GameTree.play` is the one walk of a pure
profile through a tree; :func:`reduced_normal_form` is built on it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .base import NumericGame, read_only
from .normal_form import NormalFormGame
from .outcomes import Alternatives, Lottery, alternatives_of, outcome_ids, sure

if TYPE_CHECKING:  # pragma: no cover
    from .reduced import ReducedNormalForm, reduced_normal_form
    from .tree import Chance, Decision, GameTree, Play, Terminal, bottom_up_order

# Trees load on first use: a normal-form scenario never needs them (start-up time).
_LAZY = {
    "Chance": "tree",
    "Decision": "tree",
    "GameTree": "tree",
    "Play": "tree",
    "Terminal": "tree",
    "bottom_up_order": "tree",
    "ReducedNormalForm": "reduced",
    "reduced_normal_form": "reduced",
}

__all__ = [
    "Alternatives",
    "Chance",
    "Decision",
    "GameTree",
    "Lottery",
    "NormalFormGame",
    "NumericGame",
    "Play",
    "ReducedNormalForm",
    "Terminal",
    "alternatives_of",
    "bottom_up_order",
    "outcome_ids",
    "read_only",
    "reduced_normal_form",
    "sure",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
