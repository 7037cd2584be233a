"""Extreme equilibria of a nondegenerate float game from the vertices of one polytope.

For large games with floating-point payoffs, enumerating the vertices of both
best-response polytopes ``P`` and ``Q`` (:mod:`.vertex_hull`) spends most of its time
in Qhull, once per polytope.  When ``P`` is simple (every vertex has exactly ``m``
labels), each vertex ``x != 0`` of ``P`` determines its only possible partner: ``y``
must carry the ``n`` labels ``x`` lacks, so ``y`` is supported on the best responses
``C`` to ``x`` and makes every row of the support ``R`` of ``x`` a best response,
``A_RC y_C = 1`` with ``|R| = |C|``.  One batched square solve per vertex of ``P``
and a feasibility check find every partner; a singular system (a face of ``Q``
rather than a vertex: the game is degenerate) makes the method give up, and so do
degenerate vertices of ``P``.  This is the idea of the EEE algorithm (Audet, Hansen,
Jaumard and Savard 2001) and of lrsnash (Avis et al. 2010), which enumerate the
vertices of one polytope and complete each to an equilibrium by a linear system.

Strategies strictly dominated by a pure strategy (by more than the tolerances) are
removed first, iteratively (:func:`_undominated`): no equilibrium plays them, so the
equilibria are those of the smaller game, whose polytope has fewer dimensions and
vertices.  The polytope in the smaller dimension is then enumerated (Qhull is much faster there);
for square games, the one whose constraint player's strategies rank most unequally
across the opponent's strategies (:func:`_rank_spread`), which usually has fewer
vertices.  Either choice gives the same equilibria; only the time differs.  The
enumerated vertex set is certified complete as in :mod:`.vertex_hull`, so the result
equals the two-sided enumeration.  The partner systems are inverted in a few batches
(:func:`_partners`), and every one of them must pass the condition check: a nearly
singular system may be a face of ``Q`` whose vertices would be missed.  The one
exception is a vertex whose partner is ruled out before solving
(:func:`~.partner_filter.without_partner`): when some row ``i``, or some mixture of two rows, exceeds a
support row ``r`` by more than a margin in every column of ``C``, no ``y >= 0`` on ``C``
with ``A_r y = 1`` satisfies ``A y <= 1`` in the rows beating ``r``, so the set of
candidate partners (a point or a face of ``Q``) is empty whatever the system's
condition, and no equilibrium is lost by skipping it.  The margin covers the tolerances
of the feasibility test (``y_j >= -prob_tol sum(y)``, ``A y <= 1 + tie sum(y)``) and the
rounding of ``A_R y = 1``, so a skipped vertex is one the solve would also have rejected
(up to rounding errors of the solve itself).  On seeded random games single rows leave
28-43 % of the vertices to solve, and with the mixtures 12-19 % (8 x 8 to 15 x 15).  It
runs only where there are many systems (``_FILTER_WORK``); for a handful of small
systems it costs more than it saves.  Only :func:`~.nash.nash_equilibria` uses this path:
it does not establish whether ``Q`` is degenerate.

With the compiled kernels switched on (:func:`~.compiled.set_compiled`), the dominance
removal, the labels and certificate of ``P``'s vertices and the partner systems run as
compiled loops (:mod:`.numba_kernels`), one vertex at a time, skipping the systems the
partner filter rules out as :func:`_partners` does; what they decline (a vertex set the
fast certificate does not certify, a system not below the condition bound) is decided by
the numpy code above, on the same Qhull output.

References
----------
C. Audet, P. Hansen, B. Jaumard and G. Savard, "Enumeration of all extreme
equilibria of bimatrix games", *SIAM J. Sci. Comput.* 23 (2001) 323-338.
D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash
equilibria for two-player games", *Economic Theory* 42 (2010) 9-37.
"""

from __future__ import annotations

import math
from types import ModuleType

import numpy as np

from negotiation_sim.limits import current_limits
from negotiation_sim.solvers.best_response import float_matrix, hull_stopped_error
from negotiation_sim.solvers.compiled import compiled_enabled, kernels
from negotiation_sim.solvers.nash_cost import estimate_cost, use_one_sided
from negotiation_sim.solvers.partner_filter import without_partner
from negotiation_sim.solvers.polytope import integer_scaling
from negotiation_sim.solvers.polytope_cache import PolytopeCache, enumerate_with
from negotiation_sim.solvers.tiny_games import tiny_equilibria

__all__ = ["one_sided_pairs"]

_MAX_CONDITION = 1e11
_PADDED_WORK = 50_000  # systems x size**3 up to which one padded batch is faster (measured at 8 x 8 and 10 x 10)
_FILTER_WORK = 50_000  # systems x size**3 above which skipping systems (without_partner) saves time
# The same for the compiled kernel, whose solves cost less: without the filter 0.87 of the time at 8 x 8,
# 1.04 and 1.03 at 12 x 12 and 15 x 15 (measured, interleaved in one process).
_COMPILED_FILTER_WORK = 5_000_000
# Square systems per polytope (C(m + n, m)) of a game left by dominance up to which the plain-Python
# kernel is faster than this method: 0.7-0.96 of its time up to 3 x 4, 1.0-2.0 from 4 x 4 (measured).
_TINY_AFTER_DOMINANCE = 35


def _partners(
    x: np.ndarray, support: np.ndarray, best: np.ndarray, matrix: np.ndarray, tie: float, prob_tol: float
) -> tuple[np.ndarray, np.ndarray] | None:
    """The feasible partners ``y`` of vertices ``x``, or None if a system is singular.

    The systems ``A_RC`` are inverted in batches (LAPACK's cost per small matrix is
    far below numpy's cost per call): one batch per support size (the pairs in order of
    support size), or, when all of them are small, a single batch with each system
    padded to the largest size by an identity block (:func:`_padded_partners`).
    Padding changes neither the solution nor the outcome of the condition check: the
    entries of ``matrix`` lie in ``[1, 2]``, so the 1-norm of ``A_RC`` is at least 1,
    and the padded condition number differs from the true one only when
    ``||A_RC^-1||_1 < 1``, where both are below ``2 m``.
    """
    m, n = support.shape[1], matrix.shape[1]
    sizes = support.view(np.uint8) @ np.ones(m, dtype=np.int64)  # a product: faster than a sum over short rows
    layout = keep = np.arange(len(x))
    if len(x) * m**3 > _FILTER_WORK:  # worth skipping systems
        by_rows, by_mixtures = without_partner(support, best, matrix, _filter_margin(tie, prob_tol, n))
        # The batches are laid out as for the systems the single-row test keeps: padding a
        # system changes the rounding of its solution, and this way the partners are the
        # same, bit for bit, as when only single rows were tested.
        layout = np.flatnonzero(~by_rows)
        keep = np.flatnonzero(~(by_rows | by_mixtures))
    if len(layout) * m**3 <= _PADDED_WORK:
        if len(keep) == 0:
            return x[:0], np.zeros((0, n))
        size = int(sizes.take(layout).max())  # the padded size of the single-row layout
        return _padded_partners(
            x.take(keep, axis=0), support.take(keep, axis=0), best.take(keep, axis=0), matrix, tie, prob_tol, size=size
        )
    largest = int(sizes[layout].max())
    keep = keep[np.argsort(sizes[keep], kind="stable")]  # in order of support size
    x, support, best, sizes = x[keep], support[keep], best[keep], sizes[keep]
    all_rows, all_columns = np.nonzero(support)[1], np.nonzero(best)[1]
    values = np.empty(len(all_rows))
    counts = np.bincount(sizes).tolist()
    if len(layout) * largest**3 <= _PADDED_WORK:
        batches = [(0, len(x), largest)] if len(x) else []
    else:
        ends = np.cumsum(counts).tolist()
        batches = [(ends[s] - counts[s], ends[s], s) for s in range(len(counts)) if counts[s]]
    flat = 0
    for first, last, size in batches:
        padded = size > sizes[first]
        if not padded:  # each system's rows and columns in place
            flat_last = flat + (last - first) * size
            rows, columns = all_rows[flat:flat_last].reshape(-1, size), all_columns[flat:flat_last].reshape(-1, size)
            valid = np.ones(rows.shape, dtype=bool)
            sub = matrix.take(rows[:, :, None] * n + columns[:, None, :])
        else:  # by an identity block
            valid = np.arange(size) < sizes[first:last, None]
            flat_last = flat + int(np.count_nonzero(valid))
            rows, columns = np.zeros((2, last - first, size), dtype=np.intp)
            rows[valid], columns[valid] = all_rows[flat:flat_last], all_columns[flat:flat_last]
            sub = np.where(
                valid[:, :, None] & valid[:, None, :], matrix[rows[:, :, None], columns[:, None, :]], np.eye(size)
            )
        try:
            inverse = np.linalg.inv(sub)
        except np.linalg.LinAlgError:
            return None
        # 1-norm condition numbers (the entries of ``matrix`` are positive), first bounded all at
        # once: a column of ``sub`` sums to at most 2 size.  A nearly singular system may be a face
        # of Q (a degenerate game): leave it to the two-sided method.
        column_sums = np.abs(inverse).sum(axis=1)
        if not 2.0 * size * float(column_sums.max()) < _MAX_CONDITION and not np.all(  # NaN: the full check
            sub.sum(axis=1).max(axis=1) * column_sums.max(axis=1) < _MAX_CONDITION
        ):
            return None
        found = np.einsum("kij,kj->ki", inverse, valid)
        values[flat:flat_last] = found[valid] if padded else found.ravel()
        flat = flat_last
    y = np.zeros((len(x), n))
    y[np.repeat(np.arange(len(x)), sizes), all_columns] = values
    return _feasible(x, y, matrix, tie, prob_tol)


def _filter_margin(tie: float, prob_tol: float, n: int) -> float:
    """The margin of the partner filter: what the feasibility test and the rounding of ``A_R y = 1`` allow.

    A feasible ``y`` (coordinates ``>= -prob_tol sum(y)``, ``A y <= 1 + tie sum(y)``,
    ``A_R y = 1`` up to rounding) would need a row difference of at most
    ``tie + n prob_tol + rounding`` somewhere on ``C``.
    """
    return 2.0 * (tie + n * prob_tol + 8.0 * n * n * float(np.finfo(float).eps))


def _padded_partners(
    x: np.ndarray,
    support: np.ndarray,
    best: np.ndarray,
    matrix: np.ndarray,
    tie: float,
    prob_tol: float,
    *,
    size: int,
) -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`_partners` in one batch: every system padded to the largest by an identity block, in few numpy calls.

    System ``k`` is ``A_RC`` in its top-left ``|R| x |R|`` block (rows and columns in
    increasing order, as :func:`numpy.nonzero` lists them) and the identity below: the
    padding slots gather from a zero row and column appended to ``A``, and get ones on
    the diagonal.  ``size`` is the padded size (at least every ``|R|``): the rounding of a
    padded system's solution depends on it, not on the other systems.
    """
    if len(x) == 0:
        return x, np.zeros((0, matrix.shape[1]))
    k, n = matrix.shape
    sizes = support.view(np.uint8) @ np.ones(support.shape[1], dtype=np.int64)
    m = size  # at least every |R| = |C|
    valid = np.arange(m) < sizes[:, None]
    rows, columns = np.full((len(x), m), k, dtype=np.intp), np.full((len(x), m), n, dtype=np.intp)
    np.place(rows, valid, support.nonzero()[1])
    np.place(columns, valid, best.nonzero()[1])
    padded = np.zeros((k + 1, n + 1))
    padded[:k, :n] = matrix
    sub = padded.take(rows[:, :, None] * (n + 1) + columns[:, None, :])
    sub.reshape(len(x), m * m)[:, :: m + 1] += ~valid
    try:
        inverse = np.linalg.inv(sub)
    except np.linalg.LinAlgError:
        return None
    # 1-norm condition numbers (the entries of ``matrix`` are positive; see _partners), first
    # bounded all at once: ||A_RC||_1 <= 2 m, as the entries lie in [1, 2], and a column sum
    # of ``|A_RC^-1|`` is at most m times its largest entry.
    if not 2.0 * m * m * float(np.abs(inverse).max(initial=0.0)) < _MAX_CONDITION and not np.all(
        sub.sum(axis=1).max(axis=1) * np.abs(inverse).sum(axis=1).max(axis=1) < _MAX_CONDITION
    ):  # NaN: the full check, which fails
        return None
    y = np.zeros((len(x), n))
    np.place(y, best, np.einsum("kij,kj->ki", inverse, valid.astype(float))[valid])  # float: a faster loop
    return _feasible(x, y, matrix, tie, prob_tol)


def _feasible(
    x: np.ndarray, y: np.ndarray, matrix: np.ndarray, tie: float, prob_tol: float
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs whose ``y`` lies in ``Q`` (within the tolerances), with near-zero coordinates set to zero.

    Row minima and maxima decide the same as comparing every coordinate: rounding
    ``v - 1`` is monotone in ``v``.  The rows ``x`` plays (nonzero coordinates, exactly
    so: zeros within the tolerance were set to 0) are the system's own: ``A_R y = 1``
    holds by construction, and their rounded values are not tested (a solve through the
    inverse leaves residuals up to the condition number times the rounding unit, beyond a
    tight tolerance, which dropped true equilibria).
    """
    total = y.sum(axis=1)  # finite: every inverse passed the condition check
    feasible = (total > 0) & (y.min(axis=1) >= -prob_tol * total)  # array methods: no wrapper call
    x, y, total = x.compress(feasible, axis=0), y.compress(feasible, axis=0), total.compress(feasible)
    values = y @ matrix.T
    np.putmask(values, x != 0.0, 1.0)
    feasible = values.max(axis=1, initial=-np.inf) - 1.0 <= tie * total
    y, total = y.compress(feasible, axis=0), total.compress(feasible)
    np.putmask(y, y <= prob_tol * total[:, None], 0.0)
    return x.compress(feasible, axis=0), y


def one_sided_pairs(
    row_payoffs: np.ndarray,
    column_payoffs: np.ndarray,
    row_tol: float,
    column_tol: float,
    prob_tol: float,
    cache: PolytopeCache | None = None,
    *,
    float_rows: bool = False,
    tol: float | None = None,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Unnormalised extreme equilibria ``(x, y)`` of a nondegenerate float game, or None.

    Parameters
    ----------
    row_payoffs, column_payoffs : numpy.ndarray
        Shape ``(m, n)``.
    row_tol, column_tol : float
        Each player's absolute tie tolerance.
    prob_tol : float
        Tolerance below which a coordinate counts as zero.
    cache : PolytopeCache, optional
        Reuses the enumerated polytope of an earlier game with the same table.
    float_rows : bool, optional
        The caller has established that ``row_payoffs`` are not small rationals
        (:func:`~.polytope.integer_scaling` would return None), so it is not asked again.
    tol : float, optional
        The relative tolerance behind ``row_tol`` and ``column_tol``.  Given, a game that
        dominated strategies leave with at most :data:`_TINY_AFTER_DOMINANCE` square
        systems per polytope (3 x 4 and smaller) is solved by the plain-Python kernel
        (:func:`~.tiny_games.tiny_equilibria`, which removes the same strategies itself
        and also answers degenerate games); its equilibria are returned, normalised.

    Returns
    -------
    tuple of numpy.ndarray or None
        ``(x, y)`` of shapes ``(K, m)`` and ``(K, n)``, one row per extreme
        equilibrium (not normalised), or None when this method does not apply: small
        games (:func:`~.nash_cost.use_one_sided`), payoffs that are small rationals (decided exactly elsewhere), a
        degenerate vertex or singular system, or a Qhull result not certified complete.

    Raises
    ------
    SolverError
        If Qhull had to be stopped at the time limit ``max_nash_seconds`` (it runs under
        that budget when the upper-bound estimate of its time is above the limit).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.normal(size=(2, 9, 9))
    >>> x, y = one_sided_pairs(a, b, 1e-9, 1e-9, 1e-9)
    >>> x.shape[1], y.shape[1], len(x) % 2  # a nondegenerate game has an odd number
    (9, 9, 1)
    """
    m, n = row_payoffs.shape
    if not use_one_sided(n, m) or (not float_rows and integer_scaling(row_payoffs, row_tol) is not None):
        return None
    if integer_scaling(column_payoffs, column_tol) is not None:
        return None
    from negotiation_sim.solvers.vertex_hull import HullOverBudget

    matrix_q, tie_q = float_matrix(row_payoffs, row_tol)
    matrix_p, tie_p = float_matrix(column_payoffs.T, column_tol)
    # Margins as in tiny_games: twice the tie tolerance plus what zero-within-tolerance coordinates take away.
    rows, columns, spread_q, spread_p = _undominated(
        matrix_q, matrix_p, 2 * tie_q + n * prob_tol, 2 * tie_p + m * prob_tol
    )
    if len(rows) == len(columns) == 1:  # solved by dominance: the one equilibrium is pure
        x, y = np.zeros((1, m)), np.zeros((1, n))
        x[0, rows], y[0, columns] = 1.0, 1.0
        return x, y
    if tol is not None and math.comb(len(rows) + len(columns), len(rows)) <= _TINY_AFTER_DOMINANCE:
        # This method's fixed cost (a few hundred numpy calls) exceeds that kernel's whole solve.
        equilibria, _ = tiny_equilibria(row_payoffs, column_payoffs, tol, degeneracy=False)
        return (
            np.array([e.row for e in equilibria]).reshape(-1, m),
            np.array([e.column for e in equilibria]).reshape(-1, n),
        )
    if min(len(rows), len(columns)) < 2:  # ties within the margins: Qhull needs two dimensions
        rows, columns = np.arange(m), np.arange(n)
        spread_q, spread_p = _rank_spread(matrix_q), _rank_spread(matrix_p)
    reduced = len(rows) < m or len(columns) < n
    if reduced:
        matrix_q, matrix_p = matrix_q[np.ix_(rows, columns)], matrix_p[np.ix_(columns, rows)]
    # Above the upper-bound estimate, Qhull runs under the time limit (vertex_hull._budgeted_candidates).
    # The limit is a whole number of seconds, at least 1: small games need not read it.
    bound, seconds = estimate_cost(len(rows), len(columns), "qhull").seconds, None
    if bound >= 1.0 and bound > current_limits().max_nash_seconds:
        seconds = float(current_limits().max_nash_seconds)
    try:
        if len(rows) > len(columns) or (len(rows) == len(columns) and spread_q > spread_p):
            swapped = _from_matrices(matrix_p, tie_p, matrix_q, tie_q, prob_tol, cache, seconds)
            found = None if swapped is None else (swapped[1], swapped[0])
        else:
            found = _from_matrices(matrix_q, tie_q, matrix_p, tie_p, prob_tol, cache, seconds)
    except HullOverBudget as stop:
        raise hull_stopped_error(stop, m, n) from stop  # the game's shape, whichever polytope is enumerated
    if found is None or not reduced:
        return found
    x, y = np.zeros((len(found[0]), m)), np.zeros((len(found[1]), n))
    x[:, rows], y[:, columns] = found
    return x, y


def _undominated(
    matrix_q: np.ndarray, matrix_p: np.ndarray, margin_q: float, margin_p: float
) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Rows and columns left by iterated strict dominance by a pure strategy, and the rank spreads left.

    A row of ``matrix_q`` (the row player's payoffs) is removed when another remaining
    row exceeds it by more than ``margin_q`` in every remaining column, and a row of
    ``matrix_p`` (the column player's, columns by rows) likewise: its best-response
    constraint is slack by more than the tolerances wherever equilibria lie, so it is
    played in no equilibrium, and the equilibria are those of the smaller game (the rule
    of ``tiny_games._undominated``; the survivors do not depend on the order of removal).
    The rank spreads (:func:`_rank_spread`) of the remaining matrices come from the same
    pairwise differences.  Above a million differences per matrix nothing is removed.  With
    the compiled kernels switched on, the compiled twin decides (:func:`_compiled_undominated`).
    """
    rows, columns = np.arange(matrix_q.shape[0]), np.arange(matrix_q.shape[1])
    if max(matrix_q.size * len(rows), matrix_p.size * len(columns)) > 1_000_000:
        return rows, columns, _rank_spread(matrix_q), _rank_spread(matrix_p)
    if compiled_enabled():
        return _compiled_undominated(matrix_q, matrix_p, margin_q, margin_p)
    q, p = matrix_q, matrix_p
    while True:
        # differences[i, r, j] = row i minus row r in column j
        differences_q, differences_p = q[:, None, :] - q[None, :, :], p[:, None, :] - p[None, :, :]
        beaten_q = (differences_q > margin_q).all(axis=2).any(axis=0)
        beaten_p = (differences_p > margin_p).all(axis=2).any(axis=0)
        if not (beaten_q.any() or beaten_p.any()):
            return rows, columns, _spread(differences_q), _spread(differences_p)
        rows, columns = rows[~beaten_q], columns[~beaten_p]
        q, p = matrix_q[np.ix_(rows, columns)], matrix_p[np.ix_(columns, rows)]


def _compiled_undominated(
    matrix_q: np.ndarray, matrix_p: np.ndarray, margin_q: float, margin_p: float
) -> tuple[np.ndarray, np.ndarray, float, float]:
    """:func:`_undominated` by the compiled kernel (:func:`~.numba_kernels.undominated`): the same result."""
    rows, columns, totals_q, totals_p = kernels().undominated(
        _for_kernel(matrix_q), _for_kernel(matrix_p), float(margin_q), float(margin_p)
    )
    return rows, columns, _variance(totals_q.tolist(), len(columns)), _variance(totals_p.tolist(), len(rows))


def _rank_spread(constraints: np.ndarray) -> float:
    """How unequally the constraints (rows) rank across the coordinates (columns): the variance of mean ranks.

    A player some of whose strategies are good replies to most of the opponent's
    strategies has fewer best-response regions, and the polytope whose constraints
    are that player's payoffs has fewer vertices: on seeded random square games this
    picked the polytope with fewer vertices in 72-100 % of games (8 x 8 to 15 x 15),
    enumerating 9-24 % fewer vertices than always taking ``P``.  The rank of an entry is
    the number of entries of its column it exceeds (ties only change which polytope is
    enumerated, not the equilibria), counted by one comparison for small games.
    """
    k, d = constraints.shape
    if k * k * d <= 1_000_000:
        return _spread(constraints[:, None, :] - constraints[None, :, :])
    return _variance(np.argsort(np.argsort(constraints, axis=0), axis=0).sum(axis=1).tolist(), d)


def _spread(differences: np.ndarray) -> float:
    """:func:`_rank_spread` from the pairwise row differences ``differences[i, r, j]``."""
    return _variance((differences > 0.0).sum(axis=(1, 2)).tolist(), differences.shape[2])


def _variance(totals: list[int], d: int) -> float:
    """The variance of ``totals / d``, exactly rounded (integer totals)."""
    k = len(totals)
    return (k * sum(t * t for t in totals) - sum(totals) ** 2) / (k * k * d * d)


def _from_matrices(
    matrix_q: np.ndarray,
    tie_q: float,
    matrix_p: np.ndarray,
    tie_p: float,
    prob_tol: float,
    cache: PolytopeCache | None,
    seconds: float | None,
) -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`one_sided_pairs` from the vertices of ``P`` (the row player's mixed strategies) of the game given by
    its polytope matrices (entries in ``[1, 2]``) and their tie tolerances, without removing dominated strategies."""
    from negotiation_sim.solvers.vertex_hull import float_candidates, hull_float_vertices

    compiled = kernels() if compiled_enabled() else None
    k, d = matrix_p.shape
    if compiled is not None and cache is None and seconds is None and d + k <= 62:  # label sets as int64 bitmasks
        # The compiled labels and fast certificate; the numpy route decides on the same candidates when they decline.
        candidates = float_candidates(matrix_p, premerge=False)
        if candidates is None:
            return None
        simple, points, zero, tight = compiled.simple_vertices(
            _for_kernel(candidates), _for_kernel(matrix_p), float(tie_p), float(prob_tol)
        )
        if not simple:
            p = hull_float_vertices(matrix_p, tie_p, prob_tol, simple=True, candidates=candidates)
            if p is None:
                return None
            points, zero, tight = p.points, p.zero, p.tight
    else:
        # Simple: every vertex has exactly m labels (the fast certificate checks it on the way).
        p = enumerate_with(cache, hull_float_vertices, matrix_p, tie_p, prob_tol, seconds=seconds, simple=True)
        if p is None:
            return None
        points, zero, tight = p.points, p.zero, p.tight
    if compiled is not None:
        found = _compiled_partners(compiled, points, zero, tight, matrix_q, tie_q, prob_tol)
        if found is not None:
            return found
    return _partners(points, ~zero, tight, matrix_q, tie_q, prob_tol)


def _compiled_partners(
    compiled: ModuleType,
    x: np.ndarray,
    zero: np.ndarray,
    best: np.ndarray,
    matrix: np.ndarray,
    tie: float,
    prob_tol: float,
) -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`_partners` by the compiled kernel (:func:`~.numba_kernels.partner_pairs`), or None where it declines.

    The same systems are skipped unsolved as by :func:`_partners` (the partner filter,
    where there are many systems), so the same systems face the condition check; None
    (a system not below it) leaves the decision to :func:`_partners`.
    """
    m, n = x.shape[1], matrix.shape[1]
    skip = np.zeros(len(x), dtype=bool)
    if len(x) * m**3 > _COMPILED_FILTER_WORK:
        by_rows, by_mixtures = without_partner(~zero, best, matrix, _filter_margin(tie, prob_tol, n))
        skip = by_rows | by_mixtures
    solved, xs, ys = compiled.partner_pairs(
        _for_kernel(x),
        _for_kernel(zero),
        _for_kernel(best),
        skip,
        _for_kernel(matrix),
        float(tie),
        float(prob_tol),
        _MAX_CONDITION,
    )
    return (xs, ys) if solved else None


def _for_kernel(array: np.ndarray) -> np.ndarray:
    """``array`` C-contiguous and writeable (a copy only if it is not): numba compiles a kernel once per layout."""
    return np.require(array, requirements=("C", "W"))
