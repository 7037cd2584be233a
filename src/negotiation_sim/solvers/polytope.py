"""Vertex enumeration of the best-response polytopes of a bimatrix game.

This is the numerical kernel behind :func:`negotiation_sim.solvers.nash.nash_equilibria`.
It works on plain arrays; the public, checked API lives in :mod:`.nash`.

Notation (von Stengel 2007, section 3.2).  For an ``m x n`` game with row
payoffs ``A`` and column payoffs ``B``, both shifted to be positive,

* ``P = {x in R^m : x >= 0, B^T x <= 1}`` with labels ``i`` (``x_i = 0``) and
  ``m + j`` (``(B^T x)_j = 1``: column ``j`` is a best response to ``x``);
* ``Q = {y in R^n : A y <= 1, y >= 0}`` with labels ``i`` (``(A y)_i = 1``) and
  ``m + j`` (``y_j = 0``).

The extreme Nash equilibria are exactly the completely labelled vertex pairs
``(x, y) != (0, 0)`` of ``P x Q``, normalised to probabilities; this holds for
degenerate games too, where vertices carry more labels than the dimension
(Avis, Rosenberg, Savani and von Stengel 2010, section 3).

A vertex is a feasible point where the tight constraints have full rank, so every
vertex is the solution of a square system: a support ``R`` (the coordinates not
forced to zero) and as many tight constraints ``C``.  All ``sum_s C(d, s) C(k, s)
= C(d + k, d)`` square systems are solved in batches with a vectorised Gaussian
elimination, infeasible and singular ones are dropped and the survivors deduplicated.

Degeneracy (ties) is decided **exactly** whenever the payoffs of a player are
rationals with small denominators (within the tolerance): the matrix is scaled to
integers, singularity is decided from the floating determinant with a rigorous
error bound (exact integer elimination in the undecided band), and every feasible
candidate is certified in integer arithmetic (``S z = D 1`` with ``D`` the
determinant) before its labels are read off exactly.  Other payoffs use the
tolerance :func:`negotiation_sim.tolerance.absolute_tol`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

import numpy as np

from negotiation_sim.solvers.modular import fraction_free_solve, nonzero_determinant_mod_p
from negotiation_sim.tolerance import SINGULAR_DET

__all__ = [
    "PolytopeVertices",
    "as_bimatrix",
    "exact_basis_vertices",
    "exhaustive_vertices",
    "exact_vertices",
    "float_vertices",
    "integer_scaling",
]

_CHUNK = 40_000  # square systems per batch: bounds memory at a few tens of MB
_MAX_DENOMINATOR = 1000  # payoffs within tol of p/q, q <= this, are treated as exact
_MAX_LCM = 10**6
_MAX_INTEGER = 2**40
_INT64_SAFE = 2**62
_EPS = float(np.finfo(float).eps)


def as_bimatrix(row_payoffs: object, column_payoffs: object) -> tuple[np.ndarray, np.ndarray]:
    """Validate a pair of payoff tables and return them as float arrays.

    Parameters
    ----------
    row_payoffs, column_payoffs : array_like
        The row and the column player's payoffs, one row per row strategy and one
        column per column strategy (nested lists or arrays of numbers).

    Returns
    -------
    tuple of two numpy.ndarray
        New float arrays of the same shape ``(rows, columns)``.

    Raises
    ------
    ValueError
        If either table is not 2-D, is empty, contains non-finite or non-numeric
        values, or if the shapes differ.

    Examples
    --------
    >>> row, column = as_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> row.dtype, row.shape
    (dtype('float64'), (2, 2))
    >>> as_bimatrix([[1, 2]], [[1], [2]])
    Traceback (most recent call last):
        ...
    ValueError: row_payoffs has shape (1, 2) but column_payoffs has shape (2, 1); both players need one payoff per cell
    """
    arrays = []
    for name, table in (("row_payoffs", row_payoffs), ("column_payoffs", column_payoffs)):
        try:
            arr = np.array(table, dtype=float)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name} must be a table of numbers: {exc}") from exc
        if arr.ndim != 2:
            raise ValueError(f"{name} must be 2-D (rows x columns), got {arr.ndim}-D")
        if arr.size == 0:
            raise ValueError(f"{name} must have at least one row and one column")
        if not np.isfinite(arr).all():
            raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
        arrays.append(arr)
    if arrays[0].shape != arrays[1].shape:
        raise ValueError(
            f"row_payoffs has shape {arrays[0].shape} but column_payoffs has shape "
            f"{arrays[1].shape}; both players need one payoff per cell"
        )
    return arrays[0], arrays[1]


def integer_scaling(payoffs: np.ndarray, atol: float) -> np.ndarray | None:
    """Return integer payoffs equivalent (positive scaling) to ``payoffs``, or None.

    Each value must lie within ``atol`` of a rational ``p/q`` with
    ``q <= 1000``; the common denominator must stay below ``10**6`` and the scaled
    integers below ``2**40``.  The result is an ``int64`` array equal to the
    rationalised payoffs times that common denominator.

    Parameters
    ----------
    payoffs : numpy.ndarray
        Float payoffs of one player (any shape).
    atol : float
        Absolute tolerance, in payoff units, for a value to count as a rational.

    Returns
    -------
    numpy.ndarray or None
        ``int64`` payoffs of the same shape, or ``None`` when some value is not close
        to a small rational or the integers would grow too large.

    Examples
    --------
    >>> import numpy as np
    >>> integer_scaling(np.array([[0.5, 1.25], [2.0, 0.0]]), 1e-9).tolist()
    [[2, 5], [8, 0]]
    >>> integer_scaling(np.array([[np.pi]]), 1e-12) is None
    True
    """
    first = float(payoffs.flat[0]) if payoffs.size else 0.0
    if math.isfinite(first) and _far_from_small_fractions(first, atol):
        return None  # the common float case, decided without sorting or Fraction objects
    values = np.unique(payoffs)
    fractions = {}
    lcm = 1
    for value in values.tolist():
        frac = Fraction(value).limit_denominator(_MAX_DENOMINATOR)
        if abs(float(frac) - value) > atol:
            return None
        lcm = math.lcm(lcm, frac.denominator)
        if lcm > _MAX_LCM:
            return None
        fractions[value] = frac
    scaled = {value: frac * lcm for value, frac in fractions.items()}
    if max(abs(v) for v in scaled.values()) > _MAX_INTEGER:
        return None
    lookup = np.array([int(scaled[v]) for v in values.tolist()], dtype=np.int64)
    return lookup[np.searchsorted(values, payoffs)]


def _far_from_small_fractions(value: float, atol: float) -> bool:
    """Whether ``Fraction(value).limit_denominator(1000)`` is farther than ``atol`` from ``value``.

    ``limit_denominator`` runs the continued fraction of ``value`` until the next
    denominator would pass the limit and returns the closer of two bounds (the last
    convergent and one semiconvergent).  The same integer loop, without ``Fraction``
    objects, gives both bounds; when both are farther than ``atol`` so is the result,
    and :func:`integer_scaling` rejects the table.  False means "not decided here".
    """
    numer, denom = value.as_integer_ratio()
    if denom <= _MAX_DENOMINATOR:
        return False
    p0, q0, p1, q1 = 0, 1, 1, 0
    while True:
        whole = numer // denom
        q2 = q0 + whole * q1
        if q2 > _MAX_DENOMINATOR:
            break
        p0, q0, p1, q1 = p1, q1, p0 + whole * p1, q2
        numer, denom = denom, numer - whole * denom
    k = (_MAX_DENOMINATOR - q0) // q1
    # int / int is correctly rounded, as float(Fraction) is.
    return abs((p0 + k * p1) / (q0 + k * q1) - value) > atol and abs(p1 / q1 - value) > atol


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class PolytopeVertices:
    """The nonzero vertices of ``{z >= 0, M z <= 1}`` with their labels.

    Attributes
    ----------
    points : ndarray, shape (N, d)
        Unnormalised vertex coordinates.
    zero : ndarray of bool, shape (N, d)
        ``zero[v, i]``: coordinate ``i`` of vertex ``v`` is zero.
    tight : ndarray of bool, shape (N, k)
        ``tight[v, j]``: constraint ``j`` holds with equality at vertex ``v``.
    exact : bool
        Whether the labels were decided in exact arithmetic.
    """

    points: np.ndarray
    zero: np.ndarray
    tight: np.ndarray
    exact: bool


def _combos(size: int, s: int) -> np.ndarray:
    return np.array(list(combinations(range(size), s)), dtype=np.intp).reshape(-1, s)


def _batched_solve(mats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``mats[t] x = 1`` for every ``t`` by Gaussian elimination with partial pivoting.

    Returns the solutions (garbage where singular) and the determinants.
    """
    n_sys, s, _ = mats.shape
    aug = np.concatenate([mats, np.ones((n_sys, s, 1))], axis=2)
    det = np.ones(n_sys)
    every = np.arange(n_sys)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for k in range(s):
            piv = k + np.argmax(np.abs(aug[:, k:, k]), axis=1)
            swapped = piv != k
            if swapped.any():
                upper = aug[every, k].copy()
                aug[every, k] = aug[every, piv]
                aug[every, piv] = upper
                det[swapped] = -det[swapped]
            pivot = aug[:, k, k]
            det *= pivot
            safe = np.where(pivot == 0.0, 1.0, pivot)
            factors = aug[:, k + 1 :, k] / safe[:, None]
            aug[:, k + 1 :, k:] -= factors[:, :, None] * aug[:, None, k, k:]
        x = np.zeros((n_sys, s))
        for k in range(s - 1, -1, -1):
            rest = np.einsum("nj,nj->n", aug[:, k, k + 1 : s], x[:, k + 1 :])
            pivot = aug[:, k, k]
            x[:, k] = (aug[:, k, s] - rest) / np.where(pivot == 0.0, 1.0, pivot)
    return x, det


def _systems(k: int, d: int) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """Yield ``(s, C, R)``: tight-constraint rows ``C`` and support columns ``R`` in chunks."""
    for s in range(1, min(k, d) + 1):
        rows = _combos(k, s)
        cols = _combos(d, s)
        per_chunk = max(1, _CHUNK // len(cols))
        for start in range(0, len(rows), per_chunk):
            c_part = rows[start : start + per_chunk]
            c_idx = np.repeat(c_part, len(cols), axis=0)
            r_idx = np.tile(cols, (len(c_part), 1))
            yield s, c_idx, r_idx


def _gather(matrix: np.ndarray, c_idx: np.ndarray, r_idx: np.ndarray) -> np.ndarray:
    return matrix[c_idx[:, :, None], r_idx[:, None, :]]


def _scatter(values: np.ndarray, r_idx: np.ndarray, d: int) -> np.ndarray:
    full = np.zeros((len(values), d), dtype=values.dtype)
    np.put_along_axis(full, r_idx, values, axis=1)
    return full


def float_vertices(matrix: np.ndarray, tie: float, prob_tol: float) -> PolytopeVertices:
    """Vertices of ``{z >= 0, M z <= 1}`` for ``M`` with entries in ``[1, 2]``, with tolerances.

    ``tie`` is the payoff tolerance in units of ``M``: a constraint is tight at a
    vertex ``z`` if ``(M z)_j >= 1 - tie * sum(z)`` (a best response within the
    tolerance after normalising ``z``); ``prob_tol`` likewise for zero coordinates.
    """
    k, d = matrix.shape
    points, zeros, tights = [], [], []
    for _s, c_idx, r_idx in _systems(k, d):
        sub = _gather(matrix, c_idx, r_idx)
        x, det = _batched_solve(sub)
        scale = np.prod(np.linalg.norm(sub, axis=2), axis=1)
        ok = np.abs(det) > SINGULAR_DET * scale
        full = _scatter(np.where(ok[:, None], x, 0.0), r_idx, d)
        total = full.sum(axis=1)
        ok &= total > 0
        with np.errstate(invalid="ignore", over="ignore"):
            slack = full @ matrix.T - 1.0
            ok &= np.all(full >= -prob_tol * total[:, None], axis=1)
            ok &= np.all(slack <= tie * total[:, None], axis=1)
        if ok.any():
            full, total, slack = full[ok], total[ok], slack[ok]
            points.append(np.where(full <= prob_tol * total[:, None], 0.0, full))
            zeros.append(full <= prob_tol * total[:, None])
            tights.append(slack >= -tie * total[:, None])
    if not points:
        return PolytopeVertices(
            points=np.zeros((0, d)), zero=np.zeros((0, d), bool), tight=np.zeros((0, k), bool), exact=False
        )
    pts = np.concatenate(points)
    # Ties can make several bases land on one vertex, equal up to rounding noise.
    _, first = np.unique(np.round(pts / 1e-9).astype(np.int64), axis=0, return_index=True)
    first.sort()
    return PolytopeVertices(
        points=pts[first], zero=np.concatenate(zeros)[first], tight=np.concatenate(tights)[first], exact=False
    )


def _exact_solve(sub: list[list[int]]) -> tuple[list[int], int] | None:
    """Solve ``sub z' = 1`` exactly; return ``(z, D)`` with ``z' = z / D``, ``D > 0``, or None if singular."""
    solved = fraction_free_solve([[int(v) for v in row] for row in sub], [[1]] * len(sub))
    if solved is None:
        return None
    columns, det = solved
    z = [column[0] for column in columns]
    return ([-v for v in z], -det) if det < 0 else (z, det)


def _exact_labels(matrix: np.ndarray, z: np.ndarray, denom: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact feasibility and labels of points ``z / denom`` (``denom > 0``) in integers."""
    products = z.dot(matrix.T.astype(object)) if z.dtype == object else z @ matrix.T
    feasible = np.all(z >= 0, axis=1) & np.all(products <= denom[:, None], axis=1)
    return feasible, z == 0, products == denom[:, None]


def exact_vertices(matrix: np.ndarray) -> PolytopeVertices:
    """Vertices of ``{z >= 0, M z <= 1}`` for a positive integer ``M``, decided exactly."""
    return exact_basis_vertices(matrix, _systems(*matrix.shape))


def exact_basis_vertices(matrix: np.ndarray, bases: Iterable[tuple[int, np.ndarray, np.ndarray]]) -> PolytopeVertices:
    """Exactly certified feasible basic solutions of ``{z >= 0, M z <= 1}`` for a positive integer ``M``.

    Each basis ``(s, C, R)`` is a batch of square systems: rows ``C`` (shape ``(N, s)``) of
    ``M`` held tight on the support columns ``R`` (shape ``(N, s)``).  Every system is solved
    in floating point, then certified in integer arithmetic (``S z = D 1``, ``D`` the
    determinant) or solved with fractions when the certificate is out of reach; singular
    and infeasible systems are dropped.  Labels are read off the exact points.

    Parameters
    ----------
    matrix : numpy.ndarray
        Positive ``int64`` matrix, shape ``(k, d)``.
    bases : iterable of (int, ndarray, ndarray)
        Batches ``(s, C, R)`` of equal size ``s``.

    Returns
    -------
    PolytopeVertices
        The distinct vertices found, sorted by their exact coordinates, ``exact=True``.

    Examples
    --------
    >>> import numpy as np
    >>> m = np.array([[2, 1], [1, 2]])
    >>> found = exact_basis_vertices(m, [(2, np.array([[0, 1]]), np.array([[0, 1]]))])
    >>> found.points.tolist(), found.tight.tolist()
    ([[0.3333333333333333, 0.3333333333333333]], [[True, True]])
    """
    k, d = matrix.shape
    big = int(matrix.max())
    scaled = matrix / big  # pure scaling: vertices of the scaled polytope are big * vertices
    keys: dict[tuple[int, ...], tuple[np.ndarray, np.ndarray]] = {}
    fast_z, fast_d, fast_zero, fast_tight = [], [], [], []
    slow: list[tuple[np.ndarray, np.ndarray]] = []  # (C, R) bases to settle in Python
    for s, c_idx, r_idx in bases:
        sub = _gather(scaled, c_idx, r_idx)
        x, det = _batched_solve(sub)
        power = float(big) ** s
        det_int = det * power
        # |error of det| <= s^3 2^s eps prod(row norms): backward error of elimination
        # with partial pivoting (growth <= 2^s) propagated through Hadamard's bound.
        bound = s**3 * 2.0**s * _EPS * np.prod(np.linalg.norm(sub, axis=2), axis=1) * power
        nonsingular = np.abs(det_int) > bound
        singular = (bound < 0.5) & (np.abs(det_int) < 1.0 - bound)
        # The error bound is pessimistic; a nonzero determinant modulo a prime proves the rest.
        maybe = np.flatnonzero(~(nonsingular | singular) & (np.abs(det_int) >= 0.5))
        if len(maybe):
            nonsingular[maybe] = nonzero_determinant_mod_p(_gather(matrix, c_idx[maybe], r_idx[maybe]))
        for t in np.flatnonzero(~(nonsingular | singular)):
            slow.append((c_idx[t], r_idx[t]))
        if not nonsingular.any():
            continue
        x, det_int, bound = x[nonsingular], det_int[nonsingular], bound[nonsingular]
        c_sel, r_sel = c_idx[nonsingular], r_idx[nonsingular]
        full = _scatter(x, r_sel, d)
        with np.errstate(invalid="ignore", over="ignore"):
            mass = np.abs(full).sum(axis=1)
            screen = np.all(full >= -1e-6 * mass[:, None], axis=1)
            screen &= np.all(full @ scaled.T <= 1.0 + 1e-6, axis=1)
        if not screen.any():
            continue
        x, det_int, bound = x[screen], det_int[screen], bound[screen]
        c_sel, r_sel = c_idx[nonsingular][screen], r_idx[nonsingular][screen]
        # Certificate: with D the rounded determinant, z = D x should be an integer
        # vector; S z == D 1 checked in int64 proves z / D is the (unique) solution.
        with np.errstate(invalid="ignore", over="ignore"):
            denom = np.round(det_int)
            z = np.round(x * (denom / big)[:, None])
            usable = (np.abs(denom) >= 1) & (np.abs(denom) < 2.0**52)
            usable &= np.max(np.abs(z), axis=1) * s * big < _INT64_SAFE / 4
            usable &= np.max(np.abs(z), axis=1) * d * big < _INT64_SAFE / 4
        for t in np.flatnonzero(~usable):
            slow.append((c_sel[t], r_sel[t]))
        if not usable.any():
            continue
        zi = z[usable].astype(np.int64)
        di = denom[usable].astype(np.int64)
        c_use, r_use = c_sel[usable], r_sel[usable]
        sub_int = _gather(matrix, c_use, r_use)
        certified = np.all(np.einsum("nij,nj->ni", sub_int, zi) == di[:, None], axis=1)
        for t in np.flatnonzero(~certified):
            slow.append((c_use[t], r_use[t]))
        zi, di, r_use = zi[certified], di[certified], r_use[certified]
        sign = np.sign(di)
        zfull = _scatter(zi * sign[:, None], r_use, d)
        di = di * sign
        feasible, zero, tight = _exact_labels(matrix, zfull, di)
        fast_z.append(zfull[feasible])
        fast_d.append(di[feasible])
        fast_zero.append(zero[feasible])
        fast_tight.append(tight[feasible])
    if fast_z:
        zs, ds = np.concatenate(fast_z), np.concatenate(fast_d)
        g = np.gcd.reduce(np.concatenate([zs, ds[:, None]], axis=1), axis=1)
        canon = np.concatenate([zs // g[:, None], (ds // g)[:, None]], axis=1)
        _, first = np.unique(canon, axis=0, return_index=True)
        zeros_all, tights_all = np.concatenate(fast_zero), np.concatenate(fast_tight)
        for t in np.sort(first):
            keys.setdefault(tuple(canon[t].tolist()), (zeros_all[t], tights_all[t]))
    for c_row, r_row in slow:
        solved = _exact_solve(matrix[np.ix_(c_row, r_row)].tolist())
        if solved is None:
            continue
        zpart, denom_py = solved
        zfull = np.zeros((1, d), dtype=object)
        zfull[0, :] = 0
        zfull[0, r_row] = zpart
        feasible, zero, tight = _exact_labels(matrix, zfull, np.array([denom_py], dtype=object))
        if feasible[0]:
            g = math.gcd(*zpart, denom_py)
            key = (*(int(v) // g for v in zfull[0]), denom_py // g)
            keys.setdefault(key, (zero[0].astype(bool), tight[0].astype(bool)))
    if not keys:
        return PolytopeVertices(
            points=np.zeros((0, d)), zero=np.zeros((0, d), bool), tight=np.zeros((0, k), bool), exact=True
        )
    ordered = sorted(keys)
    exact_ints = np.array(ordered)
    if exact_ints.dtype == np.int64 and np.abs(exact_ints).max() < 2**53:
        # Both operands exact in float64: IEEE division rounds z / D correctly, as Fraction does.
        points = exact_ints[:, :-1].astype(float) / exact_ints[:, -1:].astype(float)
    else:
        points = np.array([[Fraction(v, key[-1]) for v in key[:-1]] for key in ordered], dtype=float)
    return PolytopeVertices(
        points=points,
        zero=np.array([keys[key][0] for key in ordered], dtype=bool),
        tight=np.array([keys[key][1] for key in ordered], dtype=bool),
        exact=True,
    )


def exhaustive_vertices(payoffs: np.ndarray, atol: float, prob_tol: float) -> PolytopeVertices:
    """Nonzero vertices of ``{z >= 0, M z <= 1}`` by solving every square subsystem.

    The exhaustive reference method (no size limit: callers check the cost).  The
    payoffs are made positive as by
    :func:`~negotiation_sim.solvers.best_response.best_response_vertices`.

    Parameters
    ----------
    payoffs : numpy.ndarray
        Shape ``(k, d)``: one row per constraint, one column per coordinate of ``z``.
    atol : float
        Absolute tie tolerance in payoff units.
    prob_tol : float
        Tolerance below which a coordinate counts as zero (floating path only).

    Returns
    -------
    PolytopeVertices
        The vertices with their zero coordinates and tight constraints.

    Examples
    --------
    >>> import numpy as np
    >>> vertices = exhaustive_vertices(np.array([[3.0, 0.0], [5.0, 1.0]]), 1e-9, 1e-9)
    >>> vertices.exact, vertices.points.tolist()
    (True, [[0.0, 0.5], [0.16666666666666666, 0.0]])
    """
    integers = integer_scaling(payoffs, atol)
    if integers is not None:
        return exact_vertices(integers - integers.min() + 1)
    scale = float(np.max(np.abs(payoffs)))
    scale = scale if scale > 0 else 1.0
    unit = payoffs / scale
    low, spread = float(unit.min()), float(np.ptp(unit))
    spread = spread if spread > 0 else 1.0
    return float_vertices(1.0 + (unit - low) / spread, atol / scale / spread, prob_tol)
