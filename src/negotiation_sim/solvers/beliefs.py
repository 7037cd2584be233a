"""Beliefs that make a move optimal: the polytope of supporting beliefs at an information set.

At an information set with nodes ``x_1 .. x_k`` a move ``a*`` is optimal under the belief
``mu`` when ``sum_j mu_j (u(x_j, a*) - u(x_j, a)) >= -tol`` for every other move ``a``.  The
beliefs doing so form a polytope in the simplex.  For two nodes it is an interval, found
exactly; for more it is described by a supporting belief and each node's bounds (linear
programmes, scipy's HiGHS).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["BeliefPolytope", "supporting_beliefs"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BeliefPolytope:
    """The beliefs over an information set's nodes under which a move is optimal.

    Attributes
    ----------
    bounds : tuple of (float, float)
        Per node, the lowest and highest probability over the polytope.
    support : tuple of float
        One belief in the polytope (its nodes' probabilities, summing to one).
    """

    bounds: tuple[tuple[float, float], ...]
    support: tuple[float, ...]


def supporting_beliefs(gains: np.ndarray, tol: float) -> BeliefPolytope | None:
    """The beliefs under which a move is optimal, or ``None`` when there are none.

    Parameters
    ----------
    gains : numpy.ndarray
        Shape ``(n_other_moves, n_nodes)``: the payoff of the chosen move minus that of
        each other move, at each node.
    tol : float
        Absolute tolerance for ties.

    Returns
    -------
    BeliefPolytope or None

    Examples
    --------
    Beer after a quiche-eating sender: duelling pays the receiver 1 against a weak type
    and 0 against a strong one, not duelling the reverse.  Duelling is optimal when the
    belief in the weak type is at least one half.

    >>> polytope = supporting_beliefs(np.array([[-1.0, 1.0]]), 1e-9)  # nodes: strong, weak
    >>> polytope.bounds
    ((0.0, 0.5), (0.5, 1.0))
    """
    gains = np.atleast_2d(np.asarray(gains, dtype=float))
    n_nodes = gains.shape[1]
    if n_nodes == 1:
        return BeliefPolytope(bounds=((1.0, 1.0),), support=(1.0,)) if np.all(gains >= -tol) else None
    if n_nodes == 2:
        return _interval(gains, tol)
    return _polytope(gains, tol)


def _interval(gains: np.ndarray, tol: float) -> BeliefPolytope | None:
    # Belief q on the second node: gain(q) = g0 + q (g1 - g0) >= -tol for every row.
    def bounds(slack: float) -> tuple[float, float]:
        low, high = 0.0, 1.0
        for g0, g1 in gains.tolist():
            slope = g1 - g0
            if abs(slope) <= tol:
                if min(g0, g1) < -slack:
                    return 1.0, 0.0
                continue
            point = float((-slack - g0) / slope)
            if slope > 0:
                low = max(low, point)
            else:
                high = min(high, point)
        return low, high

    low, high = bounds(tol)
    if low > high:
        return None
    exact_low, exact_high = bounds(0.0)
    if exact_low <= exact_high:  # report the tie points themselves, not points tol away
        low, high = exact_low, exact_high
    low, high = min(max(low, 0.0), 1.0), min(max(high, 0.0), 1.0)
    q = (low + high) / 2
    return BeliefPolytope(bounds=((1 - high, 1 - low), (low, high)), support=(1 - q, q))


def _polytope(gains: np.ndarray, tol: float) -> BeliefPolytope | None:
    from scipy.optimize import linprog

    n = gains.shape[1]
    a_ub, b_ub = (-gains, np.full(gains.shape[0], tol)) if gains.shape[0] else (None, None)
    a_eq, b_eq = np.ones((1, n)), np.ones(1)
    points, bounds = [], []
    for j in range(n):
        extremes = []
        for sign in (1.0, -1.0):
            c = np.zeros(n)
            c[j] = sign
            found = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, 1), method="highs")
            if found.status != 0:
                return None
            points.append(found.x)
            extremes.append(float(found.x[j]))
        bounds.append((min(max(extremes[0], 0.0), 1.0), min(max(extremes[1], 0.0), 1.0)))
    centre = np.clip(np.mean(points, axis=0), 0.0, 1.0)
    centre = centre / centre.sum()
    return BeliefPolytope(bounds=tuple(bounds), support=tuple(float(v) for v in centre))
