"""The one-sided method on a whole game, from the polytope a test chooses (no dominated strategies removed)."""

from __future__ import annotations

import numpy as np

from negotiation_sim.solvers import one_side
from negotiation_sim.solvers.best_response import float_matrix


def from_one_polytope(
    row_payoffs: np.ndarray, column_payoffs: np.ndarray, row_tol: float, column_tol: float, prob_tol: float
) -> tuple[np.ndarray, np.ndarray] | None:
    """``one_side``'s pairs from the vertices of ``P`` (the row player's mixed strategies), or None."""
    matrix_q, tie_q = float_matrix(row_payoffs, row_tol)
    matrix_p, tie_p = float_matrix(column_payoffs.T, column_tol)
    return one_side._from_matrices(matrix_q, tie_q, matrix_p, tie_p, prob_tol, None, None)
