"""Backward induction over a whole parameter grid at once (for sweeps).

:func:`backward_induction_solve` shares its definition of "optimal within tolerance"
with :func:`~negotiation_sim.solvers.spe.spe_solve`, which enumerates **all**
subgame-perfect equilibria at one point.  It runs over a whole parameter grid at once: per
  decision node, the mover's payoff of every move is compared as numpy arrays and
  every move within tolerance of the best is kept.  It returns, for every grid point,
  the *first* SPE in the stable order (at each node the first optimal move in the
  order the scenario lists them), the set of outcomes any SPE can reach, and where
  that set is exact.

References
----------
Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points in
extensive games. *International Journal of Game Theory* 4, 25-55.
Osborne, M. J. & Rubinstein, A. (1994). *A Course in Game Theory*, MIT Press, §6.2 (Kuhn's
theorem and backward induction; ties yield several SPE).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..games import Chance, GameTree
from ..tolerance import DEFAULT_TOL, player_tolerances
from .spe import check_perfect_information

__all__ = ["ArrayInduction", "backward_induction_solve"]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ArrayInduction:
    """Backward induction over a grid (see :func:`backward_induction_solve`).

    Attributes
    ----------
    method : str
        ``"backward_induction"``.
    order : list of str
        Nodes bottom-up (root last).
    values : dict
        Node or outcome id -> payoff array ``(n_players, *shape)`` under the first SPE.
    optimal : dict
        Decision node id -> boolean array ``(n_moves, *shape)``: moves within tolerance.
    choice : dict
        Decision node id -> int array of ``shape``: the first optimal move's index.
    reach : dict
        Outcome id -> probability array of reaching it under the first SPE.
    possible : dict
        Outcome id -> boolean array: reached with positive probability by some SPE.
    exact : numpy.ndarray
        Boolean array of ``shape``: False where tied moves give other players different
        payoffs, so ``possible`` may be incomplete there (solve those points one by one).
    ties : numpy.ndarray
        Boolean array of ``shape``: True where some reachable decision node has tied moves
        (more than one SPE).
    """

    method: str
    order: list[str]
    values: dict[str, np.ndarray]
    optimal: dict[str, np.ndarray]
    choice: dict[str, np.ndarray]
    reach: dict[str, np.ndarray]
    possible: dict[str, np.ndarray]
    exact: np.ndarray
    ties: np.ndarray


def _tolerance(game: GameTree, outcome_payoffs: Mapping[str, np.ndarray], tol: float) -> np.ndarray:
    """Per player and grid point: ``(n_players, *shape)``, the rule of :mod:`negotiation_sim.tolerance`."""
    by_player = [[np.asarray(outcome_payoffs[o])[k] for o in game.outcomes] for k in range(len(game.players))]
    return player_tolerances(by_player, tol, grid_shape=game.grid_shape)


def backward_induction_solve(tree: GameTree, *, tol: float = DEFAULT_TOL) -> ArrayInduction:
    """Run backward induction at every point of a parameter grid at once.

    Parameters
    ----------
    tree : GameTree
        With perfect information, over a grid (or at one point).
    tol : float, optional
        Relative tie tolerance (see :mod:`negotiation_sim.tolerance`).

    Returns
    -------
    ArrayInduction
        The first SPE's choices, values and outcome probabilities at every grid point,
        with the outcomes any SPE can reach.

    Raises
    ------
    SolverError
        If the tree has imperfect information.

    Examples
    --------
    The seller in the bundled chance-move scenario posts the low price (move 1) when a
    high-value buyer is unlikely and the high price (move 0) when the odds are even:

    >>> import numpy as np
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
    >>> grid = sc.evaluate({"p_high": np.array([0.2, 0.5])})
    >>> induction = backward_induction_solve(grid)
    >>> induction.choice["pricing"].tolist()
    [1, 0]
    >>> induction.reach["no_sale"].tolist()
    [0.0, 0.5]
    """
    check_perfect_information(tree, "backward induction")
    game = tree
    outcome_payoffs = tree.outcome_payoffs
    probabilities = tree.probabilities
    order = tree.order
    shape = tree.grid_shape
    atol = _tolerance(game, outcome_payoffs, tol)
    values: dict[str, np.ndarray] = dict(outcome_payoffs)
    optimal: dict[str, np.ndarray] = {}
    choice: dict[str, np.ndarray] = {}
    exact = np.ones(shape, dtype=bool)
    tie_at: dict[str, np.ndarray] = {}
    player_index = {p: k for k, p in enumerate(game.players)}
    for node_id in order:
        node = game.nodes[node_id]
        targets = list(node.moves.values())
        child_values = np.stack([values[t] for t in targets])  # (moves, players, *shape)
        if isinstance(node, Chance):
            probs = probabilities[node_id]
            values[node_id] = np.einsum("m...,mp...->p...", probs, child_values)
            continue
        mover = child_values[:, player_index[node.player]]
        best = mover.max(axis=0)
        is_optimal = mover >= best - atol[player_index[node.player]]
        index = np.argmax(is_optimal, axis=0)
        chosen = np.take_along_axis(child_values, index[None, None], axis=0)[0]
        # A tie matters upstream only if tied moves give someone else a different payoff.
        spread = np.where(is_optimal[:, None], np.abs(child_values - chosen[None]), 0.0).max(axis=0)
        exact &= np.all(spread <= atol, axis=0)
        values[node_id] = chosen
        optimal[node_id] = is_optimal
        choice[node_id] = index
        tie_at[node_id] = is_optimal.sum(axis=0) > 1
    reach, _ = _reach(game, order, choice, probabilities, shape)
    ties = np.zeros(shape, dtype=bool)
    for tied in tie_at.values():
        # Ties anywhere give several SPE (strategies differ even off the path).
        ties |= tied
    possible = _possible(game, order, optimal, probabilities, shape)
    return ArrayInduction(
        method="backward_induction",
        order=order,
        values=values,
        optimal=optimal,
        choice=choice,
        reach=reach,
        possible=possible,
        exact=exact,
        ties=ties,
    )


def _possible(
    game: GameTree,
    order: list[str],
    optimal: Mapping[str, np.ndarray],
    probabilities: Mapping[str, np.ndarray],
    shape: tuple[int, ...],
) -> dict[str, np.ndarray]:
    """Outcome id -> where some SPE reaches it: top-down along optimal moves and positive branches.

    One boolean array per live node (freed once its moves are followed), so memory stays
    linear in the size of the tree (a set of outcomes per node would be quadratic).
    """
    live: dict[str, np.ndarray] = {game.root: np.ones(shape, dtype=bool)}
    possible = {o: np.zeros(shape, dtype=bool) for o in game.outcomes}
    for node_id in reversed(order):  # top-down: every node before its successors
        here = live.pop(node_id, None)
        if here is None:
            continue
        node = game.nodes[node_id]
        allowed = probabilities[node_id] > 0 if isinstance(node, Chance) else optimal[node_id]
        for k, target in enumerate(node.moves.values()):
            bucket = possible if target in game.outcomes else live
            step = here & allowed[k]
            bucket[target] = bucket[target] | step if target in bucket else step
    return possible


def _reach(
    game: GameTree,
    order: list[str],
    choice: Mapping[str, np.ndarray],
    probabilities: Mapping[str, np.ndarray],
    shape: tuple[int, ...],
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    reach_nodes: dict[str, np.ndarray] = {game.root: np.ones(shape)}
    reach_out = {o: np.zeros(shape) for o in game.outcomes}
    for node_id in reversed(order):  # top-down
        here = reach_nodes.get(node_id)
        if here is None:
            continue
        node = game.nodes[node_id]
        for k, target in enumerate(node.moves.values()):
            if isinstance(node, Chance):
                share = here * probabilities[node_id][k]
            else:
                share = np.where(choice[node_id] == k, here, 0.0)
            bucket = reach_out if target in game.outcomes else reach_nodes
            bucket[target] = bucket.get(target, 0.0) + share
    return reach_out, reach_nodes
