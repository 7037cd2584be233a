"""Subgame-perfect equilibria of a tree with information sets, subgame by subgame.

A *subgame* starts at a node that is alone in its information set and whose subtree cuts
no information set (:func:`~negotiation_sim.games.information.subgame_roots`).  The
subgames are solved bottom-up.  The *local game* of a subgame root is the part of its
subtree above the next subgame roots, with each of those replaced by an outcome worth
the payoffs of one of its equilibria.  A local game with perfect information is solved
by backward induction (every tie kept); one with imperfect information by every extreme
Nash equilibrium of its reduced normal form, turned into behaviour strategies
(:mod:`negotiation_sim.solvers.behaviour`; two players only).  The equilibria of the whole
tree are all combinations: for every choice of equilibria below a root, every equilibrium
of the local game that choice leaves (Selten 1965, 1975).

At an information set that a player's own equilibrium strategy in a local game never
reaches, the reduced normal form leaves the move open: any move completes the
equilibrium (there is no smaller subgame there to discipline it), and the set's behaviour
is reported as ``None``.

References
----------
Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points in
extensive games. *International Journal of Game Theory* 4, 25-55.
Gibbons, R. (1992). *Game Theory for Applied Economists*, Princeton, §2.4.B.
Osborne, M. J. (2004). *An Introduction to Game Theory*, Oxford, §10.4.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..errors import SolverError
from ..games import Chance, Decision, GameTree, Lottery, Terminal, read_only
from ..games.information import check_information_sets, subgame_roots
from ..limits import current_limits
from ..numbers import number
from ..tolerance import DEFAULT_TOL, player_tolerances

__all__ = ["Behaviour", "SubgameSolution", "behaviour_play", "solve_subgames"]

Behaviour = dict[str, dict[str, float] | None]
"""Information-set id -> move -> probability, or ``None`` where any move will do."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class SubgameSolution:
    """One equilibrium of the subgame at a root, built from the equilibria below it.

    Attributes
    ----------
    root : str
        The subgame's root node.
    local : Behaviour
        The behaviour at the information sets of the local game.
    below : tuple of (str, int)
        The subgame roots met in the local game, with the index of the equilibrium chosen there.
    value : numpy.ndarray
        Expected payoff per player once the subgame is reached.
    lottery : dict
        Outcome id -> probability of ending there once the subgame is reached.
    imperfect : bool
        Whether the local game has imperfect information (solved as a Nash equilibrium).
    """

    root: str
    local: Behaviour
    below: tuple[tuple[str, int], ...]
    value: np.ndarray
    lottery: dict[str, float]
    imperfect: bool


def solve_subgames(tree: GameTree, *, tol: float = DEFAULT_TOL) -> dict[str, list[SubgameSolution]]:
    """Every subgame-perfect equilibrium of every subgame of a tree, bottom-up.

    Parameters
    ----------
    tree : GameTree
        At one parameter point, with well-formed information sets and perfect recall.
    tol : float, optional
        Relative tie tolerance.

    Returns
    -------
    dict
        Subgame root -> its equilibria; the tree's root holds those of the whole game.

    Raises
    ------
    InformationSetError
        If the information sets are malformed or recall is imperfect.
    SolverError
        If a local game with imperfect information has more than two players, its reduced
        normal form is too large, or a subgame has more than ``max_spe_count`` equilibria.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> game = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml").evaluate()
    >>> [s.value.tolist() for s in solve_subgames(game)[game.root]]
    [[4.0, 4.0]]
    """
    tree._check_point("subgame perfection")
    check_information_sets(tree)
    roots = subgame_roots(tree)
    is_root = set(roots)
    most = current_limits().max_spe_count
    atol = _tolerances(tree, tol)
    solutions: dict[str, list[SubgameSolution]] = {}
    for root in roots:
        local_nodes, below = _local_part(tree, root, is_root)
        found: list[SubgameSolution] = []
        for picks in itertools.product(*(range(len(solutions[b])) for b in below)):
            chosen = {b: solutions[b][i] for b, i in zip(below, picks, strict=True)}
            local = _local_tree(tree, root, local_nodes, {b: s.value for b, s in chosen.items()})
            for behaviour, value, lottery, imperfect in _local_equilibria(tree, root, local, tol, atol):
                found.append(
                    SubgameSolution(
                        root=root,
                        local=behaviour,
                        below=tuple(zip(below, picks, strict=True)),
                        value=value,
                        lottery=_expand(tree, lottery, chosen),
                        imperfect=imperfect,
                    )
                )
                if len(found) > most:
                    raise SolverError(
                        f"the subgame at node '{root}' has more than {most} subgame-perfect equilibria "
                        "(combinations of the equilibria of its subgames); raise NEGOTIATION_SIM_MAX_SPE_COUNT"
                    )
        solutions[root] = found
    return solutions


def full_behaviour(
    tree: GameTree, solutions: Mapping[str, list[SubgameSolution]], solution: SubgameSolution
) -> Behaviour:
    """The behaviour at every information set of a subgame under one of its equilibria.

    Parameters
    ----------
    tree : GameTree
    solutions : mapping
        From :func:`solve_subgames`.
    solution : SubgameSolution

    Returns
    -------
    Behaviour
        In the order the scenario writes the sets.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> game = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml").evaluate()
    >>> found = solve_subgames(game)
    >>> full_behaviour(game, found, found[game.root][0])
    {'entry': {'enter': 1.0, 'stay_out': 0.0}, 'response': {'fight': 0.0, 'accommodate': 1.0}}
    """
    behaviour: Behaviour = {}
    stack = [solution]
    while stack:
        current = stack.pop()
        for below, index in current.below:
            stack.append(solutions[below][index])
        behaviour.update(current.local)
    return {s: behaviour[s] for s in tree.information_sets() if s in behaviour}


def behaviour_play(tree: GameTree, behaviour: Mapping[str, Mapping[str, float] | None]) -> tuple[tuple[str, str], ...]:
    """The moves played with positive probability, depth first from the root.

    Parameters
    ----------
    tree : GameTree
    behaviour : mapping
        Information-set id -> move -> probability (``None`` at sets play never meets).

    Returns
    -------
    tuple of (str, str)
        ``(node id, move)`` for each decision move and chance branch of positive probability,
        as :attr:`Play.path <negotiation_sim.games.Play>` lists them for a pure profile.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> game = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml").evaluate()
    >>> behaviour_play(game, {"entry": {"enter": 1.0, "stay_out": 0.0}, "response": {"fight": 0.5, "accommodate": 0.5}})
    (('entry', 'enter'), ('response', 'fight'), ('response', 'accommodate'))
    """
    path: list[tuple[str, str]] = []
    stack = [tree.root]
    seen: set[str] = set()
    while stack:
        node_id = stack.pop()
        if node_id in tree.outcomes or node_id in seen:
            continue
        seen.add(node_id)
        node = tree.nodes[node_id]
        if isinstance(node, Chance):
            weights = [float(p) for p in node.probabilities]
        else:
            moves = behaviour[node.info_set]
            if moves is None:
                raise SolverError(f"node '{node_id}' is reached but its information set has no behaviour")
            weights = [moves[m] for m in node.moves]
        live = [(m, t) for (m, t), w in zip(node.moves.items(), weights, strict=True) if w > 0]
        path.extend((node_id, m) for m, _ in live)
        stack.extend(t for _, t in reversed(live))
    return tuple(path)


def _local_part(tree: GameTree, root: str, is_root: set[str]) -> tuple[list[str], list[str]]:
    """The nodes of the local game at ``root`` and the subgame roots just below it."""
    nodes: list[str] = []
    below: list[str] = []
    stack = [root]
    seen: set[str] = set()
    while stack:
        node_id = stack.pop()
        if node_id in seen or node_id in tree.outcomes:
            continue
        seen.add(node_id)
        if node_id != root and node_id in is_root:
            below.append(node_id)
            continue
        nodes.append(node_id)
        stack.extend(reversed(list(tree.nodes[node_id].moves.values())))
    order = {n: k for k, n in enumerate(tree.nodes)}
    return sorted(nodes, key=order.__getitem__), sorted(below, key=order.__getitem__)


def _local_tree(tree: GameTree, root: str, nodes: list[str], values: Mapping[str, np.ndarray]) -> GameTree:
    outcomes: dict[str, Terminal] = {}
    for node_id in nodes:
        for target in tree.nodes[node_id].moves.values():
            if target in values:
                outcomes[target] = Terminal(id=target, payoffs=read_only(values[target]), label=tree.label_of(target))
            elif target in tree.outcomes:
                outcomes[target] = tree.outcomes[target]
    return GameTree(players=tree.players, root=root, nodes={n: tree.nodes[n] for n in nodes}, outcomes=outcomes)


def _local_equilibria(
    tree: GameTree, root: str, local: GameTree, tol: float, atol: np.ndarray
) -> list[tuple[Behaviour, np.ndarray, Lottery, bool]]:
    sets = local.information_sets()
    node = local.nodes[root]
    if len(local.nodes) == 1:
        return [(behaviour, value, lottery, False) for behaviour, value, lottery in _one_node(local, node, atol)]
    if all(len(members) == 1 for members in sets.values()):
        # Perfect information inside: every local node roots a subgame of the local tree.
        inner = solve_subgames(local, tol=tol)
        return [(full_behaviour(local, inner, s), s.value, tuple(s.lottery.items()), False) for s in inner[local.root]]
    if len(tree.players) != 2:
        big = ", ".join(s for s, m in sets.items() if len(m) > 1)
        raise SolverError(
            f"the subgame at node '{root}' has imperfect information (information set {big}) and its Nash "
            f"equilibria are computed for two players only; this game has {len(tree.players)}"
        )
    from .behaviour import tree_nash_solve

    limit = current_limits().max_spe_count
    result = tree_nash_solve(local, tol=tol, limit=limit)
    if result.truncated:
        raise SolverError(
            f"the subgame at node '{root}' has more than {limit} Nash equilibria; raise NEGOTIATION_SIM_MAX_SPE_COUNT"
        )
    return [
        (
            {s: (dict(b) if b is not None else None) for moves in eq.strategies.values() for s, b in moves.items()},
            np.array([eq.payoffs[p] for p in local.players]),
            eq.outcomes,
            True,
        )
        for eq in result.equilibria
    ]


def _one_node(
    local: GameTree, node: Decision | Chance, atol: np.ndarray
) -> list[tuple[Behaviour, np.ndarray, Lottery]]:
    """The equilibria of a one-node local game: a chance move, or a decision keeping every tie."""
    payoff = {t: np.asarray(local.outcomes[t].payoffs, dtype=float) for t in node.moves.values()}
    if isinstance(node, Chance):
        weights = [float(p) for p in node.probabilities]
        value = sum(
            (w * payoff[t] for w, t in zip(weights, node.moves.values(), strict=True)), np.zeros(len(local.players))
        )
        reached: dict[str, float] = {}
        for w, t in zip(weights, node.moves.values(), strict=True):
            if w > 0:
                reached[t] = reached.get(t, 0.0) + w
        return [({}, value, tuple((o, reached[o]) for o in local.outcomes if o in reached))]
    k = local.players.index(node.player)
    best = max(payoff[t][k] for t in node.moves.values())
    return [
        ({node.info_set: {m: float(m == move) for m in node.moves}}, payoff[target], ((target, 1.0),))
        for move, target in node.moves.items()
        if payoff[target][k] >= best - atol[k]
    ]


def _expand(tree: GameTree, lottery: Lottery, chosen: Mapping[str, SubgameSolution]) -> dict[str, float]:
    reached: dict[str, float] = {}
    for outcome, p in lottery:
        if outcome in chosen:
            for inner, q in chosen[outcome].lottery.items():
                reached[inner] = reached.get(inner, 0.0) + p * q
        else:
            reached[outcome] = reached.get(outcome, 0.0) + p
    return {o: reached[o] for o in tree.outcomes if reached.get(o, 0.0) > 0}


def subgame_reasons(
    tree: GameTree, solutions: Mapping[str, list[SubgameSolution]], solution: SubgameSolution, tol: float = DEFAULT_TOL
) -> list[str]:
    """Why the play of one subgame-perfect equilibrium goes as it does, subgame by subgame.

    Parameters
    ----------
    tree : GameTree
    solutions : mapping
        From :func:`solve_subgames`.
    solution : SubgameSolution
        An equilibrium at the tree's root.
    tol : float, optional
        Relative tie tolerance (a move "ties with" the best alternative within it).

    Returns
    -------
    list of str
        One sentence per subgame reached with positive probability whose root is a decision:
        the mover's comparison of moves, or the Nash equilibrium played in a subgame with
        imperfect information.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> game = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml").evaluate()
    >>> found = solve_subgames(game)
    >>> print(subgame_reasons(game, found, found[game.root][0])[0])  # doctest: +NORMALIZE_WHITESPACE
    entrant chooses enter at entry: 4 (Market shared) beats 0 for stay_out
    (Entrant stays out; incumbent keeps the monopoly).
    """
    atol = _tolerances(tree, tol)
    index = {p: k for k, p in enumerate(tree.players)}
    sentences: list[str] = []
    stack = [solution]
    while stack:
        current = stack.pop()
        chosen = {b: solutions[b][i] for b, i in current.below}
        node = tree.nodes[current.root]
        if current.imperfect:
            owner = {s: getattr(tree.nodes[m[0]], "player", "") for s, m in tree.information_sets().items()}
            mine = {p: [s for s in owner if s in current.local and owner[s] == p] for p in tree.players}
            played = "; ".join(
                f"{p} plays " + ", ".join(_behaviour_text(s, current.local[s]) for s in sets)
                for p, sets in mine.items()
                if sets
            )
            payoffs = ", ".join(f"{p} {number(float(v))}" for p, v in zip(tree.players, current.value, strict=True))
            sentences.append(
                f"The subgame at {current.root} has imperfect information (a player cannot tell some nodes "
                f"apart); it is played at a Nash equilibrium of its reduced normal form: {played}; "
                f"expected payoffs {payoffs}."
            )
        elif isinstance(node, Decision):
            behaviour = current.local[node.info_set] or {}
            k = index[node.player]
            move = next(m for m, w in behaviour.items() if w > 0)

            continuation = {t: _continuation(tree, t, chosen) for t in node.moves.values()}
            if any(c is None for c in continuation.values()):
                sentences.append(f"{node.player} chooses {move} at {current.root}.")
            else:
                worth = {m: (c[0][k], c[1]) for m, t in node.moves.items() if (c := continuation[t]) is not None}
                others = [(m, v) for m, (v, _) in worth.items() if m != move]
                if not others:
                    sentences.append(f"{node.player} {move} at {current.root}: the only move.")
                else:
                    alt, alt_value = max(others, key=lambda mv: mv[1])
                    value = worth[move][0]
                    relation = "ties with" if abs(value - alt_value) <= atol[k] else "beats"
                    sentences.append(
                        f"{node.player} chooses {move} at {current.root}: {number(value)} ({worth[move][1]}) "
                        f"{relation} {number(alt_value)} for {alt} ({worth[alt][1]})."
                    )
        reached = _reached_below(tree, current, chosen)
        stack.extend(chosen[b] for b in reversed(reached))
    return sentences


def _tolerances(tree: GameTree, tol: float) -> np.ndarray:
    by_player = [[float(t.payoffs[k]) for t in tree.outcomes.values()] for k in range(len(tree.players))]
    return player_tolerances(by_player, tol)


def _continuation(tree: GameTree, target: str, chosen: Mapping[str, SubgameSolution]) -> tuple[np.ndarray, str] | None:
    """The payoffs a move leads to and where play ends, or ``None`` inside an imperfect local game."""
    if target in tree.outcomes:
        return np.asarray(tree.outcomes[target].payoffs, dtype=float), tree.label_of(target)
    if target not in chosen:
        return None
    lottery = sorted(chosen[target].lottery.items(), key=lambda item: -item[1])
    if len(lottery) == 1:
        return chosen[target].value, tree.label_of(lottery[0][0])
    return chosen[target].value, "a lottery: " + ", ".join(f"{tree.label_of(o)} {p:.0%}" for o, p in lottery)


def _behaviour_text(set_id: str, moves: Mapping[str, float] | None) -> str:
    if moves is None:
        return f"any move at {set_id} (its own strategy never reaches it)"
    live = [(m, w) for m, w in moves.items() if w > 1e-12]
    if len(live) == 1:
        return f"{live[0][0]} at {set_id}"
    return " / ".join(f"{m} {w:.0%}" for m, w in live) + f" at {set_id}"


def _reached_below(tree: GameTree, current: SubgameSolution, chosen: Mapping[str, SubgameSolution]) -> list[str]:
    """The subgame roots below ``current`` reached with positive probability, in play order."""
    reached: list[str] = []
    stack = [current.root]
    seen: set[str] = set()
    while stack:
        node_id = stack.pop()
        if node_id in seen or node_id in tree.outcomes:
            continue
        seen.add(node_id)
        if node_id in chosen:
            reached.append(node_id)
            continue
        node = tree.nodes[node_id]
        if isinstance(node, Chance):
            weights = [float(p) for p in node.probabilities]
        else:
            weights = list((current.local.get(node.info_set) or {}).values()) or [0.0] * len(node.moves)
        stack.extend(t for (_, t), w in reversed(list(zip(node.moves.items(), weights, strict=True))) if w > 0)
    return reached
