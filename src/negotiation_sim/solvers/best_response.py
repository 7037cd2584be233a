"""Vertices of a best-response polytope: the fastest certified method for the size.

Small polytopes are enumerated exhaustively (every square subsystem).  Larger ones
go to Qhull (:mod:`.vertex_hull`); its vertices are certified exactly and the set is
certified complete, and when that fails the exhaustive exact method runs instead,
within the cost limit of :mod:`.nash_cost`.  The result is the same either way.
(Nondegenerate float games may skip the second polytope altogether: :mod:`.one_side`.)
"""

from __future__ import annotations

import numpy as np

from negotiation_sim.solvers.nash_cost import check_cost, use_exhaustive
from negotiation_sim.solvers.polytope import PolytopeVertices, exact_vertices, float_vertices, integer_scaling

__all__ = ["best_response_vertices", "float_matrix"]


def float_matrix(payoffs: np.ndarray, atol: float) -> tuple[np.ndarray, float]:
    """Payoffs mapped affinely onto ``[1, 2]``, and the tie tolerance in the new units.

    Parameters
    ----------
    payoffs : numpy.ndarray
        Float payoffs of one player.
    atol : float
        Absolute tie tolerance in payoff units.

    Returns
    -------
    tuple of (numpy.ndarray, float)
        The positive matrix and ``atol`` rescaled.

    Examples
    --------
    >>> import numpy as np
    >>> matrix, tie = float_matrix(np.array([[-1.0, 3.0]]), 0.4)
    >>> matrix.tolist(), round(tie, 6)
    ([[1.0, 2.0]], 0.1)
    """
    # Divide by the largest magnitude first, so payoffs near the float limits (1e308) do not
    # overflow when shifted and spread.
    scale = float(np.max(np.abs(payoffs)))
    scale = scale if scale > 0 else 1.0
    unit = payoffs / scale
    low, spread = float(unit.min()), float(np.ptp(unit))
    spread = spread if spread > 0 else 1.0
    return 1.0 + (unit - low) / spread, atol / scale / spread


def best_response_vertices(payoffs: np.ndarray, atol: float, prob_tol: float) -> PolytopeVertices:
    """Nonzero vertices of ``{z >= 0, M z <= 1}`` where ``M`` is ``payoffs`` made positive.

    ``payoffs`` has one row per constraint (the player whose best responses the
    constraints describe) and one column per coordinate of ``z``.  Exact arithmetic
    is used when :func:`~.polytope.integer_scaling` succeeds, the tolerance ``atol``
    (in payoff units) otherwise.

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

    Raises
    ------
    SolverError
        If the method needed is estimated to exceed the time limit (see
        :func:`~.nash_cost.check_cost`).

    Examples
    --------
    The prisoner's dilemma, row player's payoffs: two nonzero vertices, each with one
    zero coordinate and the second constraint tight.

    >>> import numpy as np
    >>> vertices = best_response_vertices(np.array([[3.0, 0.0], [5.0, 1.0]]), 1e-9, 1e-9)
    >>> vertices.exact, vertices.points.shape
    (True, (2, 2))
    >>> vertices.zero.tolist(), vertices.tight.tolist()
    ([[True, False], [False, True]], [[False, True], [False, True]])
    """
    k, d = payoffs.shape
    integers = integer_scaling(payoffs, atol)
    if integers is not None:
        matrix = integers - integers.min() + 1
        tie = prob = 0.0
    else:
        matrix, tie = float_matrix(payoffs, atol)
        prob = prob_tol
    reason = ""
    if not use_exhaustive(k, d):
        check_cost(k, d, "qhull")
        from negotiation_sim.solvers.vertex_hull import certified_hull_vertices, hull_float_vertices

        found = certified_hull_vertices(matrix) if integers is not None else hull_float_vertices(matrix, tie, prob)
        if found is not None:
            return found
        reason = " (the Qhull result could not be certified complete)"
    check_cost(k, d, "exhaustive", reason=reason)
    return exact_vertices(matrix) if integers is not None else float_vertices(matrix, tie, prob)
