"""Vertex enumeration of a best-response polytope with Qhull, certified complete.

Fast path behind :func:`negotiation_sim.solvers.polytope.best_response_vertices` for
games too large to solve every square subsystem.  For ``P = {z >= 0, M z <= 1}``
(``M`` positive, shape ``(k, d)``):

1. Qhull (:class:`scipy.spatial.HalfspaceIntersection`) intersects the ``k + d``
   halfspaces around the interior point ``z = 1 / (2 max_j sum_i M_ji)`` (for float
   payoffs, :class:`scipy.spatial.ConvexHull` of the polar points, which is faster).
   Qhull works in floating point and may miss or merge vertices of degenerate
   polytopes, so its output is only a list of *candidates*.  Under a time budget
   (:func:`certified_hull_vertices` with ``seconds``) the constraints are added one at
   a time (incremental Qhull) and the run is stopped, with :class:`HullOverBudget`,
   as soon as the budget would be exceeded.
2. For each candidate, the ``d`` constraints with the smallest slack that are
   linearly independent form a basis; the basic solution is solved again and
   certified in exact integer arithmetic
   (:func:`~negotiation_sim.solvers.polytope.exact_basis_vertices`) when ``M`` is
   integer, so every vertex returned is a true vertex with its exact labels (all
   tight constraints, also at degenerate vertices).
3. Completeness is certified combinatorially: the set must be closed under
   adjacency (:func:`~negotiation_sim.solvers.closure.is_closed`).

If any step fails (Qhull error, a certificate that does not close, too many
constraint subsets at a very degenerate vertex) the functions return ``None`` and
the caller falls back to the exhaustive exact enumeration.

References
----------
C. B. Barber, D. P. Dobkin and H. Huhdanpaa, "The Quickhull algorithm for convex
hulls", *ACM Trans. Math. Software* 22 (1996) 469-483.
M. L. Balinski, "On the graph structure of convex polyhedra in n-space",
*Pacific J. Math.* 11 (1961) 431-434.
"""

from __future__ import annotations

import time
from functools import lru_cache

import numpy as np

from negotiation_sim.errors import SolverError
from negotiation_sim.solvers.closure import MAX_DEGENERATE_SUBSETS, MAX_UNWITNESSED, is_closed, label_keys
from negotiation_sim.solvers.polytope import PolytopeVertices, exact_basis_vertices

__all__ = [
    "MAX_DEGENERATE_SUBSETS",
    "MAX_UNWITNESSED",
    "HullOverBudget",
    "certified_hull_vertices",
    "float_candidates",
    "hull_float_vertices",
    "is_closed",
]


def _candidates(matrix: np.ndarray) -> np.ndarray | None:
    """Qhull's vertices of ``{z >= 0, M z <= 1}`` (floating point), or None on a Qhull error."""
    from scipy.spatial import HalfspaceIntersection, QhullError

    k, d = matrix.shape
    halfspaces = np.vstack([np.hstack([matrix, -np.ones((k, 1))]), np.hstack([-np.eye(d), np.zeros((d, 1))])]).astype(
        float
    )
    inside = np.full(d, 0.5 / float(matrix.sum(axis=1).max()))
    try:
        points = HalfspaceIntersection(halfspaces, inside).intersections
    except (QhullError, ValueError):
        return None
    if not np.all(np.isfinite(points)):
        return None
    # Qhull repeats a degenerate vertex once per facet of its triangulation.  Rows are
    # deduplicated by a hash of their rounded values; a hash collision would only drop a
    # candidate, which the completeness certificate then catches.
    rounded = np.round(points, 12)
    _, first = np.unique(rounded @ np.linspace(1.0, 2.0, d) ** 0.5, return_index=True)
    return points[first]


def float_candidates(matrix: np.ndarray, *, premerge: bool = True) -> np.ndarray | None:
    """Qhull's vertices of ``{z >= 0, M z <= 1}`` from the facets of the polar polytope, or None.

    The float path's variant of :func:`_candidates`: the polar of the polytope about
    the interior point ``c`` is the convex hull of the points ``N_l / (h_l - N_l c)``
    (one per constraint ``N_l z <= h_l``), and each of its facets ``a p + b = 0`` is
    the vertex ``c - a / b``.  :class:`scipy.spatial.ConvexHull` computes that hull
    directly (as QuantEcon's ``vertex_enumeration`` does), about 5-10 % faster than
    :class:`scipy.spatial.HalfspaceIntersection`, which also builds per-facet Python
    lists.  Repeated points (a degenerate vertex, once per facet of the triangulation)
    are left in: :func:`hull_float_vertices` keeps one candidate per label set.  Without
    ``premerge``, Qhull runs without merging facets first (option ``Q0``, about a quarter
    faster at 10 x 10), and again with them if that run fails.

    Parameters
    ----------
    matrix : numpy.ndarray
        ``M``, shape ``(k, d)``, entries in ``[1, 2]``.
    premerge : bool, optional
        False to run Qhull with option ``Q0`` first.

    Returns
    -------
    numpy.ndarray or None
        Candidate vertices, shape ``(N, d)``, the origin and repeats included; None on a
        Qhull error or a facet that does not bound the interior point.

    Examples
    --------
    >>> import numpy as np
    >>> sorted(map(tuple, float_candidates(np.array([[2.0, 1.0], [1.0, 2.0]])).round(6).tolist()))
    [(0.0, 0.0), (0.0, 0.5), (0.333333, 0.333333), (0.5, 0.0)]
    """
    from scipy.spatial import QhullError

    k, d = matrix.shape
    row_sums = matrix.sum(axis=1)
    inside = 0.5 / float(row_sums.max())
    # Slacks at the interior point: 1 - M c for the constraints, c for the coordinates (z >= 0 is -z <= 0).
    polar = np.empty((k + d, d))
    np.divide(matrix, (1.0 - inside * row_sums)[:, None], out=polar[:k])
    polar[k:] = -0.0  # the signed zeros of np.eye(d) * (-1 / inside)
    polar[k:].flat[:: d + 1] = -1.0 / inside
    try:
        try:
            equations = _hull_equations(polar, premerge=premerge)
        except QhullError:
            if premerge:
                raise
            equations = _hull_equations(polar)
    except (QhullError, ValueError):
        return None
    # The interior point is the origin of the polar: every facet's offset is negative (NaN: not).
    if not equations[:, -1].max(initial=-np.inf) < 0.0:
        return None
    points = inside - equations[:, :-1] / equations[:, -1:]
    if not np.isfinite(points).all():
        return None
    return points


def _hull_equations(points: np.ndarray, *, premerge: bool = True) -> np.ndarray:
    """The facet equations of :class:`scipy.spatial.ConvexHull` of ``points``, without its other outputs.

    ``ConvexHull`` also computes the hull's volume and area and copies the points, a
    fifth to a third of its time on these polars (6 x 6 to 12 x 12).  Its private
    ``_Qhull`` class is run here with the same options and the same triangulation, so
    the equations are the same; if that class is missing or has changed, ``ConvexHull``
    itself is used.  Without ``premerge`` Qhull's option ``Q0`` is added: no facets are
    merged first, which saves the convexity tests between neighbouring facets; on a
    nondegenerate polytope the facets are the same, and a result from a nearly degenerate
    one is judged by the certificate like any other.
    """
    from scipy.spatial import ConvexHull

    points = np.ascontiguousarray(points, dtype=float)
    try:
        from scipy.spatial._qhull import _Qhull

        options = (b"Qx" if points.shape[1] >= 5 else b"") if premerge else b"Q0"
        qhull = _Qhull(b"i", points, options, required_options=b"Qt")
    except (ImportError, TypeError, AttributeError):
        return ConvexHull(points, qhull_options=None if premerge else "Q0").equations
    try:
        qhull.triangulate()
        return np.asarray(qhull.get_simplex_facet_array()[2])
    finally:
        qhull.close()


def _bases(matrix: np.ndarray, points: np.ndarray) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """A square basis (tight rows ``C``, support ``R``) for each candidate point, grouped by size."""
    k, d = matrix.shape
    scale = np.maximum(points.sum(axis=1, keepdims=True), 1e-300)
    # Relative slacks: coordinates first (z_i >= 0), then constraints (M z <= 1).
    slack = np.concatenate([points / scale, (1.0 - points @ matrix.T) / scale], axis=1)
    slack = np.maximum(slack, 0.0)
    normals = np.vstack([-np.eye(d), matrix.astype(float)])
    order = np.argsort(slack, axis=1, kind="stable")
    # Most candidates are simple: their d tightest constraints are independent (one batched LU).
    chosen = order[:, :d].copy()
    first = normals[chosen]
    full_rank = np.abs(np.linalg.det(first)) > 1e-9 * np.prod(np.linalg.norm(first, axis=2), axis=1)
    rest = np.flatnonzero(~full_rank)
    if len(rest):
        chosen[rest], full_rank[rest] = _independent(normals, order[rest])
    chosen = chosen[full_rank]
    is_row = chosen >= d
    sizes = is_row.sum(axis=1)
    # Coordinates whose constraint z_i >= 0 is in the basis are zero; the rest is the support.
    support = np.ones((len(chosen), d + 1), dtype=bool)
    np.put_along_axis(support, np.where(is_row, d, chosen), False, axis=1)
    support = support[:, :d]
    batches = []
    for s in sorted(set(sizes.tolist()) - {0}):
        at = sizes == s
        rows = np.sort(np.where(is_row[at], chosen[at] - d, k), axis=1)[:, :s]
        r_idx = np.nonzero(support[at])[1].reshape(-1, s)
        batches.append((s, rows, r_idx))
    return batches


def _independent(normals: np.ndarray, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row of ``order``, the first ``d`` rows of ``normals`` in that order that are linearly independent.

    Greedy Gram-Schmidt in floating point, for all candidates at once: step ``j`` offers
    each candidate its ``j``-th row, kept if its residual against the rows kept so far is
    not negligible.  Returns the chosen indices (shape ``(N, d)``) and whether ``d`` were
    found.  The basis is certified exactly afterwards
    (:func:`~negotiation_sim.solvers.polytope.exact_basis_vertices` drops singular ones).
    """
    n, width = order.shape
    d = normals.shape[1]
    chosen = np.zeros((n, d), dtype=np.intp)
    count = np.zeros(n, dtype=np.intp)
    basis = np.zeros((n, d, d))  # orthonormal rows so far, zero rows beyond count
    norms = np.linalg.norm(normals, axis=1)
    for j in range(width):
        open_ = np.flatnonzero(count < d)
        if len(open_) == 0:
            break
        index = order[open_, j]
        row = normals[index]
        part = basis[open_]
        residual = row - np.einsum("nkd,nk->nd", part, np.einsum("nkd,nd->nk", part, row))
        size = np.linalg.norm(residual, axis=1)
        keep = size > 1e-9 * norms[index]
        at, slot = open_[keep], count[open_[keep]]
        chosen[at, slot] = index[keep]
        basis[at, slot] = residual[keep] / size[keep, None]
        count[at] += 1
    return chosen, count == d


class HullOverBudget(SolverError):
    """Qhull was stopped before it finished, because the time limit would be exceeded.

    Attributes
    ----------
    seconds : float
        Time spent in Qhull when it was stopped.
    vertices : int
        Vertices of the intermediate polytope (the constraints added so far).
    added, constraints : int
        Constraints ``M z <= 1`` added so far, and in all.
    next_seconds : float
        Estimated time of the next step (the last step's time, grown as the vertex count grew).
    """

    def __init__(self, *, seconds: float, vertices: int, added: int, constraints: int, next_seconds: float) -> None:
        super().__init__(
            f"Qhull stopped after {seconds:.3g} s with {vertices} vertices and {added} of {constraints} constraints"
        )
        self.seconds, self.vertices, self.added = seconds, vertices, added
        self.constraints, self.next_seconds = constraints, next_seconds


def _budgeted_candidates(matrix: np.ndarray, seconds: float) -> np.ndarray | None:
    """Qhull's vertices of ``{z >= 0, M z <= 1}``, one constraint at a time under a time budget.

    Starts from the simplex ``{z >= 0, sum(z) <= 2}`` (``sum(z) <= 1`` holds in the polytope
    as ``M >= 1``) and adds the rows of ``M`` incrementally, so the work done so far, and
    the intermediate polytope's vertex count, are known between steps.  Raises
    :class:`HullOverBudget` when the time spent, plus the next step's estimated time,
    would exceed ``seconds``; None on a Qhull error.
    """
    from scipy.spatial import HalfspaceIntersection, QhullError

    k, d = matrix.shape
    box = np.vstack([np.hstack([-np.eye(d), np.zeros((d, 1))]), np.hstack([np.ones((1, d)), [[-2.0]]])])
    rows = np.hstack([matrix.astype(float), -np.ones((k, 1))])
    inside = np.full(d, 0.5 / float(matrix.sum(axis=1).max()))
    start = time.perf_counter()
    try:
        hull = HalfspaceIntersection(box, inside, incremental=True)
        try:
            count, last_step = len(hull.intersections), 0.0
            for j in range(k):
                before = time.perf_counter()
                hull.add_halfspaces(rows[j : j + 1])
                now = time.perf_counter()
                grown = len(hull.intersections)
                last_step, growth, count = now - before, grown / max(count, 1), grown
                spent = now - start
                if j + 1 < k and spent + last_step * growth > seconds:
                    raise HullOverBudget(
                        seconds=spent, vertices=count, added=j + 1, constraints=k, next_seconds=last_step * growth
                    )
            points = hull.intersections
        finally:
            hull.close()
    except (QhullError, ValueError):
        return None
    if not np.all(np.isfinite(points)):
        return None
    rounded = np.round(points, 12)
    _, first = np.unique(rounded, axis=0, return_index=True)
    return points[np.sort(first)]


def certified_hull_vertices(matrix: np.ndarray, *, seconds: float | None = None) -> PolytopeVertices | None:
    """All nonzero vertices of ``{z >= 0, M z <= 1}`` for a positive integer ``M``, or None.

    Qhull proposes the vertices, each is re-solved and certified exactly, and the
    set is certified complete with :func:`is_closed`.  ``None`` means some step
    failed and the caller must use an exhaustive exact method instead.

    Parameters
    ----------
    matrix : numpy.ndarray
        Positive ``int64`` matrix, shape ``(k, d)``.
    seconds : float, optional
        Time budget for Qhull.  If given, Qhull adds the constraints one at a time and
        is stopped as soon as the budget would be exceeded; by default it runs in one go.

    Returns
    -------
    PolytopeVertices or None
        Exact vertices and labels (the origin excluded), or None if not certified.

    Raises
    ------
    HullOverBudget
        If Qhull was stopped by the time budget ``seconds``.

    Examples
    --------
    >>> import numpy as np
    >>> found = certified_hull_vertices(np.array([[2, 1], [1, 2]]))
    >>> found.points.tolist()
    [[0.0, 0.5], [0.5, 0.0], [0.3333333333333333, 0.3333333333333333]]
    """
    k, d = matrix.shape
    points = _candidates(matrix) if seconds is None else _budgeted_candidates(matrix, seconds)
    if points is None:
        return None
    found = exact_basis_vertices(matrix, _bases(matrix, points))
    origin_zero = np.ones((1, d), bool)
    labels = np.concatenate(
        [
            np.concatenate([origin_zero, np.zeros((1, k), bool)], axis=1),
            np.concatenate([found.zero, found.tight], axis=1),
        ]
    )
    normals = np.vstack([-np.eye(d, dtype=np.int64), matrix.astype(np.int64)])
    if not is_closed(labels, d, normals):
        return None
    return found


_ROW_BLOCK = 1024


def _row_blocks_product(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """``left @ right`` computed in near-equal blocks of at most :data:`_ROW_BLOCK` rows.

    From a few thousand rows OpenBLAS hands one product of these shapes to its worker
    threads, whose start-up and spin-wait cost far more than the product (4.3 ms median
    against 0.07 ms single-threaded at 5,524 x 12 x 12, and CPU time burnt in what runs
    next); each block stays below that threshold.  Blocks are near-equal so that none has
    a single row: numpy computes a one-row product by another routine, whose last bit can
    differ from the matrix product's.
    """
    rows = len(left)
    if rows <= _ROW_BLOCK:
        return left @ right
    size = -(-rows // -(-rows // _ROW_BLOCK))  # ceil(rows / number of blocks): at least 513 here
    out = np.empty((rows, right.shape[1]))
    for start in range(0, rows, size):
        np.matmul(left[start : start + size], right, out=out[start : start + size])
    return out


def _simple_and_closed(labels: np.ndarray, d: int) -> np.ndarray | None:
    """Key order of the vertices when all are simple, distinct and pair up along edges, else None.

    The fast case of :func:`is_closed` for a simple polytope (labels beside the origin's
    ``d`` zero coordinates): every label set has exactly ``d`` labels, no two are equal,
    and every set minus one label occurs at exactly two vertices (the origin included),
    the ends of an edge.  Then :func:`is_closed` holds and ``numpy.unique`` of the keys
    would keep every vertex, in this order.  None sends the vertices down the general
    path, which decides the same question.
    """
    width = labels.shape[1]
    if width > 52:  # keys as exact float64 integers
        return None
    weights, origin_subsets = _key_weights(width, d)
    keys, counts = (labels @ weights).T  # the bitmasks of label_keys, and the label counts
    if not (counts == d).all():
        return None
    order = keys.argsort(kind="stable")
    ordered = keys.take(order)
    if (ordered[1:] == ordered[:-1]).any():
        return None
    # Each label set minus one label, for the vertices and for the origin (labels 0..d-1).
    subsets = np.concatenate([np.compress(labels.ravel(), (keys[:, None] - weights[:, 0]).ravel()), origin_subsets])
    subsets.sort()
    # Sorted, each value exactly twice: the steps alternate between equal and rising.
    rising = subsets[1:] > subsets[:-1]
    if len(subsets) % 2 or rising[0::2].any() or not rising[1::2].all():
        return None
    return order


@lru_cache(maxsize=64)
def _key_weights(width: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Per label, its bit as a float and a 1 (keys and counts in one product); the origin's label sets minus one."""
    weights = np.ones((width, 2))
    weights[:, 0] = np.ldexp(1.0, np.arange(width))
    origin_subsets = (2.0**d - 1.0) - weights[:d, 0]
    weights.setflags(write=False)
    origin_subsets.setflags(write=False)
    return weights, origin_subsets


def hull_float_vertices(
    matrix: np.ndarray,
    tie: float,
    prob_tol: float,
    *,
    seconds: float | None = None,
    simple: bool = False,
    candidates: np.ndarray | None = None,
) -> PolytopeVertices | None:
    """Nonzero vertices of ``{z >= 0, M z <= 1}`` for a float ``M``, labels within tolerances, or None.

    As :func:`certified_hull_vertices`, but for payoffs that are not small rationals:
    labels follow the tolerances of
    :func:`~negotiation_sim.solvers.polytope.float_vertices` (``tie`` for constraints,
    ``prob_tol`` for zero coordinates), and the closure certificate is checked on them.

    Parameters
    ----------
    matrix : numpy.ndarray
        Float matrix with entries in ``[1, 2]``, shape ``(k, d)``.
    tie, prob_tol : float
        Tolerances for tight constraints and zero coordinates, relative to ``sum(z)``.
    seconds : float, optional
        Time budget for Qhull, as in :func:`certified_hull_vertices`.
    simple : bool, optional
        Return None also when some vertex has more than ``d`` labels (a degenerate
        polytope), as the one-sided method needs.  Qhull then runs without pre-merging
        facets (``Q0``, see :func:`float_candidates`), except under a time budget.
    candidates : numpy.ndarray, optional
        Qhull's candidates already computed by :func:`float_candidates` (with
        ``premerge=not simple``); Qhull is then not run again.

    Returns
    -------
    PolytopeVertices or None
        Vertices with ``exact=False``, or None if not certified.

    Raises
    ------
    HullOverBudget
        If Qhull was stopped by the time budget ``seconds``.

    Examples
    --------
    >>> import numpy as np
    >>> found = hull_float_vertices(np.array([[2.0, 1.0], [1.0, 2.0]]), 1e-9, 1e-12)
    >>> found.zero.tolist()
    [[False, True], [True, False], [False, False]]
    """
    k, d = matrix.shape
    # A simple polytope is expected: no facets to merge (and a merge would not make it simple).
    points: np.ndarray | None = candidates
    if points is None:
        points = (
            float_candidates(matrix, premerge=not simple) if seconds is None else _budgeted_candidates(matrix, seconds)
        )
    if points is None:
        return None
    total = points.sum(axis=1)
    keep = total > prob_tol
    points, total = points.compress(keep, axis=0), total.compress(keep)[:, None]  # faster than masks
    labels = np.empty((len(points), d + k), dtype=bool)  # zero coordinates, then tight constraints
    zero = np.less_equal(points, prob_tol * total, out=labels[:, :d])
    np.greater_equal(_row_blocks_product(points, matrix.T) - 1.0, -tie * total, out=labels[:, d:])
    np.putmask(points, zero, 0.0)
    order = _simple_and_closed(labels, d)
    if order is not None:  # the common case of a generic game: no duplicates, closure certified
        labels = labels.take(order, axis=0)
        return PolytopeVertices(points=points.take(order, axis=0), zero=labels[:, :d], tight=labels[:, d:], exact=False)
    zero, tight = labels[:, :d], labels[:, d:]
    # A vertex is determined by its labels: one candidate per label set, in key order.
    _, first = np.unique(label_keys(labels), return_index=True)
    points, zero, tight = points[first], zero[first], tight[first]
    if simple and (zero.sum(axis=1) + tight.sum(axis=1) != d).any():
        return None
    labels = np.concatenate(
        [np.concatenate([np.ones((1, d), bool), np.zeros((1, k), bool)], axis=1), np.concatenate([zero, tight], axis=1)]
    )
    if not is_closed(labels, d, np.vstack([-np.eye(d), matrix])):
        return None
    return PolytopeVertices(points=points, zero=zero, tight=tight, exact=False)
