"""Small numeric trees written inline (tests only)."""

from __future__ import annotations

from negotiation_sim.games import Chance, Decision, GameTree, Terminal, read_only


def tree(players, root, nodes, payoffs, probabilities=None) -> GameTree:
    """Build a tree from ``nodes`` (id -> (player or None for chance, {move: next}, info set))."""
    built: dict[str, Decision | Chance] = {}
    for node_id, (player, moves, *info) in nodes.items():
        if player is None:
            built[node_id] = Chance(id=node_id, moves=moves, probabilities=read_only(probabilities[node_id]))
        else:
            built[node_id] = Decision(id=node_id, player=player, moves=moves, information_set=info[0] if info else "")
    outcomes = {o: Terminal(id=o, payoffs=read_only(v)) for o, v in payoffs.items()}
    return GameTree(players=players, root=root, nodes=built, outcomes=outcomes)
