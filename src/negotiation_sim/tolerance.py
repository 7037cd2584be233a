"""The one tie rule of negotiation-sim: per player, relative to that player's payoff scale.

A player is indifferent between two of its payoffs when they differ by at most
``tol * scale``, where ``scale`` is the largest absolute payoff *of that player* in the game
(over its outcomes or cells; at each grid point in a sweep).  Another player's payoffs never
enter: a player whose payoffs are 0 and 1 is not indifferent between them because someone
else's payoff is 1e12.  The rule is purely relative, so a game means the same whether a
player's payoffs are in units or in 1e-200ths of a unit (a player whose payoffs are all zero
uses ``tol``).  :func:`player_tolerances` gives every player's tolerance at once and is what
the solvers, sweeps, tornado charts and comparisons use; :func:`absolute_tol` is the same
rule for one player's payoffs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = ["DEFAULT_TOL", "MIN_TOL", "SINGULAR_DET", "absolute_tol", "checked_tol", "player_tolerances"]

DEFAULT_TOL: float = 1e-9
"""Relative tolerance for ties (relative to a player's payoff scale, see :func:`player_tolerances`)."""

MIN_TOL: float = 1e-15
"""The smallest relative tolerance accepted: below it rounding decides ties of floating-point
payoffs (at ``tol=0`` rounded values never tie, and equilibria were lost; against Gambit's exact
``enummixed`` the solvers agree at ``1e-15`` and miss equilibria at ``1e-16``)."""

SINGULAR_DET: float = 1e-15
"""A floating-point square system counts as singular when ``|det|`` is at most this times the
product of its rows' norms (Hadamard's bound on ``|det|``): its solution then has no correct
digits.  At ``1e-12``, systems through two strategies whose payoffs differ by about ``1e-10``
were dropped, and with them equilibria."""


def checked_tol(tol: float) -> float:
    """Return ``tol`` if it is a usable relative tolerance, else raise.

    Parameters
    ----------
    tol : float
        Relative tie tolerance.

    Returns
    -------
    float
        ``tol``, unchanged.

    Raises
    ------
    ValueError
        If ``tol`` is not a finite number of at least :data:`MIN_TOL`.

    Examples
    --------
    >>> checked_tol(1e-12)
    1e-12
    >>> checked_tol(0.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: tol must be a finite relative tolerance of at least 1e-15 (...); got 0.0 (the default is 1e-09)
    """
    if not (math.isfinite(tol) and tol >= MIN_TOL):
        raise ValueError(
            f"tol must be a finite relative tolerance of at least {MIN_TOL:g} (below that, rounding decides "
            f"ties of floating-point payoffs and equilibria are lost); got {tol!r} (the default is {DEFAULT_TOL:g})"
        )
    return tol


def absolute_tol(payoffs: object, tol: float = DEFAULT_TOL) -> float:
    """Return the absolute tie tolerance for one player's payoffs.

    Parameters
    ----------
    payoffs : array_like
        The payoffs of ONE player (any shape); only their largest finite magnitude matters.
    tol : float, optional
        Relative tolerance, by default :data:`DEFAULT_TOL`.

    Returns
    -------
    float
        ``tol * max |payoff|`` (``tol`` when every payoff is zero).

    Raises
    ------
    ValueError
        If ``tol`` is not a finite number of at least :data:`MIN_TOL`.

    Examples
    --------
    >>> absolute_tol([[3, -40], [2, 1]])
    4e-08
    >>> absolute_tol([0.5, 0.25])
    5e-10
    >>> absolute_tol([[0.0, 0.0]])
    1e-09
    """
    return float(player_tolerances([payoffs], tol)[0])


def player_tolerances(
    payoffs_by_player: Sequence[object], tol: float = DEFAULT_TOL, *, grid_shape: tuple[int, ...] = ()
) -> np.ndarray:
    """Return one absolute tie tolerance per player (and per grid point).

    Parameters
    ----------
    payoffs_by_player : sequence of array_like
        One entry per player: all of that player's payoffs in the game.  With
        ``grid_shape``, each entry has shape ``(..., *grid_shape)`` and the scale is taken
        separately at every grid point.  Non-finite values are ignored.
    tol : float, optional
        Relative tolerance, by default :data:`DEFAULT_TOL`.
    grid_shape : tuple of int, optional
        Trailing axes that are grid points rather than payoffs, by default none.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_players, *grid_shape)``: ``tol * max |payoff|`` of each player (``tol``
        where all of a player's payoffs are zero).

    Raises
    ------
    ValueError
        If ``tol`` is not a finite number of at least :data:`MIN_TOL` (:func:`checked_tol`).

    Examples
    --------
    B's tolerance ignores A's huge payoff:

    >>> player_tolerances([[1e6, 0.0], [1.0, 0.0]]).tolist()
    [0.001, 1e-09]
    >>> player_tolerances([[[2.0, 0.0], [0.0, 0.0]]], grid_shape=(2,)).tolist()
    [[2e-09, 1e-09]]
    """
    checked_tol(tol)
    arrays = [p for p in payoffs_by_player if isinstance(p, np.ndarray) and p.size and p.dtype.kind in "fiu"]
    if not grid_shape and len(arrays) == len(payoffs_by_player):  # one game's arrays (the solvers' case)
        scales = [max(float(p.max()), -float(p.min())) for p in arrays]  # max |payoff|: two reductions
        if all(map(math.isfinite, scales)):  # otherwise the general rule, which skips non-finite values
            return np.array([tol * scale if scale > 0 else tol for scale in scales])
    result = np.empty((len(payoffs_by_player), *grid_shape))
    for k, payoffs in enumerate(payoffs_by_player):
        arr = np.abs(np.asarray(payoffs, dtype=float))
        arr = arr.reshape(-1, *grid_shape) if arr.size else np.zeros((1, *grid_shape))
        scale = np.where(np.isfinite(arr), arr, 0.0).max(axis=0)
        result[k] = np.where(scale > 0, tol * scale, tol)
    return result
