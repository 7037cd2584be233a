"""What every numeric game carries besides its payoffs: the grid it was evaluated on.

A numeric game holds numbers, at one parameter point (``grid_shape == ()``) or over a
grid of points (every payoff and probability array then ends in ``grid_shape``).  It
also keeps the named values its numbers were computed from and, for sweeps, which grid
points are not a valid game.  It knows nothing of the file format that produced it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from ..errors import Problem

__all__ = ["NumericGame", "read_only"]


def read_only(values: object) -> np.ndarray:
    """Return a read-only float copy of ``values``.

    Parameters
    ----------
    values : array_like
        Numbers.

    Returns
    -------
    numpy.ndarray
        A float array that cannot be written to.

    Examples
    --------
    >>> read_only([1, 2]).flags.writeable
    False
    """
    array = np.array(values, dtype=float)
    array.flags.writeable = False
    return array


def _empty_map() -> Mapping[str, np.ndarray]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class NumericGame:
    """The fields shared by :class:`~negotiation_sim.games.NormalFormGame` and
    :class:`~negotiation_sim.games.GameTree`.

    Attributes
    ----------
    players : tuple of str
        Player ids in order.
    grid_shape : tuple of int
        ``()`` at one parameter point; the grid's shape otherwise.
    values : mapping
        The named numbers the payoffs were computed from (for a scenario: every parameter
        and derived quantity), each an array of ``grid_shape``.
    parameter_names : tuple of str
        Which of ``values`` are parameters (the rest are derived).
    invalid : numpy.ndarray or None
        Boolean array of ``grid_shape``, True where the numbers are not a valid game
        (a NaN/inf payoff, bad chance probabilities); ``None`` when not checked point by
        point (the evaluation raised instead).
    problems : tuple of Problem
        What was wrong at the invalid points.
    """

    players: tuple[str, ...]
    grid_shape: tuple[int, ...] = ()
    values: Mapping[str, np.ndarray] = field(default_factory=_empty_map)
    parameter_names: tuple[str, ...] = ()
    invalid: np.ndarray | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def shape(self) -> tuple[int, ...]:
        """The grid shape (an alias of :attr:`grid_shape`).

        Examples
        --------
        >>> NumericGame(players=("a",), grid_shape=(3,)).shape
        (3,)
        """
        return self.grid_shape

    @property
    def is_point(self) -> bool:
        """Whether the game is at one parameter point (no grid).

        Examples
        --------
        >>> NumericGame(players=("a",)).is_point
        True
        """
        return self.grid_shape == ()

    def parameter_values(self) -> dict[str, float | np.ndarray]:
        """Parameter name -> value (floats at a point, arrays over a grid).

        Returns
        -------
        dict
            Each parameter's value (derived quantities left out).

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
        >>> sc.evaluate({"temptation": 6}).parameter_values()
        {'temptation': 6.0, 'reward': 3.0, 'punishment': 1.0, 'sucker': 0.0}
        """
        return {
            name: (float(v) if v.ndim == 0 else v) for name, v in self.values.items() if name in self.parameter_names
        }

    def _check_point(self, what: str) -> None:
        if self.grid_shape:
            raise ValueError(f"{what} needs a game at one parameter point; this one is over a grid {self.grid_shape}")
