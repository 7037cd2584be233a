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

The polytope in the smaller dimension is enumerated (Qhull is much faster there);
its vertex set is certified complete as in :mod:`.vertex_hull`, so the result equals
the two-sided enumeration.  Only :func:`~.nash.nash_equilibria` uses this path: it
does not establish whether ``Q`` is degenerate.

References
----------
C. Audet, P. Hansen, B. Jaumard and G. Savard, "Enumeration of all extreme
equilibria of bimatrix games", *SIAM J. Sci. Comput.* 23 (2001) 323-338.
D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash
equilibria for two-player games", *Economic Theory* 42 (2010) 9-37.
"""

from __future__ import annotations

import numpy as np

from negotiation_sim.solvers.best_response import float_matrix
from negotiation_sim.solvers.nash_cost import check_cost, use_one_sided
from negotiation_sim.solvers.polytope import integer_scaling

__all__ = ["one_sided_pairs"]

_MAX_CONDITION = 1e11


def _partners(
    x: np.ndarray, support: np.ndarray, best: np.ndarray, matrix: np.ndarray, tie: float, prob_tol: float
) -> tuple[np.ndarray, np.ndarray] | None:
    """The feasible partners ``y`` of vertices ``x`` (all of one support size), or None if one is singular."""
    s = int(support[0].sum())
    rows = np.nonzero(support)[1].reshape(-1, s)
    columns = np.nonzero(best)[1].reshape(-1, s)
    sub = matrix[rows[:, :, None], columns[:, None, :]]
    try:
        inverse = np.linalg.inv(sub)
    except np.linalg.LinAlgError:
        return None
    # A nearly singular system may be a face of Q (a degenerate game): leave it to the two-sided method.
    condition = np.abs(sub).sum(axis=1).max(axis=1) * np.abs(inverse).sum(axis=1).max(axis=1)
    if not np.all(condition < _MAX_CONDITION):
        return None
    y = np.zeros((len(x), matrix.shape[1]))
    np.put_along_axis(y, columns, inverse.sum(axis=2), axis=1)
    total = y.sum(axis=1)
    with np.errstate(invalid="ignore", over="ignore"):
        feasible = (total > 0) & np.all(y >= -prob_tol * total[:, None], axis=1)
        feasible &= np.all(y @ matrix.T - 1.0 <= tie * total[:, None], axis=1)
    y = np.where(y <= prob_tol * total[:, None], 0.0, y)
    return x[feasible], y[feasible]


def one_sided_pairs(
    row_payoffs: np.ndarray, column_payoffs: np.ndarray, row_tol: float, column_tol: float, prob_tol: float
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
        If the enumeration is estimated to exceed the time limit.

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
    if m > n:
        swapped = one_sided_pairs(column_payoffs.T, row_payoffs.T, column_tol, row_tol, prob_tol)
        return None if swapped is None else (swapped[1], swapped[0])
    if not use_one_sided(n, m) or integer_scaling(row_payoffs, row_tol) is not None:
        return None
    if integer_scaling(column_payoffs, column_tol) is not None:
        return None
    from negotiation_sim.solvers.vertex_hull import hull_float_vertices

    check_cost(n, m, "qhull")
    matrix_p, tie_p = float_matrix(column_payoffs.T, column_tol)
    p = hull_float_vertices(matrix_p, tie_p, prob_tol)
    if p is None or np.any(p.zero.sum(axis=1) + p.tight.sum(axis=1) != m):
        return None
    matrix_q, tie_q = float_matrix(row_payoffs, row_tol)
    support = ~p.zero
    sizes = support.sum(axis=1)
    xs, ys = [], []
    for s in np.unique(sizes).tolist():
        at = sizes == s
        found = _partners(p.points[at], support[at], p.tight[at], matrix_q, tie_q, prob_tol)
        if found is None:
            return None
        xs.append(found[0])
        ys.append(found[1])
    return np.concatenate(xs), np.concatenate(ys)
