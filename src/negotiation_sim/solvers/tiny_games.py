"""All extreme equilibria of one small bimatrix game, in Python scalars.

For a single game of a few strategies, numpy's fixed cost per operation dominates the
batched kernel of :mod:`.small_games` (about a hundred array operations, whatever the
game).  This module runs the same vertex enumeration with plain Python numbers: every
square system ``S z = D 1`` of the best-response polytopes ``P = {x >= 0, B^T x <= 1}``
and ``Q = {A y <= 1, y >= 0}`` (support ``R``, as many tight constraints ``C``) is solved
by Cramer's rule (``z = adj(S) 1``, ``D = det S``, closed forms to order 4, fraction-free
elimination beyond).  Single-strategy supports are read off the column maxima.

The decisions are the kernel's.  Where a player's payoffs are small rationals
(:func:`~negotiation_sim.solvers.rational.integer_table`, the rule of
:func:`~negotiation_sim.solvers.polytope.integer_scaling`) they are scaled to Python
integers, whose arithmetic is exact at any size, so zero coordinates, tight constraints
and feasibility are decided exactly, also at degenerate vertices (ties), which keep all
their labels.  Other payoffs are scaled to ``[1, 2]`` and judged with each player's
tolerance, as in :func:`~negotiation_sim.solvers.polytope.float_vertices`.  Vertices
reached by several bases are merged by their labels, and the equilibria are the
completely labelled pairs (von Stengel 2007, section 3.3; Avis et al. 2010).

When degeneracy need not be decided, strategies strictly dominated by a pure strategy are
removed first, and only ``P`` is enumerated: a nondegenerate vertex's partner solves one
square system (Audet et al. 2001); a degenerate vertex sends the game to both polytopes.

References
----------
B. von Stengel, "Equilibrium computation for two-player games in strategic and
extensive form", in N. Nisan et al. (eds.), *Algorithmic Game Theory*, Cambridge UP
2007, ch. 3.
D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash equilibria
for two-player games", *Economic Theory* 42 (2010) 9-37.
C. Audet, P. Hansen, B. Jaumard and G. Savard, "Enumeration of all extreme equilibria of
bimatrix games", *SIAM J. Sci. Comput.* 23 (2001) 323-338.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache, reduce
from itertools import combinations
from operator import and_, itemgetter, mul

import numpy as np

from negotiation_sim.solvers.mixed import MixedEquilibrium
from negotiation_sim.solvers.ordering import ordered_equilibria
from negotiation_sim.solvers.rational import integer_table
from negotiation_sim.tolerance import SINGULAR_DET, checked_tol

__all__ = ["MAX_TINY_BASES", "is_tiny", "tiny_equilibria"]

MAX_TINY_BASES = 252
"""Games with at most this many bases ``C(m + n, m)`` per polytope are tiny: up to 5 x 5, 4 x 6, 3 x 9, 2 x 14.

Measured against the batched kernel on one game: faster up to 5 x 5; 4 x 7 and 3 x 10
(330 and 286 bases) with integer payoffs are faster batched.
"""

Number = int | float
Vertices = dict[int, list[float]]  # label bit mask -> the vertex as probabilities


def is_tiny(rows: int, columns: int) -> bool:
    """Whether a ``rows x columns`` game is solved by this module.

    Parameters
    ----------
    rows, columns : int
        The game's shape.

    Returns
    -------
    bool
        True when ``C(rows + columns, rows) <= MAX_TINY_BASES``.

    Examples
    --------
    >>> is_tiny(5, 5), is_tiny(4, 7), is_tiny(2, 14)
    (True, False, True)
    """
    return math.comb(rows + columns, rows) <= MAX_TINY_BASES


@lru_cache(maxsize=64)
def _combinations(size: int, s: int) -> tuple[tuple[int, ...], ...]:
    return tuple(combinations(range(size), s))


def _elimination_solve(sub: Sequence[tuple[Number, ...]]) -> tuple[Number, list[Number]]:
    """``(D, D S^-1 1)`` with ``|D| = |det S|`` by fraction-free (Bareiss) elimination; ``D = 0`` if singular.

    With integers every division is exact (``z = ±adj(S) 1``); with floats it is Gaussian
    elimination with partial pivoting in another scaling.
    """
    size = len(sub)
    exact = isinstance(sub[0][0], int)
    rows: list[list[Number]] = [[*row, 1] for row in sub]
    previous: Number = 1
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        if rows[pivot][col] == 0:
            return 0, [0] * size
        rows[col], rows[pivot] = rows[pivot], rows[col]
        lead, top = rows[col][col], rows[col]
        for r in range(col + 1, size):
            row, factor = rows[r], rows[r][col]
            products = [row[j] * lead - factor * top[j] for j in range(col + 1, size + 1)]
            rows[r] = [0] * (col + 1) + (
                [v // previous for v in products] if exact else [v / previous for v in products]
            )
        previous = lead
    det = rows[-1][size - 1]
    z: list[Number] = [0] * size
    for i in range(size - 1, -1, -1):
        rest = det * rows[i][size] - sum(rows[i][j] * z[j] for j in range(i + 1, size))
        z[i] = rest // rows[i][i] if exact else rest / rows[i][i]
    return det, z


def _beaten(columns: list[tuple[Number, ...]], margin: float) -> list[tuple[int, ...]]:
    """``beaten[j][i]``: the rows ``c`` with ``M[c, i] > M[j, i] + margin`` as a bit mask (``columns[i] = M[:, i]``)."""
    by_column = []
    for column in columns:
        order = sorted(range(len(column)), key=column.__getitem__, reverse=True)
        masks, above, ahead = [0] * len(column), 0, 0
        for j in order:  # decreasing values: the rows beating j only grow
            v = column[j]
            while column[order[ahead]] - v > margin:
                above |= 1 << order[ahead]
                ahead += 1
            masks[j] = above
        by_column.append(masks)
    return list(zip(*by_column, strict=True))


def _vertices(
    matrix: list[list[Number]],
    exact: bool,
    tie: float,
    prob_tol: float,
    within: list[int] | None = None,
    margin: float = 0.0,
) -> Vertices:
    """The vertices of ``{z >= 0, M z <= 1}`` (``M`` of shape (k, d), entries >= 1) by labels.

    Labels: bit ``i`` for a zero coordinate ``z_i``, bit ``d + j`` for a tight constraint
    ``j``.  Exact matrices (Python integers) use zero tolerances; float ones the tolerances
    of :func:`~negotiation_sim.solvers.polytope.float_vertices` in units of ``D``.  With
    ``within`` (bit masks of coordinates), only vertices supported inside one of them.

    A basis whose tight constraint ``j`` is beaten by another constraint ``c`` by over
    ``margin`` on every coordinate of its support is skipped unsolved: ``c`` would be
    violated (``M_c z - M_j z > (2 tie + d prob_tol) total`` for the margin of
    :func:`_undominated`, zero for exact matrices), so the basis gives no vertex.
    """
    k, d = len(matrix), len(matrix[0])
    if exact:
        tie, prob_tol, margin = 0, 0, 0.0  # Python integers throughout
    found: Vertices = {}
    columns = list(zip(*matrix, strict=True))
    beaten = _beaten(columns, margin) if min(k, d) > 2 else [(0,) * d] * k  # bases of order 2 are cheaper solved
    every = (1 << d) - 1
    for i, column in enumerate(columns):  # single-strategy supports: the column maxima
        if within is not None and not any(mask >> i & 1 for mask in within):
            continue
        best = max(column)
        tops = [best] if tie == 0 else sorted({v for v in column if best - v <= tie}, reverse=True)
        for top in tops:
            tight = sum(1 << j for j, v in enumerate(column) if v - top >= -tie)
            labels = (every & ~(1 << i)) | tight << d
            if labels not in found:
                found[labels] = [1.0 if r == i else 0.0 for r in range(d)]
    for s in range(2, min(k, d) + 1):
        for support in _combinations(d, s):
            if within is not None and not any(sum(1 << i for i in support) & ~mask == 0 for mask in within):
                continue  # a vertex supported inside a mask has a basis with its support inside
            pick = itemgetter(*support)
            open_rows = [j for j, masks in enumerate(map(pick, beaten)) if not reduce(and_, masks)]
            if len(open_rows) < s:  # too few rows can be tight
                continue
            restricted = list(zip(*pick(columns), strict=True))  # M[j, support] for every j
            chosen = combinations(open_rows, s)
            for sub, own in zip(combinations([restricted[j] for j in open_rows], s), chosen, strict=True):
                if s == 2:
                    (p, q), (r, t) = sub
                    det, z = p * t - q * r, [t - q, p - r]
                else:
                    det, z = _solve(sub)
                if det < 0:
                    det, z = -det, [-v for v in z]
                elif det == 0:
                    continue
                total = sum(z)
                prob = prob_tol * total
                if total <= 0 or min(z) < -prob:
                    continue
                if s == 2:
                    z0, z1 = z
                    values = [u * z0 + v * z1 for u, v in restricted]
                elif s == 3:
                    z0, z1, z2 = z
                    values = [u * z0 + v * z1 + w * z2 for u, v, w in restricted]
                else:
                    values = [sum(map(mul, row, z)) for row in restricted]
                # The basis's own constraints hold with equality, exactly so in exact arithmetic;
                # the unnormalised Cramer form is not backward stable (its residual grows as the
                # determinant shrinks), so their rounded values could fail the tests below.
                for j in own:
                    values[j] = det
                slack = tie * total
                if max(values) - det > slack:
                    continue
                if not exact and not det > SINGULAR_DET * math.prod(math.hypot(*row) for row in sub):
                    continue  # singular within the tolerance of float_vertices (every test is a filter)
                labels = every
                for j, value in enumerate(values):
                    if value - det >= -slack:
                        labels |= 1 << (d + j)
                point: list[Number] = [0] * d
                for i, v in zip(support, z, strict=True):
                    if v > prob:
                        point[i] = v
                        labels &= ~(1 << i)
                if labels not in found:
                    found[labels] = _normalised(point)
    return found


def _solve(sub: Sequence[tuple[Number, ...]]) -> tuple[Number, list[Number]]:
    """``(det S, adj(S) 1)``: the Cramer solution of ``S z = 1`` is ``z / det`` (closed forms to order 3)."""
    if len(sub) == 2:
        (p, q), (r, t) = sub
        return p * t - q * r, [t - q, p - r]
    if len(sub) == 3:
        (p, q, r), (t, u, v), (w, x, y) = sub
        c0, c1, c2 = u * y - v * x, v * w - t * y, t * x - u * w
        z = [c0 + r * x - q * y + q * v - r * u, c1 + p * y - r * w + r * t - p * v, c2 + q * w - p * x + p * u - q * t]
        return p * c0 + q * c1 + r * c2, z
    if len(sub) == 4:
        return _solve4(sub)
    return _elimination_solve(sub)


def _solve4(sub: Sequence[tuple[Number, ...]]) -> tuple[Number, list[Number]]:
    """``(det S, adj(S) 1)`` of a 4 x 4 matrix from its twelve 2 x 2 minors (Laplace by row pairs)."""
    (m00, m01, m02, m03), (m10, m11, m12, m13), (m20, m21, m22, m23), (m30, m31, m32, m33) = sub
    s0, s1, s2 = m00 * m11 - m10 * m01, m00 * m12 - m10 * m02, m00 * m13 - m10 * m03
    s3, s4, s5 = m01 * m12 - m11 * m02, m01 * m13 - m11 * m03, m02 * m13 - m12 * m03
    c0, c1, c2 = m20 * m31 - m30 * m21, m20 * m32 - m30 * m22, m20 * m33 - m30 * m23
    c3, c4, c5 = m21 * m32 - m31 * m22, m21 * m33 - m31 * m23, m22 * m33 - m32 * m23
    det = s0 * c5 - s1 * c4 + s2 * c3 + s3 * c2 - s4 * c1 + s5 * c0
    z = [  # row sums of the adjugate
        (m11 - m01) * c5 - (m12 - m02) * c4 + (m13 - m03) * c3 + (m31 - m21) * s5 - (m32 - m22) * s4 + (m33 - m23) * s3,
        (m00 - m10) * c5 + (m12 - m02) * c2 + (m03 - m13) * c1 + (m20 - m30) * s5 + (m32 - m22) * s2 + (m23 - m33) * s1,
        (m10 - m00) * c4 + (m01 - m11) * c2 + (m13 - m03) * c0 + (m30 - m20) * s4 + (m21 - m31) * s2 + (m33 - m23) * s0,
        (m00 - m10) * c3 + (m11 - m01) * c1 + (m02 - m12) * c0 + (m20 - m30) * s3 + (m31 - m21) * s1 + (m22 - m32) * s0,
    ]
    return det, z


def _normalised(point: list[Number]) -> list[float]:
    total = sum(point)
    # Python integers: each quotient is correctly rounded, as the kernel's exact floats are.
    return [v / total if v else 0.0 for v in point]


def _polytope(payoffs: list[list[float]], tol: float) -> tuple[list[list[Number]], bool, float]:
    """Payoffs as a polytope matrix with entries >= 1: exact integers where rational, else floats in ``[1, 2]``.

    Returns the matrix, whether it is exact and the tie tolerance in matrix units.
    """
    flat = [v for row in payoffs for v in row]
    scale = max(abs(v) for v in flat)
    atol = tol * scale if scale > 0 else tol
    integers = integer_table(flat, atol)
    width = len(payoffs[0])
    if integers is not None:
        shift = 1 - min(integers)
        values: list[Number] = [v + shift for v in integers]
        return [values[r : r + width] for r in range(0, len(values), width)], True, 0.0
    scale = scale if scale > 0 else 1.0
    unit = [v / scale for v in flat]
    low = min(unit)
    spread = max(unit) - low
    spread = spread if spread > 0 else 1.0
    values = [1.0 + (v - low) / spread for v in unit]
    return [values[r : r + width] for r in range(0, len(values), width)], False, atol / scale / spread


def _undominated(
    matrix_p: list[list[Number]], matrix_q: list[list[Number]], margins: tuple[float, float]
) -> tuple[list[int], list[int]]:
    """Rows and columns left by iterated elimination of strategies strictly dominated by a pure strategy.

    ``matrix_q`` holds the row player's payoffs (rows by columns), ``matrix_p`` the column
    player's (columns by rows).  A strategy is dominated when another one pays more by
    over the margin against every remaining strategy of the opponent: its best-response
    constraint is then slack by more than the tolerances at every point of the face where
    equilibria lie, so it carries no label there and is never played.
    """
    rows, columns = list(range(len(matrix_q))), list(range(len(matrix_p)))
    sides = ((rows, columns, matrix_q, margins[0]), (columns, rows, matrix_p, margins[1]))
    changed = True
    while changed:
        changed = False
        for own, other, matrix, margin in sides:
            for i in list(own):
                mine = matrix[i]
                for r in own:  # plain loops: generator expressions cost more than these few comparisons
                    if r == i:
                        continue
                    theirs = matrix[r]
                    for j in other:
                        if not theirs[j] - mine[j] > margin:
                            break
                    else:
                        own.remove(i)
                        changed = True
                        break
    return rows, columns


def tiny_equilibria(
    a: np.ndarray, b: np.ndarray, tol: float, *, degeneracy: bool = True
) -> tuple[list[MixedEquilibrium], bool]:
    """All extreme equilibria of one small game and whether it is degenerate.

    Parameters
    ----------
    a, b : numpy.ndarray
        Row and column payoffs, float, shape ``(m, n)``, finite.
    tol : float
        Relative tie tolerance (:func:`negotiation_sim.tolerance.player_tolerances`).
    degeneracy : bool, optional
        Whether to decide degeneracy.  Without it, strategies strictly dominated by a pure
        strategy (by more than the tolerances) are removed first, iteratively: they are
        played in no equilibrium, so the equilibria are the same, found on a smaller game.

    Returns
    -------
    list of MixedEquilibrium
        Every extreme equilibrium once, in the order of
        :func:`~negotiation_sim.solvers.ordering.ordered_equilibria`.
    bool
        Whether some vertex of a best-response polytope has more labels than its
        dimension (False when ``degeneracy`` is False).

    Raises
    ------
    ValueError
        If ``tol`` is below :data:`~negotiation_sim.tolerance.MIN_TOL` or not finite
        (this kernel applies the tie rule itself, in Python numbers).

    Examples
    --------
    Battle of the sexes: two pure equilibria and a mixed one.

    >>> a, b = np.array([[3.0, 0.0], [0.0, 2.0]]), np.array([[2.0, 0.0], [0.0, 3.0]])
    >>> found, degenerate = tiny_equilibria(a, b, 1e-9)
    >>> [e.row.tolist() for e in found], degenerate
    ([[1.0, 0.0], [0.0, 1.0], [0.6, 0.4]], False)
    """
    prob_tol = max(checked_tol(tol), 1e-15)
    matrix_p, exact_p, tie_p = _polytope(b.T.tolist(), tol)
    matrix_q, exact_q, tie_q = _polytope(a.tolist(), tol)
    rows, columns = list(range(a.shape[0])), list(range(a.shape[1]))
    # Margins in matrix units: twice the tie tolerance plus what zero-within-tolerance
    # coordinates can take away (see _vertices); zero for exact matrices.
    margins = (
        0.0 if exact_q else 2 * tie_q + len(columns) * prob_tol,
        0.0 if exact_p else 2 * tie_p + len(rows) * prob_tol,
    )
    if not degeneracy:
        rows, columns = _undominated(matrix_p, matrix_q, margins)
        if len(rows) < a.shape[0] or len(columns) < a.shape[1]:
            matrix_p = [[matrix_p[j][i] for i in rows] for j in columns]
            matrix_q = [[matrix_q[i][j] for j in columns] for i in rows]
    m, n = len(rows), len(columns)
    # P: coordinates are the rows (labels 0..m-1), constraints the columns (labels m..m+n-1).
    p = _vertices(matrix_p, exact_p, tie_p, prob_tol, None, margins[1])
    found = None if degeneracy else _partners(p, matrix_q, exact_q, tie_q, prob_tol, margins[0])
    degenerate = False
    if found is None:
        # Without the degeneracy flag, only vertices y playing best responses to some x can pair.
        within = None if degeneracy or n < 3 else list({labels >> m for labels in p})  # n < 3: no gain
        q_found = _vertices(matrix_q, exact_q, tie_q, prob_tol, within, margins[0])
        # Q's own labels put the zero columns first; relabel: tight rows 0..m-1, zero columns m..
        low_q = (1 << n) - 1
        q = {(labels >> n) | (labels & low_q) << m: y for labels, y in q_found.items()}
        degenerate = any(labels.bit_count() > m for labels in p) or any(labels.bit_count() > n for labels in q)
        full = (1 << (m + n)) - 1
        q_items = sorted(q.items(), reverse=True)
        found = [
            (x, y)
            for labels_p, x in sorted(p.items(), reverse=True)  # the kernel's order: labels decreasing
            for labels_q, y in q_items
            if labels_p | labels_q == full
        ]
    xs = [_embedded(x, rows, a.shape[0]) for x, _ in found]
    ys = [_embedded(y, columns, a.shape[1]) for _, y in found]
    return ordered_equilibria(a, b, xs, ys), degeneracy and degenerate


def _partners(
    p: Vertices, matrix_q: list[list[Number]], exact: bool, tie: float, prob_tol: float, margin: float = 0.0
) -> list[tuple[list[float], list[float]]] | None:
    """Equilibria from the vertices of ``P`` alone, or None where that needs the vertices of ``Q``.

    A nondegenerate vertex ``x`` (exactly ``m`` labels) has at most one partner: ``y`` plays
    only best responses to ``x`` and makes every row ``x`` plays a best response, a square
    system (as in the EEE algorithm and lrsnash).  A degenerate vertex or a singular system
    leaves a face of partners: then None, and the caller enumerates ``Q``.  A vertex playing
    a row that another row beats by over ``margin`` on every best response is skipped
    unsolved: no partner (nor face of partners) makes that row a best response.
    """
    m = len(matrix_q)
    if exact:
        tie, prob_tol, margin = 0, 0, 0.0
    found = []
    if any(labels.bit_count() > m for labels in p):
        return None
    beaten = _beaten(list(zip(*matrix_q, strict=True)), margin)
    for labels, x in sorted(p.items(), reverse=True):
        played = [i for i in range(m) if not labels >> i & 1]
        best = [j for j in range(len(matrix_q[0])) if labels >> (m + j) & 1]
        pick = itemgetter(*best)
        if any(reduce(and_, pick(beaten[i])) if len(best) > 1 else pick(beaten[i]) for i in played):
            continue
        restricted = [pick(row) for row in matrix_q] if len(best) > 1 else [(pick(row),) for row in matrix_q]
        sub = [restricted[i] for i in played]
        det, z = (sub[0][0], [1]) if len(sub) == 1 else _solve(sub)
        if det < 0:
            det, z = -det, [-v for v in z]
        if not (det > 0 if exact else det > SINGULAR_DET * math.prod(math.hypot(*row) for row in sub)):
            return None
        total = sum(z)
        prob, slack = prob_tol * total, tie * total
        if total <= 0 or min(z) < -prob:
            continue
        values = [sum(map(mul, row, z)) for row in restricted]
        for i in played:  # equal to det by construction (see _vertices)
            values[i] = det
        if max(values) - det > slack:
            continue
        y: list[Number] = [0] * len(matrix_q[0])
        for j, v in zip(best, z, strict=True):
            if v > prob:
                y[j] = v
        found.append((x, _normalised(y)))
    return found


def _embedded(values: list[float], places: list[int], size: int) -> list[float]:
    full = [0.0] * size
    for place, value in zip(places, values, strict=True):
        full[place] = value
    return full
