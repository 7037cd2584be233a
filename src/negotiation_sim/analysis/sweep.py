"""Sensitivity sweeps: solve scenarios over a 1-D or 2-D grid of parameter values.

Payoff expressions are evaluated once over the whole grid with numpy broadcasting, and
the solvers run on arrays (DESIGN §4): backward induction for game trees
(:mod:`.sweep_tree`), all extreme equilibria of small normal forms at once
(:mod:`.sweep_normal`).  Only the few points the vectorised pass cannot settle are
solved one by one (:mod:`negotiation_sim.report.sweep` writes the results).  This module imports neither
matplotlib nor scipy nor nashpy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from ..errors import ScenarioError
from ..games import NormalFormGame
from ..scenario.schema import ExtensiveGame, NormalGame, Scenario, frozen_map
from ..tolerance import DEFAULT_TOL
from .sweep_grid import (
    DEFAULT_POINTS,
    check_grid_size,
    grid_values,
    invalid_label,
    mark_invalid,
    sweep_axes,
    without_invalid,
)
from .sweep_normal import MIXED, sweep_normal
from .sweep_result import SweepResult, frozen_array
from .sweep_tree import GridSolution, sweep_tree

__all__ = ["DEFAULT_POINTS", "MIXED", "SweepResult", "grid_values", "sweep"]


def sweep(
    scenario_or_list: Scenario | Sequence[Scenario],
    vary: Mapping[str, object],
    overrides: Mapping[str, float] | None = None,
    *,
    tol: float = DEFAULT_TOL,
) -> SweepResult:
    """Solve one or more scenarios at every point of a 1-D or 2-D parameter grid.

    Payoff expressions are evaluated once over the whole grid with numpy broadcasting;
    game trees are solved by vectorised backward induction, normal forms up to 5 x 5 by
    an exact enumeration of every grid point's extreme equilibria at once (ties
    included).  Tree points where a tie changes other players' payoffs are re-solved
    exactly one by one (counted in ``exact_points_resolved``); larger normal forms, and
    the rare small-game points the batch leaves, are solved once per distinct payoff
    matrix on the grid (counted in ``distinct_matrices_solved``).

    Outcome convention: trees report the outcome ids any subgame-perfect equilibrium
    reaches with positive probability; normal forms report ``"row,column"`` (strategy
    names) for each pure Nash equilibrium and ``"mixed"`` for equilibria in which a
    player randomises.  Several are joined with ``|`` in sorted order.  Payoffs are
    those of the first equilibrium in the solvers' stable order.

    Parameters
    ----------
    scenario_or_list : Scenario or sequence of Scenario
        Each scenario is swept on the same grid (all must have the varied parameters).
    vary : mapping
        One or two parameter names -> 1-D sequence of values (``None``: the parameter's
        declared range with 101 points, from the first scenario).  The first name is
        axis 0 of the grid.
    overrides : mapping, optional
        Other parameters fixed at the given numbers at every point.
    tol : float, optional
        Relative tie tolerance (see :mod:`negotiation_sim.tolerance`).

    Returns
    -------
    SweepResult

    Raises
    ------
    ScenarioError
        For an unknown or derived parameter name (with a suggestion), no or more than two
        varied parameters, invalid values, a grid larger than :data:`MAX_GRID_POINTS`, a
        scenario without a game, or non-finite payoffs at some grid point (the error names
        the first such point).
    SolverError
        If a solver limit is exceeded.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
    >>> result = sweep(sc, {"win": [1, 2], "crash_cost": [10, 20, 30]})
    >>> result.shape
    (2, 3)
    >>> str(result.outcomes[0][0, 0])
    'mixed|straight,swerve|swerve,straight'
    >>> float(result.payoffs[0]["driver_a"][0, 0])  # first equilibrium: (swerve, straight)
    -1.0
    """
    scenarios = _as_scenarios(scenario_or_list)
    varied, axes = sweep_axes(scenarios, vary, overrides)
    shape = tuple(len(axis) for axis in axes)
    check_grid_size(shape)
    grid = {
        name: axis.reshape([-1 if k == n else 1 for k in range(len(axes))])
        for n, (name, axis) in enumerate(zip(varied, axes, strict=True))
    }
    fixed = dict(overrides or {})
    parts: list[GridSolution] = []
    valid: list[np.ndarray] = []
    for scenario in scenarios:
        game = scenario.evaluate({**fixed, **grid}, invalid="mask")
        bad = np.zeros(shape, dtype=bool) if game.invalid is None else np.broadcast_to(game.invalid, shape)
        if bad.any():
            game = without_invalid(scenario, game, bad)
        if isinstance(game, NormalFormGame):
            part = sweep_normal(scenario, game, tol=tol)
        else:
            from ..games import GameTree  # not at the top: trees load on first use

            assert isinstance(game, GameTree)
            part = sweep_tree(scenario, game, tol=tol)
        if bad.any():
            part = mark_invalid(part, bad, invalid_label(game.problems))
        parts.append(part)
        valid.append(~bad)
    labels: dict[str, str] = {}
    alternatives: dict[str, tuple[str, ...]] = {}
    for part in parts:
        for key, label in part.labels.items():
            labels.setdefault(key, label)
        for key, ids in part.alternatives.items():
            alternatives.setdefault(key, ids)
    return SweepResult(
        scenarios=scenarios,
        varied=varied,
        axes=tuple(frozen_array(axis) for axis in axes),
        outcomes=tuple(frozen_array(part.outcomes.astype(str).reshape(shape)) for part in parts),
        payoffs=tuple(
            frozen_map({p: frozen_array(v.reshape(shape)) for p, v in part.payoffs.items()}) for part in parts
        ),
        ties=tuple(frozen_array(part.ties.reshape(shape)) for part in parts),
        valid=tuple(frozen_array(v) for v in valid),
        outcome_labels=frozen_map(labels),
        outcome_alternatives=frozen_map(alternatives),
        overrides=frozen_map({k: float(v) for k, v in fixed.items()}),
        exact_points_resolved=sum(part.points_resolved for part in parts),
        distinct_matrices_solved=sum(part.matrices_solved for part in parts),
    )


def _as_scenarios(scenario_or_list: Scenario | Iterable[Scenario]) -> tuple[Scenario, ...]:
    items = (scenario_or_list,) if isinstance(scenario_or_list, Scenario) else tuple(scenario_or_list)
    if not items:
        raise ScenarioError(["sweep needs at least one scenario"])
    for item in items:
        if not isinstance(item, Scenario):
            raise TypeError(f"sweep expects Scenario objects (from load_scenario), found {type(item).__name__}")
        if not isinstance(item.game, (NormalGame, ExtensiveGame)):
            raise ScenarioError([f"{item.path}: has no game to sweep (it only declares players and parameters)"])
    return items
