"""Numba-compiled loops of the one-sided method (:mod:`.one_side`), used when switched on (:mod:`.compiled`).

The numpy path of :mod:`.one_side` spends most of a 6 x 6 or 8 x 8 game in numpy's
fixed cost per call (a few hundred calls around one Qhull run).  These two kernels
do the same work in compiled loops, one vertex at a time:

- :func:`simple_vertices` labels Qhull's candidate vertices of ``{z >= 0, M z <= 1}``
  with the tolerances of :func:`~.vertex_hull.hull_float_vertices`, and certifies the
  set complete by the fast case of the closure test (every vertex simple, label sets
  distinct, every label set minus one label at exactly two vertices, the origin
  included: :func:`~.vertex_hull._simple_and_closed`);
- :func:`partner_pairs` completes each vertex ``x`` to its partner ``y`` by solving
  ``A_RC y_C = 1`` (Gauss-Jordan with partial pivoting, giving the inverse for the
  1-norm condition check of :func:`~.one_side._partners`) and keeps the feasible ones
  (the test of :func:`~.one_side._feasible`).

Either kernel returns ``ok = False`` where the numpy path would also give up or
take its general route (a vertex that is not simple, a set not certified by the fast
test, a nearly singular system): the caller then runs the numpy path, which decides.
Results equal the numpy path's up to rounding (sums are formed in another order).

This module imports numba; import it only through :func:`.compiled.kernels`.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

__all__ = ["partner_pairs", "simple_vertices", "undominated"]


@njit(cache=True, nogil=True)
def undominated(
    matrix_q: np.ndarray, matrix_p: np.ndarray, margin_q: float, margin_p: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Iterated strict dominance by a pure strategy, as :func:`~.one_side._undominated`, and the rank totals.

    Parameters
    ----------
    matrix_q, matrix_p : numpy.ndarray
        The row player's payoffs (shape ``(m, n)``) and the column player's (columns by
        rows, shape ``(n, m)``).
    margin_q, margin_p : float
        A row is removed when another remaining row exceeds it by more than the margin
        in every remaining column; both players' rows are removed in rounds, as there.

    Returns
    -------
    rows, columns : numpy.ndarray
        The strategies left, in increasing order.
    totals_q, totals_p : numpy.ndarray
        For each row left, how many entries of the remaining matrix it exceeds in their
        own column (the totals of :func:`~.one_side._spread`).
    """
    m, n = matrix_q.shape
    keep_rows = np.ones(m, dtype=np.bool_)
    keep_columns = np.ones(n, dtype=np.bool_)
    while True:
        beaten_q = _beaten(matrix_q, keep_rows, keep_columns, margin_q)
        beaten_p = _beaten(matrix_p, keep_columns, keep_rows, margin_p)
        if not (beaten_q.any() or beaten_p.any()):
            break
        keep_rows &= ~beaten_q
        keep_columns &= ~beaten_p
    rows, columns = np.flatnonzero(keep_rows), np.flatnonzero(keep_columns)
    return rows, columns, _totals(matrix_q, rows, columns), _totals(matrix_p, columns, rows)


@njit(cache=True, nogil=True)
def _beaten(matrix: np.ndarray, rows: np.ndarray, columns: np.ndarray, margin: float) -> np.ndarray:
    """The remaining rows of ``matrix`` that another remaining row exceeds by more than ``margin`` everywhere."""
    k, d = matrix.shape
    beaten = np.zeros(k, dtype=np.bool_)
    for r in range(k):
        if not rows[r]:
            continue
        for i in range(k):
            if not rows[i]:
                continue
            above = True
            for j in range(d):
                if columns[j] and not matrix[i, j] - matrix[r, j] > margin:
                    above = False
                    break
            if above:
                beaten[r] = True
                break
    return beaten


@njit(cache=True, nogil=True)
def _totals(matrix: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """For each of ``rows``, the entries of ``matrix[rows][:, columns]`` it exceeds in their own column."""
    totals = np.zeros(len(rows), dtype=np.int64)
    for a in range(len(rows)):
        for r in rows:
            for j in columns:
                if matrix[rows[a], j] - matrix[r, j] > 0.0:
                    totals[a] += 1
    return totals


@njit(cache=True, nogil=True)
def simple_vertices(
    points: np.ndarray, matrix: np.ndarray, tie: float, prob_tol: float
) -> tuple[bool, np.ndarray, np.ndarray, np.ndarray]:
    """Qhull's candidates labelled and certified complete, when the polytope is simple.

    Parameters
    ----------
    points : numpy.ndarray
        Candidate vertices of ``{z >= 0, M z <= 1}``, shape ``(N, d)``.
    matrix : numpy.ndarray
        ``M``, shape ``(k, d)``, entries in ``[1, 2]``; ``d + k`` at most 62.
    tie, prob_tol : float
        Tolerances for tight constraints and zero coordinates, relative to ``sum(z)``.

    Returns
    -------
    ok : bool
        Every candidate with ``sum(z) > prob_tol`` has exactly ``d`` labels, no two
        have the same labels, and every label set minus one label occurs at exactly two
        of them or the origin.  When False the other outputs are meaningless.
    points, zero, tight : numpy.ndarray
        The vertices (zero coordinates set to 0), their zero coordinates and tight
        constraints, in increasing order of the label bitmask (as the numpy path).
    """
    count, d = points.shape
    k = matrix.shape[0]
    out = points.copy()
    zero = np.zeros((count, d), dtype=np.bool_)
    tight = np.zeros((count, k), dtype=np.bool_)
    keys = np.zeros(count, dtype=np.int64)
    kept = np.zeros(count, dtype=np.bool_)
    for v in range(count):
        total = 0.0
        for i in range(d):
            total += points[v, i]
        if not total > prob_tol:  # the origin (or NaN, which Qhull's caller has ruled out)
            continue
        kept[v] = True
        key, labels = 0, 0
        for i in range(d):
            if points[v, i] <= prob_tol * total:
                zero[v, i] = True
                out[v, i] = 0.0
                key |= 1 << i
                labels += 1
        for r in range(k):
            value = 0.0
            for i in range(d):
                value += points[v, i] * matrix[r, i]
            if value - 1.0 >= -tie * total:
                tight[v, r] = True
                key |= 1 << (d + r)
                labels += 1
        if labels != d:
            return False, out, zero, tight
        keys[v] = key
    chosen = np.flatnonzero(kept)
    order = chosen[np.argsort(keys[chosen], kind="mergesort")]
    ordered = keys[order]
    for v in range(1, len(ordered)):
        if ordered[v] == ordered[v - 1]:
            return False, out, zero, tight
    # Each label set minus one label, for the vertices and for the origin (labels 0..d-1).
    subsets = np.empty(len(ordered) * d + d, dtype=np.int64)
    t = 0
    for key in ordered:
        for bit in range(d + k):
            if key >> bit & 1:
                subsets[t] = key - (1 << bit)
                t += 1
    for bit in range(d):
        subsets[t] = (1 << d) - 1 - (1 << bit)
        t += 1
    subsets.sort()
    if len(subsets) % 2:
        return False, out, zero, tight
    for t in range(0, len(subsets), 2):  # sorted, each value exactly twice
        if subsets[t] != subsets[t + 1] or (t + 2 < len(subsets) and subsets[t + 2] == subsets[t]):
            return False, out, zero, tight
    return True, out[order], zero[order], tight[order]


@njit(cache=True, nogil=True)
def partner_pairs(
    x: np.ndarray,
    zero: np.ndarray,
    tight: np.ndarray,
    skip: np.ndarray,
    matrix: np.ndarray,
    tie: float,
    prob_tol: float,
    max_condition: float,
) -> tuple[bool, np.ndarray, np.ndarray]:
    """The vertices ``x`` whose partner ``y`` lies in ``Q``, and the partners.

    Parameters
    ----------
    x : numpy.ndarray
        Simple vertices of ``P``, shape ``(N, m)``.
    zero, tight : numpy.ndarray
        Their zero coordinates (shape ``(N, m)``) and tight constraints (the best
        responses ``C``, shape ``(N, n)``).
    skip : numpy.ndarray
        Shape ``(N,)``: vertices known to have no partner in ``Q`` (the partner filter of
        :func:`~.one_side._partners`), left unsolved.
    matrix : numpy.ndarray
        ``A``, shape ``(m, n)``, entries in ``[1, 2]``.
    tie, prob_tol : float
        Tolerances of the feasibility test (:func:`~.one_side._feasible`).
    max_condition : float
        Largest accepted 1-norm condition number of a system ``A_RC``.

    Returns
    -------
    ok : bool
        False if some system is not square or not below ``max_condition`` (a face of
        ``Q`` may hide there); the other outputs are then empty.
    xs, ys : numpy.ndarray
        The pairs ``(x, y)``, unnormalised, near-zero coordinates of ``y`` set to 0.
    """
    count, m = x.shape
    n = matrix.shape[1]
    xs = np.empty((count, m))
    ys = np.empty((count, n))
    rows = np.empty(m, dtype=np.int64)
    columns = np.empty(n, dtype=np.int64)
    found = 0
    for v in range(count):
        if skip[v]:
            continue
        size = 0
        for i in range(m):
            if not zero[v, i]:
                rows[size] = i
                size += 1
        width = 0
        for j in range(n):
            if tight[v, j]:
                columns[width] = j
                width += 1
        if width != size:
            return False, xs[:0], ys[:0]
        system = np.empty((size, size))
        inverse = np.zeros((size, size))
        norm = 0.0
        for j in range(size):
            column_sum = 0.0
            for i in range(size):
                system[i, j] = matrix[rows[i], columns[j]]
                column_sum += abs(system[i, j])
            if column_sum > norm or math.isnan(column_sum):  # a NaN stays (max() would drop it)
                norm = column_sum
        for i in range(size):
            inverse[i, i] = 1.0
        for p in range(size):  # Gauss-Jordan elimination with partial pivoting
            pivot, largest = p, abs(system[p, p])
            for i in range(p + 1, size):
                if abs(system[i, p]) > largest:
                    pivot, largest = i, abs(system[i, p])
            if largest == 0.0:
                return False, xs[:0], ys[:0]
            if pivot != p:
                for j in range(size):
                    system[p, j], system[pivot, j] = system[pivot, j], system[p, j]
                    inverse[p, j], inverse[pivot, j] = inverse[pivot, j], inverse[p, j]
            scale = 1.0 / system[p, p]
            for j in range(size):
                system[p, j] *= scale
                inverse[p, j] *= scale
            for i in range(size):
                factor = system[i, p]
                if i != p and factor != 0.0:
                    for j in range(size):
                        system[i, j] -= factor * system[p, j]
                        inverse[i, j] -= factor * inverse[p, j]
        inverse_norm = 0.0
        for j in range(size):
            column_sum = 0.0
            for i in range(size):
                column_sum += abs(inverse[i, j])
            if column_sum > inverse_norm or math.isnan(column_sum):  # a NaN stays
                inverse_norm = column_sum
        if not norm * inverse_norm < max_condition:  # NaN fails too
            return False, xs[:0], ys[:0]
        y = np.zeros(n)
        total, smallest = 0.0, np.inf
        for i in range(size):
            value = 0.0
            for j in range(size):
                value += inverse[i, j]
            y[columns[i]] = value
            total += value
            smallest = min(smallest, value)
        if not (total > 0.0 and smallest >= -prob_tol * total):
            continue
        # The rows x plays satisfy A_R y = 1 by construction and are not tested (see _feasible).
        feasible = True
        for r in range(m):
            if x[v, r] == 0.0:
                value = 0.0
                for j in range(n):
                    value += matrix[r, j] * y[j]
                if value - 1.0 > tie * total:
                    feasible = False
                    break
        if not feasible:
            continue
        for j in range(n):
            if y[j] <= prob_tol * total:
                y[j] = 0.0
        xs[found] = x[v]
        ys[found] = y
        found += 1
    return True, xs[:found], ys[:found]
