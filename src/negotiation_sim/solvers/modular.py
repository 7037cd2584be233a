"""Exact facts about many small integer matrices by elimination modulo primes.

If ``det(S) mod p != 0`` then ``det(S) != 0``: a cheap exact proof that a square
system has a unique solution, vectorised over a batch in ``int64`` (``p < 2**31``
keeps every product below ``2**62``).  A zero residue proves nothing (the
determinant may be a multiple of ``p``); callers then decide another way.

:func:`determinant_signs` gets the exact sign of each determinant from its
residues modulo enough primes that their product exceeds twice Hadamard's bound
(Chinese remaindering, as in multi-modular determinant algorithms).

:func:`fraction_free_solve` solves one integer system exactly in Python integers
(Bareiss elimination), for the few systems that need their solution, not just a sign.

References
----------
J. von zur Gathen and J. Gerhard, *Modern Computer Algebra*, 3rd ed., Cambridge UP
2013, section 5.5 (small primes modular determinant computation).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "PRIME",
    "PRIMES",
    "determinant_mod_p",
    "determinant_signs",
    "fraction_free_solve",
    "nonzero_determinant_mod_p",
]

PRIME = 2_147_483_647
"""The Mersenne prime ``2**31 - 1``."""

PRIMES = (2_147_483_647, 2_147_483_629, 2_147_483_587, 2_147_483_579, 2_147_483_563, 2_147_483_549)
"""The six largest primes below ``2**31``: with these, determinants up to about ``2**185`` are exact."""


def _inverse(values: np.ndarray, prime: int = PRIME) -> np.ndarray:
    """Modular inverses ``values**(p - 2) mod p`` (Fermat), elementwise."""
    result = np.ones_like(values)
    base = values % prime
    exponent = prime - 2
    while exponent:
        if exponent & 1:
            result = result * base % prime
        base = base * base % prime
        exponent >>= 1
    return result


def determinant_mod_p(matrices: np.ndarray, prime: int) -> np.ndarray:
    """Each integer matrix's determinant modulo ``prime`` (``prime < 2**31``), in ``0 .. prime - 1``.

    Parameters
    ----------
    matrices : numpy.ndarray
        Integer array, shape ``(N, s, s)``.
    prime : int
        A prime below ``2**31``.

    Returns
    -------
    numpy.ndarray of int64
        Shape ``(N,)``.

    Examples
    --------
    >>> import numpy as np
    >>> determinant_mod_p(np.array([[[2, 1], [1, 2]], [[0, 1], [1, 0]]]), 7).tolist()
    [3, 6]
    """
    work = np.asarray(matrices, dtype=np.int64) % prime
    n_sys, s, _ = work.shape
    det = np.ones(n_sys, dtype=np.int64)
    every = np.arange(n_sys)
    for k in range(s):
        nonzero = work[:, k:, k] != 0
        det[~nonzero.any(axis=1)] = 0
        piv = k + np.argmax(nonzero, axis=1)
        swapped = piv != k
        upper = work[every, k].copy()
        work[every, k] = work[every, piv]
        work[every, piv] = upper
        det[swapped] = (prime - det[swapped]) % prime
        det = det * work[:, k, k] % prime
        pivot = np.where(work[:, k, k] == 0, 1, work[:, k, k])
        factors = work[:, k + 1 :, k] * _inverse(pivot, prime)[:, None] % prime
        work[:, k + 1 :, k:] = (work[:, k + 1 :, k:] - factors[:, :, None] * work[:, None, k, k:] % prime) % prime
    return det


def determinant_signs(matrices: np.ndarray) -> np.ndarray | None:
    """Exact signs (-1, 0, 1) of the determinants of integer matrices, or None if too large.

    The sign is read off the determinant recovered from its residues modulo
    :data:`PRIMES` (as many as Hadamard's bound requires); None if even all six
    primes cannot represent the largest possible determinant.

    Parameters
    ----------
    matrices : numpy.ndarray
        Integer array, shape ``(N, s, s)``.

    Returns
    -------
    numpy.ndarray of int or None
        Shape ``(N,)``.

    Examples
    --------
    >>> import numpy as np
    >>> determinant_signs(np.array([[[2, 1], [1, 2]], [[1, 2], [2, 4]], [[0, 1], [1, 0]]])).tolist()
    [1, 0, -1]
    """
    matrices = np.asarray(matrices, dtype=np.int64)
    if len(matrices) == 0:
        return np.zeros(0, dtype=int)
    norms = np.sqrt((matrices.astype(float) ** 2).sum(axis=2))
    log_bound = float(np.log2(np.maximum(norms, 1.0)).sum(axis=1).max()) + 2.0
    count = next((c for c in range(1, len(PRIMES) + 1) if 30.9 * c > log_bound), None)
    if count is None:
        return None
    modulus = 1
    value = np.zeros(len(matrices), dtype=object)
    for prime in PRIMES[:count]:
        residue = determinant_mod_p(matrices, prime).astype(object)
        # Garner's step: value += modulus * ((residue - value) / modulus mod prime).
        step = (residue - value % prime) * pow(modulus, -1, prime) % prime
        value = value + modulus * step
        modulus *= prime
    half = modulus // 2
    return np.array([0 if v == 0 else (1 if v <= half else -1) for v in value.tolist()], dtype=int)


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


def fraction_free_solve(matrix: list[list[int]], rhs: list[list[int]]) -> tuple[list[list[int]], int] | None:
    """Solve ``matrix @ X = rhs`` exactly in integers, as ``X = N / D``.

    Bareiss elimination on ``[matrix | rhs]`` followed by exact back substitution:
    every division is exact, so ``N`` is an integer matrix.

    Parameters
    ----------
    matrix : list of list of int
        Square, ``s x s``.
    rhs : list of list of int
        ``s x w`` right-hand sides.

    Returns
    -------
    tuple of (list of list of int, int) or None
        ``(N, D)`` with ``matrix @ N == D * rhs`` and ``D = det(matrix) != 0``, or None
        if ``matrix`` is singular.

    References
    ----------
    E. H. Bareiss, "Sylvester's identity and multistep integer-preserving Gaussian
    elimination", *Math. Comp.* 22 (1968) 565-578.

    Examples
    --------
    >>> fraction_free_solve([[2, 1], [1, 3]], [[1], [1]])  # x = (2/5, 1/5)
    ([[2], [1]], 5)
    >>> fraction_free_solve([[1, 2], [2, 4]], [[1], [1]]) is None
    True
    """
    s = len(matrix)
    width = len(rhs[0]) if rhs else 0
    rows = [list(matrix[i]) + list(rhs[i]) for i in range(s)]
    previous, sign = 1, 1
    for col in range(s):
        pivot = next((r for r in range(col, s) if rows[r][col] != 0), None)
        if pivot is None:
            return None
        if pivot != col:
            rows[col], rows[pivot] = rows[pivot], rows[col]
            sign = -sign
        lead, top = rows[col][col], rows[col]
        for r in range(col + 1, s):
            row, f = rows[r], rows[r][col]
            rows[r] = [0] * (col + 1) + [(row[j] * lead - f * top[j]) // previous for j in range(col + 1, s + width)]
        previous = lead
    det = rows[s - 1][s - 1] * sign
    # Upper-triangular U with U[s-1][s-1] = +-det: solve U N = det * rhs' column by column.
    solution = [[0] * width for _ in range(s)]
    for c in range(width):
        for i in range(s - 1, -1, -1):
            rest = det * rows[i][s + c] - sum(rows[i][j] * solution[j][c] for j in range(i + 1, s))
            solution[i][c] = rest // rows[i][i]
    return solution, det
