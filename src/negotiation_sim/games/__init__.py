"""The numeric game layer: games that solvers take, knowing no file format and no solver.

:class:`NormalFormGame` (two players, payoff tables) and :class:`GameTree` (decision
nodes with information sets, chance nodes, outcomes; shared nodes allowed) hold numbers
at one parameter point or over a grid.  :meth:`GameTree.play` is the one walk of a pure
profile through a tree; :func:`reduced_normal_form` is built on it.
"""

from .base import NumericGame, read_only
from .normal_form import NormalFormGame
from .outcomes import Alternatives, Lottery, alternatives_of, outcome_ids, sure
from .reduced import ReducedNormalForm, reduced_normal_form
from .tree import Chance, Decision, GameTree, Play, Terminal, bottom_up_order

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
