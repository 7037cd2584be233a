"""All extreme equilibria of many small bimatrix games at once, exactly.

The kernel behind :func:`negotiation_sim.solvers.nash.nash_equilibria` for small games
and behind normal-form sweeps (one game per grid point).  It is the vertex
enumeration of :mod:`.polytope` (every square subsystem ``S z = 1`` of the best-response
polytopes ``P = {x >= 0, B^T x <= 1}`` and ``Q = {A y <= 1, y >= 0}``), vectorised
across games, the game axis last: each system is solved by Cramer's rule with the
determinants expanded by minors (Laplace, :mod:`.cramer`), elementwise array arithmetic
in a fixed order, so a game gives the same result alone or inside a batch.

Decisions are exact where a player's payoffs are small rationals (:mod:`.rational`,
the rule of :func:`~negotiation_sim.solvers.polytope.integer_scaling`): the payoffs are
scaled to integers, every determinant, Cramer numerator and slack is then an integer,
computed exactly in floating point while ``max(k, d) s! max|M|^s <= 2**53``, so zero
coordinates, tight constraints and feasibility are decided exactly, also at degenerate
vertices (ties), which keep all their labels.  Other payoffs use each player's
tolerance, as :func:`~negotiation_sim.solvers.polytope.float_vertices` does.  A game of
rationals beyond that bound is reported *unusable*; callers solve it with the general
method.

Distinct vertices of a polytope have distinct label sets, so vertices reached by several
bases are merged by their labels, and the equilibria are the completely labelled pairs
``(x, y)`` (von Stengel 2007, section 3.3; Avis et al. 2010 for degenerate games).

References
----------
B. von Stengel, "Equilibrium computation for two-player games in strategic and
extensive form", in N. Nisan et al. (eds.), *Algorithmic Game Theory*, Cambridge UP
2007, ch. 3.
D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash equilibria
for two-player games", *Economic Theory* 42 (2010) 9-37.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache, reduce
from itertools import combinations

import numpy as np

from negotiation_sim.solvers.cramer import cramer
from negotiation_sim.solvers.planes import bit_masks, fold, row_norm_product
from negotiation_sim.solvers.rational import integer_table, integer_tables
from negotiation_sim.tolerance import checked_tol

__all__ = ["MAX_EXACT_BASES", "MAX_SMALL_BASES", "SmallGames", "is_small", "is_small_exact", "small_games"]

MAX_SMALL_BASES = 330
"""Games with at most this many bases ``C(m + n, m)`` per polytope (and ``m + n <= 16``) are small."""

# Games per chunk: about this many array entries (bounded memory; small arrays are also
# reused by the allocator instead of being mapped afresh, which costs page faults on a
# first call), but at least _MIN_CHUNK games so that numpy's per-call cost stays small.
_POINT_CHUNK = 2_000_000
_MIN_CHUNK = 256


def is_small(rows: int, columns: int) -> bool:
    """Whether a ``rows x columns`` game is solved by this module.

    Parameters
    ----------
    rows, columns : int
        The game's shape.

    Returns
    -------
    bool
        True when ``C(rows + columns, rows) <= MAX_SMALL_BASES`` and ``rows + columns <= 16``.

    Examples
    --------
    >>> is_small(4, 4), is_small(6, 6)
    (True, False)
    """
    return rows + columns <= 16 and math.comb(rows + columns, rows) <= MAX_SMALL_BASES


MAX_EXACT_BASES = 3432
"""One game of small rationals with at most this many bases (and ``m + n <= 16``: up to
7 x 7, 6 x 8, 4 x 12) is also solved here: decided exactly, it needs no certification,
and one batch beat the exhaustive and Qhull paths 2-4 times (6 x 6 to 7 x 7, ties 0-3)."""


def is_small_exact(row_payoffs: np.ndarray, column_payoffs: np.ndarray, atol: tuple[float, float]) -> bool:
    """Whether one game is solved by this module because its payoffs are small rationals.

    Games up to :data:`MAX_SMALL_BASES` bases are solved here whatever their payoffs
    (:func:`is_small`); up to :data:`MAX_EXACT_BASES` only when both players' payoffs are
    small rationals (the rule of :func:`~negotiation_sim.solvers.rational.integer_table`),
    where every decision is exact, not where floating-point Cramer solutions of order up
    to 7 would decide ties.

    Parameters
    ----------
    row_payoffs, column_payoffs : numpy.ndarray
        The game's ``m x n`` payoff tables.
    atol : (float, float)
        Each player's absolute tie tolerance.

    Returns
    -------
    bool
        True when the game is small enough and both tables are small rationals.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.arange(36.0).reshape(6, 6) % 4
    >>> is_small_exact(a, a.T, (1e-9, 1e-9)), is_small_exact(a + np.pi, a.T, (1e-9, 1e-9))
    (True, False)
    """
    rows, columns = row_payoffs.shape
    if rows + columns > 16 or math.comb(rows + columns, rows) > MAX_EXACT_BASES:
        return False
    return all(
        integer_table(table.ravel().tolist(), tol) is not None
        for table, tol in zip((row_payoffs, column_payoffs), atol, strict=True)
    )


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class SmallGames:
    """The extreme equilibria of ``N`` games of one shape ``m x n`` (the game axis is last).

    Vertices are indexed per game; unused slots have no equilibrium.

    Attributes
    ----------
    usable : numpy.ndarray of bool
        Shape ``(N,)``: the game was solved (otherwise solve it with the general method).
    degenerate : numpy.ndarray of bool
        Shape ``(N,)``: some vertex has more labels than its polytope's dimension.
    complete : numpy.ndarray of bool
        Shape ``(VP, VQ, N)``: vertex ``i`` of ``P`` and vertex ``j`` of ``Q`` form an equilibrium.
    row, column : numpy.ndarray
        Shapes ``(m, VP, N)`` and ``(n, VQ, N)``: the vertices as mixed strategies.
    row_support, column_support : numpy.ndarray of int64
        Shapes ``(VP, N)`` and ``(VQ, N)``: bit masks of the strategies played.
    """

    usable: np.ndarray
    degenerate: np.ndarray
    complete: np.ndarray
    row: np.ndarray
    column: np.ndarray
    row_support: np.ndarray
    column_support: np.ndarray


@lru_cache(maxsize=64)
def _bases(k: int, d: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """The bases of ``{z >= 0, M z <= 1}`` (``M`` of shape ``(k, d)``), grouped by size ``s``.

    For each size: the flat indices into ``M`` of every ``s x s`` basis matrix (tight rows
    ``C`` by support columns ``R``), shape (s, s, T), and for every coordinate ``j`` its
    place in the basis solution (``s`` where ``j`` is not in ``R``), shape (d, T).
    """
    groups = []
    for s in range(1, min(k, d) + 1):
        flat, place = [], []
        for c in combinations(range(k), s):
            for r in combinations(range(d), s):
                flat.append([[i * d + j for j in r] for i in c])
                place.append([r.index(j) if j in r else s for j in range(d)])
        groups.append((np.array(flat, dtype=np.intp).transpose(1, 2, 0), np.array(place, dtype=np.intp).T))
    return tuple(groups)


@lru_cache(maxsize=64)
def _own_rows(k: int, d: int) -> np.ndarray:
    """Whether constraint ``i`` is a row of basis ``t``, for the bases of order 2 and up of :func:`_bases`."""
    constraints = np.arange(k)[:, None, None]  # against each basis's rows flat[:, 0, :] // d, shape (s, T)
    own = [(constraints == flat[:, 0, :] // d).any(axis=1) for flat, _ in _bases(k, d)[1:]]
    own_rows = np.concatenate([np.zeros((k, 0), dtype=bool), *own], axis=1)
    own_rows.setflags(write=False)
    return own_rows


def _prepare(
    payoffs: np.ndarray, atol: np.ndarray, exact: np.ndarray, integers: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Polytope matrices with entries >= 1: exact integers where rational, else scaled to ``[1, 2]``.

    ``payoffs`` has shape (k, d, N); ``exact`` and ``integers`` are those of
    :func:`~negotiation_sim.solvers.rational.integer_tables`.  Returns the matrices (float, same shape) and the tie
    tolerance in matrix units.
    """
    k, d, n_games = payoffs.shape
    flat = payoffs.reshape(k * d, n_games).T
    shifted = (integers - integers.min(axis=1, keepdims=True) + 1).astype(float)
    scale = np.max(np.abs(flat), axis=1)
    scale = np.where(scale > 0, scale, 1.0)
    unit = flat / scale[:, None]
    low = unit.min(axis=1)
    spread = unit.max(axis=1) - low
    spread = np.where(spread > 0, spread, 1.0)
    floating = 1.0 + (unit - low[:, None]) / spread[:, None]
    matrix = np.where(exact[:, None], shifted, floating).T.reshape(k, d, n_games)
    return matrix, atol / scale / spread


def _vertices(
    matrix: np.ndarray, exact: np.ndarray, tie: np.ndarray, prob_tol: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every basis of ``{z >= 0, M z <= 1}`` for each game (``matrix`` of shape (k, d, N)).

    Returns the ``zero`` and ``tight`` label bit masks (T, N), 0 where the basis gives no
    vertex; the vertices scaled by their determinant (d, T, N); and whether the game's
    exact arithmetic stayed exact.  Bases of order 1 come first, in closed form
    (:func:`_column_maxima`); the others are solved by Cramer's rule.
    """
    k, d, n_games = matrix.shape
    flat_matrix = matrix.reshape(k * d, n_games)
    all_exact = bool(exact.all())
    big = reduce(np.maximum, flat_matrix)
    size = min(k, d)
    usable = ~exact | (max(k, d) * math.factorial(size) * big**size <= 2.0**53)
    # One rule for both kinds of game, in units of D: exact games (integers, every value
    # exact) use zero tolerances; the others the tolerances of float_vertices relative to
    # sum(x), multiplied through by D > 0.
    prob_unit = 0.0 if all_exact else np.where(exact, 0.0, prob_tol)
    tie_unit = 0.0 if all_exact else np.where(exact, 0.0, tie)
    groups = _bases(k, d)
    n_bases = sum(place.shape[1] for _, place in groups)
    # Filled group by group: order 1 first, then the rest.
    vertices = np.empty((d, n_bases, n_games))
    zero, tight = np.empty((2, n_bases, n_games), dtype=np.int64)
    first = slice(0, k * d)
    _column_maxima(matrix, prob_unit, tie_unit, vertices[:, first], zero[first], tight[first])
    if size == 1:
        return zero, tight, vertices, usable
    dets, norms = [], []
    start = k * d
    for flat, place in groups[1:]:
        sub = flat_matrix[flat]  # (s, s, T, N)
        det, numerators = cramer(sub)
        dets.append(det)
        # Numerator q is the coordinate whose place is q; the others are 0.
        block = vertices[:, start : start + len(det)]
        block[...] = 0.0
        block[np.argsort(place, axis=0, kind="stable")[: len(sub)], np.arange(len(det))] = numerators
        start += len(det)
        if not all_exact:
            norms.append(row_norm_product(sub))
    det, z = np.concatenate(dets), vertices[:, k * d :]
    z *= np.sign(det)
    det = np.abs(det)
    excess = np.empty((k, *det.shape))  # (k, T, N): D (M x - 1), plane by plane (contiguous, no temporaries)
    term = np.empty(det.shape)
    for i, row in enumerate(excess):
        np.multiply(matrix[i, 0], z[0], out=row)
        for j in range(1, d):
            row += np.multiply(matrix[i, j], z[j], out=term)
        row -= det
    if not all_exact:
        # A basis's own constraints hold with equality (exactly so for exact games); Cramer's
        # rule is not backward stable, and their rounded excess could fail the tests below
        # where the determinant is small (the tolerance is relative to the solution, not to it).
        np.copyto(excess, 0.0, where=_own_rows(k, d)[:, :, None])
    total = fold(np.add, z)
    prob: float | np.ndarray
    slack: float | np.ndarray
    if all_exact:
        ok = det > 0
        prob = slack = 0.0
    else:
        ok = det > np.where(exact, 0.0, 1e-12) * np.concatenate(norms)
        prob, slack = prob_unit * total, tie_unit * total
    # Reductions written plane by plane: numpy's reduce over a short leading axis is slow.
    ok &= total > 0
    ok &= fold(np.minimum, z) >= -prob
    ok &= fold(np.maximum, excess) <= slack
    np.multiply(bit_masks(z <= prob), ok, out=zero[k * d :])
    np.multiply(bit_masks(excess >= -slack), ok, out=tight[k * d :])
    return zero, tight, vertices, usable


def _column_maxima(
    matrix: np.ndarray,
    prob: float | np.ndarray,
    slack: float | np.ndarray,
    vertices: np.ndarray,
    zero: np.ndarray,
    tight: np.ndarray,
) -> None:
    """The bases of order 1 of :func:`_vertices` in closed form, written to ``vertices``, ``zero`` and ``tight``.

    Basis ``(c, r)`` (``t = c d + r``) solves ``M[c, r] z_r = 1``: ``D = M[c, r] >= 1``,
    ``z = e_r``, ``sum(z) = 1`` and ``D (M z - 1)_i = M[i, r] - M[c, r]``, the very numbers
    the Cramer steps give (a zero term changes no sum), and ``D`` passes the singularity
    test (``M[c, r] > 1e-12 |M[c, r]|``).  It is a vertex when ``c`` attains the maximum of
    column ``r`` within the slack; ``prob`` and ``slack`` are per game (scalars when every
    game is exact), already in these units since ``sum(z) = 1``.
    """
    k, d, n_games = matrix.shape
    excess = matrix[:, None] - matrix[None]  # (i, c, r, N): M[i, r] - M[c, r]
    ok = (fold(np.maximum, excess) <= slack).reshape(k * d, n_games)
    np.multiply(bit_masks(excess >= -slack).reshape(k * d, n_games), ok, out=tight)
    column = np.tile(np.arange(d), k)  # r of each basis
    # Every coordinate but r is 0 <= prob; z_r = 1 is labelled only if 1 <= prob.
    np.multiply(((1 << d) - 1) & ~(1 << column)[:, None] | (np.asarray(prob >= 1.0) << column[:, None]), ok, out=zero)
    vertices[...] = 0.0
    vertices[column, np.arange(k * d)] = 1.0


def _distinct(labels: np.ndarray, *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per game, keep one basis per distinct nonzero label mask, compacted to the front.

    ``labels`` has shape (T, N); each of ``arrays`` (..., T, N).  The masks come out in
    decreasing order, each with its first basis; then the dropped slots.  Both orderings
    are sorts of one integer key per slot (value, then basis or slot index), which sort
    faster than stable argsorts and carry the index along.
    """
    n_bases, n_games = labels.shape
    top = int(labels.max(initial=0))
    # Keys in 32 bits where they fit (half the memory to sort and pass over).
    narrow = np.int32 if 2 * n_bases * n_bases * (top + 1) < 2**31 else np.int64
    slot = np.arange(n_bases, dtype=narrow)[:, None]
    key = labels.astype(narrow)  # (top - label) * T + slot, in place (no temporaries)
    np.subtract(top, key, out=key)
    key *= n_bases
    key += slot
    key.sort(axis=0)
    high = key // n_bases
    order = key - high * n_bases
    labels = top - high
    labels[1:] *= labels[1:] != labels[:-1]  # repeats of a mask are dropped
    kept = labels != 0
    width = max(1, int(kept.sum(axis=0).max(initial=0)))
    key = (~kept).astype(narrow)  # ((dropped * T + slot) * (top + 1) + label) * T + basis
    key *= n_bases
    key += slot
    key *= top + 1
    key += labels
    key *= n_bases
    key += order
    key.sort(axis=0)
    key = key[:width]
    high = key // n_bases
    order, labels = key - high * n_bases, (high % (top + 1)).astype(np.int64)
    # a[..., order, games] as a take of flat positions (several times faster than the
    # fancy index on a 3-D array).
    flat = order * n_games + np.arange(n_games)
    return (labels, *(np.take(a.reshape(*a.shape[:-2], n_bases * n_games), flat, axis=-1) for a in arrays))


def _normalised(z: np.ndarray, zero: np.ndarray) -> np.ndarray:
    """Vertices (d, V, N) as probabilities, with the coordinates labelled zero set to 0."""
    z = np.where((zero[None] >> np.arange(len(z))[:, None, None]) & 1 == 1, 0.0, z)
    total = z.sum(axis=0)
    return z / np.where(total > 0, total, 1.0)


def _solve_chunk(
    a: np.ndarray, b: np.ndarray, tol: float, tolerances: list[np.ndarray], tables: list[tuple[np.ndarray, np.ndarray]]
) -> SmallGames:
    """One chunk of games, given the tolerances and integer tables of ``b^T`` and ``a``.

    ``tables`` are those of :func:`~negotiation_sim.solvers.rational.integer_tables`.
    """
    m, n, _ = a.shape
    prob_tol = max(tol, 1e-15)
    with np.errstate(all="ignore"):
        matrix_p, tie_p = _prepare(b.transpose(1, 0, 2), tolerances[0], *tables[0])
        matrix_q, tie_q = _prepare(a, tolerances[1], *tables[1])
        zero_p, tight_p, x, usable_p = _vertices(matrix_p, tables[0][0], tie_p, prob_tol)
        zero_q, tight_q, y, usable_q = _vertices(matrix_q, tables[1][0], tie_q, prob_tol)
    labels_p, x, zero_p = _distinct(zero_p | tight_p << m, x, zero_p)
    labels_q, y, zero_q = _distinct(tight_q | zero_q << m, y, zero_q)
    x, y = _normalised(x, zero_p), _normalised(y, zero_q)
    complete = (labels_p[:, None] | labels_q[None]) == (1 << (m + n)) - 1
    complete &= (labels_p != 0)[:, None] & (labels_q != 0)[None]
    degenerate = np.any(np.bitwise_count(labels_p) > m, axis=0) | np.any(np.bitwise_count(labels_q) > n, axis=0)
    return SmallGames(
        usable=usable_p & usable_q,
        degenerate=degenerate,
        complete=complete,
        row=x,
        column=y,
        row_support=~zero_p & ((1 << m) - 1),
        column_support=~zero_q & ((1 << n) - 1),
    )


def small_games(row_payoffs: np.ndarray, column_payoffs: np.ndarray, tol: float) -> list[SmallGames]:
    """All extreme equilibria of a stack of small bimatrix games.

    Parameters
    ----------
    row_payoffs, column_payoffs : numpy.ndarray
        Shape ``(m, n, N)`` (the game axis last), finite, with ``is_small(m, n)``.
    tol : float
        Relative tie tolerance (:func:`negotiation_sim.tolerance.player_tolerances`).

    Returns
    -------
    list of SmallGames
        Consecutive chunks of the ``N`` games (bounded memory).

    Raises
    ------
    ValueError
        If ``tol`` is below :data:`~negotiation_sim.tolerance.MIN_TOL` or not finite
        (this kernel applies the tie rule itself, per game).

    Examples
    --------
    Battle of the sexes: two pure equilibria and a mixed one.

    >>> import numpy as np
    >>> a, b = np.array([[3.0, 0.0], [0.0, 2.0]]), np.array([[2.0, 0.0], [0.0, 3.0]])
    >>> (found,) = small_games(a[:, :, None], b[:, :, None], 1e-9)
    >>> found.usable.tolist(), int(found.complete.sum()), found.degenerate.tolist()
    ([True], 3, [False])
    """
    m, n, n_games = row_payoffs.shape
    checked_tol(tol)
    per_game = math.comb(m + n, m) * min(m, n) ** 2 * (m + n)
    step = max(_MIN_CHUNK, _POINT_CHUNK // per_game)
    players = (column_payoffs.transpose(1, 0, 2), row_payoffs)  # the matrices of P and Q
    # Each player's largest payoff per game, plane by plane (faster than a reduction over axes 0 and 1).
    scales = [fold(np.maximum, np.abs(table.reshape(m * n, n_games))) for table in (column_payoffs, row_payoffs)]
    tolerances = [np.where(scale > 0, tol * scale, tol) for scale in scales]
    with np.errstate(all="ignore"):
        tables = [integer_tables(table, atol) for table, atol in zip(players, tolerances, strict=True)]
    chunks = []
    for start in range(0, n_games, step):
        at = slice(start, start + step)
        chunks.append(
            _solve_chunk(
                row_payoffs[:, :, at],
                column_payoffs[:, :, at],
                tol,
                [atol[at] for atol in tolerances],
                [(exact[at], integers[at]) for exact, integers in tables],
            )
        )
    return chunks
