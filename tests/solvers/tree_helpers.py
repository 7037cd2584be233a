"""Build a numeric GameTree from a schema ExtensiveGame and payoff/probability dicts (tests only).

The oracles in the solver tests walk the schema game by themselves; the solvers take the
numeric tree, built here without going through a scenario file.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from negotiation_sim.games import Chance, Decision, GameTree, Terminal, read_only
from negotiation_sim.scenario.schema import ChanceNode, ExtensiveGame


def as_tree(
    game: ExtensiveGame, payoffs: Mapping[str, np.ndarray], probabilities: Mapping[str, np.ndarray]
) -> GameTree:
    nodes: dict[str, Decision | Chance] = {}
    for node_id, node in game.nodes.items():
        if isinstance(node, ChanceNode):
            nodes[node_id] = Chance(id=node_id, moves=node.moves, probabilities=read_only(probabilities[node_id]))
        else:
            nodes[node_id] = Decision(id=node_id, player=node.player, moves=node.moves, label=node.label)
    first = np.asarray(next(iter(payoffs.values())))
    return GameTree(
        players=game.players,
        root=game.root,
        nodes=nodes,
        outcomes={
            o: Terminal(id=o, payoffs=read_only(payoffs[o]), label=game.outcomes[o].label) for o in game.outcomes
        },
        grid_shape=first.shape[1:],
    )
