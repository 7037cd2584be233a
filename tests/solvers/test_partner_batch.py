"""The padded partner batch of the one-sided path against the straightforward computation.

``one_side._padded_partners`` builds the systems ``A_RC`` by gathering from ``A`` with a
zero row and column appended, bounds the condition numbers first by the largest entry
of the inverses, and tests feasibility by row minima and maxima.  Each step must give
what the plain computation (two stable argsorts, ``numpy.where`` with an identity
block, column sums of ``|A^-1|``, elementwise comparisons) gives, bit for bit, and the
condition check must decide exactly as before when the quick bound is inconclusive.
"""

from __future__ import annotations

import numpy as np
import pytest

from negotiation_sim.solvers import one_side, vertex_hull
from negotiation_sim.solvers.best_response import float_matrix
from negotiation_sim.tolerance import player_tolerances


def reference_feasible(
    x: np.ndarray, y: np.ndarray, matrix: np.ndarray, tie: float, prob_tol: float
) -> tuple[np.ndarray, np.ndarray]:
    total = y.sum(axis=1)
    feasible = (total > 0) & (y >= -prob_tol * total[:, None]).all(axis=1)
    # The rows x plays are the system's own (A_R y = 1 by construction): not tested.
    feasible &= ((y @ matrix.T - 1.0 <= tie * total[:, None]) | (x != 0)).all(axis=1)
    y = y[feasible]
    y[y <= prob_tol * total[feasible, None]] = 0.0
    return x[feasible], y


def reference_partners(
    x: np.ndarray, support: np.ndarray, best: np.ndarray, matrix: np.ndarray, tie: float, prob_tol: float
) -> tuple[np.ndarray, np.ndarray] | None:
    sizes = support.sum(axis=1)
    m = int(sizes.max())
    rows = np.argsort(~support, axis=1, kind="stable")[:, :m]
    columns = np.argsort(~best, axis=1, kind="stable")[:, :m]
    valid = np.arange(m) < sizes[:, None]
    sub = np.where(valid[:, :, None] & valid[:, None, :], matrix[rows[:, :, None], columns[:, None, :]], np.eye(m))
    inverse = np.linalg.inv(sub)
    condition = sub.sum(axis=1).max(axis=1) * np.abs(inverse).sum(axis=1).max(axis=1)
    if not np.all(condition < one_side._MAX_CONDITION):
        return None
    y = np.zeros((len(x), matrix.shape[1]))
    y[np.arange(len(x))[:, None], columns] = np.where(valid, np.einsum("kij,kj->ki", inverse, valid), 0.0)
    return reference_feasible(x, y, matrix, tie, prob_tol)


def partner_systems(shape: tuple[int, int], seed: int) -> tuple[np.ndarray, ...]:
    """The vertices of ``P`` of a seeded game and the row player's matrix ``A`` on ``[1, 2]``."""
    a, b = np.random.default_rng(seed).normal(size=(2, *shape))
    row_tol, column_tol = player_tolerances((a, b), 1e-9).tolist()
    matrix_p, tie_p = float_matrix(b.T, column_tol)
    p = vertex_hull.hull_float_vertices(matrix_p, tie_p, 1e-9)
    assert p is not None
    matrix_q, tie_q = float_matrix(a, row_tol)
    return p.points, ~p.zero, p.tight, matrix_q, np.array(tie_q)


@pytest.mark.parametrize("shape", [(3, 3), (5, 5), (6, 6), (7, 7), (4, 9), (9, 4), (6, 8)])
def test_padded_partners_equal_the_plain_computation_bit_for_bit(shape: tuple[int, int]) -> None:
    for seed in range(3):
        x, support, best, matrix, tie = partner_systems(shape, 8000 + 31 * seed + shape[0])
        found = padded(x, support, best, matrix, float(tie))
        expected = reference_partners(x, support, best, matrix, float(tie), 1e-9)
        assert found is not None and expected is not None
        assert np.array_equal(found[0], expected[0]) and np.array_equal(found[1], expected[1])
        assert len(found[0]) > 0


def test_the_condition_check_decides_as_before_when_the_quick_bound_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """Between the quick bound (m times the largest entry) and the true condition numbers, the full check decides."""
    x, support, best, matrix, tie = partner_systems((6, 6), 8100)
    expected = padded(x, support, best, matrix, float(tie))
    sizes = support.sum(axis=1)
    m = int(sizes.max())
    sub = np.stack(
        [
            np.pad(matrix[np.ix_(np.flatnonzero(r), np.flatnonzero(c))], (0, m - s)) + np.diag(np.arange(m) >= s)
            for r, c, s in zip(support, best, sizes, strict=True)
        ]
    )
    inverse = np.linalg.inv(sub)
    worst = float(np.max(sub.sum(axis=1).max(axis=1) * np.abs(inverse).sum(axis=1).max(axis=1)))
    quick = 2.0 * m * m * float(np.abs(inverse).max())
    assert worst < quick  # room between the two bounds
    monkeypatch.setattr(one_side, "_MAX_CONDITION", worst * 1.000001)  # the quick bound fails, the full check passes
    found = padded(x, support, best, matrix, float(tie))
    assert found is not None and expected is not None
    assert np.array_equal(found[0], expected[0]) and np.array_equal(found[1], expected[1])
    monkeypatch.setattr(one_side, "_MAX_CONDITION", worst * 0.999999)  # one system too ill-conditioned
    assert padded(x, support, best, matrix, float(tie)) is None


def test_feasibility_by_row_extremes_equals_the_elementwise_test() -> None:
    rng = np.random.default_rng(8200)
    matrix = 1.0 + rng.random((5, 4))
    y = rng.random((400, 4)) * 0.4
    y[::7, 1] = -1e-10 * y[::7].sum(axis=1)  # slightly negative, inside the tolerance
    y[::11, 2] = -1e-8  # outside
    y[3] = np.nan
    y[5] = 0.0
    scale = (y @ matrix.T).max(axis=1)
    y[::3] /= np.where(scale[::3] > 0, scale[::3], 1.0)[:, None]  # A y touching 1 (ties)
    y[::9] *= 1.0 + 1e-9  # just above 1, inside or outside the tie tolerance
    x = rng.random((400, 5)) * (rng.random((400, 5)) < 0.3)  # the rows played: 30 % of them
    for tie in (0.0, 1e-9, 1e-6):
        found = one_side._feasible(x, y.copy(), matrix, tie, 1e-9)
        expected = reference_feasible(x, y.copy(), matrix, tie, 1e-9)
        assert np.array_equal(found[0], expected[0]) and np.array_equal(found[1], expected[1])
        assert 0 < len(found[0]) < len(x)


def padded(x: np.ndarray, support: np.ndarray, best: np.ndarray, matrix: np.ndarray, tie: float) -> object:
    """``one_side._padded_partners`` padded to the largest support, as for a batch of its own."""
    return one_side._padded_partners(x, support, best, matrix, tie, 1e-9, size=int(support.sum(axis=1).max()))
