"""Vertex enumeration of a best-response polytope with Qhull, certified complete.

Fast path behind :func:`negotiation_sim.solvers.polytope.best_response_vertices` for
games too large to solve every square subsystem.  For ``P = {z >= 0, M z <= 1}``
(``M`` positive, shape ``(k, d)``):

1. Qhull (:class:`scipy.spatial.HalfspaceIntersection`) intersects the ``k + d``
   halfspaces around the interior point ``z = 1 / (2 max_j sum_i M_ji)``.  Qhull
   works in floating point and may miss or merge vertices of degenerate polytopes,
   so its output is only a list of *candidates*.
2. For each candidate, the ``d`` constraints with the smallest slack that are
   linearly independent form a basis; the basic solution is solved again and
   certified in exact integer arithmetic
   (:func:`~negotiation_sim.solvers.polytope.exact_basis_vertices`) when ``M`` is
   integer, so every vertex returned is a true vertex with its exact labels (all
   tight constraints, also at degenerate vertices).
3. Completeness is certified combinatorially.  The graph of a polytope is connected
   (Balinski), so a set of vertices closed under adjacency is the whole vertex set.
   Every edge at a vertex ``v`` lies on the line ``{N_S z = 1_S}`` of some ``d - 1``
   of its tight constraints ``S`` of rank ``d - 1``; a vertex ``u != v`` whose tight
   set contains ``S`` lies on that line and therefore *is* the other end of the edge.
   So the set is closed if, for every vertex and every such ``S``, another vertex
   carries the labels ``S`` — or, at a degenerate vertex, the line leaves ``P``
   immediately in both directions (checked exactly with a null vector of ``N_S``).

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

import math
from fractions import Fraction
from itertools import combinations, islice

import numpy as np

from negotiation_sim.solvers.polytope import PolytopeVertices, exact_basis_vertices

__all__ = ["MAX_DEGENERATE_SUBSETS", "MAX_UNWITNESSED", "certified_hull_vertices", "hull_float_vertices", "is_closed"]

MAX_DEGENERATE_SUBSETS = 5_000_000
"""Most constraint subsets examined at degenerate vertices before the certificate gives up."""

MAX_UNWITNESSED = 200_000
"""Most subsets without a witness vertex (each needs a null vector) before the certificate gives up."""

_SUBSET_CHUNK = 100_000

_CHUNK = 2_000_000  # entries per label-count matrix product


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
    return np.unique(np.round(points, 12), axis=0)


def _bases(matrix: np.ndarray, points: np.ndarray) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """A square basis (tight rows ``C``, support ``R``) for each candidate point, grouped by size."""
    k, d = matrix.shape
    scale = np.maximum(points.sum(axis=1, keepdims=True), 1e-300)
    # Relative slacks: coordinates first (z_i >= 0), then constraints (M z <= 1).
    slack = np.concatenate([points / scale, (1.0 - points @ matrix.T) / scale], axis=1)
    slack = np.maximum(slack, 0.0)
    normals = np.vstack([-np.eye(d), matrix.astype(float)])
    order = np.argsort(slack, axis=1, kind="stable")
    chosen = order[:, :d]
    full_rank = np.linalg.matrix_rank(normals[chosen]) == d
    for t in np.flatnonzero(~full_rank).tolist():
        independent = _independent(normals, order[t])
        if independent is not None:
            chosen[t] = independent
            full_rank[t] = True
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


def _independent(normals: np.ndarray, order: np.ndarray) -> np.ndarray | None:
    """The first ``d`` rows of ``normals`` in ``order`` that are linearly independent."""
    d = normals.shape[1]
    chosen: list[int] = []
    for index in order.tolist():
        trial = normals[[*chosen, index]]
        if np.linalg.matrix_rank(trial) == len(chosen) + 1:
            chosen.append(index)
            if len(chosen) == d:
                return np.array(chosen)
    return None


def _null_vector(rows: list[list[int]]) -> list[Fraction] | None:
    """A nonzero solution of ``rows r = 0`` (``d - 1`` rows, ``d`` columns) if the rank is ``d - 1``."""
    work = [[Fraction(v) for v in row] for row in rows]
    d = len(work[0])
    pivots: list[int] = []
    r = 0
    for col in range(d):
        pivot = next((i for i in range(r, len(work)) if work[i][col] != 0), None)
        if pivot is None:
            continue
        work[r], work[pivot] = work[pivot], work[r]
        lead = work[r][col]
        work[r] = [v / lead for v in work[r]]
        for i in range(len(work)):
            if i != r and work[i][col] != 0:
                f = work[i][col]
                work[i] = [a - f * b for a, b in zip(work[i], work[r], strict=True)]
        pivots.append(col)
        r += 1
    if r != d - 1:
        return None
    free = next(c for c in range(d) if c not in pivots)
    vector = [Fraction(0)] * d
    vector[free] = Fraction(1)
    for i, col in enumerate(pivots):
        vector[col] = -work[i][free]
    return vector


def _leaves_at_once(normals: list[list[int]], tight: list[int], keep: tuple[int, ...]) -> bool:
    """Whether the line of the tight constraints ``keep`` contains no edge at the vertex, exactly.

    True if those constraints have rank below ``d - 1`` or if both directions of the
    line violate some other tight constraint of the vertex.
    """
    direction = _null_vector([normals[tight[i]] for i in keep])
    if direction is None:
        return True
    others = [sum(a * b for a, b in zip(normals[tight[i]], direction, strict=True)) for i in range(len(tight))]
    return any(v > 0 for v in others) and any(v < 0 for v in others)


def _no_edges(normals: np.ndarray, todo: list[tuple[list[int], tuple[int, ...]]]) -> bool:
    """Whether none of the lines ``(tight, keep)`` contains an edge at its vertex.

    Decided in floating point with a singular-value error bound where the signs are
    clear by a wide margin, exactly (:func:`_leaves_at_once`) otherwise.
    """
    d = normals.shape[1]
    eps = float(np.finfo(float).eps)
    as_float = normals.astype(float)
    exact_normals: list[list[int]] | None = None
    step = max(1, _CHUNK // (d * d))
    for start in range(0, len(todo), step):
        block = todo[start : start + step]
        stack = np.array([as_float[[tight[i] for i in keep]] for tight, keep in block])
        _, sigma, vh = np.linalg.svd(stack)
        directions = vh[:, -1, :]
        # Wedin: the computed null direction is within ~ backward error / sigma_{d-1} of the true one.
        backward = 10.0 * d * eps * sigma[:, 0]
        angle = backward / np.maximum(sigma[:, -1], 1e-300)
        for t, (tight, _) in enumerate(block):
            rows = as_float[tight]
            others = rows @ directions[t]
            margin = 100.0 * (angle[t] + d * eps) * np.linalg.norm(rows, axis=1)
            if sigma[t, -1] > 1e6 * backward[t] and others.max() > margin.max() and others.min() < -margin.max():
                continue
            if exact_normals is None:
                exact_normals = normals.astype(object).tolist()
            if not _leaves_at_once(exact_normals, tight, block[t][1]):
                return False
    return True


def _covered_at(labels: np.ndarray, v: int, d: int) -> np.ndarray:
    """Witness sets ``T \\ labels(u)`` over vertices ``u`` sharing at least ``d - 1`` labels with ``v``."""
    tight = labels[v]
    shared = labels[:, tight].sum(axis=1)
    near = np.flatnonzero(shared >= d - 1)
    near = near[near != v]
    return ~labels[np.ix_(near, np.flatnonzero(tight))]


def is_closed(labels: np.ndarray, d: int, normals: np.ndarray | None = None) -> bool:
    """Certify that a set of vertices of a ``d``-polytope is closed under adjacency.

    Parameters
    ----------
    labels : numpy.ndarray of bool, shape (N, L)
        ``labels[v, l]``: constraint ``l`` is tight at vertex ``v`` (exactly decided).
    d : int
        Dimension of the polytope.
    normals : numpy.ndarray, shape (L, d), optional
        Integer constraint normals, used to rule out non-edges at degenerate vertices.
        Without them, every unwitnessed constraint subset fails the certificate.

    Returns
    -------
    bool
        True if every edge at every vertex leads to another vertex of the set.

    Examples
    --------
    The unit square's four vertices (labels: x=0, y=0, x=1, y=1) are closed, three are not.

    >>> import numpy as np
    >>> square = np.array([[1, 1, 0, 0], [0, 1, 1, 0], [1, 0, 0, 1], [0, 0, 1, 1]], dtype=bool)
    >>> is_closed(square, 2), is_closed(square[:3], 2)
    (True, False)
    """
    counts = labels.sum(axis=1)
    if len(labels) == 0 or np.any(counts < d):
        return False
    simple = np.flatnonzero(counts == d)
    degenerate = np.flatnonzero(counts > d)
    if len(simple):
        keys = np.repeat(labels[simple], d, axis=0)
        _, set_bits = np.nonzero(labels[simple])
        keys[np.arange(len(keys)), set_bits] = False
        packed = np.packbits(keys, axis=1)
        _, inverse, count = np.unique(packed, axis=0, return_inverse=True, return_counts=True)
        lone = keys[count[inverse.ravel()] < 2]
        if len(lone):
            if len(degenerate) == 0:
                return False
            deg = labels[degenerate].astype(np.float32)
            step = max(1, _CHUNK // len(degenerate))
            for start in range(0, len(lone), step):
                block = lone[start : start + step].astype(np.float32)
                hits = (block @ deg.T) == (d - 1)
                if not hits.any(axis=1).all():
                    return False
    budget = MAX_DEGENERATE_SUBSETS
    todo: list[tuple[list[int], tuple[int, ...]]] = []
    for v in degenerate.tolist():
        tight = np.flatnonzero(labels[v]).tolist()
        excess = len(tight) - d + 1
        budget -= math.comb(len(tight), excess)
        if budget < 0:
            return False
        witness = _covered_at(labels, v, d).astype(np.float32)
        subsets = combinations(range(len(tight)), excess)
        while chunk := list(islice(subsets, _SUBSET_CHUNK)):
            drops = np.array(chunk, dtype=np.intp)
            kept = np.ones((len(drops), len(tight)), dtype=np.float32)
            kept[np.repeat(np.arange(len(drops)), excess), drops.ravel()] = 0.0
            # Witness u covers subset S = T \ X iff T \ labels(u) lies inside X.
            covered = ((witness @ kept.T) == 0).any(axis=0) if len(witness) else np.zeros(len(drops), bool)
            for x in np.flatnonzero(~covered).tolist():
                gone = set(drops[x].tolist())
                todo.append((tight, tuple(i for i in range(len(tight)) if i not in gone)))
            if len(todo) > MAX_UNWITNESSED:
                return False
    if todo and normals is None:
        return False
    return not todo or normals is None or _no_edges(normals, todo)


def certified_hull_vertices(matrix: np.ndarray) -> PolytopeVertices | None:
    """All nonzero vertices of ``{z >= 0, M z <= 1}`` for a positive integer ``M``, or None.

    Qhull proposes the vertices, each is re-solved and certified exactly, and the
    set is certified complete with :func:`is_closed`.  ``None`` means some step
    failed and the caller must use an exhaustive exact method instead.

    Parameters
    ----------
    matrix : numpy.ndarray
        Positive ``int64`` matrix, shape ``(k, d)``.

    Returns
    -------
    PolytopeVertices or None
        Exact vertices and labels (the origin excluded), or None if not certified.

    Examples
    --------
    >>> import numpy as np
    >>> found = certified_hull_vertices(np.array([[2, 1], [1, 2]]))
    >>> found.points.tolist()
    [[0.0, 0.5], [0.5, 0.0], [0.3333333333333333, 0.3333333333333333]]
    """
    k, d = matrix.shape
    points = _candidates(matrix)
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


def hull_float_vertices(matrix: np.ndarray, tie: float, prob_tol: float) -> PolytopeVertices | None:
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

    Returns
    -------
    PolytopeVertices or None
        Vertices with ``exact=False``, or None if not certified.

    Examples
    --------
    >>> import numpy as np
    >>> found = hull_float_vertices(np.array([[2.0, 1.0], [1.0, 2.0]]), 1e-9, 1e-12)
    >>> found.zero.tolist()
    [[True, False], [False, False], [False, True]]
    """
    k, d = matrix.shape
    points = _candidates(matrix)
    if points is None:
        return None
    total = points.sum(axis=1)
    keep = total > prob_tol
    points, total = points[keep], total[keep]
    zero = points <= prob_tol * total[:, None]
    tight = points @ matrix.T - 1.0 >= -tie * total[:, None]
    points = np.where(zero, 0.0, points)
    order = np.lexsort(points.T[::-1])
    points, zero, tight = points[order], zero[order], tight[order]
    labels = np.concatenate(
        [np.concatenate([np.ones((1, d), bool), np.zeros((1, k), bool)], axis=1), np.concatenate([zero, tight], axis=1)]
    )
    if not is_closed(labels, d, np.vstack([-np.eye(d), matrix])):
        return None
    return PolytopeVertices(points=points, zero=zero, tight=tight, exact=False)
