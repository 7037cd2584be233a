"""Exact nonsingularity of many small integer matrices by elimination modulo a prime.

If ``det(S) mod p != 0`` then ``det(S) != 0``: a cheap exact proof that a square
system has a unique solution, vectorised over a batch in ``int64`` (``p < 2**31``
keeps every product below ``2**62``).  A zero residue proves nothing (the
determinant may be a multiple of ``p``); callers then decide another way.
"""

from __future__ import annotations

import numpy as np

__all__ = ["PRIME", "nonzero_determinant_mod_p"]

PRIME = 2_147_483_647
"""The Mersenne prime ``2**31 - 1``."""


def _inverse(values: np.ndarray) -> np.ndarray:
    """Modular inverses ``values**(p - 2) mod p`` (Fermat), elementwise."""
    result = np.ones_like(values)
    base = values % PRIME
    exponent = PRIME - 2
    while exponent:
        if exponent & 1:
            result = result * base % PRIME
        base = base * base % PRIME
        exponent >>= 1
    return result


def nonzero_determinant_mod_p(matrices: np.ndarray) -> np.ndarray:
    """For each integer matrix, whether its determinant is nonzero modulo :data:`PRIME`.

    Parameters
    ----------
    matrices : numpy.ndarray
        Integer array, shape ``(N, s, s)``.

    Returns
    -------
    numpy.ndarray of bool
        Shape ``(N,)``; True proves the matrix nonsingular.

    Examples
    --------
    >>> import numpy as np
    >>> nonzero_determinant_mod_p(np.array([[[2, 1], [1, 2]], [[1, 2], [2, 4]]])).tolist()
    [True, False]
    """
    work = np.asarray(matrices, dtype=np.int64) % PRIME
    n_sys, s, _ = work.shape
    alive = np.ones(n_sys, dtype=bool)
    every = np.arange(n_sys)
    for k in range(s):
        nonzero = work[:, k:, k] != 0
        alive &= nonzero.any(axis=1)
        piv = k + np.argmax(nonzero, axis=1)
        upper = work[every, k].copy()
        work[every, k] = work[every, piv]
        work[every, piv] = upper
        pivot = np.where(work[:, k, k] == 0, 1, work[:, k, k])
        factors = work[:, k + 1 :, k] * _inverse(pivot)[:, None] % PRIME
        work[:, k + 1 :, k:] = (work[:, k + 1 :, k:] - factors[:, :, None] * work[:, None, k, k:] % PRIME) % PRIME
    return alive
