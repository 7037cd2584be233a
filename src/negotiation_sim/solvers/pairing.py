"""Completely labelled pairs of vertices of the two best-response polytopes.

A pair ``(x, y)`` is completely labelled when every label ``0 .. m + n - 1`` is a
label of ``x`` or of ``y``.  A vertex has at least as many labels as its polytope's
dimension, so when both vertices have exactly that many (nondegenerate vertices),
``y``'s labels must be exactly the complement of ``x``'s: those pairs are found by a
hash join.  Pairs with a degenerate vertex are found by testing missing labels, as
``uint64`` bitmasks (at most 64 labels) or by a matrix product, in chunks so memory
stays bounded.
"""

from __future__ import annotations

import numpy as np

from negotiation_sim.solvers.bitmasks import label_keys

__all__ = ["complete_pairs"]

_CHUNK = 4_000_000  # entries of one missing-label count matrix


def _missing_pairs(missing_p: np.ndarray, missing_q: np.ndarray) -> np.ndarray:
    """Index pairs ``(i, j)`` with no label missing from both ``i`` and ``j``.

    With at most 64 labels, by ``uint64`` bitmasks (``missing_p[i] & missing_q[j] == 0``);
    otherwise by counting common missing labels with a matrix product.  (Bitmasks are
    also cheaper in CPU time than a multithreaded BLAS product of these sizes.)
    """
    if len(missing_p) == 0 or len(missing_q) == 0:
        return np.zeros((0, 2), dtype=np.intp)
    step = max(1, _CHUNK // len(missing_q))
    found = []
    if missing_p.shape[1] <= 64:
        keys_p, keys_q = label_keys(missing_p), label_keys(missing_q)
        for start in range(0, len(missing_p), step):
            pairs = np.argwhere((keys_p[start : start + step, None] & keys_q[None, :]) == 0)
            pairs[:, 0] += start
            found.append(pairs)
        return np.concatenate(found)
    right = missing_q.astype(np.float32).T
    for start in range(0, len(missing_p), step):
        block = missing_p[start : start + step].astype(np.float32) @ right
        pairs = np.argwhere(block == 0)
        pairs[:, 0] += start
        found.append(pairs)
    return np.concatenate(found)


def complete_pairs(labels_p: np.ndarray, labels_q: np.ndarray, dim_p: int, dim_q: int) -> np.ndarray:
    """All index pairs ``(i, j)`` with ``labels_p[i] | labels_q[j]`` covering every label.

    Parameters
    ----------
    labels_p, labels_q : numpy.ndarray of bool
        Shapes ``(Np, L)`` and ``(Nq, L)``: the labels of each vertex.
    dim_p, dim_q : int
        Dimensions of the two polytopes (``dim_p + dim_q = L``).

    Returns
    -------
    numpy.ndarray
        Shape ``(K, 2)``, sorted lexicographically.

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([[1, 0, 1, 0], [0, 1, 0, 1]], dtype=bool)
    >>> q = np.array([[0, 1, 0, 1], [1, 1, 0, 1]], dtype=bool)
    >>> complete_pairs(p, q, 2, 2).tolist()
    [[0, 0], [0, 1]]
    """
    simple_p = np.flatnonzero(labels_p.sum(axis=1) == dim_p)
    simple_q = np.flatnonzero(labels_q.sum(axis=1) == dim_q)
    degenerate_p = np.setdiff1d(np.arange(len(labels_p)), simple_p)
    degenerate_q = np.setdiff1d(np.arange(len(labels_q)), simple_q)
    found = []
    if len(simple_p) and len(simple_q):
        keys_p = np.packbits(~labels_p[simple_p], axis=1)
        keys_q = np.packbits(labels_q[simple_q], axis=1)
        width = keys_p.shape[1]
        view = np.dtype((np.void, width))
        kp = np.ascontiguousarray(keys_p).view(view).ravel()
        kq = np.ascontiguousarray(keys_q).view(view).ravel()
        order = np.argsort(kq, kind="stable")
        sorted_q = kq[order]
        left = np.searchsorted(sorted_q, kp, side="left")
        right = np.searchsorted(sorted_q, kp, side="right")
        for i in np.flatnonzero(right > left).tolist():
            for t in range(left[i], right[i]):
                found.append(np.array([[simple_p[i], simple_q[order[t]]]]))
    missing_p, missing_q = ~labels_p, ~labels_q
    pairs = _missing_pairs(missing_p[degenerate_p], missing_q)
    found.append(np.column_stack([degenerate_p[pairs[:, 0]], pairs[:, 1]]))
    pairs = _missing_pairs(missing_p[simple_p], missing_q[degenerate_q])
    found.append(np.column_stack([simple_p[pairs[:, 0]], degenerate_q[pairs[:, 1]]]))
    result = np.concatenate(found).astype(np.intp)
    return result[np.lexsort((result[:, 1], result[:, 0]))]
