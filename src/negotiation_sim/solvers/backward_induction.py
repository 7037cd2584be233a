"""Subgame-perfect equilibria of game trees by backward induction.

Two entry points share one definition of "optimal within tolerance":

* :func:`backward_induction_arrays` runs over a whole parameter grid at once: per
  decision node, the mover's payoff of every move is compared as numpy arrays and
  every move within tolerance of the best is kept.  It returns, for every grid point,
  the *first* SPE in the stable order (at each node the first optimal move in the
  order the scenario lists them), the set of outcomes any SPE can reach, and where
  that set is exact.
* :func:`spe_solve` enumerates **all** subgame-perfect equilibria at one point.

References
----------
Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points in
extensive games. *International Journal of Game Theory* 4, 25-55.
Osborne, M. J. & Rubinstein, A. (1994). *A Course in Game Theory*, MIT Press, §6.2 (Kuhn's
theorem and backward induction; ties yield several SPE).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..errors import SolverError
from ..games.extensive_form import bottom_up_order
from ..limits import current_limits
from ..scenario.schema import ChanceNode, DecisionNode, ExtensiveGame
from ..tolerance import DEFAULT_TOL, player_tolerances
from .spe_count import count_and_distributions

__all__ = [
    "ArrayInduction",
    "SpeResult",
    "SubgamePerfectEquilibrium",
    "backward_induction_arrays",
    "spe_solve",
]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ArrayInduction:
    """Backward induction over a grid (see :func:`backward_induction_arrays`).

    Attributes
    ----------
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

    order: list[str]
    values: dict[str, np.ndarray]
    optimal: dict[str, np.ndarray]
    choice: dict[str, np.ndarray]
    reach: dict[str, np.ndarray]
    possible: dict[str, np.ndarray]
    exact: np.ndarray
    ties: np.ndarray


def _tolerance(game: ExtensiveGame, outcome_payoffs: Mapping[str, np.ndarray], tol: float) -> np.ndarray:
    """Per player and grid point: ``(n_players, *shape)``, the rule of :mod:`negotiation_sim.tolerance`."""
    first = np.asarray(next(iter(outcome_payoffs.values())))
    shape = first.shape[1:]
    by_player = [[np.asarray(outcome_payoffs[o])[k] for o in game.outcomes] for k in range(len(game.players))]
    return player_tolerances(by_player, tol, grid_shape=shape)


def backward_induction_arrays(
    game: ExtensiveGame,
    outcome_payoffs: Mapping[str, np.ndarray],
    probabilities: Mapping[str, np.ndarray],
    *,
    tol: float = DEFAULT_TOL,
) -> ArrayInduction:
    """Run backward induction at every point of a parameter grid at once.

    Parameters
    ----------
    game : ExtensiveGame
    outcome_payoffs : dict
        Outcome id -> array ``(n_players, *shape)`` (from :meth:`Scenario.evaluate`).
    probabilities : dict
        Chance node id -> array ``(n_branches, *shape)``.
    tol : float, optional
        Relative tie tolerance (see :mod:`negotiation_sim.tolerance`).

    Returns
    -------
    ArrayInduction
        The first SPE's choices, values and outcome probabilities at every grid point,
        with the outcomes any SPE can reach.

    Examples
    --------
    The seller in the bundled chance-move scenario posts the low price (move 1) when a
    high-value buyer is unlikely and the high price (move 0) when the odds are even:

    >>> import numpy as np
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
    >>> grid = sc.evaluate({"p_high": np.array([0.2, 0.5])})
    >>> induction = backward_induction_arrays(sc.game, grid.outcome_payoffs, grid.probabilities)
    >>> induction.choice["pricing"].tolist()
    [1, 0]
    >>> induction.reach["no_sale"].tolist()
    [0.0, 0.5]
    """
    order = bottom_up_order(game)
    first = next(iter(outcome_payoffs.values()))
    shape = first.shape[1:]
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
        if isinstance(node, ChanceNode):
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
    game: ExtensiveGame,
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
        allowed = probabilities[node_id] > 0 if isinstance(node, ChanceNode) else optimal[node_id]
        for k, target in enumerate(node.moves.values()):
            bucket = possible if target in game.outcomes else live
            step = here & allowed[k]
            bucket[target] = bucket[target] | step if target in bucket else step
    return possible


def _reach(
    game: ExtensiveGame,
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
            if isinstance(node, ChanceNode):
                share = here * probabilities[node_id][k]
            else:
                share = np.where(choice[node_id] == k, here, 0.0)
            bucket = reach_out if target in game.outcomes else reach_nodes
            bucket[target] = bucket.get(target, 0.0) + share
    return reach_out, reach_nodes


@dataclass(frozen=True, slots=True, kw_only=True)
class SubgamePerfectEquilibrium:
    """One subgame-perfect equilibrium at a parameter point.

    Attributes
    ----------
    strategies : dict
        Player id -> node id -> chosen move, at every reachable decision node.
    path : tuple of str
        ``"node=move"`` along the equilibrium play (chance moves included).
    outcomes : dict
        Outcome id -> probability of ending there.
    payoffs : dict
        Player id -> expected payoff.
    """

    strategies: dict[str, dict[str, str]]
    path: tuple[str, ...]
    outcomes: dict[str, float]
    payoffs: dict[str, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeResult:
    """All subgame-perfect equilibria of a tree at one point.

    Attributes
    ----------
    equilibria : list of SubgamePerfectEquilibrium
        In stable order (the first takes, at every node, the first optimal move in the
        scenario's order).
    count : int
        How many SPE exist (equal to ``len(equilibria)`` unless ``truncated``); a lower
        bound when ``count_is_exact`` is False (counting stops at :data:`MAX_COUNT`).
    truncated : bool
        True when ``count`` exceeded :data:`MAX_EQUILIBRIA` and only the first ones are listed.
    outcome_distributions : list of dict
        The distinct outcome distributions over all SPE.
    """

    equilibria: list[SubgamePerfectEquilibrium]
    count: int
    truncated: bool = False
    count_is_exact: bool = True
    outcome_distributions: list[dict[str, float]] = field(default_factory=list)


def spe_solve(
    game: ExtensiveGame,
    outcome_payoffs: Mapping[str, np.ndarray],
    probabilities: Mapping[str, np.ndarray],
    *,
    tol: float = DEFAULT_TOL,
    limit: int | None = None,
) -> SpeResult:
    """Enumerate every subgame-perfect equilibrium of a tree at one parameter point.

    At each decision node, taken bottom-up, every move whose payoff to the mover is
    within tolerance of the best is kept; the equilibria are all consistent choices
    (a tie below a node can change which moves are optimal above it, so choices are
    enumerated with their continuation values, never combined blindly).

    Parameters
    ----------
    game : ExtensiveGame
    outcome_payoffs : dict
        Outcome id -> payoff vector in player order (0-d grid).
    probabilities : dict
        Chance node id -> branch probabilities.
    tol : float, optional
        Relative tie tolerance.
    limit : int, optional
        Most equilibria listed, by default :data:`MAX_EQUILIBRIA`.

    Returns
    -------
    SpeResult
        The equilibria in stable order, how many there are and their outcome distributions.

    Raises
    ------
    SolverError
        If the unfolded tree is larger than :data:`MAX_UNFOLDED_NODES`, or (when there are
        more than ``limit`` equilibria) counting them needs more than
        :data:`MAX_VALUE_CLASSES` combinations at a chance node.

    Examples
    --------
    The bundled entry-deterrence game has one SPE: enter, and the incumbent accommodates.

    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> point = sc.evaluate()
    >>> result = spe_solve(sc.game, point.outcome_payoffs, point.probabilities)
    >>> result.count
    1
    >>> result.equilibria[0].path
    ('entry=enter', 'response=accommodate')
    >>> result.equilibria[0].payoffs
    {'entrant': 4.0, 'incumbent': 4.0}
    """
    limits = current_limits()
    limit = limits.max_equilibria if limit is None else limit
    order = bottom_up_order(game)
    _check_size(game, order)
    payoff = {o: np.asarray(v, dtype=float).reshape(len(game.players)) for o, v in outcome_payoffs.items()}
    probs = {n: np.asarray(v, dtype=float).reshape(-1) for n, v in probabilities.items()}
    atol = player_tolerances([[v[k] for v in payoff.values()] for k in range(len(game.players))], tol)
    player_index = {p: k for k, p in enumerate(game.players)}
    value: dict[str, np.ndarray] = dict(payoff)
    choices: dict[str, str] = {}
    found: list[SubgamePerfectEquilibrium] = []
    count = 0
    counted_all = True
    shared = _has_shared_nodes(game, order)
    reachable = set(order)
    own_nodes = {
        p: [
            n
            for n, node in game.nodes.items()
            if n in reachable and isinstance(node, DecisionNode) and node.player == p
        ]
        for p in game.players
    }  # scenario order, computed once rather than once per equilibrium
    # Iterative depth-first search over consistent choices, node by node bottom-up.
    frames: list[tuple[int, list[str] | None]] = [(0, None)]
    while frames:
        position, pending = frames.pop()
        if position == len(order):
            count += 1
            if len(found) < limit:
                found.append(_equilibrium(game, own_nodes, choices, value, probs))
            elif not shared:
                break  # a tree: the value-class count below is exact, no need to enumerate on
            elif count >= limits.max_spe_count:
                counted_all = False
                break
            continue
        node_id = order[position]
        node = game.nodes[node_id]
        if isinstance(node, ChanceNode):
            value[node_id] = sum(
                (p * value[b.next] for p, b in zip(probs[node_id], node.branches, strict=True)),
                np.zeros(len(game.players)),
            )
            frames.append((position + 1, None))
            continue
        if pending is None:
            mover = player_index[node.player]
            scores = {m: value[t][mover] for m, t in node.moves.items()}
            best = max(scores.values())
            pending = [m for m in node.moves if scores[m] >= best - atol[mover]]
            pending.reverse()
        move = pending.pop()
        if pending:
            frames.append((position, pending))
        choices[node_id] = move
        value[node_id] = value[node.moves[move]]
        frames.append((position + 1, None))
    truncated = count > limit
    distributions: list[dict[str, float]] = []
    if truncated:
        # With shared nodes the value-class count would count a shared node's choices once per
        # path; there the enumeration above counted (consistent choices) instead.
        tree_count, distributions = count_and_distributions(game, order, payoff, probs, atol)
        if not shared:
            count = tree_count
    else:
        for eq in found:
            if eq.outcomes not in distributions:
                distributions.append(eq.outcomes)
    return SpeResult(
        equilibria=found,
        count=count,
        truncated=truncated,
        count_is_exact=counted_all,
        outcome_distributions=distributions,
    )


def _has_shared_nodes(game: ExtensiveGame, order: list[str]) -> bool:
    """Whether some reachable decision or chance node can be reached by two moves."""
    parents: dict[str, int] = {}
    for node_id in order:
        for target in game.nodes[node_id].moves.values():
            if target in game.nodes:
                parents[target] = parents.get(target, 0) + 1
                if parents[target] > 1:
                    return True
    return False


def _check_size(game: ExtensiveGame, order: list[str]) -> None:
    size: dict[str, int] = dict.fromkeys(game.outcomes, 1)
    most = current_limits().max_unfolded_nodes
    for node_id in order:
        size[node_id] = 1 + sum(size[t] for t in game.nodes[node_id].moves.values())
        if size[node_id] > most:
            raise SolverError(
                f"the game tree unfolds to more than {most} nodes "
                "(shared nodes counted once per "
                "path); raise the limit with NEGOTIATION_SIM_MAX_UNFOLDED_NODES"
            )


def _equilibrium(
    game: ExtensiveGame,
    own_nodes: Mapping[str, list[str]],
    choices: Mapping[str, str],
    value: Mapping[str, np.ndarray],
    probs: Mapping[str, np.ndarray],
) -> SubgamePerfectEquilibrium:
    strategies = {p: {n: choices[n] for n in nodes} for p, nodes in own_nodes.items()}
    path: list[str] = []
    outcomes: dict[str, float] = {}
    stack = [(game.root, 1.0)]
    while stack:
        node_id, probability = stack.pop()
        if node_id in game.outcomes:
            outcomes[node_id] = outcomes.get(node_id, 0.0) + probability
            continue
        node = game.nodes[node_id]
        if isinstance(node, DecisionNode):
            move = choices[node_id]
            path.append(f"{node_id}={move}")
            stack.append((node.moves[move], probability))
        else:
            for p, branch in reversed(list(zip(probs[node_id], node.branches, strict=True))):
                if p > 0:
                    stack.append((branch.next, probability * float(p)))
            path.extend(f"{node_id}={b.name}" for p, b in zip(probs[node_id], node.branches, strict=True) if p > 0)
    ordered = {o: outcomes[o] for o in game.outcomes if o in outcomes}
    root_value = value[game.root]
    return SubgamePerfectEquilibrium(
        strategies=strategies,
        path=tuple(path),
        outcomes=ordered,
        payoffs={p: float(root_value[k]) for k, p in enumerate(game.players)},
    )
