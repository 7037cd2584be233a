"""Every subgame-perfect equilibrium of a game tree at one parameter point.

At each decision node, taken bottom-up, every move whose payoff to the mover is within
tolerance of the best is kept; the equilibria are all consistent choices (a tie below a
node can change which moves are optimal above it, so choices are enumerated with their
continuation values, never combined blindly).  Where they are too many to list, they
are counted by value classes (:mod:`negotiation_sim.solvers.spe_count`).

References
----------
Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points in
extensive games. *International Journal of Game Theory* 4, 25-55.
Osborne, M. J. & Rubinstein, A. (1994). *A Course in Game Theory*, MIT Press, §6.2 (Kuhn's
theorem and backward induction; ties yield several SPE).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..errors import SolverError
from ..games import Chance, Decision, GameTree, Lottery
from ..limits import current_limits
from ..tolerance import DEFAULT_TOL, player_tolerances
from .result import SolverResult
from .spe_count import count_and_distributions
from .spe_result import SubgamePerfectEquilibrium

__all__ = ["SubgamePerfectEquilibrium", "check_perfect_information", "spe_solve"]


SpeResult = SolverResult[SubgamePerfectEquilibrium, None]
"""What :func:`spe_solve` returns."""


def check_perfect_information(tree: GameTree, method: str) -> None:
    """Raise unless every information set of ``tree`` is a single node.

    Parameters
    ----------
    tree : GameTree
    method : str
        Named in the message.

    Raises
    ------
    SolverError
        If some information set holds several nodes.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> check_perfect_information(sc.evaluate(), "backward induction")
    """
    for name, members in tree.information_sets().items():
        if len(members) > 1:
            raise SolverError(
                f"{method} needs perfect information; information set '{name}' holds the nodes {', '.join(members)}"
            )


def spe_solve(tree: GameTree, *, tol: float = DEFAULT_TOL, limit: int | None = None) -> SpeResult:
    """Enumerate every subgame-perfect equilibrium of a tree at one parameter point.

    With perfect information this is backward induction with every tie kept.  With
    information sets the tree is solved subgame by subgame
    (:mod:`negotiation_sim.solvers.spe_subgames`): a subgame with imperfect information is
    played at one of the extreme Nash equilibria of its reduced normal form.

    Parameters
    ----------
    tree : GameTree
        A tree at one parameter point.
    tol : float, optional
        Relative tie tolerance.
    limit : int, optional
        Most equilibria listed, by default the ``max_equilibria`` limit.

    Returns
    -------
    SolverResult
        ``method="spe"``; the equilibria in stable order (the first takes, at every node,
        the first optimal move in the scenario's order), their count and every distinct
        outcome lottery in ``outcomes``.

    Raises
    ------
    InformationSetError
        If the information sets are malformed or recall is imperfect.
    SolverError
        If a subgame with imperfect information has more than two players or too large a
        reduced normal form, the tree unfolds to more than the
        ``max_unfolded_nodes`` limit, or (when there are more than ``limit`` equilibria)
        counting them needs more than ``max_value_classes`` combinations at a chance node.
    ValueError
        If the tree is over a grid.

    Examples
    --------
    The bundled entry-deterrence game has one SPE: enter, and the incumbent accommodates.

    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> result = spe_solve(sc.evaluate())
    >>> result.count
    1
    >>> result.equilibria[0].path
    (('entry', 'enter'), ('response', 'accommodate'))
    >>> result.equilibria[0].payoffs
    {'entrant': 4.0, 'incumbent': 4.0}
    """
    tree._check_point("spe_solve")
    if any(len(members) > 1 for members in tree.information_sets().values()):
        from .spe_imperfect import imperfect_spe_solve

        return imperfect_spe_solve(tree, tol=tol, limit=limit)
    limits = current_limits()
    limit = limits.max_equilibria if limit is None else limit
    order = tree.order
    _check_size(tree, order)
    n_players = len(tree.players)
    payoff = {o: np.asarray(t.payoffs, dtype=float).reshape(n_players) for o, t in tree.outcomes.items()}
    probs = {n: np.asarray(v, dtype=float).reshape(-1) for n, v in tree.probabilities.items()}
    atol = player_tolerances([[v[k] for v in payoff.values()] for k in range(n_players)], tol)
    player_index = {p: k for k, p in enumerate(tree.players)}
    value: dict[str, np.ndarray] = dict(payoff)
    choices: dict[str, str] = {}
    found: list[SubgamePerfectEquilibrium] = []
    count = 0
    counted_all = True
    shared = _has_shared_nodes(tree, order)
    reachable = set(order)
    own_nodes = {
        p: [n for n, node in tree.nodes.items() if n in reachable and isinstance(node, Decision) and node.player == p]
        for p in tree.players
    }  # scenario order, computed once rather than once per equilibrium
    # Iterative depth-first search over consistent choices, node by node bottom-up.
    frames: list[tuple[int, list[str] | None]] = [(0, None)]
    while frames:
        position, pending = frames.pop()
        if position == len(order):
            count += 1
            if len(found) < limit:
                found.append(_equilibrium(tree, own_nodes, choices))
            elif not shared:
                break  # a tree: the value-class count below is exact, no need to enumerate on
            elif count >= limits.max_spe_count:
                counted_all = False
                break
            continue
        node_id = order[position]
        node = tree.nodes[node_id]
        if isinstance(node, Chance):
            value[node_id] = sum(
                (p * value[t] for p, t in zip(probs[node_id], node.moves.values(), strict=True)),
                np.zeros(n_players),
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
    distributions: list[Lottery] = []
    if truncated:
        # With shared nodes the value-class count would count a shared node's choices once per
        # path; there the enumeration above counted (consistent choices) instead.
        tree_count, distributions = count_and_distributions(tree, order, payoff, probs, atol)
        if not shared:
            count = tree_count
    else:
        for eq in found:
            if eq.outcomes not in distributions:
                distributions.append(eq.outcomes)
    return SolverResult(
        method="spe",
        equilibria=tuple(found),
        count=count,
        truncated=truncated,
        count_is_exact=counted_all,
        outcomes=tuple(distributions),
        details=None,
    )


def _has_shared_nodes(tree: GameTree, order: list[str]) -> bool:
    """Whether some reachable decision or chance node can be reached by two moves."""
    parents: dict[str, int] = {}
    for node_id in order:
        for target in tree.nodes[node_id].moves.values():
            if target in tree.nodes:
                parents[target] = parents.get(target, 0) + 1
                if parents[target] > 1:
                    return True
    return False


def _check_size(tree: GameTree, order: list[str]) -> None:
    size: dict[str, int] = dict.fromkeys(tree.outcomes, 1)
    most = current_limits().max_unfolded_nodes
    for node_id in order:
        size[node_id] = 1 + sum(size[t] for t in tree.nodes[node_id].moves.values())
        if size[node_id] > most:
            raise SolverError(
                f"the game tree unfolds to more than {most} nodes "
                "(shared nodes counted once per "
                "path); raise the limit with NEGOTIATION_SIM_MAX_UNFOLDED_NODES"
            )


def _equilibrium(
    tree: GameTree, own_nodes: Mapping[str, list[str]], choices: Mapping[str, str]
) -> SubgamePerfectEquilibrium:
    # Perfect information (checked): every information set is one node, keyed by its id.
    strategies = {p: {n: choices[n] for n in nodes} for p, nodes in own_nodes.items()}
    played = tree.play(choices)
    return SubgamePerfectEquilibrium(
        strategies=strategies,
        path=played.path,
        outcomes=played.outcomes,
        payoffs=dict(zip(tree.players, played.payoffs, strict=True)),
    )
