"""Information sets of a scenario's tree, checked before any number is computed.

The checks are those of :mod:`negotiation_sim.games.information`, run on the tree's
shape (payoffs and probabilities do not matter to them); each problem names the node
where the loader places its message.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..games.base import read_only
from ..games.information import information_set_problems
from ..games.tree import Chance, Decision, GameTree, Terminal
from .elements import ChanceNode, DecisionNode, Outcome

__all__ = ["information_set_messages"]


def information_set_messages(
    players: tuple[str, ...],
    root: str,
    nodes: Mapping[str, DecisionNode | ChanceNode],
    outcomes: Mapping[str, Outcome],
) -> list[tuple[str, str]]:
    """``(node id, message)`` for every problem with the information sets of a scenario tree.

    Parameters
    ----------
    players : tuple of str
    root : str
    nodes, outcomes : mapping
        The parsed nodes and outcomes (every move's target among them).

    Returns
    -------
    list of (str, str)

    Examples
    --------
    >>> from negotiation_sim.scenario.elements import DecisionNode, Outcome
    >>> nodes = {
    ...     "a": DecisionNode(id="a", player="p", moves={"x": "b", "y": "end"}, information_set="h"),
    ...     "b": DecisionNode(id="b", player="p", moves={"x": "end", "y": "end"}, information_set="h"),
    ... }
    >>> information_set_messages(("p",), "a", nodes, {"end": Outcome(id="end", payoffs={})})[0][0]
    'b'
    """
    if not any(isinstance(n, DecisionNode) and n.information_set for n in nodes.values()):
        return []
    skeleton: dict[str, Decision | Chance] = {}
    for node_id, node in nodes.items():
        if isinstance(node, DecisionNode):
            skeleton[node_id] = Decision(
                id=node_id, player=node.player, moves=node.moves, information_set=node.information_set
            )
        else:
            count = len(node.branches)
            skeleton[node_id] = Chance(
                id=node_id,
                moves={b.name: b.next for b in node.branches},
                probabilities=read_only(np.full(count, 1 / max(count, 1))),
            )
    ends = {o: Terminal(id=o, payoffs=read_only(np.zeros(len(players)))) for o in outcomes}
    tree = GameTree(players=players, root=root, nodes=skeleton, outcomes=ends)
    return [(p.nodes[0], p.message) for p in information_set_problems(tree)]
