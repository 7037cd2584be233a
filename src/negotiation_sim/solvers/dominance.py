"""Iterated elimination of dominated strategies in bimatrix games.

Pure strategies are removed one at a time, always the first dominated one found
(row player before column player, lowest index first), until none is left.

* Strict dominance (``strict=True``): a strategy is removed if another remaining
  pure strategy, or a mixture of the other remaining strategies, pays strictly
  more (by more than the tolerance) against every remaining opponent strategy.
  Mixed dominance is decided without an LP solver: the strategy is dominated by a
  mixture iff the zero-sum game ``D = payoffs(others) - payoffs(strategy)`` has a
  positive value (the maximin mixture then dominates), and that game is solved by
  the same exact vertex enumeration as :func:`..nash.nash_equilibria`.  For large
  games (see ``Limits.max_mixed_dominance``, env ``NEGOTIATION_SIM_MAX_MIXED_DOMINANCE``) only pure
  dominators are checked.
  The surviving set does not depend on the order of removal.
* Weak dominance (``strict=False``): only pure dominators; the dominator pays at
  least as much everywhere and strictly more somewhere.  The result can depend on
  the order of removal, which is therefore fixed as above and reported.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from negotiation_sim.limits import current_limits
from negotiation_sim.solvers.best_response import best_response_vertices
from negotiation_sim.solvers.polytope import as_bimatrix
from negotiation_sim.tolerance import DEFAULT_TOL, player_tolerances

__all__ = ["DominationStep", "Elimination", "iterated_elimination"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DominationStep:
    """One removed strategy.

    Attributes
    ----------
    player : int
        0 for the row player, 1 for the column player.
    strategy : int
        Index of the removed strategy in the original game.
    dominated_by : tuple of int
        Original indices of the dominating strategies (one for a pure dominator).
    weights : tuple of float
        Their probabilities in the dominating mixture (``(1.0,)`` if pure).
    """

    player: int
    strategy: int
    dominated_by: tuple[int, ...]
    weights: tuple[float, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Elimination:
    """Result of iterated elimination of dominated strategies.

    Attributes
    ----------
    strict : bool
        Whether strict (True) or weak (False) dominance was used.
    steps : tuple of DominationStep
        The removed strategies, in the order they were removed.
    remaining_rows, remaining_columns : tuple of int
        Original indices of the surviving strategies.
    """

    strict: bool
    steps: tuple[DominationStep, ...]
    remaining_rows: tuple[int, ...]
    remaining_columns: tuple[int, ...]


def _pure_dominator(payoffs: np.ndarray, i: int, atol: float, strict: bool) -> int | None:
    """First row ``k != i`` of ``payoffs`` that dominates row ``i``."""
    diff = payoffs - payoffs[i]
    for k in range(payoffs.shape[0]):
        if k == i:
            continue
        if strict and np.all(diff[k] > atol):
            return k
        if not strict and np.all(diff[k] >= -atol) and np.any(diff[k] > atol):
            return k
    return None


def _mixed_dominator(payoffs: np.ndarray, i: int, atol: float) -> np.ndarray | None:
    """Mixture over rows ``!= i`` strictly dominating row ``i``, or None.

    Solves the zero-sum game ``D = payoffs[others] - payoffs[i]`` (row player
    maximises): row ``i`` is dominated iff its value exceeds the tolerance.
    """
    others = [k for k in range(payoffs.shape[0]) if k != i]
    if not others:
        return None
    diff = payoffs[others] - payoffs[i]
    # Necessary condition: against every opponent strategy some other row does strictly better.
    if not np.all(diff.max(axis=0) > atol):
        return None
    if _best_response_to_a_pair(diff, atol):
        return None
    if math.comb(sum(diff.shape), min(diff.shape)) > current_limits().max_mixed_dominance:
        return None  # documented: mixed dominance is not checked for such large games
    # Maximin mixture of the row player: a vertex of P for the game (D, -D).
    row_polytope = best_response_vertices(-diff.T, atol, 1e-12)
    col_polytope = best_response_vertices(diff, atol, 1e-12)
    labels_p = np.concatenate([row_polytope.zero, row_polytope.tight], axis=1)
    labels_q = np.concatenate([col_polytope.tight, col_polytope.zero], axis=1)
    missing = (~labels_p).astype(np.float64) @ (~labels_q).astype(np.float64).T
    pairs = np.argwhere(missing == 0)
    if len(pairs) == 0:  # pragma: no cover - every finite game has an equilibrium
        return None
    a, b = pairs[0]
    x = row_polytope.points[a] / row_polytope.points[a].sum()
    y = col_polytope.points[b] / col_polytope.points[b].sum()
    if float(x @ diff @ y) > atol and np.all(x @ diff > atol):
        return x
    return None


def _best_response_to_a_pair(diff: np.ndarray, atol: float) -> bool:
    """Whether the row is a best response to a mixture ``y`` of two columns: then not dominated.

    ``y = t e_j + (1 - t) e_k`` with ``diff @ y <= 0`` (every other row pays at most as much
    against ``y``) proves that no mixture ``x`` has ``x @ diff > atol`` in every column,
    since ``(x @ diff) @ y = x @ (diff @ y) <= 0``; the zero-sum game's value is then not
    above the tolerance, and :func:`_mixed_dominator` returns None without solving it.
    Each ``t`` is checked on the computed ``diff @ y`` (at most ``atol / 2``), so rounding
    cannot make a dominated row look undominated.
    """
    n = diff.shape[1]
    if n < 2 or not atol > 1e-12 * float(np.abs(diff).max()):
        return False
    first, second = np.triu_indices(n, 1)
    slope, start = diff[:, first] - diff[:, second], diff[:, second]  # diff @ y = start + t * slope, per other row
    with np.errstate(divide="ignore", invalid="ignore"):
        root = -start / slope
    low = np.where(slope < 0, root, 0.0).max(axis=0, initial=0.0)
    high = np.where(slope > 0, root, 1.0).min(axis=0, initial=1.0)
    feasible = (low <= high) & np.all((slope != 0) | (start <= 0), axis=0)
    if not feasible.any():
        return False
    t = ((low + high) / 2)[feasible]
    values = start[:, feasible] + t * slope[:, feasible]
    return bool((values.max(axis=0) <= atol / 2).any())


def iterated_elimination(
    row_payoffs: object,
    column_payoffs: object,
    *,
    strict: bool = True,
    tol: float = DEFAULT_TOL,
) -> Elimination:
    """Iteratively remove dominated pure strategies of both players.

    Parameters
    ----------
    row_payoffs, column_payoffs : array_like, shape (m, n)
        Payoffs of the row and column player.
    strict : bool, optional
        Strict dominance (by pure strategies and by mixtures) if True (default),
        weak dominance by pure strategies if False.
    tol : float, optional
        Relative tolerance: a player's payoffs closer than its ``player_tolerances`` entry tie.

    Returns
    -------
    Elimination
        Removed strategies in order and the surviving ones (original indices).

    Raises
    ------
    ValueError
        If the payoff tables are not valid (2-D, finite, same shape).

    References
    ----------
    M. J. Osborne and A. Rubinstein, *A Course in Game Theory*, MIT Press 1994,
    section 4.2 (iterated elimination of strictly dominated actions).
    B. von Stengel, "Equilibrium computation for two-player games in strategic
    and extensive form", in *Algorithmic Game Theory*, Cambridge UP 2007, ch. 3.

    Examples
    --------
    >>> result = iterated_elimination([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> result.remaining_rows, result.remaining_columns
    ((1,), (1,))
    >>> [(s.player, s.strategy, s.dominated_by) for s in result.steps]
    [(0, 0, (1,)), (1, 0, (1,))]
    """
    a, b = as_bimatrix(row_payoffs, column_payoffs)
    atol = tuple(player_tolerances((a, b), tol).tolist())
    rows = list(range(a.shape[0]))
    cols = list(range(a.shape[1]))
    steps: list[DominationStep] = []
    while True:
        step = None
        for player in (0, 1):
            own, other = (rows, cols) if player == 0 else (cols, rows)
            table = a[np.ix_(rows, cols)] if player == 0 else b[np.ix_(rows, cols)].T
            for i in range(len(own)):
                if len(own) == 1:
                    break
                k = _pure_dominator(table, i, atol[player], strict)
                if k is not None:
                    step = DominationStep(player=player, strategy=own[i], dominated_by=(own[k],), weights=(1.0,))
                    break
                if strict and len(own) > 2 and other:
                    mixture = _mixed_dominator(table, i, atol[player])
                    if mixture is not None:
                        others = [own[k] for k in range(len(own)) if k != i]
                        used = [(s, float(w)) for s, w in zip(others, mixture, strict=True) if w > 0]
                        step = DominationStep(
                            player=player,
                            strategy=own[i],
                            dominated_by=tuple(s for s, _ in used),
                            weights=tuple(w for _, w in used),
                        )
                        break
            if step is not None:
                own.remove(step.strategy)
                break
        if step is None:
            break
        steps.append(step)
    return Elimination(strict=strict, steps=tuple(steps), remaining_rows=tuple(rows), remaining_columns=tuple(cols))
