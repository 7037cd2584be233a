"""Vectorised detection of payoffs that are small rationals, for many games at once.

The same rule as :func:`negotiation_sim.solvers.polytope.integer_scaling`, applied to a
stack of payoff tables without Python ``Fraction`` objects: a value counts as the
rational ``p/q`` (``q <= 1000``) closest to it when that fraction lies within the
tolerance; the common denominator of one player's table must stay below ``10**6`` and
the scaled integers below ``2**40``.

Continued fractions find the fraction.  Two fractions with denominators up to 1000
differ by at least ``1 / (1000 * 999) > 1e-6``, so a fraction within ``4e-7`` of a value
is its unique closest one, and by Legendre's theorem (``|v - p/q| < 1 / (2 q^2)``) a
convergent of the continued fraction of ``v``; the first convergent with ``q <= 1000``
that close is therefore exactly what ``Fraction.limit_denominator(1000)`` returns.  A
value farther than ``4e-7`` from every convergent is "not rational" when the tolerance
is below ``4e-7`` (the common case: payoff scale below 400 at the default tolerance) and
*undecided* otherwise; callers settle undecided tables with ``integer_scaling``.

References
----------
A. Ya. Khinchin, *Continued Fractions*, Dover 1997, theorems 19 (Legendre) and 15
(best approximations).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["RationalTables", "integer_table", "integer_tables", "rational_tables"]

MAX_DENOMINATOR = 1000
"""Largest denominator of a payoff read as a rational (as ``integer_scaling``)."""

UNIQUE_WITHIN = 4e-7
"""A fraction this close to a value is its unique closest fraction with ``q <= 1000``."""

_MAX_LCM = 10**6
_MAX_INTEGER = 2**40
_SCALAR_BELOW = 64  # values; below this a Python loop beats numpy's per-call overhead
_STEPS = 24  # convergent denominators grow at least like Fibonacci numbers: 1000 < F(17)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class RationalTables:
    """Integer versions of a stack of payoff tables, where they exist.

    Attributes
    ----------
    integers : numpy.ndarray of int64
        Shape ``(N, L)``: each table's rationalised values times their common
        denominator (meaningful where ``exact``).
    exact : numpy.ndarray of bool
        Shape ``(N,)``: the table is a table of small rationals.
    undecided : numpy.ndarray of bool
        Shape ``(N,)``: the tolerance is too wide to tell which fraction
        ``limit_denominator`` would pick; decide these tables one by one.
    """

    integers: np.ndarray
    exact: np.ndarray
    undecided: np.ndarray


def rational_tables(values: np.ndarray, atol: np.ndarray) -> RationalTables:
    """Read each row of ``values`` as a table of small rationals, if it is one.

    Parameters
    ----------
    values : numpy.ndarray
        Shape ``(N, L)``: ``N`` tables of one player's payoffs, flattened (finite).
    atol : numpy.ndarray
        Shape ``(N,)``: absolute tolerance of each table.

    Returns
    -------
    RationalTables
        Where ``exact``, the integers equal ``integer_scaling(values[t], atol[t])``.

    Examples
    --------
    >>> import numpy as np
    >>> found = rational_tables(np.array([[0.5, 1.25, 2.0], [np.pi, 0.0, 1.0]]), np.full(2, 1e-9))
    >>> found.integers[0].tolist(), found.exact.tolist(), found.undecided.tolist()
    ([2, 5, 8], [True, False], [False, False])
    """
    n_tables = len(values)
    integral = values == np.round(values)
    if integral.all() and np.all(np.abs(values) <= _MAX_INTEGER):
        return RationalTables(
            integers=values.astype(np.int64), exact=np.ones(n_tables, bool), undecided=np.zeros(n_tables, bool)
        )
    close = np.minimum(atol, UNIQUE_WITHIN)[:, None]
    if values.size <= _SCALAR_BELOW:
        numer, denom = _scalar_fractions(values, close)
    else:
        # The fraction within UNIQUE_WITHIN of a value is unique, so it is found once per
        # distinct value; each table then keeps it if it lies within its own tolerance.
        # Integers are their own fraction (n/1, as _vector_fractions finds them), so only
        # the other values are sorted (payoff tables are often half constants).
        numer, denom = np.where(integral, values, 0.0), integral.astype(float)
        fractional = ~integral
        distinct, inverse = np.unique(values[fractional], return_inverse=True)
        found_numer, found_denom = _vector_fractions(distinct, np.full(distinct.shape, UNIQUE_WITHIN))
        numer[fractional], denom[fractional] = found_numer[inverse], found_denom[inverse]
        far = ~(np.abs(numer / np.where(denom > 0, denom, 1.0) - values) <= close)
        denom = np.where(far, 0.0, denom)
    return _scaled(numer, denom, atol)


def integer_tables(payoffs: np.ndarray, atol: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which payoff tables of a stack are small rationals, and those tables as integers.

    :func:`rational_tables` over the tables of a stack of games, with the undecided
    tables (wide tolerances) settled one by one by
    :func:`~negotiation_sim.solvers.polytope.integer_scaling`.  One table's answer does not
    depend on the others, so a whole stack is read at once.

    Parameters
    ----------
    payoffs : numpy.ndarray
        Shape ``(k, d, N)``: one player's ``k x d`` table in each of ``N`` games (finite).
    atol : numpy.ndarray
        Shape ``(N,)``: absolute tolerance of each table.

    Returns
    -------
    exact : numpy.ndarray of bool
        Shape ``(N,)``: the table is one of small rationals.
    integers : numpy.ndarray of int64
        Shape ``(N, k * d)``: the flattened tables as integers, meaningful where ``exact``.

    Examples
    --------
    >>> import numpy as np
    >>> tables = np.stack([np.eye(2) / 4, np.eye(2) * np.pi], axis=-1)
    >>> exact, integers = integer_tables(tables, np.full(2, 1e-9))
    >>> exact.tolist(), integers[0].tolist()
    ([True, False], [1, 0, 0, 1])
    """
    k, d, n_games = payoffs.shape
    flat = payoffs.reshape(k * d, n_games).T
    found = rational_tables(flat, atol)
    exact, integers = found.exact.copy(), found.integers
    for t in np.flatnonzero(found.undecided).tolist():  # rare: wide tolerance, settled by the scalar rule
        from negotiation_sim.solvers.polytope import integer_scaling  # not at the top: start-up time

        scaled = integer_scaling(flat[t], float(atol[t]))
        if scaled is not None:
            exact[t], integers[t] = True, scaled
    return exact, integers


def integer_table(values: list[float], atol: float) -> list[int] | None:
    """One table of Python floats as integers, by the rule of :func:`rational_tables`, or None.

    The scalar version for one small game: it stops at the first value that is not a
    small rational, so a table of generic floats is rejected after one or two values.

    Parameters
    ----------
    values : list of float
        One player's payoffs, flattened (finite).
    atol : float
        Absolute tolerance of the table.

    Returns
    -------
    list of int or None
        The rationalised values times their common denominator, as
        ``rational_tables`` (or ``integer_scaling`` where that is undecided) gives them;
        None when the table is not one of small rationals.

    Examples
    --------
    >>> integer_table([0.5, 1.25, 2.0], 1e-9), integer_table([3.141592653589793, 0.0], 1e-9)
    ([2, 5, 8], None)
    """
    if all(v == math.floor(v) and abs(v) <= _MAX_INTEGER for v in values):
        return [int(v) for v in values]
    close = min(atol, UNIQUE_WITHIN)
    found: dict[float, tuple[float, float]] = {}
    for value in values:
        if value not in found:
            found[value] = _convergent_within(value, close)
            if found[value][1] == 0.0:
                if atol < UNIQUE_WITHIN:
                    return None
                from negotiation_sim.solvers.polytope import integer_scaling  # rare: wide tolerance

                scaled = integer_scaling(np.array(values), atol)
                return None if scaled is None else scaled.tolist()
    lcm = 1
    for _, q in found.values():
        lcm = math.lcm(lcm, int(q))
        if lcm > _MAX_LCM:
            return None
    integers = [found[v][0] * (lcm // int(found[v][1])) for v in values]
    if any(abs(v) > _MAX_INTEGER for v in integers):
        return None
    return [int(v) for v in integers]


def _convergent_within(value: float, close: float) -> tuple[float, float]:
    """The first convergent ``p/q`` (``q <= 1000``) of ``value`` within ``close`` of it, or ``(0, 0)``.

    The same floating-point steps as :func:`_vector_fractions`, one value at a time.
    """
    if value == round(value):
        return float(round(value)), 1.0
    h0, h1, k0, k1 = 0.0, 1.0, 1.0, 0.0
    rest = value
    for _ in range(_STEPS):
        whole = math.floor(rest)
        h2, k2 = whole * h1 + h0, whole * k1 + k0
        if k2 > MAX_DENOMINATOR:
            break
        if abs(h2 / k2 - value) <= close:
            return h2, k2
        part = rest - whole
        if not part > 0:
            break
        rest = 1.0 / part
        h0, h1, k0, k1 = h1, h2, k1, k2
    return 0.0, 0.0


def _scalar_fractions(values: np.ndarray, close: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    numer, denom = np.zeros(values.shape), np.zeros(values.shape)
    for t, (row, near) in enumerate(zip(values.tolist(), close[:, 0].tolist(), strict=True)):
        found: dict[float, tuple[float, float]] = {}
        for j, value in enumerate(row):
            if value not in found:
                found[value] = _convergent_within(value, near)
            numer[t, j], denom[t, j] = found[value]
    return numer, denom


def _vector_fractions(values: np.ndarray, close: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per value, the first convergent ``p/q`` (``q <= 1000``) within ``close``, else ``q = 0``."""
    integral = values == np.round(values)
    numer = np.where(integral, np.round(values), np.nan)
    denom = np.where(integral, 1.0, 0.0)
    h0, h1 = np.zeros_like(values), np.ones_like(values)
    k0, k1 = np.ones_like(values), np.zeros_like(values)
    rest = values.copy()
    active = ~integral
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for _ in range(_STEPS):
            whole = np.floor(rest)
            h2, k2 = whole * h1 + h0, whole * k1 + k0
            active &= k2 <= MAX_DENOMINATOR
            hit = active & (np.abs(h2 / k2 - values) <= close)
            numer[hit], denom[hit] = h2[hit], k2[hit]
            active &= ~hit
            part = rest - whole
            active &= part > 0
            if not active.any():
                break
            rest = np.where(active, 1.0 / np.where(part > 0, part, 1.0), 0.0)
            h0, h1, k0, k1 = h1, h2, k1, k2
    return numer, denom


def _scaled(numer: np.ndarray, denom: np.ndarray, atol: np.ndarray) -> RationalTables:
    n_tables = len(numer)
    found = denom > 0
    exact = found.all(axis=1)
    undecided = ~exact & (atol >= UNIQUE_WITHIN)
    q = np.where(found, denom, 1.0)
    if q.size <= _SCALAR_BELOW:
        lcm = np.array([min(math.lcm(*row), _MAX_LCM + 1) for row in q.astype(np.int64).tolist()], dtype=np.int64)
        exact &= lcm <= _MAX_LCM
        lcm = np.where(exact, lcm, 1)
    else:
        lcm = np.ones(n_tables, dtype=np.int64)
        # Capped column by column (np.lcm.reduce could overflow int64); columns of
        # integers (q = 1 in every table) leave the lcm as it is.
        for column in np.flatnonzero((q > 1).any(axis=0)).tolist():
            lcm = np.lcm(lcm, q[:, column].astype(np.int64))
            exact &= lcm <= _MAX_LCM
            lcm = np.where(lcm <= _MAX_LCM, lcm, 1)
    # Where exact, q divides the lcm (both below 2**53): the float quotient is the exact
    # integer lcm // q; elsewhere the result is discarded.
    scaled = np.where(found, numer, 0.0) * (lcm[:, None] / q)
    exact &= np.all(np.abs(scaled) <= _MAX_INTEGER, axis=1)
    integers = np.where(exact[:, None], scaled, 0.0).astype(np.int64)
    return RationalTables(integers=integers, exact=exact, undecided=undecided)
