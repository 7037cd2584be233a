"""Helpers over a game tree: evaluation order, unfolded size, and the reduced normal form.

A tree may share nodes (several moves leading to one node): it is then a directed
acyclic graph, solved as the tree it unfolds to.  A shared node is one decision:
a strategy names one move for it, wherever it is reached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..errors import SolverError
from ..limits import current_limits
from ..scenario.schema import ChanceNode, DecisionNode, ExtensiveGame

__all__ = [
    "ReducedNormalForm",
    "bottom_up_order",
    "reduced_normal_form",
]


def bottom_up_order(game: ExtensiveGame) -> list[str]:
    """Return the nodes reachable from the root, every node after all its successors.

    Parameters
    ----------
    game : ExtensiveGame
        The tree (or directed acyclic graph) to order.

    Returns
    -------
    list of str
        Decision and chance node ids (no outcomes); the root comes last.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> bottom_up_order(sc.game)
    ['response', 'entry']
    """
    order: list[str] = []
    seen: set[str] = set()
    stack: list[tuple[str, bool]] = [(game.root, False)]
    while stack:
        node_id, expanded = stack.pop()
        if expanded:
            order.append(node_id)
            continue
        if node_id in seen or node_id not in game.nodes:
            continue
        seen.add(node_id)
        stack.append((node_id, True))
        for target in reversed(list(game.nodes[node_id].moves.values())):
            if target not in seen:
                stack.append((target, False))
    return order


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ReducedNormalForm:
    """The reduced normal form of a two-player tree.

    Attributes
    ----------
    players : tuple of str
        Row player, column player.
    plans : tuple of two tuples of dict
        Each player's reduced strategies: node id -> move, only at the player's nodes
        that the plan itself does not rule out.
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


def reduced_normal_form(
    game: ExtensiveGame,
    outcome_payoffs: dict[str, np.ndarray],
    probabilities: dict[str, np.ndarray],
) -> ReducedNormalForm:
    """Build the reduced normal form of a two-player game tree at one parameter point.

    Parameters
    ----------
    game : ExtensiveGame
        A tree with exactly two players (chance nodes allowed).
    outcome_payoffs : dict
        Outcome id -> payoff vector in player order (0-d grid).
    probabilities : dict
        Chance node id -> branch probabilities.

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
    >>> point = sc.evaluate()
    >>> rnf = reduced_normal_form(sc.game, point.outcome_payoffs, point.probabilities)
    >>> rnf.names
    (('enter', 'stay_out'), ('fight', 'accommodate'))
    >>> rnf.row_payoffs.tolist(), rnf.column_payoffs.tolist()
    ([[-2.0, 4.0], [0.0, 0.0]], [[-2.0, 4.0], [10.0, 10.0]])
    """
    if len(game.players) != 2:
        raise SolverError(f"the reduced normal form needs a two-player game; this one has {len(game.players)} players")
    row_plans, column_plans = (_plans(game, player) for player in game.players)
    plans = (row_plans, column_plans)
    rows, cols = len(row_plans), len(column_plans)
    row_payoffs = np.empty((rows, cols))
    column_payoffs = np.empty((rows, cols))
    for i, row_plan in enumerate(plans[0]):
        for j, column_plan in enumerate(plans[1]):
            value = _play(game, {**row_plan, **column_plan}, outcome_payoffs, probabilities)
            row_payoffs[i, j], column_payoffs[i, j] = value[0], value[1]
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


def _plans(game: ExtensiveGame, player: str) -> tuple[dict[str, str], ...]:
    memo: dict[str, list[dict[str, str]]] = {}
    most = current_limits().max_plans
    for node_id in bottom_up_order(game):
        node = game.nodes[node_id]
        children = [memo.get(target, [{}]) for target in node.moves.values()]
        if isinstance(node, DecisionNode) and node.player == player:
            result = [
                {node_id: move, **plan} for move, options in zip(node.moves, children, strict=True) for plan in options
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


def _play(
    game: ExtensiveGame,
    plan: dict[str, str],
    outcome_payoffs: Mapping[str, np.ndarray],
    probabilities: Mapping[str, np.ndarray],
) -> np.ndarray:
    # Post-order walk along the plan (and every chance branch of positive probability),
    # iterative so that a deep tree cannot exhaust the recursion limit.
    memo: dict[str, np.ndarray] = {}
    stack = [game.root]
    while stack:
        node_id = stack[-1]
        if node_id in memo:
            stack.pop()
            continue
        if node_id in game.outcomes:
            memo[node_id] = np.asarray(outcome_payoffs[node_id], dtype=float)
            stack.pop()
            continue
        node = game.nodes[node_id]
        if isinstance(node, ChanceNode):
            probs = np.asarray(probabilities[node_id], dtype=float)
            branches = [(p, b.next) for p, b in zip(probs, node.branches, strict=True) if p > 0]
        else:
            branches = [(1.0, node.moves[plan[node_id]])]
        missing = [target for _, target in branches if target not in memo]
        if missing:
            stack.extend(missing)
            continue
        stack.pop()
        if isinstance(node, ChanceNode):
            memo[node_id] = sum((p * memo[target] for p, target in branches), np.zeros(len(game.players)))
        else:
            memo[node_id] = memo[branches[0][1]]
    return memo[game.root]


def _plan_name(game: ExtensiveGame, player: str, plan: dict[str, str]) -> str:
    own = [n for n, node in game.nodes.items() if isinstance(node, DecisionNode) and node.player == player]
    if len(own) == 1:
        return plan.get(own[0], "-")
    return ", ".join(f"{node}:{move}" for node, move in plan.items()) or "-"
