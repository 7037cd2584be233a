"""The one tolerance that decides ties everywhere in negotiation-sim.

Two payoffs are treated as equal when they differ by at most ``tol * scale``,
where ``scale`` is the largest absolute payoff of the game (over all players and
outcomes or cells).  The tolerance is purely
relative, so a game means the same whether its payoffs are in units or in 1e-200ths
of a unit (a game whose payoffs are all zero uses ``tol``).  A single constant keeps
the normal-form and extensive-form solvers consistent.
"""

from __future__ import annotations

import numpy as np

DEFAULT_TOL: float = 1e-9
"""Relative tolerance for ties (relative to the payoff scale, see :func:`absolute_tol`)."""


def absolute_tol(payoffs: object, tol: float = DEFAULT_TOL) -> float:
    """Return the absolute tie tolerance for a collection of payoffs.

    Parameters
    ----------
    payoffs : array_like
        Any payoff values; only their largest finite magnitude matters.
    tol : float, optional
        Relative tolerance, by default :data:`DEFAULT_TOL`.

    Returns
    -------
    float
        ``tol * max |payoff|`` (``tol`` when every payoff is zero).

    Examples
    --------
    >>> absolute_tol([[3, -40], [2, 1]])
    4e-08
    >>> absolute_tol([0.5, 0.25])
    5e-10
    >>> absolute_tol([[0.0, 0.0]])
    1e-09
    """
    arr = np.asarray(payoffs, dtype=float)
    finite = arr[np.isfinite(arr)]
    scale = float(np.max(np.abs(finite))) if finite.size else 1.0
    return tol * scale if scale > 0 else tol
