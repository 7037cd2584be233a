"""Pareto efficiency of equilibria in the textbook sense: against every strategy profile.

An equilibrium is *Pareto-efficient* when no strategy profile gives some player more and
no player less (Osborne & Rubinstein 1994, §1; Mas-Colell, Whinston & Green 1995, §16.B).
This is not the same as being *payoff-dominant* ("not beaten by another equilibrium",
:func:`~negotiation_sim.solvers.equilibrium_sets.payoff_dominant`): in the prisoners'
dilemma the only equilibrium is payoff-dominant, yet both players prefer mutual
cooperation, so it is not Pareto-efficient.

What is checked, exactly:

* **Bimatrix games** (:func:`bimatrix_pareto_efficient`): every profile of *mixed*
  strategies ``(x, y)``, each player randomising independently; not correlated play, whose
  payoff set is the convex hull of the pure payoffs.  The payoffs of mixed profiles form a
  non-convex set, so the check solves ``max x'Ay subject to x'By >= v`` (and the same with
  the players swapped) exactly: for fixed ``y`` the problem is a linear programme in ``x``
  with one constraint besides the simplex, so an optimal ``x`` mixes at most two
  strategies; likewise ``y``.  The optimum is therefore reached in some 2 x 2 subgame
  ``(p, q)``, where it is a corner, a point of an edge where the constraint binds, a
  stationary point of the objective along the curve where the constraint binds (the root
  of a quadratic), or the saddle point of the constraint.  All these candidates are
  evaluated, vectorised over the ``C(m+1, 2) * C(n+1, 2)`` subgames, so the answer is exact
  up to the tie tolerance.
* **Game trees** (:func:`tree_pareto_frontier`): every profile of *pure* strategies, with
  chance taken in expectation.  The Pareto frontier of the expected payoffs is built bottom
  up (a decision node: the union of its moves' frontiers; a chance node: the weighted sum
  of its branches' frontiers, pruned to the non-dominated points), which is exact when no
  decision node can be reached from two branches of one chance node (a tree always; a DAG
  in most scenarios).  Otherwise, or past :data:`MAX_FRONTIER` points, the check is not
  made (``None``).

Ties are judged with the one tie rule of :mod:`negotiation_sim.tolerance`: "more" means
more by more than the player's own tolerance (``player_tolerances``).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations_with_replacement

import numpy as np

from ..games import Chance, Decision, GameTree
from ..games.tree import bottom_up_order
from ..tolerance import DEFAULT_TOL, player_tolerances

__all__ = ["MAX_FRONTIER", "bimatrix_pareto_efficient", "dominated_by", "tree_pareto_frontier"]

MAX_FRONTIER = 2_000
"""Most non-dominated payoff vectors kept per tree node before the tree check gives up."""


def dominated_by(point: Sequence[float], candidates: np.ndarray, atol: float | np.ndarray) -> bool:
    """Whether some candidate gives every player at least ``point`` and one more (beyond ``atol``).

    Parameters
    ----------
    point : sequence of float
        One payoff per player.
    candidates : ndarray
        Shape ``(k, n_players)``.
    atol : float or ndarray
        Absolute tie tolerance, or one per player (:func:`~negotiation_sim.tolerance.player_tolerances`).

    Returns
    -------
    bool

    Examples
    --------
    >>> import numpy as np
    >>> dominated_by([1, 1], np.array([[3.0, 3.0], [0.0, 5.0]]), 1e-9)
    True
    >>> dominated_by([3, 3], np.array([[3.0, 3.0], [0.0, 5.0]]), 1e-9)
    False
    """
    if len(candidates) == 0:
        return False
    u = np.asarray(point, dtype=float)
    # Near the float limit u +- atol rounds to +-inf, which compares as the exact bound would.
    with np.errstate(over="ignore"):
        at_least = np.all(candidates >= u - atol, axis=1)
        more = np.any(candidates > u + atol, axis=1)
    return bool(np.any(at_least & more))


def _subgame_coefficients(payoffs: np.ndarray) -> tuple[np.ndarray, ...]:
    """``f(p, q) = a + b p + c q + d p q`` on every 2 x 2 subgame (row pair, column pair)."""
    m, n = payoffs.shape
    rows = np.array(list(combinations_with_replacement(range(m), 2)))
    cols = np.array(list(combinations_with_replacement(range(n), 2)))
    i, i2 = rows[:, 0][:, None], rows[:, 1][:, None]
    j, k = cols[:, 0][None, :], cols[:, 1][None, :]
    a = payoffs[i, j]
    b = payoffs[i2, j] - a
    c = payoffs[i, k] - a
    d = payoffs[i2, k] - payoffs[i2, j] - payoffs[i, k] + a
    return tuple(x.ravel() for x in (a, b, c, d))


def _candidates(objective: tuple[np.ndarray, ...], constraint: tuple[np.ndarray, ...], level: float) -> np.ndarray:
    """Points ``(p, q)`` among which ``max objective s.t. constraint >= level`` is attained, per subgame."""
    a2, b2, c2, d2 = constraint
    _, b1, c1, d1 = objective
    ps: list[np.ndarray] = []
    qs: list[np.ndarray] = []
    # Near-degenerate subgames (a denormal d2) overflow to inf; such candidates are dropped below.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for bound in (0.0, 1.0):
            # An edge q = bound: the constraint binds at p = (level - a - c q) / (b + d q).
            ps.append((level - a2 - c2 * bound) / (b2 + d2 * bound))
            qs.append(np.full_like(a2, bound))
            # An edge p = bound.
            ps.append(np.full_like(a2, bound))
            qs.append((level - a2 - b2 * bound) / (c2 + d2 * bound))
        # The saddle point of the constraint, where its gradient vanishes.
        ps.append(-c2 / d2)
        qs.append(-b2 / d2)
        # Along the binding curve q = N(p) / D(p), N = level - a2 - b2 p, D = c2 + d2 p, the
        # objective's derivative vanishes where b1 D^2 + d1 N D - (c1 + d1 p)(b2 D + d2 N) = 0.
        n0, n1 = level - a2, -b2
        e0, e1 = c1, d1
        dd = (c2 * c2, 2 * c2 * d2, d2 * d2)
        nd = (n0 * c2, n0 * d2 + n1 * c2, n1 * d2)
        ed = (e0 * c2, e0 * d2 + e1 * c2, e1 * d2)
        en = (e0 * n0, e0 * n1 + e1 * n0, e1 * n1)
        coef = [b1 * dd[t] + d1 * nd[t] - b2 * ed[t] - d2 * en[t] for t in range(3)]
        for root in _quadratic_roots(*coef):
            ps.append(root)
            qs.append((n0 + n1 * root) / (c2 + d2 * root))
    p = np.concatenate(ps)
    q = np.concatenate(qs)
    inside = np.isfinite(p) & np.isfinite(q) & (p >= 0) & (p <= 1) & (q >= 0) & (q <= 1)
    index = np.tile(np.arange(len(a2)), len(ps))
    return np.stack([index[inside], p[inside], q[inside]], axis=1)


def _quadratic_roots(c0: np.ndarray, c1: np.ndarray, c2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Real roots of ``c0 + c1 x + c2 x^2`` (NaN where none); linear where ``c2`` is 0."""
    scale = np.maximum(np.maximum(np.abs(c0), np.abs(c1)), np.abs(c2))
    quadratic = np.abs(c2) > 1e-12 * scale
    with np.errstate(divide="ignore", invalid="ignore"):
        disc = c1 * c1 - 4 * c2 * c0
        sq = np.sqrt(np.where(disc >= 0, disc, np.nan))
        r1 = np.where(quadratic, (-c1 + sq) / (2 * c2), -c0 / c1)
        r2 = np.where(quadratic, (-c1 - sq) / (2 * c2), np.nan)
    return r1, r2


def _evaluate(coefficients: tuple[np.ndarray, ...], points: np.ndarray) -> np.ndarray:
    a, b, c, d = (x[points[:, 0].astype(int)] for x in coefficients)
    p, q = points[:, 1], points[:, 2]
    return a + b * p + c * q + d * p * q


def bimatrix_pareto_efficient(
    row_payoffs: object,
    column_payoffs: object,
    payoffs: Sequence[tuple[float, float]],
    *,
    tol: float = DEFAULT_TOL,
) -> list[bool]:
    """Whether each payoff pair is Pareto-efficient among all mixed-strategy profiles.

    A pair ``(u, v)`` is efficient when no profile ``(x, y)`` of mixed strategies gives
    ``x'Ay >= u`` and ``x'By >= v`` with one of them larger (beyond the tie tolerance).
    The method (exact, see the module docstring) maximises each player's payoff subject
    to the other's over every 2 x 2 subgame.

    Parameters
    ----------
    row_payoffs, column_payoffs : array_like
        The two ``m x n`` payoff tables.
    payoffs : sequence of (float, float)
        The payoff pairs to judge, e.g. those of the Nash equilibria.
    tol : float, optional
        Relative tie tolerance.

    Returns
    -------
    list of bool
        One flag per payoff pair.

    References
    ----------
    M. J. Osborne and A. Rubinstein, *A Course in Game Theory*, MIT Press 1994, §1.

    Examples
    --------
    The prisoners' dilemma: mutual defection (1, 1) is beaten by mutual cooperation.

    >>> bimatrix_pareto_efficient([[3, 0], [5, 1]], [[3, 5], [0, 1]], [(1, 1), (3, 3)])
    [False, True]

    The mixed equilibrium (6/5, 6/5) of a coordination game is beaten by either pure one.

    >>> bimatrix_pareto_efficient([[3, 0], [0, 2]], [[2, 0], [0, 3]], [(3, 2), (1.2, 1.2)])
    [True, False]
    """
    a = np.asarray(row_payoffs, dtype=float)
    b = np.asarray(column_payoffs, dtype=float)
    atol = player_tolerances([a, b], tol)
    slack = 1e-12 * np.maximum(1.0, np.max(np.abs([a.ravel(), b.ravel()]), axis=1))
    pure = np.stack([a.ravel(), b.ravel()], axis=1)
    first, second = _subgame_coefficients(a), _subgame_coefficients(b)
    judged: dict[tuple[float, float], bool] = {}  # equilibria of a continuum often share payoffs
    for u, v in payoffs:
        if (u, v) in judged:
            continue
        if dominated_by((u, v), pure, atol):
            judged[u, v] = False
            continue
        efficient = True
        for me, (objective, constraint, own, other) in enumerate(((first, second, u, v), (second, first, v, u))):
            points = _candidates(objective, constraint, other)
            if len(points) == 0:
                continue
            with np.errstate(over="ignore"):  # +-inf at the float limit: same comparison
                feasible = _evaluate(constraint, points) >= other - slack[1 - me]
                better = _evaluate(objective, points)[feasible] > own + atol[me]
            if np.any(better):
                efficient = False
                break
        judged[u, v] = efficient
    return [judged[u, v] for u, v in payoffs]


def _pareto_filter(points: np.ndarray, atol: np.ndarray) -> np.ndarray:
    """The non-dominated rows of ``points`` (one of each group of tied rows)."""
    points = np.unique(points, axis=0)
    keep = [not dominated_by(point, points, atol) for point in points]
    kept = points[np.array(keep, dtype=bool)]
    distinct = np.unique(np.round(kept / np.maximum(atol, 1e-300)), axis=0, return_index=True)[1]
    return kept[np.sort(distinct)]


def _chance_branches_disjoint(tree: GameTree) -> bool:
    """Whether no decision node is reachable from two branches of one chance node."""
    below: dict[str, frozenset[str]] = {o: frozenset() for o in tree.outcomes}
    for node_id in bottom_up_order(tree):
        node = tree.nodes[node_id]
        children = [below[child] for child in node.moves.values()]
        if isinstance(node, Chance):
            seen: set[str] = set()
            for child in children:
                if seen & child:
                    return False
                seen |= child
        reached = frozenset().union(*children)
        below[node_id] = reached | {node_id} if isinstance(node, Decision) else reached
    return True


def tree_pareto_frontier(tree: GameTree, *, tol: float = DEFAULT_TOL) -> np.ndarray | None:
    """The Pareto frontier of the expected payoffs of every pure-strategy profile.

    Parameters
    ----------
    tree : GameTree
        A tree at one parameter point.
    tol : float, optional
        Relative tie tolerance.

    Returns
    -------
    ndarray or None
        Shape ``(k, n_players)``: the non-dominated expected payoff vectors; ``None`` when
        the check cannot be made exactly (a decision node reachable from two branches of
        one chance node), an expected payoff overflows the float range, or the frontier
        passes :data:`MAX_FRONTIER` points.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> tree_pareto_frontier(sc.evaluate()).tolist()
    [[0.0, 10.0], [4.0, 4.0]]
    """
    if not _chance_branches_disjoint(tree):
        return None
    atol = player_tolerances(np.array([t.payoffs for t in tree.outcomes.values()], dtype=float).T, tol)
    frontier = {o: np.asarray(t.payoffs, dtype=float).reshape(1, -1) for o, t in tree.outcomes.items()}
    for node_id in bottom_up_order(tree):
        node = tree.nodes[node_id]
        children = [frontier[child] for child in node.moves.values()]
        if isinstance(node, Chance):
            total = np.zeros((1, len(tree.players)))
            for weight, child in zip(np.asarray(node.probabilities, dtype=float), children, strict=True):
                if weight > 0:
                    with np.errstate(over="ignore"):  # sums at the float limit: checked below
                        combined = (total[:, None, :] + weight * child[None, :, :]).reshape(-1, total.shape[1])
                    if not np.all(np.isfinite(combined)):
                        return None
                    total = _pareto_filter(combined, atol)
                    if len(total) > MAX_FRONTIER:
                        return None
            frontier[node_id] = total
        else:
            frontier[node_id] = _pareto_filter(np.concatenate(children), atol)
    return frontier[tree.root]
