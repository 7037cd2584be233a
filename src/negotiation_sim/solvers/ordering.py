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
        support_x = tuple([i for i, v in enumerate(x) if v])  # a list first: faster than a generator
        support_y = tuple([j for j, v in enumerate(y) if v])
        keyed.append(((len(support_x) + len(support_y), support_x, support_y), x, y))
    distinct = len({key for key, _, _ in keyed}) == len(keyed)
    if not distinct:  # equal supports: the probabilities decide
        keyed = [((*key, _rounded(x), _rounded(y)), x, y) for key, x, y in keyed]
    keyed.sort(key=lambda item: item[0])
    # Twins round alike: with different supports, one has a coordinate that is not zero but
    # rounds to zero (below 1e-9 in magnitude).  Without such coordinates, distinct supports
    # rule twins out.
    twins_possible = len(keyed) > 1 and (not distinct or any([0.0 < abs(v) < 1e-9 for _, x, y in keyed for v in x + y]))
    row_table, column_table = a.tolist(), b.tolist()
    result: list[MixedEquilibrium] = []
    seen: set[tuple[int, ...]] = set()
    for (_, support_x, support_y, *_), x, y in keyed:
        if twins_possible:
            twin = tuple([round(v * 1e9) for v in x + y])
            if twin in seen:
                continue
            seen.add(twin)
        row, column = np.array(x), np.array(y)
        row.setflags(write=False)
        column.setflags(write=False)
        # sum(x_i * sum(A_ij y_j)) over the supports, both players in one pass (the same
        # additions in the same order as the built-in sum, which starts from 0).
        row_payoff = column_payoff = 0
        for i in support_x:
            row_i, column_i = row_table[i], column_table[i]
            row_inner = column_inner = 0
            for j in support_y:
                row_inner += row_i[j] * y[j]
                column_inner += column_i[j] * y[j]
            row_payoff += x[i] * row_inner
            column_payoff += x[i] * column_inner
        result.append(
            MixedEquilibrium(row=row, column=column, row_payoff=float(row_payoff), column_payoff=float(column_payoff))
        )
    return result
