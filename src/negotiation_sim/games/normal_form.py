"""The numeric two-player normal-form (bimatrix) game."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from .base import NumericGame, read_only

__all__ = ["NormalFormGame"]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class NormalFormGame(NumericGame):
    """A two-player game in normal form with numeric payoffs.

    The row player (``players[0]``) picks a row and receives ``row_payoffs[i, j]``; the
    column player picks a column and receives ``column_payoffs[i, j]``.  Over a grid the
    payoff arrays have shape ``(rows, columns, *grid_shape)``.

    Attributes
    ----------
    players : tuple of str
        Row player, column player.
    strategies : tuple of two tuples of str
        The row and the column player's strategy names.
    row_payoffs, column_payoffs : numpy.ndarray
        Read-only payoff arrays of shape ``(rows, columns, *grid_shape)``.

    Examples
    --------
    >>> names = (("up", "down"), ("left", "right"))
    >>> game = NormalFormGame.from_arrays(("a", "b"), names, [[1, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> game.shape_of_table, game.payoff_matrix("b").tolist()
    ((2, 2), [[0.0, 1.0], [1.0, 0.0]])
    """

    strategies: tuple[tuple[str, ...], tuple[str, ...]]
    row_payoffs: np.ndarray
    column_payoffs: np.ndarray

    def __post_init__(self) -> None:
        if len(self.players) != 2:
            raise ValueError(f"a normal-form game has two players, not {len(self.players)}")
        expected = (len(self.strategies[0]), len(self.strategies[1]), *self.grid_shape)
        for name, array in (("row_payoffs", self.row_payoffs), ("column_payoffs", self.column_payoffs)):
            if array.shape != expected:
                raise ValueError(f"{name} has shape {array.shape}; expected {expected}")

    @classmethod
    def from_arrays(
        cls,
        players: tuple[str, str],
        strategies: tuple[tuple[str, ...], tuple[str, ...]],
        row_payoffs: object,
        column_payoffs: object,
    ) -> NormalFormGame:
        """Build a game at one point (or over a grid) from two payoff tables.

        Parameters
        ----------
        players : tuple of two str
        strategies : tuple of two tuples of str
        row_payoffs, column_payoffs : array_like
            Shape ``(rows, columns, *grid_shape)``.

        Returns
        -------
        NormalFormGame

        Raises
        ------
        ValueError
            If the shapes do not match the strategies.

        Examples
        --------
        >>> NormalFormGame.from_arrays(("r", "c"), (("x",), ("y",)), [[1]], [[2]]).grid_shape
        ()
        """
        a, b = read_only(row_payoffs), read_only(column_payoffs)
        if a.ndim < 2 or a.shape != b.shape:
            raise ValueError(f"payoff tables of shapes {a.shape} and {b.shape} do not form a bimatrix game")
        return cls(players=players, strategies=strategies, row_payoffs=a, column_payoffs=b, grid_shape=a.shape[2:])

    @property
    def shape_of_table(self) -> tuple[int, int]:
        """Number of row and column strategies.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
        >>> sc.evaluate().shape_of_table
        (2, 2)
        """
        return len(self.strategies[0]), len(self.strategies[1])

    @property
    def matrices(self) -> Mapping[str, np.ndarray]:
        """Player id -> payoff array ``(rows, columns, *grid_shape)``.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
        >>> sc.evaluate().matrices["suspect_a"].tolist()
        [[3.0, 0.0], [5.0, 1.0]]
        """
        return MappingProxyType({self.players[0]: self.row_payoffs, self.players[1]: self.column_payoffs})

    def payoff_matrix(self, player: str) -> np.ndarray:
        """The payoff array of one player.

        Parameters
        ----------
        player : str
            A player id.

        Returns
        -------
        numpy.ndarray
            Shape ``(rows, columns, *grid_shape)``.

        Raises
        ------
        KeyError
            If ``player`` is not one of the two players.

        Examples
        --------
        >>> NormalFormGame.from_arrays(("r", "c"), (("x",), ("y",)), [[1]], [[2]]).payoff_matrix("c").tolist()
        [[2.0]]
        """
        if player not in self.players:
            raise KeyError(player)
        return self.row_payoffs if player == self.players[0] else self.column_payoffs

    def at(self, index: tuple[int, ...]) -> NormalFormGame:
        """The game at one grid point.

        Parameters
        ----------
        index : tuple of int
            A grid index (``()`` for a game already at a point).

        Returns
        -------
        NormalFormGame
            With ``grid_shape == ()``.

        Examples
        --------
        >>> import numpy as np
        >>> game = NormalFormGame.from_arrays(("r", "c"), (("x",), ("y",)), np.ones((1, 1, 3)), np.zeros((1, 1, 3)))
        >>> game.at((2,)).grid_shape
        ()
        """
        where: tuple[Any, ...] = (slice(None), slice(None), *index)
        return NormalFormGame(
            players=self.players,
            strategies=self.strategies,
            row_payoffs=read_only(self.row_payoffs[where]),
            column_payoffs=read_only(self.column_payoffs[where]),
            values={k: v[index] for k, v in self.values.items()},
            parameter_names=self.parameter_names,
        )
