"""Certificate that a set of polytope vertices is closed under adjacency, hence complete.

The graph of a polytope is connected (Balinski), so a set of vertices closed under
adjacency is the whole vertex set.  Every edge at a vertex ``v`` lies on the line
``{N_S z = h_S}`` of some ``d - 1`` of its tight constraints ``S`` of rank ``d - 1``;
a vertex ``u != v`` whose tight set contains ``S`` lies on that line and therefore
*is* the other end of the edge.  So the set is closed if, for every vertex and every
such ``S``, another vertex carries the labels ``S`` - or, at a degenerate vertex,
the line leaves the polytope immediately in both directions.

* Simple vertices (exactly ``d`` labels): each of the ``d`` subsets ``S`` is a label
  bitmask with one bit cleared; all of them are hashed at once (``uint64`` keys when
  there are at most 64 labels) and every key must occur at two vertices.
* Degenerate vertices (more than ``d`` labels, tight set ``T``): the subsets without
  a witness are tested exactly.  With ``r`` the generalised cross product of the rows
  ``N_S`` (so ``N_j r = det [N_S; N_j]``), the line carries an edge iff ``r != 0`` and
  the other tight rows ``j in T \\ S`` do not take both signs; the determinants are
  computed exactly by multi-modular arithmetic
  (:func:`~negotiation_sim.solvers.modular.determinant_signs`) for integer normals,
  and in floating point with an error bound (exact fractions when undecided) for
  float normals.  When the subsets are too many (``C(|T|, |T| - d + 1)`` above
  :data:`SUBSETS_BEFORE_RAYS`) and the polytope is ``{z >= 0, M z <= 1}`` with integer
  ``M``, the edges themselves are computed exactly instead (the extreme rays of the
  cone ``{N_T r <= 0}``, :mod:`.cone_rays`), and each must end at another vertex of
  the set: the cost follows the number of edges, not of subsets.

References
----------
M. L. Balinski, "On the graph structure of convex polyhedra in n-space",
*Pacific J. Math.* 11 (1961) 431-434.
D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash
equilibria for two-player games", *Economic Theory* 42 (2010) 9-37 (labels of
degenerate vertices).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction
from itertools import combinations, islice

import numpy as np

from negotiation_sim.solvers.bitmasks import label_keys, popcount
from negotiation_sim.solvers.cone_rays import edge_label_sets
from negotiation_sim.solvers.gale_edges import MAX_GALE_EXCESS, low_excess_edges
from negotiation_sim.solvers.modular import determinant_signs

__all__ = [
    "MAX_DEGENERATE_SUBSETS",
    "MAX_UNWITNESSED",
    "MAX_WITNESS_WORK",
    "SUBSETS_BEFORE_RAYS",
    "is_closed",
    "label_keys",
]

MAX_DEGENERATE_SUBSETS = 5_000_000
"""Most constraint subsets examined at degenerate vertices before the certificate gives up."""

MAX_UNWITNESSED = 2_000_000
"""Most subsets without a witness vertex (each needs an exact test) before the certificate gives up."""

MAX_WITNESS_WORK = 2_000_000_000
"""Most operations (subsets x neighbours x labels) of the witness search at one degenerate vertex."""

SUBSETS_BEFORE_RAYS = 100
"""Above this many constraint subsets at a degenerate vertex of ``{z >= 0, M z <= 1}`` with
integer ``M``, its edges are computed directly (:mod:`.cone_rays`) instead."""

_SUBSET_CHUNK = 100_000

_CHUNK = 2_000_000  # entries per label-count matrix product


def _lone_simple_subsets(simple: np.ndarray, d: int) -> np.ndarray:
    """Labels minus one label, at simple vertices, that occur at no other simple vertex."""
    _, set_bits = np.nonzero(simple)
    if simple.shape[1] <= 64:
        keys = np.repeat(label_keys(simple), d) ^ np.left_shift(np.uint64(1), set_bits.astype(np.uint64))
        ordered = np.sort(keys)
        paired = np.zeros(len(ordered), dtype=bool)
        paired[1:] = ordered[1:] == ordered[:-1]
        paired[:-1] |= paired[1:]
        if paired.all():  # the common case: every subset has its other end
            return np.zeros((0, simple.shape[1]), dtype=bool)
        lone = np.flatnonzero(np.isin(keys, ordered[~paired]))
        subsets = simple[lone // d]
        subsets[np.arange(len(lone)), set_bits[lone]] = False
        return subsets
    subsets = np.repeat(simple, d, axis=0)
    subsets[np.arange(len(subsets)), set_bits] = False
    packed = np.packbits(subsets, axis=1)
    _, inverse, count = np.unique(packed, axis=0, return_inverse=True, return_counts=True)
    return subsets[count[inverse.ravel()] < 2]


def _inside_some(subsets: np.ndarray, labels: np.ndarray) -> bool:
    """Whether every row of ``subsets`` lies inside some row of ``labels`` (both boolean, same width).

    By ``uint64`` bitmasks with at most 64 labels, by counting shared labels otherwise.
    """
    step = max(1, _CHUNK // len(labels))
    if labels.shape[1] <= 64:
        keys, wanted = label_keys(labels), label_keys(subsets)
        for start in range(0, len(subsets), step):
            part = wanted[start : start + step, None]
            if not ((keys[None, :] & part) == part).any(axis=1).all():
                return False
        return True
    as_float = labels.astype(np.float32)
    for start in range(0, len(subsets), step):
        block = subsets[start : start + step]
        hits = (block.astype(np.float32) @ as_float.T) == block.sum(axis=1, keepdims=True)
        if not hits.any(axis=1).all():
            return False
    return True


def _null_vector(rows: list[list[Fraction]]) -> list[Fraction] | None:
    """A nonzero solution of ``rows r = 0`` (``d - 1`` rows, ``d`` columns) if the rank is ``d - 1``."""
    work = [list(row) for row in rows]
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


def _float_no_edges(normals: np.ndarray, tight: np.ndarray, kept: np.ndarray) -> bool:
    """Whether none of the lines ``N_S`` (``S = tight[kept[t]]``) carries an edge, float normals.

    Decided in floating point with a singular-value error bound where the signs are
    clear by a wide margin, in exact fractions of the float values otherwise.
    """
    d = normals.shape[1]
    eps = float(np.finfo(float).eps)
    rows = normals[tight]
    exact_rows: list[list[Fraction]] | None = None
    step = max(1, _CHUNK // (d * d))
    for start in range(0, len(kept), step):
        block = kept[start : start + step]
        _, sigma, vh = np.linalg.svd(normals[tight[block]])
        # Wedin: the computed null direction is within ~ backward error / sigma_{d-1} of the true one.
        backward = 10.0 * d * eps * sigma[:, 0]
        angle = backward / np.maximum(sigma[:, -1], 1e-300)
        others = vh[:, -1, :] @ rows.T
        margin = (100.0 * (angle + d * eps) * float(np.linalg.norm(rows, axis=1).max()))[:, None]
        clear = (sigma[:, -1] > 1e6 * backward) & (others.max(axis=1) > margin[:, 0])
        clear &= others.min(axis=1) < -margin[:, 0]
        for t in np.flatnonzero(~clear).tolist():
            if exact_rows is None:
                exact_rows = [[Fraction(float(v)) for v in row] for row in rows]
            direction = _null_vector([exact_rows[i] for i in block[t].tolist()])
            if direction is None:
                continue
            signs = [sum(a * b for a, b in zip(row, direction, strict=True)) for row in exact_rows]
            if not (any(v > 0 for v in signs) and any(v < 0 for v in signs)):
                return False
    return True


def _line_tests(tight: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """Row indices ``[S, j]`` for each line ``S = tight[kept[t]]`` and each other tight row ``j``."""
    n, size = kept.shape
    dropped = np.ones((n, len(tight)), dtype=bool)
    dropped[np.repeat(np.arange(n), size), kept.ravel()] = False
    others = np.nonzero(dropped)[1].reshape(n, -1)
    excess = others.shape[1]
    return tight[np.concatenate([np.repeat(kept, excess, axis=0), others.reshape(-1, 1)], axis=1)].reshape(
        n, excess, size + 1
    )


def _clear_in_float(normals: np.ndarray, tests: np.ndarray) -> np.ndarray:
    """Lines of ``tests`` whose other tight rows take both signs by a wide floating-point margin.

    The null direction of ``N_S`` comes from an SVD; by Wedin's theorem it is within
    about ``backward error / sigma_{d-1}`` of the true one, and a value ``N_j r``
    beyond that error's effect on the rows has its true sign.
    """
    d = normals.shape[1]
    eps = float(np.finfo(float).eps)
    rows = normals.astype(float)
    lines = rows[tests[:, 0, : d - 1]]  # (n, d - 1, d)
    _, sigma, vh = np.linalg.svd(lines)
    backward = 10.0 * d * eps * sigma[:, 0]
    angle = backward / np.maximum(sigma[:, -1], 1e-300)
    others = np.einsum("nkd,nd->nk", rows[tests[:, :, d - 1]], vh[:, -1, :])
    margin = 100.0 * (angle + d * eps) * float(np.linalg.norm(rows, axis=1).max())
    return (sigma[:, -1] > 1e6 * backward) & (others.max(axis=1) > margin) & (others.min(axis=1) < -margin)


def _exact_no_edges(normals: np.ndarray, tests: list[np.ndarray]) -> bool:
    """Whether no line in ``tests`` (from :func:`_line_tests`) carries an edge, integer normals, exactly.

    A floating-point screen settles the lines whose other rows clearly take both
    signs; the rest get exact determinant signs.
    """
    undecided = []
    # One screen per number of other rows (blocks of equal shape), not one per vertex.
    for excess in sorted({block.shape[1] for block in tests}):
        block = np.concatenate([t for t in tests if t.shape[1] == excess])
        for start in range(0, len(block), _SUBSET_CHUNK):
            part = block[start : start + _SUBSET_CHUNK]
            undecided.append(part[~_clear_in_float(normals, part)])
    if not undecided:
        return True
    flat = np.concatenate([t.reshape(-1, t.shape[2]) for t in undecided])
    signs = determinant_signs(normals[flat])
    if signs is None:
        return False
    start = 0
    for block in undecided:
        n, excess, _ = block.shape
        part = signs[start : start + n * excess].reshape(n, excess)
        start += n * excess
        # All zero: N_S has rank < d - 1 (T has rank d), so S spans no line.
        no_edge = np.all(part == 0, axis=1) | (np.any(part > 0, axis=1) & np.any(part < 0, axis=1))
        if not no_edge.all():
            return False
    return True


def _near_degenerate(labels: np.ndarray, degenerate: np.ndarray, d: int) -> Iterator[tuple[int, np.ndarray]]:
    """Each degenerate vertex with the vertices sharing at least ``d - 1`` of its labels (itself included).

    Shared labels are counted on ``uint64`` bitmasks when there are at most 64 labels
    (a small multithreaded BLAS product costs more CPU time), by a product otherwise.
    """
    bitmasks = labels.shape[1] <= 64
    keys = label_keys(labels) if bitmasks else None
    as_float = None if bitmasks else labels.astype(np.float32)
    step = max(1, _CHUNK // len(labels))
    for first in range(0, len(degenerate), step):
        group = degenerate[first : first + step]
        if keys is not None:
            shared = popcount(keys[:, None] & keys[None, group]) >= d - 1
        else:
            assert as_float is not None
            shared = as_float @ as_float[group].T >= d - 1
        for v, near in zip(group.tolist(), shared.T, strict=True):
            yield v, np.flatnonzero(near)


def _orthant_normals(normals: np.ndarray, d: int) -> bool:
    """Whether the first ``d`` normals are ``-e_i``: the polytope is ``{z >= 0, M z <= 1}``."""
    return len(normals) >= d and bool(np.array_equal(normals[:d], -np.eye(d, dtype=normals.dtype)))


def _rays_witnessed(labels: np.ndarray, v: int, near: np.ndarray, matrix: np.ndarray) -> bool:
    """Whether every edge at vertex ``v`` (exact extreme rays of its cone) ends at another listed vertex.

    A vertex ``u != v`` carrying all labels of an edge lies on the edge's line, on the
    edge's side (the cone is pointed), so it is the edge's other end.
    """
    d = labels.shape[1] - len(matrix)
    edges = edge_label_sets(matrix, labels[v, :d], labels[v, d:])
    if edges is None:
        return False
    others = near[near != v]
    if len(others) == 0:
        return len(edges) == 0
    if labels.shape[1] <= 64:
        wanted = label_keys(edges)[:, None]
        return bool(((label_keys(labels[others])[None, :] & wanted) == wanted).any(axis=1).all())
    outside = (~labels[others]).astype(np.float32)
    covered = ((edges.astype(np.float32) @ outside.T) == 0).any(axis=1)
    return bool(covered.all())


def _low_excess_witnessed(
    labels: np.ndarray, vertices: np.ndarray, simple: np.ndarray, degenerate: np.ndarray, matrix: np.ndarray
) -> np.ndarray | None:
    """Which ``vertices`` (``d + e`` labels each) have every edge ending at another listed vertex; None if one does not.

    The edges come exactly from :func:`~.gale_edges.low_excess_edges`; vertices it could
    not prove are left out of the mask (for the caller's other methods).  An edge with
    label set ``E`` ends at a vertex ``u != v`` with ``E`` among its labels (as in
    :func:`_rays_witnessed`): a simple ``u`` is ``E`` plus one label, found by hashing;
    degenerate ones are tested by bitmask.  Needs at most 64 labels.
    """
    d = matrix.shape[1]
    edges, owner, proven = low_excess_edges(matrix, labels[vertices, :d], labels[vertices, d:])
    if len(edges) == 0:
        return proven
    keys = label_keys(labels)
    edge_keys = label_keys(edges)
    _, set_bits = np.nonzero(labels[simple])
    subsets = np.repeat(keys[simple], d) ^ np.left_shift(np.uint64(1), set_bits.astype(np.uint64))
    subsets.sort()
    place = np.minimum(np.searchsorted(subsets, edge_keys), max(len(subsets) - 1, 0))
    open_edges = np.flatnonzero(subsets[place] != edge_keys) if len(subsets) else np.arange(len(edge_keys))
    if len(open_edges) == 0:
        return proven
    others = keys[degenerate]
    step = max(1, _CHUNK // max(len(degenerate), 1))
    for start in range(0, len(open_edges), step):
        part = open_edges[start : start + step]
        wanted = edge_keys[part, None]
        contains = (others[None, :] & wanted) == wanted
        contains &= degenerate[None, :] != vertices[owner[part], None]
        if not contains.any(axis=1).all():
            return None
    return proven


def is_closed(labels: np.ndarray, d: int, normals: np.ndarray | None = None) -> bool:
    """Certify that a set of vertices of a ``d``-polytope is closed under adjacency.

    Parameters
    ----------
    labels : numpy.ndarray of bool, shape (N, L)
        ``labels[v, l]``: constraint ``l`` is tight at vertex ``v`` (exactly decided).
    d : int
        Dimension of the polytope.
    normals : numpy.ndarray, shape (L, d), optional
        Constraint normals (integers: decided exactly; floats: exactly on the float
        values), used to rule out non-edges at degenerate vertices.  Without them,
        every unwitnessed constraint subset fails the certificate.

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
        lone = _lone_simple_subsets(labels[simple], d)
        if len(lone):
            if len(degenerate) == 0:
                return False
            if not _inside_some(lone, labels[degenerate]):
                return False
    budget, unwitnessed = MAX_DEGENERATE_SUBSETS, 0
    exact = normals is not None and np.issubdtype(normals.dtype, np.integer)
    tests: list[np.ndarray] = []
    pending = 0
    # The polytopes {z >= 0, M z <= 1} with integer M get their edges directly at very degenerate vertices.
    ray_matrix = normals[d:] if normals is not None and exact and _orthant_normals(normals, d) else None
    if ray_matrix is not None and labels.shape[1] <= 64:
        witnesses = degenerate  # every degenerate vertex may end an edge
        for excess in range(1, MAX_GALE_EXCESS + 1):
            some = witnesses[counts[witnesses] == d + excess]
            if len(some):
                done = _low_excess_witnessed(labels, some, simple, witnesses, ray_matrix)
                if done is None:
                    return False
                degenerate = np.setdiff1d(degenerate, some[done])
    for v, near in _near_degenerate(labels, degenerate, d):
        tight = np.flatnonzero(labels[v])
        excess = len(tight) - d + 1
        if ray_matrix is not None and math.comb(len(tight), excess) > SUBSETS_BEFORE_RAYS:
            if not _rays_witnessed(labels, v, near, ray_matrix):
                return False
            continue
        budget -= math.comb(len(tight), excess)
        if budget < 0:
            return False
        if math.comb(len(tight), excess) * len(near) * len(tight) > MAX_WITNESS_WORK:
            return False  # cheaper to let the caller enumerate exhaustively
        witness = ~labels[np.ix_(near[near != v], tight)]
        witness_f = witness.astype(np.float32)
        subsets = combinations(range(len(tight)), excess)
        while chunk := list(islice(subsets, _SUBSET_CHUNK)):
            drops = np.array(chunk, dtype=np.intp)
            kept = np.ones((len(drops), len(tight)), dtype=np.float32)
            kept[np.repeat(np.arange(len(drops)), excess), drops.ravel()] = 0.0
            # Witness u covers subset S = T \ X iff T \ labels(u) lies inside X.
            covered = ((witness_f @ kept.T) == 0).any(axis=0) if len(witness) else np.zeros(len(drops), bool)
            if covered.all():
                continue
            if normals is None:
                return False
            lines = np.nonzero(kept[~covered])[1].reshape(-1, d - 1)
            unwitnessed += len(lines)
            if unwitnessed > MAX_UNWITNESSED:
                return False
            if exact:
                tests.append(_line_tests(tight, lines))
                pending += len(lines)
                if pending > _SUBSET_CHUNK:  # test in batches: bounded memory, few calls
                    if not _exact_no_edges(normals, tests):
                        return False
                    tests, pending = [], 0
            elif not _float_no_edges(np.asarray(normals, dtype=float), tight, lines):
                return False
    return normals is None or _exact_no_edges(normals, tests)
