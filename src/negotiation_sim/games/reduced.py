"""The reduced normal form of a two-player game tree, built on :meth:`GameTree.play`.

A tree may share nodes (several moves leading to one node): it is then a directed
acyclic graph, solved as the tree it unfolds to.  A shared node is one decision:
a strategy names one move for it, wherever it is reached.  Plans are keyed by
information set (the node id for a singleton), as :meth:`GameTree.play` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import SolverError
from ..limits import current_limits
from .normal_form import NormalFormGame
from .tree import Decision, GameTree

__all__ = ["ReducedNormalForm", "reduced_normal_form"]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ReducedNormalForm:
    """The reduced normal form of a two-player tree.

    Attributes
    ----------
    players : tuple of str
        Row player, column player.
    plans : tuple of two tuples of dict
        Each player's reduced strategies: information-set id -> move, only at the
        player's information sets that the plan itself does not rule out.
    names : tuple of two tuples of str
        Readable names of the plans (``"move"`` or ``"node:move, node:move"``).
    row_payoffs, column_payoffs : numpy.ndarray
        Expected payoffs, shape ``(len(plans[0]), len(plans[1]))``.
    """

    players: tuple[str, str]
    plans: tuple[tuple[dict[str, str], ...], tuple[dict[str, str], ...]]
    names: tuple[tuple[str, ...], tuple[str, ...]]
    row_payoffs: np.ndarray
    column_payoffs: np.ndarray

    def game(self) -> NormalFormGame:
        """The reduced normal form as a :class:`NormalFormGame` (strategy names are the plan names).

        Returns
        -------
        NormalFormGame

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
        >>> reduced_normal_form(sc.evaluate()).game().strategies
        (('enter', 'stay_out'), ('fight', 'accommodate'))
        """
        return NormalFormGame.from_arrays(self.players, self.names, self.row_payoffs, self.column_payoffs)


def reduced_normal_form(tree: GameTree) -> ReducedNormalForm:
    """Build the reduced normal form of a two-player game tree at one parameter point.

    Parameters
    ----------
    tree : GameTree
        A tree at one parameter point with exactly two players (chance nodes allowed).

    Returns
    -------
    ReducedNormalForm
        The players' reduced strategies, their names and the expected payoffs.

    Raises
    ------
    SolverError
        If the game does not have two players or a player has more than
        :data:`MAX_PLANS` reduced strategies.

    References
    ----------
    Osborne & Rubinstein (1994), *A Course in Game Theory*, §6.1.2 (reduced strategies).

    Examples
    --------
    In entry deterrence the entrant (rows) chooses enter or stay out and the incumbent
    (columns) fight or accommodate; staying out makes the incumbent's plan irrelevant.

    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> rnf = reduced_normal_form(sc.evaluate())
    >>> rnf.names
    (('enter', 'stay_out'), ('fight', 'accommodate'))
    >>> rnf.row_payoffs.tolist(), rnf.column_payoffs.tolist()
    ([[-2.0, 4.0], [0.0, 0.0]], [[-2.0, 4.0], [10.0, 10.0]])
    """
    game = tree
    game._check_point("the reduced normal form")
    if len(game.players) != 2:
        raise SolverError(f"the reduced normal form needs a two-player game; this one has {len(game.players)} players")
    row_plans, column_plans = (_plans(game, player) for player in game.players)
    plans = (row_plans, column_plans)
    rows, cols = len(row_plans), len(column_plans)
    row_payoffs = np.empty((rows, cols))
    column_payoffs = np.empty((rows, cols))
    for i, row_plan in enumerate(plans[0]):
        for j, column_plan in enumerate(plans[1]):
            row_payoffs[i, j], column_payoffs[i, j] = game.play({**row_plan, **column_plan}).payoffs
    row_names, column_names = (
        tuple(_plan_name(game, player, plan) for plan in player_plans)
        for player, player_plans in zip(game.players, plans, strict=True)
    )
    return ReducedNormalForm(
        players=(game.players[0], game.players[1]),
        plans=plans,
        names=(row_names, column_names),
        row_payoffs=row_payoffs,
        column_payoffs=column_payoffs,
    )


def _plans(game: GameTree, player: str) -> tuple[dict[str, str], ...]:
    memo: dict[str, list[dict[str, str]]] = {}
    most = current_limits().max_plans
    for node_id in game.order:
        node = game.nodes[node_id]
        children = [memo.get(target, [{}]) for target in node.moves.values()]
        if isinstance(node, Decision) and node.player == player:
            result = [
                merged
                for move, options in zip(node.moves, children, strict=True)
                for plan in options
                if (merged := _merge({node.info_set: move}, plan)) is not None
            ]
        else:
            result = [{}]
            for options in children:
                result = [merged for left in result for right in options if (merged := _merge(left, right)) is not None]
                if len(result) > most:
                    break
        if len(result) > most:
            raise SolverError(
                f"player '{player}' has more than {most} reduced strategies; the reduced normal "
                "form is too large (raise NEGOTIATION_SIM_MAX_PLANS, or use --concept spe)"
            )
        memo[node_id] = result
    return tuple(memo[game.root])


def _merge(left: dict[str, str], right: dict[str, str]) -> dict[str, str] | None:
    for key, value in right.items():
        if left.get(key, value) != value:
            return None  # a shared node planned two ways: not one strategy
    return {**left, **right}


def _plan_name(game: GameTree, player: str, plan: dict[str, str]) -> str:
    own = list(dict.fromkeys(n.info_set for n in game.nodes.values() if isinstance(n, Decision) and n.player == player))
    if len(own) == 1:
        return plan.get(own[0], "-")
    return ", ".join(f"{node}:{move}" for node, move in plan.items()) or "-"
