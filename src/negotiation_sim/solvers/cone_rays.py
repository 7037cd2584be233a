"""The edges at a degenerate vertex of ``{z >= 0, M z <= 1}``, exactly, by double description.

At a vertex ``v`` with tight constraints ``T`` (rank ``d``), the directions along
which ``v`` can move inside the polytope form the cone ``K = {r : N_T r <= 0}``
(``N`` the outer normals: ``-e_i`` for ``z_i >= 0``, row ``M_j`` for ``M_j z <= 1``).
``K`` is pointed, and its extreme rays are the directions of the edges at ``v``
(Balinski's argument in :mod:`.closure` needs exactly those).  Where ``v`` has many
more tight constraints than ``d``, trying every subset of ``d - 1`` of them costs
``C(|T|, |T| - d + 1)`` tests; the extreme rays themselves are usually few, so they
are computed directly:

1. A basis ``B`` of ``T``: the zero coordinates ``Z`` of ``v`` and ``s = d - |Z|``
   tight rows ``C'`` whose block ``G = M[C', F]`` on the support ``F`` is nonsingular
   (checked exactly).  The cone ``{N_B r <= 0}`` is simplicial: its rays are the
   columns of ``-N_B^{-1}``, obtained from ``G`` by fraction-free elimination.
2. The other tight rows are added one at a time by the double description method
   (Motzkin et al.): rays with ``N_j r > 0`` are dropped, and each adjacent pair of a
   dropped and a kept ray is combined into a new ray on ``N_j r = 0``.  Adjacency is
   the combinatorial test (no third ray's zero set contains the pair's common zero
   set), exact for pointed cones.

All arithmetic is in Python integers, so the rays and the constraints tight on each
(its *label set*) are exact, and the list is complete by construction.

Vertices with ``d + 1`` or ``d + 2`` tight constraints (most degenerate vertices of
random games) need no double description: :mod:`.gale_edges` reads their edges off
the linear dependencies among the tight normals, for many vertices at once.

References
----------
T. S. Motzkin, H. Raiffa, G. L. Thompson and R. M. Thrall, "The double description
method", in *Contributions to the Theory of Games II*, Princeton UP 1953, 51-73.
K. Fukuda and A. Prodon, "Double description method revisited", in *Combinatorics
and Computer Science*, LNCS 1120, Springer 1996, 91-111.
E. H. Bareiss, "Sylvester's identity and multistep integer-preserving Gaussian
elimination", *Math. Comp.* 22 (1968) 565-578.
"""

from __future__ import annotations

import math

import numpy as np

from negotiation_sim.solvers.bitmasks import label_keys
from negotiation_sim.solvers.modular import fraction_free_solve

__all__ = ["MAX_CONE_RAYS", "edge_label_sets"]

MAX_CONE_RAYS = 20_000
"""Most rays kept at any step of the double description at one vertex before giving up."""

_PAIR_CHUNK = 50_000


_INT64_SAFE = 2**62


def _primitive(vectors: np.ndarray) -> np.ndarray:
    """Each integer row (``int64`` or Python integers) divided by the gcd of its entries."""
    if vectors.dtype != object:
        g = np.gcd.reduce(vectors, axis=1)
        return vectors // np.where(g == 0, 1, g)[:, None]
    out = np.empty_like(vectors)
    for t, row in enumerate(vectors.tolist()):
        g = math.gcd(*row) or 1
        out[t] = [v // g for v in row]
    return out


def _narrowed(vectors: np.ndarray) -> np.ndarray:
    """``vectors`` as ``int64`` if every entry fits with room for the products ahead, else Python integers."""
    if vectors.dtype == object:
        largest = max((abs(v) for v in vectors.ravel().tolist()), default=0)
        return vectors.astype(np.int64) if largest < 2**40 else vectors
    return vectors


def _basis_rows(block: np.ndarray) -> np.ndarray | None:
    """Indices of ``s`` rows of ``block`` (shape ``(c, s)``) that look independent in floating point.

    Greedy Gram-Schmidt, largest rows first; the choice is certified exactly afterwards.
    """
    s = block.shape[1]
    chosen: list[int] = []
    basis = np.zeros((0, s))
    norms = np.linalg.norm(block, axis=1)
    for index in np.argsort(-norms, kind="stable").tolist():
        residual = block[index] - basis.T @ (basis @ block[index])
        size = float(np.linalg.norm(residual))
        if size > 1e-9 * norms[index]:
            chosen.append(index)
            basis = np.vstack([basis, residual / size])
            if len(chosen) == s:
                return np.array(chosen)
    return None


def _initial_cone(
    matrix: np.ndarray, zero: np.ndarray, tight_rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Rays and zero sets of the simplicial cone of a basis, or None if no basis is certified."""
    k, d = matrix.shape
    free = np.flatnonzero(~zero)
    zeros = np.flatnonzero(zero)
    s = len(free)
    picked = _basis_rows(matrix[np.ix_(tight_rows, free)].astype(float))
    if picked is None:
        return None
    basis = tight_rows[picked]
    g = matrix[np.ix_(basis, free)].tolist()
    rhs = np.concatenate([np.eye(s, dtype=np.int64), matrix[np.ix_(basis, zeros)]], axis=1).tolist()
    solved = fraction_free_solve(g, rhs)
    if solved is None:
        return None
    x, det = solved
    sign = 1 if det > 0 else -1
    rays = np.zeros((d, d), dtype=object)
    rays[:] = 0
    labels = np.zeros((d, d + k), dtype=bool)
    labels[:, zeros] = True
    labels[:, d + basis] = True
    for q in range(s + len(zeros)):
        # Column q of -G^{-1} [I | M[C', Z]], times |det|: G r_F = -e_q (q < s) or -M[C', i].
        for a, f in enumerate(free.tolist()):
            rays[q, f] = -sign * x[a][q]
        if q < s:
            labels[q, d + basis[q]] = False
        else:
            i = int(zeros[q - s])
            rays[q, i] = abs(det)
            labels[q, i] = False
    return _primitive(rays), labels, basis


def _adjacent(labels: np.ndarray, pos: np.ndarray, neg: np.ndarray, d: int) -> np.ndarray:
    """Pairs ``(p, n)`` of rays adjacent in the current cone (combinatorial test)."""
    pairs = np.stack(np.meshgrid(pos, neg, indexing="ij"), axis=-1).reshape(-1, 2)
    found = []
    bitmasks = labels.shape[1] <= 64  # uint64 keys: cheaper than a small multithreaded BLAS product
    keys = label_keys(labels) if bitmasks else None
    outside = None if bitmasks else (~labels).astype(np.float32)
    for start in range(0, len(pairs), _PAIR_CHUNK):
        part = pairs[start : start + _PAIR_CHUNK]
        common = labels[part[:, 0]] & labels[part[:, 1]]
        part = part[common.sum(axis=1) >= d - 2]
        common = labels[part[:, 0]] & labels[part[:, 1]]
        # Rays whose zero set contains the common zero set: p and n only, if adjacent.
        if keys is not None:
            wanted = label_keys(common)[:, None]
            containing = ((keys[None, :] & wanted) == wanted).sum(axis=1)
        else:
            assert outside is not None
            containing = ((common.astype(np.float32) @ outside.T) == 0).sum(axis=1)
        found.append(part[containing == 2])
    return np.concatenate(found) if found else np.zeros((0, 2), dtype=np.intp)


def edge_label_sets(matrix: np.ndarray, zero: np.ndarray, tight: np.ndarray) -> np.ndarray | None:
    """The exact label set of every edge at a vertex of ``{z >= 0, M z <= 1}``, or None.

    Parameters
    ----------
    matrix : numpy.ndarray
        Integer matrix ``M`` (positive in the best-response polytopes), shape ``(k, d)``.
    zero, tight : numpy.ndarray of bool
        The vertex's exact labels: zero coordinates (shape ``(d,)``) and tight rows
        (shape ``(k,)``); together of rank ``d``.

    Returns
    -------
    numpy.ndarray of bool or None
        Shape ``(E, d + k)``, one row per extreme ray of the vertex's cone of feasible
        directions: the labels (``[zero coordinates, tight rows]``) that stay tight
        along that edge.  None if no basis could be certified or the computation
        exceeded :data:`MAX_CONE_RAYS`.

    Examples
    --------
    The apex ``(0, 0, 1)`` of ``{z >= 0, +-z_1 + z_3 <= 1, +-z_2 + z_3 <= 1}`` has six
    tight constraints in three dimensions (labels 0-2 the coordinates, 3-6 the rows)
    and four edges.

    >>> import numpy as np
    >>> m = np.array([[1, 0, 1], [0, 1, 1], [-1, 0, 1], [0, -1, 1]])
    >>> edges = edge_label_sets(m, np.array([True, True, False]), np.array([True, True, True, True]))
    >>> sorted(np.flatnonzero(e).tolist() for e in edges)
    [[0, 1], [0, 4], [1, 3], [3, 4]]
    """
    d = matrix.shape[1]
    tight_rows = np.flatnonzero(tight)
    start = _initial_cone(matrix, np.asarray(zero, bool), tight_rows)
    if start is None:
        return None
    rays, labels, basis = start
    rays = _narrowed(rays)
    for j in np.setdiff1d(tight_rows, basis).tolist():
        normal = matrix[j]
        if rays.dtype != object and int(np.abs(rays).max()) * sum(abs(v) for v in normal.tolist()) >= _INT64_SAFE:
            rays = rays.astype(object)
        values = rays.dot(normal.astype(object) if rays.dtype == object else normal)
        if values.dtype == object:
            sign = np.array([(v > 0) - (v < 0) for v in values.tolist()], dtype=int)
        else:
            sign = np.sign(values)
        pos, neg, level = np.flatnonzero(sign > 0), np.flatnonzero(sign < 0), np.flatnonzero(sign == 0)
        pairs = _adjacent(labels, pos, neg, d) if len(pos) and len(neg) else np.zeros((0, 2), dtype=np.intp)
        if len(pairs):
            p, n = pairs[:, 0], pairs[:, 1]
            if rays.dtype != object:
                # |a_p r_n| + |a_n r_p| must fit in int64; otherwise combine in Python integers.
                bound = int(np.abs(values).max()) * int(np.abs(rays).max())
                if bound >= _INT64_SAFE // 2:
                    rays, values = rays.astype(object), values.astype(object)
            new = values[p][:, None] * rays[n] - values[n][:, None] * rays[p]
            new_labels = labels[p] & labels[n]
            new_labels[:, d + j] = True
            labels[level, d + j] = True
            keep = np.concatenate([level, neg])
            rays = np.concatenate([rays[keep], _primitive(new)])
            labels = np.concatenate([labels[keep], new_labels])
        else:
            labels[level, d + j] = True
            keep = np.concatenate([level, neg])
            rays, labels = rays[keep], labels[keep]
        if len(rays) > MAX_CONE_RAYS:
            return None
    return labels
