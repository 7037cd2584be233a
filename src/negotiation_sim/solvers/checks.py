"""An independent best-response check for mixed-strategy profiles of bimatrix games.

Deliberately shares no code with the equilibrium enumeration in
:mod:`negotiation_sim.solvers.polytope`: tests use it as an oracle, the way
QuantEcon's ``is_nash`` checks its solvers.
"""

from __future__ import annotations

import numpy as np

from negotiation_sim.tolerance import DEFAULT_TOL, player_tolerances

__all__ = ["is_nash"]


def _mixture(values: object, size: int, name: str, tol: float) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if arr.shape != (size,):
        raise ValueError(f"{name} must have {size} probabilities, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers")
    if np.any(arr < -tol) or abs(float(arr.sum()) - 1.0) > max(tol, 1e-12) * size:
        raise ValueError(f"{name} must be a probability vector (non-negative, summing to 1)")
    return arr


def is_nash(
    row_payoffs: object,
    column_payoffs: object,
    row_mixture: object,
    column_mixture: object,
    *,
    tol: float = DEFAULT_TOL,
) -> bool:
    """Whether a mixed-strategy profile is a Nash equilibrium of a bimatrix game.

    A profile is Nash iff each player's expected payoff is within the tolerance of
    the payoff of their best pure response to the other player's mixture.

    Parameters
    ----------
    row_payoffs, column_payoffs : array_like, shape (m, n)
        Payoffs of the row and of the column player.
    row_mixture : array_like, shape (m,)
        Probabilities of the row player's strategies.
    column_mixture : array_like, shape (n,)
        Probabilities of the column player's strategies.
    tol : float, optional
        Relative tolerance; each player's gain is judged on that player's own payoffs
        (:func:`negotiation_sim.tolerance.player_tolerances`).

    Returns
    -------
    bool
        True if neither player gains more than the tolerance by deviating.

    Raises
    ------
    ValueError
        If the payoff tables are not two finite 2-D arrays of equal shape, or a
        mixture is not a probability vector of the matching length.

    References
    ----------
    J. F. Nash, "Non-cooperative games", Annals of Mathematics 54 (1951) 286-295.

    Examples
    --------
    >>> pennies = [[1, -1], [-1, 1]]
    >>> is_nash(pennies, [[-1, 1], [1, -1]], [0.5, 0.5], [0.5, 0.5])
    True
    >>> is_nash(pennies, [[-1, 1], [1, -1]], [1, 0], [1, 0])
    False
    """
    a = np.asarray(row_payoffs, dtype=float)
    b = np.asarray(column_payoffs, dtype=float)
    if a.ndim != 2 or a.shape != b.shape:
        raise ValueError("row_payoffs and column_payoffs must be 2-D arrays of equal shape")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise ValueError("payoffs must be finite numbers")
    m, n = a.shape
    x = _mixture(row_mixture, m, "row_mixture", 1e-9)
    y = _mixture(column_mixture, n, "column_mixture", 1e-9)
    row_values = a @ y
    column_values = x @ b
    row_gain = float(row_values.max() - x @ row_values)
    column_gain = float(column_values.max() - column_values @ y)
    row_tol, column_tol = player_tolerances((a, b), tol).tolist()
    return row_gain <= row_tol and column_gain <= column_tol
