"""The edges at slightly degenerate vertices of ``{z >= 0, M z <= 1}``, exactly and in batches.

At a vertex ``v`` with tight constraints ``T`` (rank ``d``, ``|T| = d + e``) the edges
are the extreme rays of the cone ``K = {r : N_T r <= 0}`` (``N`` the outer normals:
``-e_i`` for ``z_i >= 0``, row ``M_j`` for ``M_j z <= 1``; see :mod:`.cone_rays`).  The
linear dependencies ``sum_t c_t N_t = 0`` among the tight normals form an
``e``-dimensional space; with a basis of it as the columns of a ``(d + e) x e`` matrix,
its rows ``g_t`` are the *Gale vectors* of the constraints.  The map ``r -> N_T r`` is
one-to-one (rank ``d``) onto ``V = {y : sum_t y_t g_t = 0}``, so ``K`` is the cone
``{y in V : y <= 0}``, and its extreme rays are the ``y <= 0`` in ``V`` whose zero set
``S`` leaves a one-dimensional ``{y in V : y_S = 0}``.  On the slack set
``Q = T \\ S`` that is a one-dimensional space of dependencies of the ``g_Q``, spanned
by a positive one: ``Q`` is a *positive circuit* of the Gale vectors (a minimal set
with a strictly positive dependency; minimality and a one-dimensional dependency
space are equivalent there, by subtracting a multiple of a second dependency).  So
the edges at ``v`` are exactly the label sets ``T \\ Q`` for the positive circuits ``Q``:

* ``e = 1`` (scalars ``g_t``): ``{q}`` with ``g_q = 0``, and pairs with ``g_p g_n < 0``;
* ``e = 2`` (plane vectors): ``{q}`` with ``g_q = 0``; pairs of nonzero, opposite
  vectors (cross product 0, dot product negative); triples of pairwise independent
  vectors whose dependency ``(g_b x g_c, g_c x g_a, g_a x g_b)`` has one strict sign.

A circuit in ``R^e`` has at most ``e + 1`` elements, and any invertible linear map of
the Gale vectors (a change of basis of the dependencies) keeps the circuits.  With
``Z`` the zero coordinates, ``F`` the support (``|F| = s``) and ``C`` the tight rows
(``|C| = s + e``), a dependency is ``c_C`` with ``c_C M[C, F] = 0``, and on ``Z``
``c_i = (c_C M[C, :])_i``.  A basis is computed in floating point, rounded to integers
and proven exactly (:func:`_dependencies`); vertices where the proof fails are
reported, for the caller's other methods.

References
----------
B. Grünbaum, *Convex Polytopes*, 2nd ed., Springer 2003, section 5.4 (Gale diagrams).
G. M. Ziegler, *Lectures on Polytopes*, Springer 1995, chapter 6.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np

__all__ = ["MAX_GALE_EXCESS", "low_excess_edges"]

MAX_GALE_EXCESS = 2
"""Most tight constraints beyond the dimension at a vertex handled here (``e`` above)."""

_INT64_SAFE = 2**62
_CHUNK = 200_000  # vertex x subset entries per batch of circuit tests
_VERTICES = 4096  # vertices per batch of dependency computations


def _dependencies(blocks: np.ndarray, big: float) -> tuple[np.ndarray, np.ndarray]:
    """An integer basis of the left null space of each integer block, shape ``(N, r, r - e)``.

    A basis comes from an SVD; ``e`` pivot rows ``P`` where it is well conditioned are
    mapped to the identity and the basis is scaled by the rounded determinant ``D`` of
    the other rows (Cramer: the dependency with ``c_P = D e_i`` is integral) and rounded.
    A block is *proven* when every vector satisfies ``c B == 0`` exactly in ``int64``
    (bounds checked with ``big``, the largest entry: no overflow): the block has full
    column rank (the tight set of a vertex has rank ``d``), so its dependencies form an
    ``e``-dimensional space, and the ``e`` vectors (``D I`` on ``P``, ``D != 0``) are
    independent, hence a basis of it.  Returns the vectors, shape ``(N, r, e)``, and the
    proven mask.
    """
    n, size, width = blocks.shape
    e = size - width
    null = np.linalg.svd(blocks.astype(float))[0][:, :, width:]  # (N, r, e)
    pivots = np.array(list(combinations(range(size), e)), dtype=np.intp)
    if e == 1:
        volume = np.abs(null[:, :, 0])
    else:
        first, second = null[:, pivots[:, 0]], null[:, pivots[:, 1]]
        volume = np.abs(first[:, :, 0] * second[:, :, 1] - first[:, :, 1] * second[:, :, 0])
    pivot = pivots[np.argmax(volume, axis=1)]  # (N, e)
    rest = np.ones((n, size), dtype=bool)
    rest[np.arange(n)[:, None], pivot] = False
    minors = blocks[rest].reshape(n, width, width)
    proven = np.zeros(n, dtype=bool)
    vectors = np.zeros((n, size, e), dtype=np.int64)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        scale = np.round(np.linalg.det(minors.astype(float)))
        top = null[np.arange(n)[:, None], pivot]  # (N, e, e)
        good = np.isfinite(scale) & (np.abs(np.linalg.det(top)) > 1e-12)
        unit = np.zeros_like(null)
        unit[good] = null[good] @ np.linalg.inv(top[good])
        scaled = np.round(unit * scale[:, None, None])
        largest = np.abs(scaled).max(axis=(1, 2))
    good &= (np.abs(scale) >= 1.0) & (largest < 2.0**52) & (largest * size * big < _INT64_SAFE)
    at = np.flatnonzero(good)
    if len(at):
        vectors[at] = scaled[at].astype(np.int64)
        vectors[at[:, None], pivot[at]] = 0
        vectors[at[:, None], pivot[at], np.arange(e)[None, :]] = scale[at, None].astype(np.int64)
        products = np.einsum("nce,ncf->nef", vectors[at], blocks[at])
        proven[at] = np.all(products == 0, axis=(1, 2))
    return vectors, proven


def _packed(mask: np.ndarray, width: int) -> np.ndarray:
    """The indices of each row's True entries, left-aligned in ``width`` slots, -1 after them."""
    owner, index = np.nonzero(mask)
    slot = np.cumsum(mask, axis=1)[owner, index] - 1
    packed = np.full((len(mask), width), -1, dtype=np.intp)
    packed[owner, slot] = index
    return packed


def _gale_vectors(matrix: np.ndarray, zero: np.ndarray, tight: np.ndarray, e: int) -> tuple[np.ndarray, np.ndarray]:
    """Integer Gale vectors of the tight constraints (in label order), shape ``(N, d + e, e)``, and the proven mask.

    All support sizes ``s`` go in one batch: each block ``M[C, F]`` is padded to the
    largest size ``S`` with an identity block, ``[[M[C, F], 0], [0, I]]``, whose
    dependencies are those of ``M[C, F]`` followed by zeros.
    """
    k, d = matrix.shape
    n = len(zero)
    sizes = d - zero.sum(axis=1)
    width = int(sizes.max())
    rows, free = _packed(tight, width + e), _packed(~zero, width)
    blocks = matrix[np.maximum(rows, 0)[:, :, None], np.maximum(free, 0)[:, None, :]]
    blocks = blocks * ((rows >= 0)[:, :, None] & (free >= 0)[:, None, :])
    padding_row = np.arange(width + e)[None, :] - (sizes + e)[:, None]
    padding_column = np.arange(width)[None, :] - sizes[:, None]
    blocks += (padding_row[:, :, None] == padding_column[:, None, :]) & (padding_row[:, :, None] >= 0)
    vectors, proven = _dependencies(blocks, float(np.abs(matrix).max()))
    # Coefficients of -e_i on the zero coordinates: (c_C M[C, :])_i (the padding rows' c is 0).
    coordinates = np.einsum("nce,ncd->nde", vectors, matrix[np.maximum(rows, 0)])
    full = np.zeros((n, d + k, e), dtype=np.int64)
    full[:, :d] = coordinates
    owner, slot = np.nonzero(rows >= 0)
    full[owner, d + rows[owner, slot]] = vectors[owner, slot]
    place = np.nonzero(np.concatenate([zero, tight], axis=1))[1].reshape(n, d + e)
    return np.take_along_axis(full, place[:, :, None], axis=1), proven


def _circuits(gale: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """The positive circuits ``(owner, positions)`` of each vertex's Gale vectors, one array per circuit size."""
    _, size, e = gale.shape
    nonzero = np.any(gale != 0, axis=2)
    found = [(np.nonzero(~nonzero)[0], np.nonzero(~nonzero)[1][:, None])]
    pairs = np.array(list(combinations(range(size), 2)), dtype=np.intp)
    first, second = gale[:, pairs[:, 0]], gale[:, pairs[:, 1]]
    if e == 1:
        opposite = np.sign(first[:, :, 0]) * np.sign(second[:, :, 0]) < 0
    else:
        cross = first[:, :, 0] * second[:, :, 1] - first[:, :, 1] * second[:, :, 0]
        opposite = (cross == 0) & (np.einsum("npe,npe->np", first, second) < 0)
    owner, which = np.nonzero(opposite)
    found.append((owner, pairs[which]))
    if e == 2:
        triples = np.array(list(combinations(range(size), 3)), dtype=np.intp)
        a, b, c = (gale[:, triples[:, t]] for t in range(3))
        signs = np.stack(
            [np.sign(u[:, :, 0] * v[:, :, 1] - u[:, :, 1] * v[:, :, 0]) for u, v in ((b, c), (c, a), (a, b))]
        )
        owner, which = np.nonzero(np.all(signs > 0, axis=0) | np.all(signs < 0, axis=0))
        found.append((owner, triples[which]))
    return found


def low_excess_edges(
    matrix: np.ndarray, zero: np.ndarray, tight: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact label sets of the edges at vertices of ``{z >= 0, M z <= 1}`` with ``d + e`` tight constraints.

    Parameters
    ----------
    matrix : numpy.ndarray
        Integer matrix ``M``, shape ``(k, d)``.
    zero, tight : numpy.ndarray of bool
        Shapes ``(N, d)`` and ``(N, k)``: exact labels of ``N`` vertices (so the tight
        normals have rank ``d``), each with the same number ``d + e`` of them,
        ``1 <= e <=`` :data:`MAX_GALE_EXCESS`.

    Returns
    -------
    edges : numpy.ndarray of bool
        Shape ``(E, d + k)``: the label set of each edge (``[zero coordinates, tight rows]``).
    owner : numpy.ndarray of int
        Shape ``(E,)``: the vertex each edge starts at.
    proven : numpy.ndarray of bool
        Shape ``(N,)``: the vertices whose edges are listed (the others have none listed).

    Raises
    ------
    ValueError
        If the vertices do not all have ``d + e`` labels with ``1 <= e <= MAX_GALE_EXCESS``.

    Examples
    --------
    The apex ``(0, 0, 1)`` of ``{z >= 0, z_1 + z_3 <= 1, z_2 + z_3 <= 1}`` has four tight
    constraints in three dimensions (labels 0-2 the coordinates, 3-4 the rows) and four
    edges.

    >>> import numpy as np
    >>> m = np.array([[1, 0, 1], [0, 1, 1]])
    >>> edges, owner, proven = low_excess_edges(m, np.array([[True, True, False]]), np.array([[True, True]]))
    >>> sorted(np.flatnonzero(e).tolist() for e in edges), proven.tolist()
    ([[0, 1], [0, 4], [1, 3], [3, 4]], [True])
    """
    k, d = matrix.shape
    labels = np.concatenate([zero, tight], axis=1)
    counts = set(labels.sum(axis=1).tolist())
    if len(counts) > 1 or not counts <= set(range(d + 1, d + MAX_GALE_EXCESS + 1)):
        raise ValueError(f"every vertex needs the same number of labels, d + 1 .. d + {MAX_GALE_EXCESS}: {counts}")
    if not counts:
        return np.zeros((0, d + k), dtype=bool), np.zeros(0, dtype=np.intp), np.zeros(0, dtype=bool)
    e = counts.pop() - d
    matrix = np.asarray(matrix, dtype=np.int64)
    parts = [
        _gale_vectors(matrix, zero[t : t + _VERTICES], tight[t : t + _VERTICES], e)
        for t in range(0, len(zero), _VERTICES)
    ]
    gale, proven = np.concatenate([g for g, _ in parts]), np.concatenate([p for _, p in parts])
    if e == 2:
        # Each Gale coordinate divided by its gcd (a change of basis); cross products must fit int64.
        divisor = np.gcd.reduce(gale, axis=1)
        gale //= np.where(divisor == 0, 1, divisor)[:, None, :]
        proven &= np.abs(gale).max(axis=(1, 2)) < 2**30
    gale[~proven] = 0
    place = np.nonzero(labels)[1].reshape(-1, d + e)  # label index of each Gale vector
    edges, owners = [], []
    step = max(1, _CHUNK // math.comb(d + e, e + 1))  # bounded memory for the subsets of size e + 1
    for start in range(0, len(gale), step):
        for owner, positions in _circuits(gale[start : start + step]):
            owner = owner + start
            keep = proven[owner]
            owner, positions = owner[keep], positions[keep]
            rows = labels[owner]
            for column in positions.T:
                rows[np.arange(len(owner)), place[owner, column]] = False
            edges.append(rows)
            owners.append(owner)
    return np.concatenate(edges), np.concatenate(owners), proven
