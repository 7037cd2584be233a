"""Vertices of ``P`` whose partner system has no solution in ``Q``, found without solving it.

Used by :mod:`.one_side` before it solves the partner systems ``A_RC y_C = 1`` of the
vertices of ``P`` (support ``R``, best-response columns ``C``): when some row ``i``, or
some mixture of two rows, exceeds a support row ``r`` by more than a margin in every
column of ``C``, no ``y >= 0`` on ``C`` with ``A_r y = 1`` satisfies ``A y <= 1`` in the
rows beating ``r``, so the vertex has no partner (nor a face of partners) and is skipped.
Row and column sets are ``uint64`` bitmasks; for few columns the answers are looked up
in a table over all column sets (:func:`_beaten_rows`).
"""

from __future__ import annotations

import functools

import numpy as np

from negotiation_sim.solvers.bitmasks import label_keys

__all__ = ["without_partner"]

_CHUNK = 4_000_000  # vertex x row-pair bitmask tests per block
_TABLE_COLUMNS = 22  # up to this many columns, without_partner may look its answers up in a 2**n table
_MIXTURES = (0.25, 0.5, 0.75)  # two-row mixtures in that table: they halve what single rows leave (measured)


def without_partner(
    support: np.ndarray, best: np.ndarray, matrix: np.ndarray, margin: float
) -> tuple[np.ndarray, np.ndarray]:
    """Vertices whose partner system has no solution in ``Q``: a support row is beaten on every column of ``C``.

    If a row ``w`` exceeds a row ``r`` of ``R`` by more than ``margin`` in every column
    of ``C``, where ``w`` is a row ``A_i`` or a mixture ``mu A_i + (1 - mu) A_j``, every
    ``y >= 0`` on ``C`` with ``A_r y = 1`` has ``w y > 1``, while ``A y <= 1`` gives
    ``w y <= 1``.  The entries of ``w - A_r`` lie in ``[-1, 1]`` as for a single row, so
    the same margin covers the tolerances.  For few columns (``2 ** n`` not far above the
    number of vertices) and at most 32 rows the answer is looked up, with the mixtures of
    every pair of rows at ``mu`` in :data:`_MIXTURES` (:func:`_beaten_rows`); otherwise
    only single rows are tested, every row pair per vertex.  Games with more than 64
    columns skip the test.

    Parameters
    ----------
    support : numpy.ndarray of bool, shape (V, m)
        The rows each vertex plays (``R``).
    best : numpy.ndarray of bool, shape (V, n)
        The columns each vertex makes best responses (``C``), never empty.
    matrix : numpy.ndarray
        The row player's payoffs mapped onto ``[1, 2]``, shape ``(m, n)``.
    margin : float
        How much a row must exceed another, in every column of ``C``, to beat it.

    Returns
    -------
    tuple of numpy.ndarray of bool
        Shape ``(V,)`` each: the vertices ruled out by a single row, and those ruled out
        by a mixture of two rows.

    Examples
    --------
    Row 1 beats row 0 in column 0 only (and so do mixtures of the two rows leaning to
    row 1): a vertex playing row 0 with best response column 0 has no partner, one with
    best responses 0 and 1 may have one.

    >>> import numpy as np
    >>> matrix = np.array([[1.0, 2.0], [1.5, 1.0]])
    >>> support = np.array([[True, False], [True, True]])
    >>> best = np.array([[True, False], [True, True]])
    >>> by_rows, by_mixtures = without_partner(support, best, matrix, 1e-9)
    >>> by_rows.tolist(), by_mixtures.tolist()
    ([True, False], [True, False])
    """
    m, n = matrix.shape
    found = np.zeros(len(best), dtype=bool)
    if n > 64 or len(best) == 0:
        return found, found
    if n <= _TABLE_COLUMNS and m <= 32 and 2**n <= max(4096, 4 * len(best)):
        columns, rows = label_keys(best), label_keys(support)
        beaten = _beaten_rows(matrix, margin, _MIXTURES)[columns]
        return (beaten & rows) != 0, ((beaten >> np.uint64(32)) & rows) != 0
    powers = np.left_shift(np.uint64(1), np.arange(n, dtype=np.uint64))
    # beats[i * m + r]: the columns where row i exceeds row r by more than the margin.
    beats = np.bitwise_or.reduce(np.where(matrix[:, None, :] - matrix[None, :, :] > margin, powers, 0), axis=2)
    beats = beats.astype(np.uint64).ravel()
    columns = label_keys(best)
    step = max(1, _CHUNK // (m * m))
    for start in range(0, len(best), step):
        block = slice(start, start + step)
        wanted = columns[block, None]
        everywhere = ((beats & wanted) == wanted).reshape(-1, m, m).any(axis=1)
        found[block] = (everywhere & support[block]).any(axis=1)
    return found, np.zeros(len(best), dtype=bool)


def _beaten_rows(matrix: np.ndarray, margin: float, weights: tuple[float, ...]) -> np.ndarray:
    """For every column set ``C`` (a bitmask index), the bitmask of rows beaten on every column of ``C``.

    A row ``r`` is beaten on the columns where some row, or some mixture of two rows (at
    ``mu`` in ``weights``), exceeds it by more than ``margin``: bit ``r`` of an entry for
    single rows, bit ``32 + r`` for mixtures.  Each such column set marks its bit at its
    own index; one pass per column then carries every entry down to the sets without
    that column (a subset of a beaten set is beaten), so each entry is the union over
    all its supersets.
    """
    m, n = matrix.shape
    first, second = _row_pairs(m)
    mu = np.array(weights).reshape(-1, 1, 1)
    beating = np.concatenate([matrix, (mu * matrix[first] + (1.0 - mu) * matrix[second]).reshape(-1, n)])
    beaten = beating[:, None, :] - matrix[None, :, :] > margin
    keys = label_keys(beaten.reshape(-1, n))
    # Entry 0 (no column) collects the rows beaten nowhere too: no vertex looks it up (C is never empty).
    table = np.zeros(2**n, dtype=np.uint64)
    np.bitwise_or.at(table, keys, _row_bits(m, len(beating)))
    for column in range(n):
        halves = table.reshape(-1, 2, 2**column)
        halves[:, 0, :] |= halves[:, 1, :]
    return table


@functools.cache
def _row_bits(m: int, beating: int) -> np.ndarray:
    """Bit ``r`` for row ``r`` beaten by a single row, bit ``32 + r`` by a mixture, for each (beating, beaten) pair."""
    bits = np.left_shift(np.uint64(1), np.arange(m, dtype=np.uint64))
    bits = np.concatenate([np.tile(bits, m), np.tile(bits << np.uint64(32), beating - m)])
    bits.setflags(write=False)
    return bits


@functools.cache
def _row_pairs(m: int) -> tuple[np.ndarray, np.ndarray]:
    """The pairs ``i < j`` of ``m`` rows (``numpy.triu_indices``, whose cost is noticeable here)."""
    return np.triu_indices(m, 1)
