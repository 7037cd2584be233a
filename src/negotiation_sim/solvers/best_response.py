"""Vertices of a best-response polytope: the fastest certified method for the size.

Small polytopes are enumerated exhaustively (every square subsystem).  Larger ones
go to Qhull (:mod:`.vertex_hull`); its vertices are certified exactly and the set is
certified complete, and when that fails the exhaustive exact method runs instead,
within the cost limit of :mod:`.nash_cost`.  The result is the same either way.
(Nondegenerate float games may skip the second polytope altogether: :mod:`.one_side`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from negotiation_sim.errors import SolverError
from negotiation_sim.limits import current_limits
from negotiation_sim.solvers.nash_cost import check_cost, estimate_cost, use_exhaustive
from negotiation_sim.solvers.polytope import PolytopeVertices, exact_vertices, float_vertices, integer_scaling

if TYPE_CHECKING:
    from negotiation_sim.solvers.vertex_hull import HullOverBudget

__all__ = ["best_response_vertices", "float_matrix", "hull_stopped_error"]


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
    high, low = float(payoffs.max()), float(payoffs.min())
    scale = max(high, -low)  # max |payoff|, without a copy
    scale = scale if scale > 0 else 1.0
    # Rounding v / scale is monotone in v: the extremes of ``payoffs / scale`` are those of payoffs, divided.
    low, spread = low / scale, high / scale - low / scale
    spread = spread if spread > 0 else 1.0
    unit = payoffs / scale
    unit -= low  # in place: the same operations as 1.0 + (unit - low) / spread
    unit /= spread
    unit += 1.0
    return unit, atol / scale / spread


def best_response_vertices(
    payoffs: np.ndarray, atol: float, prob_tol: float, *, game_shape: tuple[int, int] | None = None
) -> PolytopeVertices:
    """Nonzero vertices of ``{z >= 0, M z <= 1}`` where ``M`` is ``payoffs`` made positive.

    ``payoffs`` has one row per constraint (the player whose best responses the
    constraints describe) and one column per coordinate of ``z``.  Exact arithmetic
    is used when :func:`~.polytope.integer_scaling` succeeds, the tolerance ``atol``
    (in payoff units) otherwise.

    Payoffs too large for the exhaustive method go to Qhull.  When the upper-bound
    estimate of :func:`~.nash_cost.estimate_cost` is above the time limit, Qhull still
    runs, adding one constraint at a time, and is stopped only when the time it actually
    takes would exceed the limit: degenerate games (ties, as in the reduced normal forms
    of trees) and games with dominated strategies often have few vertices however large
    they are.

    Parameters
    ----------
    payoffs : numpy.ndarray
        Shape ``(k, d)``: one row per constraint, one column per coordinate of ``z``.
    atol : float
        Absolute tie tolerance in payoff units.
    prob_tol : float
        Tolerance below which a coordinate counts as zero (floating path only).
    game_shape : (int, int), optional
        Rows and columns of the game, named in error messages (by default ``(d, k)``).

    Returns
    -------
    PolytopeVertices
        The vertices with their zero coordinates and tight constraints.

    Raises
    ------
    SolverError
        If the method needed is estimated to exceed the time limit ``max_nash_seconds``
        (see :func:`~.nash_cost.check_cost`), or Qhull had to be stopped at that limit.

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
    rows, columns = (d, k) if game_shape is None else game_shape
    integers = integer_scaling(payoffs, atol)
    if integers is not None:
        matrix = integers - integers.min() + 1
        tie = prob = 0.0
    else:
        matrix, tie = float_matrix(payoffs, atol)
        prob = prob_tol
    reason = ""
    if not use_exhaustive(k, d):
        from negotiation_sim.solvers.vertex_hull import HullOverBudget, certified_hull_vertices, hull_float_vertices

        limit = current_limits().max_nash_seconds
        seconds = None if estimate_cost(rows, columns, "qhull").seconds <= limit else float(limit)
        try:
            if integers is not None:
                found = certified_hull_vertices(matrix, seconds=seconds)
            else:
                found = hull_float_vertices(matrix, tie, prob, seconds=seconds)
        except HullOverBudget as stop:
            raise hull_stopped_error(stop, rows, columns) from stop
        if found is not None:
            return found
        reason = " (the Qhull result could not be certified complete)"
    check_cost(rows, columns, "exhaustive", reason=reason)
    return exact_vertices(matrix) if integers is not None else float_vertices(matrix, tie, prob)


def hull_stopped_error(stop: HullOverBudget, rows: int, columns: int) -> SolverError:
    """The error for a Qhull run stopped at the time limit, naming the game and how far Qhull got.

    Parameters
    ----------
    stop : HullOverBudget
        The stopped run (time spent, constraints added, vertices so far, next step's estimate).
    rows, columns : int
        The game's shape (whichever polytope was enumerated).

    Returns
    -------
    SolverError
        With a message that names ``NEGOTIATION_SIM_MAX_NASH_SECONDS``.

    Examples
    --------
    >>> from negotiation_sim.solvers.vertex_hull import HullOverBudget
    >>> stop = HullOverBudget(seconds=1.2, vertices=9000, added=7, constraints=20, next_seconds=3.0)
    >>> print(hull_stopped_error(stop, 20, 30))  # doctest: +ELLIPSIS
    a 20x30 game: Qhull vertex enumeration of a best-response polytope (20 constraints) was stopped after 1.2 s, ...
    """
    limit = current_limits().max_nash_seconds
    bound = estimate_cost(rows, columns, "qhull").seconds
    return SolverError(
        f"a {rows}x{columns} game: Qhull vertex enumeration of a best-response polytope ({stop.constraints} "
        f"constraints) was stopped after {stop.seconds:.3g} s, with {stop.added} of {stop.constraints} constraints "
        f"added and already {stop.vertices} vertices; the next constraint alone was estimated at "
        f"{stop.next_seconds:.3g} s, above the limit of {limit:g} s (upper-bound estimate for the whole "
        f"enumeration: {bound:.3g} s); remove dominated strategies, or raise the limit with "
        "NEGOTIATION_SIM_MAX_NASH_SECONDS"
    )
