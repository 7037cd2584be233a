"""Label sets as ``uint64`` bitmasks: exact keys, containment and counts without matrix products.

For vertex labels (at most 64 of them: games up to ``m + n = 64``) a set is one
``uint64``; containment is ``a & b == a`` and shared labels are a population count.
On small blocks this is cheaper, in CPU time, than a float matrix product, which a
multithreaded BLAS spreads over threads that spin on a busy machine.
"""

from __future__ import annotations

import numpy as np

__all__ = ["label_keys", "popcount"]

_BITS_IN_BYTE = np.array([bin(value).count("1") for value in range(256)], dtype=np.uint8)


def label_keys(labels: np.ndarray) -> np.ndarray:
    """One exact, hashable key per row of a boolean label matrix.

    Parameters
    ----------
    labels : numpy.ndarray of bool, shape (N, L)
        One row of labels per vertex.

    Returns
    -------
    numpy.ndarray, shape (N,)
        ``uint64`` bitmasks (bit ``l`` set for label ``l``) when ``L <= 64``, otherwise
        the packed bits as a void (byte string) array.  Equal rows give equal keys.

    Examples
    --------
    >>> import numpy as np
    >>> label_keys(np.array([[1, 1, 0], [0, 0, 1]], dtype=bool)).tolist()
    [3, 4]
    """
    n, width = labels.shape
    if width <= 32:  # an integer product is faster here (no float BLAS call), packing bits beyond
        weights = np.left_shift(1, np.arange(width, dtype=np.int64))
        return (np.asarray(labels, dtype=bool).view(np.uint8) @ weights).astype(np.uint64)
    packed = np.packbits(labels, axis=1, bitorder="little")
    if width <= 64:
        padded = np.zeros((n, 8), dtype=np.uint8)
        padded[:, : packed.shape[1]] = packed
        return padded.view("<u8").ravel().astype(np.uint64)
    return np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1]))).ravel()


def popcount(keys: np.ndarray) -> np.ndarray:
    """The number of set bits of each ``uint64`` (a byte table: ``np.bitwise_count`` needs numpy 2).

    Parameters
    ----------
    keys : numpy.ndarray of uint64
        Any shape.

    Returns
    -------
    numpy.ndarray
        The counts, same shape.

    Examples
    --------
    >>> import numpy as np
    >>> popcount(np.array([0, 3, 2**64 - 1], dtype=np.uint64)).tolist()
    [0, 2, 64]
    """
    return (
        _BITS_IN_BYTE[np.ascontiguousarray(keys, dtype=np.uint64).view(np.uint8)].reshape(*keys.shape, 8).sum(axis=-1)
    )
