"""Determinants and Cramer numerators of many small square systems ``S x = 1``, exactly.

The solver of the batched small-game kernel (:mod:`.small_games`): each system is
solved by Cramer's rule with the determinants expanded by minors (Laplace),
elementwise array arithmetic in a fixed order, so a system gives the same result alone
or inside a batch, and integer systems give exact integers while
``s! max|entry|^s <= 2**53``.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations

import numpy as np

__all__ = ["WIDE_BATCH", "cramer"]

WIDE_BATCH = 32
"""Batches of at least this many games compute their minors one by one (:func:`cramer`)."""


@lru_cache(maxsize=16)
def _laplace(size: int) -> tuple[list[tuple[np.ndarray, np.ndarray, np.ndarray]], int, np.ndarray, np.ndarray]:
    """Index tables for the Laplace expansion of every minor of ``[S | 1]`` (S of order ``size``).

    Minors of order ``r`` use the last ``r`` rows and a sorted subset of ``r`` of the
    ``size + 1`` columns (id ``size`` is the right-hand side of ones).  For each order:
    the column of every term, the index of its complementary minor one order lower and its
    sign.  Then the index of ``det S`` among the top minors, and for each unknown ``i`` the
    index and sign of its Cramer numerator (column ``i`` replaced by the ones, moved last).
    """
    levels = []
    previous: dict[tuple[int, ...], int] = {(): 0}
    for order in range(1, size + 1):
        subsets = list(combinations(range(size + 1), order))
        columns = np.array(subsets, dtype=np.intp)
        lower = np.array([[previous[q[:p] + q[p + 1 :]] for p in range(order)] for q in subsets], dtype=np.intp)
        signs = np.array([[(-1.0) ** p for p in range(order)] for _ in subsets])
        levels.append((columns, lower, signs))
        previous = {q: t for t, q in enumerate(subsets)}
    everything = tuple(range(size))
    numerators = np.array([previous[everything[:i] + everything[i + 1 :] + (size,)] for i in range(size)])
    numerator_signs = np.array([(-1.0) ** (size - 1 - i) for i in range(size)])
    return levels, previous[everything], numerators, numerator_signs


def cramer(sub: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Determinants ``D`` and Cramer numerators ``D x`` of ``S x = 1`` by Laplace expansion.

    Products and sums of array elements in a fixed order, whatever ``N``: for integer
    matrices every intermediate is an integer of magnitude at most ``s! max|entry|^s``,
    so the result is exact while that stays below ``2**53``.

    Few games (``N < WIDE_BATCH``): all minors of one order in one vectorised step (few
    numpy calls).  Many games: minor by minor, term by term, without the index and sign
    temporaries (the same products and sums in the same order: a sign of ``-1`` becomes a
    subtraction, which IEEE arithmetic defines as adding the negation), so both ways give
    bit-identical results.

    Parameters
    ----------
    sub : numpy.ndarray
        Shape ``(s, s, T, N)``: ``T`` systems of order ``s`` for each of ``N`` games,
        ``sub[i, j]`` the entries in row ``i`` and column ``j``.

    Returns
    -------
    det : numpy.ndarray
        Shape ``(T, N)``, the determinants.
    numerators : numpy.ndarray
        Shape ``(s, T, N)``: ``det * x`` for the solution ``x`` of each system.

    Examples
    --------
    >>> import numpy as np
    >>> sub = np.array([[2.0, 1.0], [1.0, 3.0]]).reshape(2, 2, 1, 1)
    >>> det, numerators = cramer(sub)
    >>> float(det[0, 0]), (numerators[:, 0, 0] / det[0, 0]).tolist()  # x = (0.4, 0.2)
    (5.0, [0.4, 0.2])
    """
    if sub.shape[3] >= WIDE_BATCH:
        return _cramer_wide(sub)
    size = sub.shape[0]
    levels, det_at, numerators, signs = _laplace(size)
    ones = np.ones((1, *sub.shape[2:]))
    minors = np.ones((1, *sub.shape[2:]))
    for order, (columns, lower, term_signs) in enumerate(levels, start=1):
        row = np.concatenate([sub[size - order], ones])  # (s + 1, T, N)
        terms = row[columns] * minors[lower]  # (subsets, order, T, N)
        terms *= term_signs[:, :, None, None]
        minors = terms.sum(axis=1)
    return minors[det_at], minors[numerators] * signs[:, None, None]


def _cramer_wide(sub: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`cramer` one minor at a time (for wide batches: fewer and smaller temporaries)."""
    size = sub.shape[0]
    levels, det_at, numerators, signs = _laplace(size)
    minors: list[np.ndarray | None] = [None]  # None: the empty minor, 1
    for order, (columns, lower, _) in enumerate(levels, start=1):
        row = sub[size - order]
        found: list[np.ndarray | None] = []
        for subset, complements in zip(columns.tolist(), lower.tolist(), strict=True):
            total: np.ndarray | None = None
            for p, (column, complement) in enumerate(zip(subset, complements, strict=True)):
                minor = minors[complement]
                if column == size:  # the right-hand side: a column of ones
                    term = np.ones(sub.shape[2:]) if minor is None else minor
                else:
                    term = row[column] if minor is None else row[column] * minor
                total = term if total is None else total - term if p % 2 else total + term
            found.append(total)
        minors = found
    det = minors[det_at]
    assert det is not None
    return det, np.stack(
        [minors[i] if sign > 0 else -minors[i] for i, sign in zip(numerators.tolist(), signs.tolist(), strict=True)]
    )
