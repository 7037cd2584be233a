"""Solve a scenario at a batch of parameter points in one vectorised pass.

The batch analogue of :func:`negotiation_sim.analysis.sweep.sweep` for points that do not
form a grid (Monte Carlo samples, the midpoints of a bisection): the payoff expressions
are evaluated once over the batch, trees go through vectorised backward induction and
normal forms through the vectorised 2 x 2 kernel, with the same exact one-by-one
fallback where the vectorised pass cannot settle a point.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np

from ..errors import ScenarioWarning
from ..games import GameTree, NormalFormGame
from ..scenario.schema import Scenario
from .sweep_grid import invalid_label, mark_invalid, without_invalid
from .sweep_normal import sweep_normal
from .sweep_tree import GridSolution, sweep_tree

__all__ = ["solve_points"]


def solve_points(
    scenario: Scenario,
    values: Mapping[str, np.ndarray],
    overrides: Mapping[str, float] | None = None,
    *,
    tol: float,
    quiet: bool = False,
) -> GridSolution:
    """Solve ``scenario`` at each point of a batch.

    Parameters
    ----------
    scenario : Scenario
        With a normal-form or extensive-form game.
    values : mapping
        Parameter name -> 1-D array; all of one length (the batch).
    overrides : mapping, optional
        Parameters fixed at one number for the whole batch.
    tol : float
        Relative tie tolerance.
    quiet : bool, optional
        Do not warn about points with invalid payoffs (they are still reported with the
        empty outcome :data:`~.sweep_grid.INVALID` and NaN payoffs).

    Returns
    -------
    GridSolution
        Flat arrays, one entry per point.

    Raises
    ------
    ScenarioError
        For unknown parameters.  (A batch whose every point is invalid is returned with
        every point marked invalid: the caller searches a larger set of points.)
    SolverError
        If a point solved one by one exceeds a solver limit.

    Examples
    --------
    >>> import numpy as np
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
    >>> solve_points(sc, {"temptation": np.array([4.0, 8.0])}, tol=1e-9).outcomes.tolist()
    ['defect,defect', 'defect,defect']
    """
    game = scenario.evaluate({**(overrides or {}), **values}, invalid="mask")
    if game.grid_shape == ():
        raise ValueError("solve_points needs at least one 1-D array of values")
    bad = game.invalid if game.invalid is not None else np.zeros(game.grid_shape, dtype=bool)
    has_bad = bool(bad.any())
    if has_bad:
        with warnings.catch_warnings():
            if quiet:
                warnings.simplefilter("ignore", ScenarioWarning)
            game = without_invalid(scenario, game, bad, allow_all=True)
    if isinstance(game, NormalFormGame):
        part = sweep_normal(scenario, game, tol=tol)
    else:
        assert isinstance(game, GameTree)
        part = sweep_tree(scenario, game, tol=tol)
    if has_bad:
        part = mark_invalid(part, bad, invalid_label(game.problems))
    return part
