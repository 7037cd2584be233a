"""Values and reach probabilities of a pure profile in a tree (chance in expectation)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..games.tree import Chance, Decision, GameTree

__all__ = ["continuation", "gains", "reach_probabilities"]


def gains(tree: GameTree, nodes: tuple[str, ...], profile: Mapping[str, str], player: str) -> np.ndarray:
    """What the profile's move gains over each other move, at each node of a set.

    Parameters
    ----------
    tree : GameTree
    nodes : tuple of str
        The set's nodes.
    profile : mapping
        Information-set id -> move, for the set and every set below it.
    player : str
        Whose payoffs count.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_moves - 1, n_nodes)``.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> gains(sc.evaluate(), ("response",), {"response": "fight"}, "incumbent").tolist()
    [[-6.0]]
    """
    index = tree.players.index(player)
    first = tree.nodes[nodes[0]]
    assert isinstance(first, Decision)
    chosen = profile[first.info_set]
    memo: dict[str, np.ndarray] = {}
    rows = []
    for move in first.moves:
        if move == chosen:
            continue
        rows.append(
            [
                continuation(tree, tree.nodes[n].moves[chosen], profile, memo)[index]
                - continuation(tree, tree.nodes[n].moves[move], profile, memo)[index]
                for n in nodes
            ]
        )
    return np.array(rows, dtype=float).reshape(len(rows), len(nodes))


def continuation(tree: GameTree, node_id: str, profile: Mapping[str, str], memo: dict[str, np.ndarray]) -> np.ndarray:
    """Expected payoffs from ``node_id`` on when the profile is played (chance in expectation).

    Parameters
    ----------
    tree : GameTree
    node_id : str
        A node or outcome id.
    profile : mapping
        Information-set id -> move, for every set below ``node_id``.
    memo : dict
        Values already computed for this profile (filled in).

    Returns
    -------
    numpy.ndarray
        One payoff per player.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> continuation(sc.evaluate(), "entry", {"entry": "enter", "response": "fight"}, {}).tolist()
    [-2.0, -2.0]
    """
    if node_id in memo:
        return memo[node_id]
    stack = [node_id]
    while stack:
        current = stack[-1]
        if current in memo:
            stack.pop()
            continue
        if current in tree.outcomes:
            memo[current] = np.asarray(tree.outcomes[current].payoffs, dtype=float)
            stack.pop()
            continue
        node = tree.nodes[current]
        if isinstance(node, Chance):
            targets = [t for p, t in zip(node.probabilities, node.moves.values(), strict=True) if p > 0]
        else:
            targets = [node.moves[profile[node.info_set]]]
        missing = [t for t in targets if t not in memo]
        if missing:
            stack.extend(missing)
            continue
        stack.pop()
        if isinstance(node, Chance):
            memo[current] = sum(
                (float(p) * memo[t] for p, t in zip(node.probabilities, node.moves.values(), strict=True) if p > 0),
                np.zeros(len(tree.players)),
            )
        else:
            memo[current] = memo[targets[0]]
    return memo[node_id]


def reach_probabilities(tree: GameTree, start: str, profile: Mapping[str, str]) -> dict[str, float]:
    """Probability of reaching each node and outcome from ``start`` when the profile is played.

    Parameters
    ----------
    tree : GameTree
    start : str
    profile : mapping
        Information-set id -> move.

    Returns
    -------
    dict of str to float
        Only ids reached with positive probability.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
    >>> game = sc.evaluate()
    >>> plan = {s: next(iter(game.nodes[m[0]].moves)) for s, m in game.information_sets().items()}
    >>> reach_probabilities(game, game.root, plan)["nature_after_high"]
    1.0
    """
    reached = {start: 1.0}
    for node_id in reversed(tree.order):  # top-down
        p = reached.get(node_id, 0.0)
        if p <= 0 or node_id not in tree.nodes:
            continue
        node = tree.nodes[node_id]
        if isinstance(node, Chance):
            for q, target in zip(node.probabilities, node.moves.values(), strict=True):
                if q > 0:
                    reached[target] = reached.get(target, 0.0) + p * float(q)
        else:
            target = node.moves[profile[node.info_set]]
            reached[target] = reached.get(target, 0.0) + p
    return reached
