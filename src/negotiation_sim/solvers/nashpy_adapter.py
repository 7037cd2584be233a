"""The one place negotiation-sim talks to nashpy.

nashpy (and through it scipy) is imported inside the functions, so importing this
module costs nothing.  nashpy's warnings (e.g. "An even number of equilibria was
returned ... degenerate") are captured and returned in the result instead of
leaking to the caller.  Used as a cross-check on non-degenerate games and in the
benchmark; :func:`negotiation_sim.solvers.nash.nash_equilibria` does not need it.
"""

from __future__ import annotations

import warnings

import numpy as np

from negotiation_sim.solvers.polytope import as_bimatrix
from negotiation_sim.solvers.result import SolverResult

__all__ = ["NashpyResult", "support_enumeration", "vertex_enumeration"]

NashpyResult = SolverResult[tuple[np.ndarray, np.ndarray], None]
"""Equilibria reported by a nashpy algorithm: the one result type of the solvers.

``method`` is ``"nashpy.support_enumeration"`` or ``"nashpy.vertex_enumeration"``;
``equilibria`` the ``(row, column)`` mixtures in nashpy's order; ``notes`` the messages of
the warnings nashpy emitted while solving (nashpy does not say whether its list is
complete, so ``count_is_exact`` is False).
"""


def _run(method: str, row_payoffs: object, column_payoffs: object) -> NashpyResult:
    import nashpy  # deferred: pulls scipy and networkx

    a, b = as_bimatrix(row_payoffs, column_payoffs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        game = nashpy.Game(a, b)
        found = [(np.asarray(x, float), np.asarray(y, float)) for x, y in getattr(game, method)()]
    return SolverResult(
        method=f"nashpy.{method}",
        equilibria=tuple(found),
        count=len(found),
        count_is_exact=False,
        notes=tuple(" ".join(str(w.message).split()) for w in caught),
        details=None,
    )


def support_enumeration(row_payoffs: object, column_payoffs: object) -> NashpyResult:
    """Equilibria from nashpy's ``support_enumeration`` (may miss some on degenerate games).

    Parameters
    ----------
    row_payoffs, column_payoffs : array_like, shape (m, n)
        Payoffs of the row and column player.

    Returns
    -------
    NashpyResult
        The equilibria, and the captured warnings as notes.

    Raises
    ------
    ValueError
        If the payoff tables are invalid.
    ImportError
        If nashpy is not installed.

    References
    ----------
    V. Knight and J. Campbell, "Nashpy: A Python library for the computation of
    Nash equilibria", *Journal of Open Source Software* 3(30) (2018) 904.

    Examples
    --------
    >>> result = support_enumeration([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> [(x.tolist(), y.tolist()) for x, y in result.equilibria], result.notes
    ([([0.5, 0.5], [0.5, 0.5])], ())
    """
    return _run("support_enumeration", row_payoffs, column_payoffs)


def vertex_enumeration(row_payoffs: object, column_payoffs: object) -> NashpyResult:
    """Equilibria from nashpy's ``vertex_enumeration``.

    Parameters
    ----------
    row_payoffs, column_payoffs : array_like, shape (m, n)
        Payoffs of the row and column player.

    Returns
    -------
    NashpyResult
        The equilibria, and the captured warnings as notes.

    Raises
    ------
    ValueError
        If the payoff tables are invalid.
    ImportError
        If nashpy is not installed.

    References
    ----------
    V. Knight and J. Campbell, "Nashpy: A Python library for the computation of
    Nash equilibria", *Journal of Open Source Software* 3(30) (2018) 904.

    Examples
    --------
    >>> result = vertex_enumeration([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> [(x.round(6).tolist(), y.round(6).tolist()) for x, y in result.equilibria]
    [([0.5, 0.5], [0.5, 0.5])]
    """
    return _run("vertex_enumeration", row_payoffs, column_payoffs)
