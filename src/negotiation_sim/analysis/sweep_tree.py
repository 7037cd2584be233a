"""Sweep kernel for game trees: vectorised backward induction over a whole grid.

Used by :func:`negotiation_sim.analysis.sweep.sweep`; works on one scenario's
:class:`~negotiation_sim.games.GameTree` over a grid and returns plain
arrays.  Grid points where the vectorised pass cannot tell the full set of SPE outcomes
(a tie that changes another player's payoff, see
:func:`~negotiation_sim.solvers.backward_induction.backward_induction_solve`) are
re-solved one by one with :func:`~negotiation_sim.solvers.spe.spe_solve`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..scenario.schema import Scenario
from ..wording import either_text, lottery_text, lower_first
from .naming import scenario_names

if TYPE_CHECKING:  # pragma: no cover
    from ..games import GameTree  # trees load on first use (a normal-form sweep needs none)

__all__ = ["GridSolution", "OutcomeKeys", "join_outcomes", "sweep_tree"]

OUTCOME_SEPARATOR = "|"
"""Separates tied outcome ids in a sweep's outcome key (the CSV cell); never split again."""

OutcomeKeys = dict[str, tuple[str, ...]]
"""Outcome key (the string written to CSV cells) -> the outcome ids it stands for."""


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
    alternatives : dict
        Every outcome key in ``outcomes`` -> the outcome ids it stands for (sorted).
    points_resolved : int
        Grid points solved one by one because the vectorised pass was not exact there.
    matrices_solved : int
        Distinct payoff matrices solved one by one (normal forms only).
    """

    outcomes: np.ndarray
    payoffs: dict[str, np.ndarray]
    ties: np.ndarray
    labels: dict[str, str]
    alternatives: OutcomeKeys
    points_resolved: int = 0
    matrices_solved: int = 0


def join_outcomes(ids: Iterable[str], keys: OutcomeKeys) -> str:
    """The sweep's outcome key of some outcome ids (sorted, distinct, ``|``-separated), recorded in ``keys``.

    The key is what a CSV cell shows; ``keys`` keeps the ids it stands for, so that no
    caller ever splits a key again.

    Parameters
    ----------
    ids : iterable of str
        Outcome ids, possibly repeated.
    keys : dict
        Key -> ids, updated in place.

    Returns
    -------
    str
        The distinct ids in sorted order, joined with ``|`` (empty for no ids).

    Examples
    --------
    >>> keys = {}
    >>> join_outcomes(["split_1", "split_0", "split_1"], keys), keys
    ('split_0|split_1', {'split_0|split_1': ('split_0', 'split_1')})
    """
    distinct = tuple(sorted(set(ids)))
    key = OUTCOME_SEPARATOR.join(distinct)
    keys.setdefault(key, distinct)
    return key


def sweep_tree(scenario: Scenario, game: GameTree, *, tol: float) -> GridSolution:
    """Solve a game tree at every point of an evaluated grid.

    Parameters
    ----------
    scenario : Scenario
        With an extensive-form game.
    game : GameTree
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
    # Imported here: a normal-form sweep does not need the tree solvers (start-up time).
    from ..solvers.backward_induction import backward_induction_solve
    from ..solvers.spe import spe_solve

    size = int(np.prod(game.grid_shape))
    induction = backward_induction_solve(game, tol=tol)

    # The outcome set per point as a bit row over the sorted outcome ids; distinct rows
    # are few, so strings are built once per distinct row.
    names = sorted(game.outcomes)
    masks = np.stack([np.asarray(induction.possible[o]).reshape(size) for o in names], axis=1)
    packed = np.ascontiguousarray(np.packbits(masks, axis=1))
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).reshape(size)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    outcome_keys: OutcomeKeys = {}
    joined = np.array(
        [join_outcomes((n for n, on in zip(names, masks[k], strict=True) if on), outcome_keys) for k in first],
        dtype=object,
    )
    outcomes = joined[inverse.reshape(size)]
    ties = np.array(induction.ties, dtype=bool).reshape(size)

    inexact = np.flatnonzero(~np.asarray(induction.exact).reshape(size))
    for k in inexact.tolist():
        result = spe_solve(game.at(tuple(int(i) for i in np.unravel_index(k, game.grid_shape))), tol=tol)
        outcomes[k] = join_outcomes((o for lottery in result.outcomes for o, p in lottery if p > 0), outcome_keys)
        ties[k] = result.count > 1

    root_values = np.asarray(induction.values[game.root]).reshape(len(game.players), size)
    labels = {o: game.label_of(o) for o in game.outcomes}
    tied_keys = set(outcomes[ties].tolist())
    for key, ids in outcome_keys.items():
        labels.setdefault(key, _key_label(scenario, [labels[o] for o in ids], tied=key in tied_keys))
    return GridSolution(
        outcomes=outcomes,
        payoffs={p: root_values[k].copy() for k, p in enumerate(game.players)},
        ties=ties,
        labels=labels,
        alternatives=outcome_keys,
        points_resolved=int(inexact.size),
    )


def _key_label(scenario: Scenario, names: list[str], *, tied: bool) -> str:
    """Words for a key of several outcome ids: alternatives where a tie occurs, else a chance lottery.

    Where the key never occurs at a tied point, one equilibrium reaches all its outcomes,
    by chance (with probabilities that vary over the grid): ``"Strike won / lost (by
    chance)"``.  Where it occurs at a tie, the outcomes are alternatives: ``"Either deal or
    impasse"``.
    """
    keep = scenario_names(scenario)
    rest = [lower_first(n, keep) for n in names[1:]]
    if tied:
        return either_text([lower_first(names[0], keep), *rest], capital=True)
    return lottery_text([(names[0], None), *((n, None) for n in rest)])
