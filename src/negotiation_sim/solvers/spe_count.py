"""Counting subgame-perfect equilibria and their outcome distributions without enumerating them.

Used by :func:`negotiation_sim.solvers.spe.spe_solve` when there are more
equilibria than it lists.  Memory grows linearly with the tree: distributions are sparse and
shared, and a node's value classes are dropped once every parent has used them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

import numpy as np

from ..errors import SolverError
from ..games import Chance, GameTree, Lottery
from ..limits import current_limits

__all__ = ["count_and_distributions"]

_T = TypeVar("_T")

_Distribution = tuple[tuple[int, float], ...]
"""Sparse outcome distribution: ``(outcome index, probability)`` pairs, index ascending, no zeros."""

_ValueClass = tuple[np.ndarray, int, set[_Distribution]]
"""Payoff vector, number of SPE giving it, and their outcome distributions (see :func:`count_and_distributions`)."""


def count_and_distributions(
    game: GameTree,
    order: list[str],
    payoff: Mapping[str, np.ndarray],
    probs: Mapping[str, np.ndarray],
    atol: np.ndarray,
) -> tuple[int, list[Lottery]]:
    """Count SPE and collect distinct outcome distributions by value classes (no enumeration).

    Each node holds its "value classes": the distinct payoff vectors its subgame's SPE give,
    each with how many SPE give it and their outcome distributions.  At a decision node a
    child's class ``c`` is chosen in ``count(c) * prod over the other children of (the SPE
    whose value to the mover is at most c's)`` equilibria, so no cross product is needed;
    chance nodes combine their children's classes (a cross product, bounded by
    :data:`MAX_VALUE_CLASSES`).  Counts follow the tree the game unfolds to.

    Distributions are sparse (only outcomes with positive probability) and shared between
    a node and the decision nodes above it, and a node's classes are dropped once every
    parent has used them, so memory grows linearly with the tree, not with its square.

    Parameters
    ----------
    game : GameTree
        At one parameter point.
    order : list of str
        The reachable nodes bottom-up (:attr:`GameTree.order`).
    payoff : dict
        Outcome id -> payoff vector in player order.
    probs : dict
        Chance node id -> branch probabilities.
    atol : numpy.ndarray
        Absolute tie tolerance of each player (:func:`~negotiation_sim.tolerance.player_tolerances`).

    Returns
    -------
    tuple of (int, list of Lottery)
        The number of SPE of the unfolded tree and the distinct outcome lotteries.

    Raises
    ------
    SolverError
        If a chance node needs more than ``max_value_classes`` combinations of tied values.

    Examples
    --------
    The ultimatum game's responder is indifferent at an offer of 0: two SPE, two outcomes.

    >>> import negotiation_sim as ns
    >>> from negotiation_sim.tolerance import player_tolerances
    >>> tree = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml").evaluate()
    >>> payoff = {o: v.reshape(-1) for o, v in tree.outcome_payoffs.items()}
    >>> atol = player_tolerances([[v[k] for v in payoff.values()] for k in range(2)])
    >>> count, lotteries = count_and_distributions(tree, tree.order, payoff, {}, atol)
    >>> count, lotteries
    (2, [(('split_1', 1.0),), (('split_0', 1.0),)])
    """
    index = {o: k for k, o in enumerate(game.outcomes)}
    classes: dict[str, list[_ValueClass]] = {o: [(v, 1, {((index[o], 1.0),)})] for o, v in payoff.items()}
    uses: dict[str, int] = {}
    for node_id in order:
        for target in game.nodes[node_id].moves.values():
            uses[target] = uses.get(target, 0) + 1
    player_index = {p: k for k, p in enumerate(game.players)}
    for node_id in order:
        node = game.nodes[node_id]
        options = [classes[t] for t in node.moves.values()]
        for target in node.moves.values():
            uses[target] -= 1
            if uses[target] == 0:
                del classes[target]
        merged: list[_ValueClass] = []
        if isinstance(node, Chance):
            combos: list[tuple[list[_ValueClass], int]] = [([], 1)]
            for child in options:
                combos = [([*vals, c], n * c[1]) for vals, n in combos for c in child]
                if len(combos) > current_limits().max_value_classes:
                    raise SolverError(
                        f"counting the subgame-perfect equilibria at chance node '{node_id}' needs more than "
                        f"{current_limits().max_value_classes} combinations of tied values (raise the limit with "
                        "NEGOTIATION_SIM_MAX_VALUE_CLASSES)"
                    )
            for vals, n in combos:
                v = sum((p * c[0] for p, c in zip(probs[node_id], vals, strict=True)), np.zeros(len(game.players)))
                dists = {_mix(probs[node_id], pick) for pick in _product([c[2] for c in vals])}
                _add(merged, v, n, dists, atol)
        else:
            _decision_classes(options, player_index[node.player], atol, merged)
        classes[node_id] = merged
    total = sum(c[1] for c in classes[game.root])
    names = list(index)
    dists = {d for c in classes[game.root] for d in c[2]}
    # (-index, p) pairs sort sparse distributions as their dense probability vectors would sort.
    ordered = sorted(dists, key=lambda d: tuple((-k, p) for k, p in d))
    return total, [tuple((names[k], p) for k, p in d) for d in ordered]


def _mix(weights: np.ndarray, picks: list[_Distribution]) -> _Distribution:
    """The chance lottery over the picked distributions, sparse (zero probabilities dropped)."""
    mixed: dict[int, float] = {}
    for weight, dist in zip(weights.tolist(), picks, strict=True):
        for k, p in dist:
            mixed[k] = mixed.get(k, 0.0) + weight * p
    return tuple(sorted((k, p) for k, p in mixed.items() if p > 0))


def _decision_classes(
    options: list[list[_ValueClass]], mover: int, atol: np.ndarray, merged: list[_ValueClass]
) -> None:
    """Value classes at a decision node in O(n log n) over the children's classes.

    A child's class with mover value ``t`` is chosen in ``count * prod over other children k
    of f_k(t)`` SPE, where ``f_k(t)`` counts child k's SPE worth at most ``t + atol[mover]`` to
    the mover (``atol`` holds every player's tolerance).  Sweeping ``t`` upwards keeps that
    product up to date one class at a time.
    """
    candidates = sorted(
        ((value[mover], m, value, count, dists) for m, child in enumerate(options) for value, count, dists in child),
        key=lambda item: item[0],
    )
    events = sorted(
        ((value[mover] - atol[mover], k, count) for k, child in enumerate(options) for value, count, _ in child),
        key=lambda item: item[0],
    )
    reached = [0] * len(options)
    empty = len(options)
    product = 1  # of the non-zero reached counts (exact integers)
    next_event = 0
    for level, m, value, count, dists in candidates:
        while next_event < len(events) and events[next_event][0] <= level:
            _, k, n = events[next_event]
            if reached[k] == 0:
                empty -= 1
            else:
                product //= reached[k]
            reached[k] += n
            product *= reached[k]
            next_event += 1
        others = product // reached[m] if empty == 0 else 0
        if others:
            _add(merged, value, count * others, dists, atol)


def _product(sets: Iterable[Iterable[_T]]) -> list[list[_T]]:
    result: list[list[_T]] = [[]]
    for options in sets:
        result = [r + [o] for r in result for o in options]
    return result


def _add(
    merged: list[_ValueClass], value: np.ndarray, count: int, dists: Iterable[_Distribution], atol: np.ndarray
) -> None:
    for k, (v, n, d) in enumerate(merged):
        if np.all(np.abs(v - value) <= atol):
            merged[k] = (v, n + count, d | set(dists))
            return
    merged.append((value, count, set(dists)))
