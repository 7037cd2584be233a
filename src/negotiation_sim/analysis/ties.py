"""A player's tie tolerance over the games being compared (compare and tornado).

The tie rule (:mod:`negotiation_sim.tolerance`) judges a player's indifference on that
player's payoff scale in the game.  When two scenarios are compared, the scale is the
player's largest payoff over both games (every outcome or cell), not just the two
equilibrium payoffs: a difference of 2e-16 between payoffs of 0 and 2e-16 in a game whose
payoffs are of order 1 is float noise, not a preference.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np

from ..games import GameTree, NormalFormGame
from ..scenario.schema import Scenario
from ..tolerance import player_tolerances

__all__ = ["game_tolerance"]


def game_tolerance(
    scenarios: Sequence[Scenario], player: str, overrides: Mapping[str, object], tol: float
) -> np.ndarray:
    """Absolute tie tolerance of ``player`` over all its payoffs in ``scenarios``.

    Parameters
    ----------
    scenarios : sequence of Scenario
        Scenarios with games, each having ``player``.
    player : str
        The player whose payoffs set the scale.
    overrides : mapping
        Parameter values (numbers, or arrays that broadcast to a grid).
    tol : float
        Relative tie tolerance.

    Returns
    -------
    numpy.ndarray
        The tolerance, with the grid's shape (0-d at a single point).  Invalid (NaN or
        infinite) payoffs are ignored.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
    >>> float(game_tolerance([sc], "suspect_a", {}, 1e-9))
    5e-09
    """
    parts: list[np.ndarray] = []
    shape: tuple[int, ...] = ()
    for scenario in scenarios:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the solve already reported these (e.g. out of range)
            game = scenario.evaluate(dict(overrides), invalid="mask")
        shape = game.grid_shape
        if isinstance(game, GameTree):
            k = game.players.index(player)
            values = [np.broadcast_to(v[k], shape) for v in game.outcome_payoffs.values()]
        else:
            assert isinstance(game, NormalFormGame)
            matrix = game.payoff_matrix(player)
            values = [np.broadcast_to(matrix, (*matrix.shape[:2], *shape))]
        parts.extend(np.reshape(v, (-1, *shape)) for v in values)
    return player_tolerances([np.concatenate(parts)], tol, grid_shape=shape)[0]
