"""Sweep kernel for game trees: vectorised backward induction over a whole grid.

Used by :func:`negotiation_sim.analysis.sweep.sweep`; works on one scenario's
:class:`~negotiation_sim.scenario.evaluation.Evaluation` over a grid and returns plain
arrays.  Grid points where the vectorised pass cannot tell the full set of SPE outcomes
(a tie that changes another player's payoff, see
:func:`~negotiation_sim.solvers.backward_induction.backward_induction_arrays`) are
re-solved one by one with :func:`~negotiation_sim.solvers.backward_induction.spe_solve`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..scenario.evaluation import Evaluation
from ..scenario.schema import ExtensiveGame, Scenario
from ..solvers.backward_induction import backward_induction_arrays, spe_solve

__all__ = ["GridSolution", "join_outcomes", "sweep_tree"]

OUTCOME_SEPARATOR = "|"


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class GridSolution:
    """One scenario solved over a grid (flat arrays, reshaped by the caller).

    Attributes
    ----------
    outcomes : ndarray of object
        Outcome id per point (several joined with ``|`` in sorted order).
    payoffs : dict
        Player id -> float array: payoff under the first equilibrium in stable order.
    ties : ndarray of bool
        More than one equilibrium at the point.
    labels : dict
        Outcome id -> human label, for every id the game can produce.
    points_resolved : int
        Grid points solved one by one because the vectorised pass was not exact there.
    matrices_solved : int
        Distinct payoff matrices solved one by one (normal forms only).
    """

    outcomes: np.ndarray
    payoffs: dict[str, np.ndarray]
    ties: np.ndarray
    labels: dict[str, str]
    points_resolved: int = 0
    matrices_solved: int = 0


def join_outcomes(ids: Iterable[str]) -> str:
    """Join outcome ids into the sweep's outcome string: sorted, distinct, ``|``-separated.

    Parameters
    ----------
    ids : iterable of str
        Outcome ids, possibly repeated.

    Returns
    -------
    str
        The distinct ids in sorted order, joined with ``|`` (empty for no ids).

    Examples
    --------
    >>> join_outcomes(["split_1", "split_0", "split_1"])
    'split_0|split_1'
    """
    return OUTCOME_SEPARATOR.join(sorted(set(ids)))


def sweep_tree(scenario: Scenario, evaluation: Evaluation, *, tol: float) -> GridSolution:
    """Solve a game tree at every point of an evaluated grid.

    Parameters
    ----------
    scenario : Scenario
        With an extensive-form game.
    evaluation : Evaluation
        ``scenario.evaluate(...)`` over the grid (at least 1-D).
    tol : float
        Relative tie tolerance.

    Returns
    -------
    GridSolution
        Flat arrays in C order of the grid.

    Raises
    ------
    SolverError
        If a grid point re-solved one by one exceeds a solver limit.

    Examples
    --------
    The seller prices low when a high-value buyer is unlikely and high otherwise:

    >>> import numpy as np
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
    >>> solution = sweep_tree(sc, sc.evaluate({"p_high": np.array([0.2, 0.5])}), tol=1e-9)
    >>> solution.outcomes.tolist()
    ['sale_low_price_high_value|sale_low_price_low_value', 'no_sale|sale_high_price_high_value']
    >>> solution.payoffs["seller"].round(6).tolist()  # 3 for sure at the low price; 0.5 * 9 at the high
    [3.0, 4.5]
    """
    game = scenario.game
    assert isinstance(game, ExtensiveGame)
    payoffs = dict(evaluation.outcome_payoffs)
    probabilities = dict(evaluation.probabilities)
    size = int(np.prod(evaluation.shape))
    induction = backward_induction_arrays(game, payoffs, probabilities, tol=tol)

    # The outcome set per point as a bit row over the sorted outcome ids; distinct rows
    # are few, so strings are built once per distinct row.
    names = sorted(game.outcomes)
    masks = np.stack([np.asarray(induction.possible[o]).reshape(size) for o in names], axis=1)
    packed = np.ascontiguousarray(np.packbits(masks, axis=1))
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).reshape(size)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    joined = np.array(
        [join_outcomes(n for n, on in zip(names, masks[k], strict=True) if on) for k in first], dtype=object
    )
    outcomes = joined[inverse.reshape(size)]
    ties = np.array(induction.ties, dtype=bool).reshape(size)

    inexact = np.flatnonzero(~np.asarray(induction.exact).reshape(size))
    flat_payoffs = {o: v.reshape(v.shape[0], size) for o, v in payoffs.items()}
    flat_probabilities = {n: p.reshape(p.shape[0], size) for n, p in probabilities.items()}
    for k in inexact.tolist():
        result = spe_solve(
            game,
            {o: v[:, k] for o, v in flat_payoffs.items()},
            {n: p[:, k] for n, p in flat_probabilities.items()},
            tol=tol,
        )
        outcomes[k] = join_outcomes(o for dist in result.outcome_distributions for o, p in dist.items() if p > 0)
        ties[k] = result.count > 1

    root_values = np.asarray(induction.values[game.root]).reshape(len(game.players), size)
    labels = {o: game.label_of(o) for o in game.outcomes}
    for value in set(joined.tolist()) | set(outcomes[inexact].tolist()):
        labels.setdefault(value, " | ".join(labels[o] for o in value.split(OUTCOME_SEPARATOR) if o))
    return GridSolution(
        outcomes=outcomes,
        payoffs={p: root_values[k].copy() for k, p in enumerate(game.players)},
        ties=ties,
        labels=labels,
        points_resolved=int(inexact.size),
    )
