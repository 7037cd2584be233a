"""The stable order in which :func:`~negotiation_sim.solvers.nash.nash_equilibria` lists equilibria."""

from __future__ import annotations

import numpy as np

from negotiation_sim.solvers.mixed import MixedEquilibrium

__all__ = ["ordered_equilibria"]


def _rounded(values: list[float]) -> tuple[float, ...]:
    """``numpy.round(-values, 9)`` in Python: the same rounding (``rint(v * 1e9) / 1e9``)."""
    return tuple(round(-v * 1e9) / 1e9 for v in values)


def ordered_equilibria(
    a: np.ndarray, b: np.ndarray, xs: list[list[float]], ys: list[list[float]]
) -> list[MixedEquilibrium]:
    """Equilibria in the stable order of :func:`~negotiation_sim.solvers.nash.nash_equilibria`.

    Ordered by total support size, row support, column support, then decreasing
    probabilities (rounded to 9 decimals); profiles equal after rounding to ``1e-9`` are
    listed once (floating-point twins of one equilibrium).

    Parameters
    ----------
    a, b : numpy.ndarray
        Row and column payoffs, shape ``(m, n)``.
    xs, ys : list of list of float
        The row and column mixtures of each equilibrium, as probabilities.

    Returns
    -------
    list of MixedEquilibrium
        With read-only strategy arrays and the expected payoffs.

    Examples
    --------
    >>> a = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> found = ordered_equilibria(a, a, [[0.5, 0.5], [0.0, 1.0]], [[0.5, 0.5], [0.0, 1.0]])
    >>> [e.row.tolist() for e in found], found[0].row_payoff
    ([[0.0, 1.0], [0.5, 0.5]], 1.0)
    """
    keyed: list[tuple[tuple, list[float], list[float]]] = []
    for x, y in zip(xs, ys, strict=True):
        support_x = tuple(i for i, v in enumerate(x) if v != 0)
        support_y = tuple(j for j, v in enumerate(y) if v != 0)
        keyed.append(((len(support_x) + len(support_y), support_x, support_y), x, y))
    if len({key for key, _, _ in keyed}) < len(keyed):  # equal supports: the probabilities decide
        keyed = [((*key, _rounded(x), _rounded(y)), x, y) for key, x, y in keyed]
    keyed.sort(key=lambda item: item[0])
    row_table, column_table = a.tolist(), b.tolist()
    result: list[MixedEquilibrium] = []
    seen: set[tuple[int, ...]] = set()
    for (_, support_x, support_y, *_), x, y in keyed:
        twin = tuple(round(v * 1e9) for v in x + y)
        if twin in seen:
            continue
        seen.add(twin)
        row, column = np.array(x), np.array(y)
        row.setflags(write=False)
        column.setflags(write=False)
        row_payoff = sum(x[i] * sum(row_table[i][j] * y[j] for j in support_y) for i in support_x)
        column_payoff = sum(x[i] * sum(column_table[i][j] * y[j] for j in support_y) for i in support_x)
        result.append(
            MixedEquilibrium(row=row, column=column, row_payoff=float(row_payoff), column_payoff=float(column_payoff))
        )
    return result
