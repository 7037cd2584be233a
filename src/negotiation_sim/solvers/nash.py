"""All Nash equilibria of two-player normal-form (bimatrix) games.

The row player chooses a row and receives ``row_payoffs[i, j]``; the column player
chooses a column and receives ``column_payoffs[i, j]``.  :func:`nash_equilibria`
returns every *extreme* equilibrium, also for degenerate games (ties), where the
equilibria form continua: those are the convex hulls of the maximal Nash subsets
reported by :func:`maximal_nash_subsets`.

This module imports neither scipy nor nashpy nor matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation_sim.errors import SolverError
from negotiation_sim.games import NormalFormGame
from negotiation_sim.limits import current_limits
from negotiation_sim.solvers.best_response import best_response_vertices
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.dominance import DominationStep, Elimination, iterated_elimination
from negotiation_sim.solvers.efficiency import bimatrix_pareto_efficient
from negotiation_sim.solvers.equilibrium_sets import NashSubset, maximal_nash_subsets, payoff_dominant
from negotiation_sim.solvers.mixed import MixedEquilibrium
from negotiation_sim.solvers.one_side import one_sided_pairs
from negotiation_sim.solvers.ordering import ordered_equilibria
from negotiation_sim.solvers.pairing import complete_pairs
from negotiation_sim.solvers.polytope import PolytopeVertices, as_bimatrix
from negotiation_sim.solvers.polytope_cache import PolytopeCache, enumerate_with
from negotiation_sim.solvers.rational import integer_table
from negotiation_sim.solvers.result import SolverResult
from negotiation_sim.solvers.small_games import is_small, is_small_exact, small_games
from negotiation_sim.solvers.tiny_games import is_tiny, tiny_equilibria
from negotiation_sim.tolerance import DEFAULT_TOL, player_tolerances

__all__ = [
    "BimatrixAnalysis",
    "DominationStep",
    "Elimination",
    "MixedEquilibrium",
    "NashSubset",
    "analyse_bimatrix",
    "is_degenerate",
    "is_nash",
    "iterated_elimination",
    "maximal_nash_subsets",
    "nash_equilibria",
    "nash_solve",
    "payoff_dominant",
    "pure_equilibria",
]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class BimatrixAnalysis:
    """Everything :func:`analyse_bimatrix` finds about a bimatrix game.

    Attributes
    ----------
    equilibria : tuple of MixedEquilibrium
        All extreme Nash equilibria, ordered as by :func:`nash_equilibria`.
    pure : tuple of (int, int)
        Pure equilibria as (row, column) index pairs.
    degenerate : bool
        Whether the game is degenerate.
    payoff_dominant : tuple of bool
        For each equilibrium, whether no other equilibrium gives every player at least as
        much and one more.
    pareto_efficient : tuple of bool
        For each equilibrium, whether no mixed-strategy profile gives every player at least
        as much and one more (see :mod:`negotiation_sim.solvers.efficiency`).
    subsets : tuple of NashSubset
        Maximal Nash subsets.
    components : tuple of tuple of int
        Connected components of the equilibrium set, as indices into ``equilibria``.
    strict_elimination, weak_elimination : Elimination
        Iterated elimination of strictly and of weakly dominated strategies.
    """

    equilibria: tuple[MixedEquilibrium, ...]
    pure: tuple[tuple[int, int], ...]
    degenerate: bool
    payoff_dominant: tuple[bool, ...]
    pareto_efficient: tuple[bool, ...]
    subsets: tuple[NashSubset, ...]
    components: tuple[tuple[int, ...], ...]
    strict_elimination: Elimination
    weak_elimination: Elimination


def _polytopes(
    a: np.ndarray, b: np.ndarray, tol: float, cache: PolytopeCache | None = None
) -> tuple[PolytopeVertices, PolytopeVertices]:
    prob_tol = max(tol, 1e-15)
    # P: constraints are the column player's payoffs B^T, coordinates the rows.
    # Each player's ties are judged on its own payoffs (negotiation_sim.tolerance).
    row_tol, column_tol = player_tolerances((a, b), tol).tolist()
    p = enumerate_with(cache, best_response_vertices, b.T, column_tol, prob_tol, game_shape=a.shape)
    # Q: constraints are the row player's payoffs A, coordinates the columns.
    q = enumerate_with(cache, best_response_vertices, a, row_tol, prob_tol, game_shape=a.shape)
    return p, q


def _equilibria(
    a: np.ndarray, b: np.ndarray, tol: float, *, need_degenerate: bool = True, cache: PolytopeCache | None = None
) -> tuple[list[MixedEquilibrium], bool]:
    """The extreme equilibria and whether the game is degenerate; a SolverError rather than none at all.

    Every finite game has an equilibrium, so an empty result means that rounding decided
    ties wrongly: at a tolerance far below the spread of the payoffs, strategies whose
    payoffs differ by little more than the tolerance make the linear systems nearly
    singular, and the equilibria can be lost.  Saying so is better than answering
    "no equilibrium".
    """
    equilibria, degenerate = _enumerated(a, b, tol, need_degenerate=need_degenerate, cache=cache)
    if not equilibria:
        m, n = a.shape
        raise SolverError(
            f"no equilibrium found for this {m} x {n} game at tol={tol:g}, but every finite game has one: "
            "rounding errors decided ties between nearly equal strategies wrongly. Use a larger tol (the "
            f"default is {DEFAULT_TOL:g}), or payoffs that are small rationals, which are solved exactly."
        )
    return equilibria, degenerate


def _enumerated(
    a: np.ndarray, b: np.ndarray, tol: float, *, need_degenerate: bool, cache: PolytopeCache | None
) -> tuple[list[MixedEquilibrium], bool]:
    m, n = a.shape
    if is_small(m, n) and is_tiny(m, n):  # one tiny game: Python scalars beat numpy's per-call cost
        return tiny_equilibria(a, b, tol, degeneracy=need_degenerate)
    row_tol, column_tol = player_tolerances((a, b), tol).tolist()
    # A payoff that is not a small rational settles it for its whole table (the rule of
    # integer_table and integer_scaling): the exact kernel is ruled out, and the one-sided
    # path need not ask again.
    float_rows = not is_small(m, n) and integer_table([float(a[0, 0])], row_tol) is None
    batched = is_small(m, n) or (not float_rows and is_small_exact(a, b, (row_tol, column_tol)))
    small = small_games(a[:, :, None], b[:, :, None], tol)[0] if batched else None
    one_sided = None
    if small is None or not small.usable[0]:
        # Without the degeneracy flag, a large float game may be solved from one polytope.
        one_sided = (
            None
            if need_degenerate
            else one_sided_pairs(a, b, row_tol, column_tol, max(tol, 1e-15), cache, float_rows=float_rows, tol=tol)
        )
    if small is not None and small.usable[0]:  # exact batched kernel (solvers.small_games)
        pairs = np.argwhere(small.complete[:, :, 0])
        xs, ys = small.row[:, pairs[:, 0], 0].T, small.column[:, pairs[:, 1], 0].T
        degenerate = bool(small.degenerate[0])
    elif one_sided is not None:
        xs, ys, degenerate = one_sided[0], one_sided[1], False
    else:
        p, q = _polytopes(a, b, tol, cache)
        degenerate = bool(
            np.any(p.zero.sum(axis=1) + p.tight.sum(axis=1) > m) or np.any(q.zero.sum(axis=1) + q.tight.sum(axis=1) > n)
        )
        labels_p = np.concatenate([p.zero, p.tight], axis=1)
        labels_q = np.concatenate([q.tight, q.zero], axis=1)
        pairs = complete_pairs(labels_p, labels_q, m, n)
        xs, ys = p.points[pairs[:, 0]], q.points[pairs[:, 1]]
    xs, ys = xs / xs.sum(axis=1, keepdims=True), ys / ys.sum(axis=1, keepdims=True)
    return ordered_equilibria(a, b, xs.tolist(), ys.tolist()), degenerate


def nash_equilibria(
    row_payoffs: object, column_payoffs: object, *, tol: float = DEFAULT_TOL, cache: PolytopeCache | None = None
) -> list[MixedEquilibrium]:
    """All extreme Nash equilibria of a bimatrix game, by vertex enumeration.

    Each extreme equilibrium is a completely labelled pair of vertices of the
    best-response polytopes ``P = {x >= 0, B^T x <= 1}`` and
    ``Q = {A y <= 1, y >= 0}`` (payoffs shifted positive), normalised to
    probabilities.  Small games solve every square subsystem (support ``R`` of ``x``
    and tight best-response constraints ``C``, ``|R| = |C|``) in vectorised batches;
    larger ones take Qhull's vertices, certify each and the completeness of the set
    exactly, and fall back to the exhaustive method if a certificate fails, so all
    extreme equilibria are found on degenerate games too (see
    :mod:`negotiation_sim.solvers.best_response`).  Nondegenerate float games need the
    vertices of one polytope only: each vertex's partner solves a square system
    (:mod:`negotiation_sim.solvers.one_side`).  Ties are decided in exact
    integer arithmetic when a player's payoffs are rationals with small
    denominators (within the tolerance), otherwise with each player's own
    tolerance (:func:`negotiation_sim.tolerance.player_tolerances`).

    Equilibria are ordered by total support size (pure equilibria first), then
    by row support, column support and decreasing probabilities: deterministic.

    Parameters
    ----------
    row_payoffs, column_payoffs : array_like, shape (m, n)
        Payoffs of the row and column player.
    tol : float, optional
        Relative tolerance for ties (see :func:`negotiation_sim.tolerance.player_tolerances`).
    cache : PolytopeCache, optional
        Best-response polytopes enumerated by earlier calls with the same cache are reused
        (games sharing one player's payoffs, as along a sweep); the result is the same
        (:mod:`negotiation_sim.solvers.polytope_cache`).

    Returns
    -------
    list of MixedEquilibrium
        Every extreme equilibrium exactly once.

    Raises
    ------
    ValueError
        If the payoff tables are not two finite 2-D arrays of equal shape.
    SolverError
        If the exhaustive enumeration is estimated to take longer than the limit
        ``max_nash_seconds`` (env ``NEGOTIATION_SIM_MAX_NASH_SECONDS``), or Qhull had
        to be stopped at that limit; or if no equilibrium is found, which happens only
        when rounding decided ties wrongly at a ``tol`` far below the payoffs' spread.

    References
    ----------
    B. von Stengel, "Equilibrium computation for two-player games in strategic and
    extensive form", in N. Nisan et al. (eds.), *Algorithmic Game Theory*,
    Cambridge UP 2007, ch. 3.
    D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash
    equilibria for two-player games", *Economic Theory* 42 (2010) 9-37.
    C. Audet, P. Hansen, B. Jaumard and G. Savard, "Enumeration of all extreme
    equilibria of bimatrix games", *SIAM J. Sci. Comput.* 23 (2001) 323-338.

    Examples
    --------
    >>> eqs = nash_equilibria([[3, 0], [0, 2]], [[2, 0], [0, 3]])  # battle of the sexes
    >>> [(e.row.tolist(), e.column.tolist()) for e in eqs]
    [([1.0, 0.0], [1.0, 0.0]), ([0.0, 1.0], [0.0, 1.0]), ([0.6, 0.4], [0.4, 0.6])]
    >>> round(eqs[2].row_payoff, 6)
    1.2
    """
    a, b = as_bimatrix(row_payoffs, column_payoffs)
    return _equilibria(a, b, tol, need_degenerate=False, cache=cache)[0]


def pure_equilibria(row_payoffs: object, column_payoffs: object, *, tol: float = DEFAULT_TOL) -> list[tuple[int, int]]:
    """Pure-strategy Nash equilibria: cells where each player best-responds.

    Parameters
    ----------
    row_payoffs, column_payoffs : array_like, shape (m, n)
        Payoffs of the row and column player.
    tol : float, optional
        Relative tolerance for ties.

    Returns
    -------
    list of (int, int)
        ``(row, column)`` pairs in lexicographic order.

    Raises
    ------
    ValueError
        If the payoff tables are not two finite 2-D arrays of equal shape.

    References
    ----------
    J. F. Nash, "Non-cooperative games", Annals of Mathematics 54 (1951) 286-295.

    Examples
    --------
    >>> pure_equilibria([[3, 0], [5, 1]], [[3, 5], [0, 1]])  # prisoners' dilemma
    [(1, 1)]
    """
    a, b = as_bimatrix(row_payoffs, column_payoffs)
    row_tol, column_tol = player_tolerances((a, b), tol).tolist()
    row_best = a >= a.max(axis=0, keepdims=True) - row_tol
    column_best = b >= b.max(axis=1, keepdims=True) - column_tol
    return [(int(i), int(j)) for i, j in np.argwhere(row_best & column_best)]


def is_degenerate(row_payoffs: object, column_payoffs: object, *, tol: float = DEFAULT_TOL) -> bool:
    """Whether some mixed strategy with support size k has more than k pure best responses.

    Equivalently, some vertex of a best-response polytope has more tight
    constraints than its dimension (von Stengel 2007, section 3.4).

    Parameters
    ----------
    row_payoffs, column_payoffs : array_like, shape (m, n)
        Payoffs of the row and column player.
    tol : float, optional
        Relative tolerance for ties.

    Returns
    -------
    bool
        True for degenerate games.

    Raises
    ------
    ValueError
        If the payoff tables are not two finite 2-D arrays of equal shape.
    SolverError
        For games larger than the enumeration limit, or none found (see :func:`nash_equilibria`).

    References
    ----------
    B. von Stengel, "Equilibrium computation for two-player games in strategic and
    extensive form", in *Algorithmic Game Theory*, Cambridge UP 2007, ch. 3.

    Examples
    --------
    >>> is_degenerate([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    False
    >>> is_degenerate([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    True
    """
    a, b = as_bimatrix(row_payoffs, column_payoffs)
    return _equilibria(a, b, tol)[1]


def analyse_bimatrix(row_payoffs: object, column_payoffs: object, *, tol: float = DEFAULT_TOL) -> BimatrixAnalysis:
    """Equilibria, dominance, degeneracy, Pareto efficiency and Nash subsets in one go.

    Parameters
    ----------
    row_payoffs, column_payoffs : array_like, shape (m, n)
        Payoffs of the row and column player.
    tol : float, optional
        Relative tolerance for ties.

    Returns
    -------
    BimatrixAnalysis
        The bundled results.

    Raises
    ------
    ValueError
        If the payoff tables are not two finite 2-D arrays of equal shape.
    SolverError
        For games larger than the enumeration limit, or none found (see :func:`nash_equilibria`).

    References
    ----------
    See :func:`nash_equilibria`, :func:`maximal_nash_subsets` and
    :func:`~negotiation_sim.solvers.dominance.iterated_elimination`.

    Examples
    --------
    >>> result = analyse_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> result.pure, result.degenerate, result.strict_elimination.remaining_rows
    (((1, 1),), False, (1,))
    """
    a, b = as_bimatrix(row_payoffs, column_payoffs)
    equilibria, degenerate = _equilibria(a, b, tol)
    # Biclique enumeration can be exponential; beyond the limit the subsets are not computed.
    subsets = maximal_nash_subsets(equilibria) if len(equilibria) <= current_limits().max_subset_equilibria else []
    n_components = 1 + max((s.component for s in subsets), default=-1)
    components = tuple(
        tuple(sorted({k for s in subsets if s.component == c for k in s.equilibrium_indices}))
        for c in range(n_components)
    )
    return BimatrixAnalysis(
        equilibria=tuple(equilibria),
        pure=tuple(pure_equilibria(a, b, tol=tol)),
        degenerate=degenerate,
        payoff_dominant=tuple(payoff_dominant(equilibria, tol=tol)),
        pareto_efficient=tuple(
            bimatrix_pareto_efficient(a, b, [(e.row_payoff, e.column_payoff) for e in equilibria], tol=tol)
        ),
        subsets=tuple(subsets),
        components=components,
        strict_elimination=iterated_elimination(a, b, strict=True, tol=tol),
        weak_elimination=iterated_elimination(a, b, strict=False, tol=tol),
    )


NashResult = SolverResult[MixedEquilibrium, BimatrixAnalysis]
"""What :func:`nash_solve` returns."""


def nash_solve(game: NormalFormGame, *, tol: float = DEFAULT_TOL, limit: int | None = None) -> NashResult:
    """Every extreme Nash equilibrium of a two-player normal-form game, with the analysis.

    The checked wrapper over the array kernel :func:`analyse_bimatrix`.

    Parameters
    ----------
    game : NormalFormGame
        At one parameter point.
    tol : float, optional
        Relative tolerance for ties.
    limit : int, optional
        Most equilibria listed, by default the ``max_equilibria`` limit.

    Returns
    -------
    SolverResult
        ``method="nash"``; ``equilibria`` the first ``limit`` extreme equilibria, ``count``
        all of them, ``details`` the :class:`BimatrixAnalysis` (degeneracy, pure equilibria,
        dominance, Pareto efficiency of every equilibrium, Nash subsets).

    Raises
    ------
    ValueError
        If the game is over a grid.
    SolverError
        For games larger than the enumeration limit, or none found (see :func:`nash_equilibria`).

    References
    ----------
    See :func:`nash_equilibria`.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
    >>> result = nash_solve(sc.evaluate())
    >>> result.method, result.count, result.equilibria[0].row.tolist()
    ('nash', 1, [0.0, 1.0])
    """
    game._check_point("nash_solve")
    limits = current_limits()
    limit = limits.max_equilibria if limit is None else limit
    analysis = analyse_bimatrix(game.row_payoffs, game.column_payoffs, tol=tol)
    count = len(analysis.equilibria)
    notes = []
    if count > limit:
        notes.append(
            f"There are {count} extreme Nash equilibria; only the first "
            f"{limit} are listed (raise NEGOTIATION_SIM_MAX_EQUILIBRIA to see more)."
        )
    if count > limits.max_subset_equilibria:
        notes.append(
            f"Maximal Nash subsets were not computed for more than {limits.max_subset_equilibria} extreme "
            "equilibria (raise NEGOTIATION_SIM_MAX_SUBSET_EQUILIBRIA)."
        )
    return SolverResult(
        method="nash",
        equilibria=analysis.equilibria[:limit],
        count=count,
        truncated=count > limit,
        notes=tuple(notes),
        details=analysis,
    )
