"""Pure-strategy perfect Bayesian equilibria of a game tree with information sets.

A pure profile with beliefs is a (weak) perfect Bayesian equilibrium in the sense of
Mas-Colell, Whinston and Green (1995, Def. 9.C.3), strengthened as DESIGN §3 asks: every
move is optimal at its information set given the beliefs there (sequential rationality at
every set, on the path or off it), and beliefs follow Bayes' rule at every set that is
reached with positive probability from the root of the smallest subgame containing it (so
the profile is also subgame perfect).  Elsewhere any belief will do: the result reports
the whole set of beliefs that support the profile.

Profiles are searched information set by information set from the bottom of the tree
up, and a partial profile is abandoned as soon as a set's move is optimal under no
belief at all, so the search visits far fewer profiles than the full product.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..errors import SolverError
from ..games.information import check_information_sets, descendants, subgame_roots
from ..games.tree import Decision, GameTree
from ..limits import current_limits
from ..tolerance import DEFAULT_TOL, absolute_tol
from .beliefs import BeliefPolytope, supporting_beliefs
from .hybrid import hybrid_equilibria
from .pbe_result import Belief, PerfectBayesianEquilibrium
from .result import SolverResult
from .signalling import describe
from .tree_values import gains, reach_probabilities

__all__ = ["PbeResult", "pbe_solve"]

PbeResult = SolverResult[PerfectBayesianEquilibrium, None]
"""What :func:`pbe_solve` returns."""


@dataclass(frozen=True, slots=True, kw_only=True)
class _Sets:
    members: dict[str, tuple[str, ...]]
    player: dict[str, str]
    moves: dict[str, tuple[str, ...]]
    order: list[str]  # every set after the sets below it (when the game allows)
    below: dict[str, set[str]]
    subgame_root: dict[str, str]


def pbe_solve(tree: GameTree, *, tol: float = DEFAULT_TOL, limit: int | None = None) -> PbeResult:
    """Every pure-strategy perfect Bayesian equilibrium of a tree at one parameter point.

    For a signalling game with two types, two messages and two responses that end the game,
    the hybrid equilibria follow the pure ones (:mod:`negotiation_sim.solvers.hybrid`).

    Parameters
    ----------
    tree : GameTree
        At one parameter point, with well-formed information sets and perfect recall.
    tol : float, optional
        Relative tolerance for ties (per player, relative to the player's payoff scale).
    limit : int, optional
        Most equilibria listed, by default the ``max_equilibria`` limit.

    Returns
    -------
    SolverResult
        ``method="pbe"``; each equilibrium a :class:`PerfectBayesianEquilibrium`.

    Raises
    ------
    InformationSetError
        If the information sets are malformed or recall is imperfect.
    SolverError
        If the search visits more partial profiles than the ``max_spe_count`` limit.
    ValueError
        If the game is over a grid.

    References
    ----------
    Mas-Colell, Whinston & Green (1995), *Microeconomic Theory*, §9.C.
    Cho & Kreps (1987), "Signaling games and stable equilibria", *QJE* 102(2).

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> [e.profile for e in pbe_solve(sc.evaluate()).equilibria]
    [{'entry': 'enter', 'response': 'accommodate'}]
    """
    tree._check_point("pbe_solve")
    check_information_sets(tree)
    limit = current_limits().max_equilibria if limit is None else limit
    sets = _information_sets(tree)
    tols = {p: absolute_tol([t.payoffs[i] for t in tree.outcomes.values()], tol) for i, p in enumerate(tree.players)}
    found: list[dict[str, str]] = []
    budget = [current_limits().max_spe_count]
    _search(tree, sets, tols, {}, set(), found, budget)
    equilibria = []
    for profile in found:
        checked = _beliefs(tree, sets, tols, profile)
        if checked is not None:
            equilibria.append(describe(tree, sets.members, sets.player, profile, *checked, tols=tols))
    equilibria.extend(hybrid_equilibria(tree, tols))
    return SolverResult(
        method="pbe",
        equilibria=tuple(equilibria[:limit]),
        count=len(equilibria),
        truncated=len(equilibria) > limit,
        notes=(_NOTE,),
        details=None,
    )


_NOTE = (
    "Pure-strategy equilibria are listed, and for signalling games with two types, two messages and two "
    "responses that end the game the hybrid ones (one type mixes between the messages, the receiver mixes "
    "after the message both types send); other mixed equilibria are not computed."
)


def _information_sets(tree: GameTree) -> _Sets:
    reachable = set(tree.order)
    members = {s: m for s, m in tree.information_sets().items() if any(n in reachable for n in m)}
    first = {s: tree.nodes[m[0]] for s, m in members.items()}
    below: dict[str, set[str]] = {}
    node_set = {n: s for s, m in members.items() for n in m}
    for s, nodes in members.items():
        under = set().union(*(descendants(tree, n) for n in nodes))
        below[s] = {node_set[n] for n in under if n in node_set} - {s}
    order: list[str] = []
    placed: set[str] = set()
    remaining = list(members)
    while remaining:
        ready = [s for s in remaining if below[s] <= placed] or remaining[:1]  # a cycle: place one anyway
        for s in ready:
            order.append(s)
            placed.add(s)
        remaining = [s for s in remaining if s not in placed]
    roots = subgame_roots(tree)
    root_of = {}
    for s, nodes in members.items():
        root_of[s] = next(r for r in roots if all(n == r or n in descendants(tree, r) for n in nodes))
    return _Sets(
        members=members,
        player={s: n.player for s, n in first.items() if isinstance(n, Decision)},
        moves={s: tuple(n.moves) for s, n in first.items()},
        order=order,
        below=below,
        subgame_root=root_of,
    )


def _search(
    tree: GameTree,
    sets: _Sets,
    tols: Mapping[str, float],
    profile: dict[str, str],
    checked: set[str],
    found: list[dict[str, str]],
    budget: list[int],
) -> None:
    if len(profile) == len(sets.order):
        found.append(dict(profile))
        return
    current = sets.order[len(profile)]
    for move in sets.moves[current]:
        budget[0] -= 1
        if budget[0] < 0:
            raise SolverError(
                "the search for perfect Bayesian equilibria visited more partial profiles than the "
                "limit (raise NEGOTIATION_SIM_MAX_SPE_COUNT)"
            )
        profile[current] = move
        ready = [s for s in profile if s not in checked and sets.below[s] <= profile.keys()]
        if all(_gains_of(tree, sets, s, profile, tols) is not None for s in ready):
            _search(tree, sets, tols, profile, checked | set(ready), found, budget)
        del profile[current]


def _gains_of(
    tree: GameTree, sets: _Sets, set_id: str, profile: Mapping[str, str], tols: Mapping[str, float]
) -> BeliefPolytope | None:
    player = sets.player[set_id]
    return supporting_beliefs(gains(tree, sets.members[set_id], profile, player), tols[player])


def _beliefs(
    tree: GameTree, sets: _Sets, tols: Mapping[str, float], profile: Mapping[str, str]
) -> tuple[dict[str, dict[str, Belief]], dict[str, dict[str, float]], tuple[str, ...]] | None:
    beliefs: dict[str, dict[str, Belief]] = {}
    supporting: dict[str, dict[str, float]] = {}
    off_path = []
    reach_from: dict[str, dict[str, float]] = {}
    for set_id, nodes in sets.members.items():
        player = sets.player[set_id]
        root = sets.subgame_root[set_id]
        if root not in reach_from:
            reach_from[root] = reach_probabilities(tree, root, profile)
        weights = np.array([reach_from[root].get(n, 0.0) for n in nodes])
        table = gains(tree, nodes, profile, player)
        if weights.sum() > 0:
            belief = weights / weights.sum()
            if table.size and np.any(table @ belief < -tols[player]):
                return None
            if len(nodes) > 1:
                beliefs[set_id] = {n: float(b) for n, b in zip(nodes, belief, strict=True)}
            continue
        polytope = supporting_beliefs(table, tols[player])
        if polytope is None:
            return None
        if len(nodes) > 1:
            off_path.append(set_id)
            beliefs[set_id] = {n: b for n, b in zip(nodes, polytope.bounds, strict=True)}
            supporting[set_id] = {n: b for n, b in zip(nodes, polytope.support, strict=True)}
    return beliefs, supporting, tuple(off_path)
