"""Plane-by-plane reductions over a short leading axis, for the small-game kernel.

The batched kernel (:mod:`.small_games`) holds one array per coordinate or constraint
with the bases and games behind it, shape ``(planes, ...)``.  numpy reduces a short
leading axis slowly and with temporaries; these helpers do the same operations, in the
same order, one plane at a time in one buffer, so the results are the same to the last
bit.
"""

from __future__ import annotations

import numpy as np

__all__ = ["bit_masks", "fold", "row_norm_product"]


def fold(ufunc: np.ufunc, planes: np.ndarray) -> np.ndarray:
    """``functools.reduce(ufunc, planes)``: the same operations in the same order, in one buffer.

    Parameters
    ----------
    ufunc : numpy.ufunc
        A binary ufunc (``np.add``, ``np.minimum``, ...).
    planes : numpy.ndarray
        Shape ``(p, ...)`` with ``p >= 1``.

    Returns
    -------
    numpy.ndarray
        Shape ``planes.shape[1:]``; ``planes[0]`` itself (not a copy) when ``p == 1``.

    Examples
    --------
    >>> fold(np.add, np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])).tolist()
    [9.0, 12.0]
    """
    if len(planes) == 1:
        return planes[0]
    out = ufunc(planes[0], planes[1])
    for plane in planes[2:]:
        ufunc(out, plane, out=out)
    return out


def row_norm_product(sub: np.ndarray) -> np.ndarray:
    """``np.prod(np.sqrt(np.sum(sub * sub, axis=1)), axis=0)``: the product of the row norms of square matrices.

    Row by row and term by term in one buffer, left to right as numpy sums and multiplies
    these short axes (fewer than eight terms), so the result is the same to the last bit.

    Parameters
    ----------
    sub : numpy.ndarray
        Shape ``(s, s, ...)``: square matrices of order ``s < 8`` stacked behind.

    Returns
    -------
    numpy.ndarray
        Shape ``sub.shape[2:]``.

    Examples
    --------
    >>> row_norm_product(np.array([[3.0, 4.0], [0.0, 2.0]])[:, :, None]).tolist()
    [10.0]
    """
    product = None
    for row in sub:
        squares = row[0] * row[0]
        for entry in row[1:]:
            squares += entry * entry
        np.sqrt(squares, out=squares)
        if product is None:
            product = squares
        else:
            product *= squares
    assert product is not None
    return product


def bit_masks(flags: np.ndarray) -> np.ndarray:
    """Bit masks over the first axis of a boolean array: bit ``j`` set where ``flags[j]``.

    Parameters
    ----------
    flags : numpy.ndarray of bool
        Shape ``(p, ...)`` with ``1 <= p <= 16``.

    Returns
    -------
    numpy.ndarray of int64
        Shape ``flags.shape[1:]``.

    Examples
    --------
    >>> bit_masks(np.array([[True, False], [True, True]])).tolist()
    [3, 2]
    """
    narrow = np.uint8 if len(flags) <= 8 else np.uint16  # narrow words: less memory to pass over
    mask = flags[0].astype(narrow)
    term = np.empty_like(mask)
    for j in range(1, len(flags)):
        np.copyto(term, flags[j])
        term <<= j
        mask |= term
    return mask.astype(np.int64)
