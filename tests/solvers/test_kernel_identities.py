"""The small-game kernel's leaner steps compute what their plain numpy formulas compute, bit for bit."""

from __future__ import annotations

from functools import reduce

import numpy as np
import pytest

from negotiation_sim.solvers import small_games as kernel
from negotiation_sim.solvers.cramer import cramer
from negotiation_sim.solvers.ordering import ordered_equilibria
from negotiation_sim.solvers.planes import bit_masks, fold, row_norm_product
from negotiation_sim.solvers.polytope import integer_scaling
from negotiation_sim.solvers.rational import integer_tables, rational_tables


def reference_distinct(labels: np.ndarray, *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """One basis per distinct nonzero label mask by two stable argsorts (the kernel's former code)."""
    games = np.arange(labels.shape[1])
    order = np.argsort(-labels, axis=0, kind="stable")
    labels = labels[order, games]
    labels[1:][labels[1:] == labels[:-1]] = 0
    again = np.argsort(labels == 0, axis=0, kind="stable")
    order, labels = order[again, games], labels[again, games]
    width = max(1, int((labels != 0).sum(axis=0).max(initial=0)))
    order, labels = order[:width], labels[:width]
    return (labels, *(a[:, order, games] if a.ndim == 3 else a[order, games] for a in arrays))


@pytest.mark.parametrize(
    ("bases", "games", "bits"), [(19, 300, 6), (6, 5, 4), (70, 40, 8), (4, 1, 3), (5, 7, 16), (200, 3, 16)]
)  # the last needs 64-bit keys
def test_distinct_keeps_the_first_basis_of_each_mask_in_decreasing_order(bases: int, games: int, bits: int) -> None:
    rng = np.random.default_rng(bases * games)
    labels = rng.integers(0, 1 << bits, size=(bases, games))
    labels[rng.random(labels.shape) < 0.5] = 0  # no vertex at half the bases
    labels[:, 0] = 0  # a game without vertices
    labels[: bases // 2, -1] = 5  # one mask reached by many bases
    points = rng.normal(size=(3, bases, games))
    zero = rng.integers(0, 8, size=(bases, games))
    found = kernel._distinct(labels, points, zero)
    expected = reference_distinct(labels, points, zero)
    for mine, theirs in zip(found, expected, strict=True):
        assert mine.dtype == theirs.dtype and mine.shape == theirs.shape
        assert mine.tobytes() == theirs.tobytes()


@pytest.mark.parametrize("size", range(1, 8))
def test_row_norm_product_equals_numpy_reductions(size: int) -> None:
    rng = np.random.default_rng(size)
    sub = rng.normal(size=(size, size, 9, 50)) * rng.choice([1e-3, 1.0, 1e3], size=(size, size, 9, 50)) + 1
    expected = np.prod(np.sqrt(np.sum(sub * sub, axis=1)), axis=0)
    assert row_norm_product(sub).tobytes() == expected.tobytes()


@pytest.mark.parametrize("planes", [1, 2, 3, 7])
@pytest.mark.parametrize("ufunc", [np.add, np.minimum, np.maximum])
def test_fold_equals_functools_reduce(planes: int, ufunc: np.ufunc) -> None:
    values = np.random.default_rng(planes).normal(size=(planes, 5, 6)) * 1e3
    assert fold(ufunc, values).tobytes() == reduce(ufunc, values).tobytes()


@pytest.mark.parametrize("planes", [1, 3, 8, 9, 16])
def test_bits_sets_bit_j_for_plane_j(planes: int) -> None:
    flags = np.random.default_rng(planes).random((planes, 4, 5)) < 0.5
    expected = sum(flags[j].astype(np.int64) << j for j in range(planes))
    found = bit_masks(flags)
    assert found.dtype == np.int64 and np.array_equal(found, expected)


def test_integer_tables_read_each_table_as_rational_tables_and_integer_scaling_do() -> None:
    rng = np.random.default_rng(3)
    games = 60
    tables = rng.integers(-20, 20, size=(3, 2, games)) / rng.choice([1, 3, 7, 33], size=(1, 1, games))
    tables[:, :, ::5] += 1e-4  # not rational
    tables[:, :, 1::7] = np.round(tables[:, :, 1::7])  # integers only
    atol = np.full(games, 1e-9)
    atol[2::9] = 1e-6  # wide: undecided by the vectorised rule, settled by integer_scaling
    exact, integers = integer_tables(tables, atol)
    for g in range(games):
        flat = tables[:, :, g].ravel()
        alone = rational_tables(flat[None], atol[g : g + 1])
        scaled = integer_scaling(flat, float(atol[g])) if alone.undecided[0] else None
        expected = scaled if scaled is not None else (alone.integers[0] if alone.exact[0] else None)
        assert exact[g] == (expected is not None)
        if expected is not None:
            assert integers[g].tolist() == expected.tolist()


def test_ordered_payoffs_are_the_built_in_sums() -> None:
    rng = np.random.default_rng(11)
    for _ in range(50):
        a, b = rng.normal(size=(2, 3, 4)) * 10
        a[0, 0] = -0.0  # the sign of zero survives as sum() leaves it
        x = rng.dirichlet(np.ones(3)) * (rng.random(3) < 0.7)
        y = rng.dirichlet(np.ones(4)) * (rng.random(4) < 0.7)
        x[0] = x[0] or 0.25
        y[0] = y[0] or 0.25
        x, y = (x / x.sum()).tolist(), (y / y.sum()).tolist()
        (found,) = ordered_equilibria(a, b, [x], [y])
        support_x = [i for i, v in enumerate(x) if v != 0]
        support_y = [j for j, v in enumerate(y) if v != 0]
        for table, payoff in ((a.tolist(), found.row_payoff), (b.tolist(), found.column_payoff)):
            expected = sum(x[i] * sum(table[i][j] * y[j] for j in support_y) for i in support_x)
            assert np.float64(payoff).tobytes() == np.float64(expected).tobytes()


def reference_vertices(
    matrix: np.ndarray, exact: np.ndarray, tie: np.ndarray, prob_tol: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every basis, order 1 included, by Cramer's rule and plain numpy (the kernel's former code)."""
    k, d, n_games = matrix.shape
    flat_matrix = matrix.reshape(k * d, n_games)
    all_exact = bool(exact.all())
    dets, coordinates, norms = [], [], []
    for flat, place in kernel._bases(k, d):
        sub = flat_matrix[flat]
        det, numerators = cramer(sub)
        dets.append(det)
        padded = np.concatenate([numerators, np.zeros((1, *det.shape))])
        coordinates.append(padded[place, np.arange(det.shape[0])])
        norms.append(np.prod(np.sqrt(np.sum(sub * sub, axis=1)), axis=0))
    det, z = np.concatenate(dets), np.concatenate(coordinates, axis=1)
    z *= np.sign(det)
    det = np.abs(det)
    excess = np.stack([sum(matrix[i, j] * z[j] for j in range(d)) - det for i in range(k)])  # in the kernel's order
    total = z.sum(axis=0)
    if all_exact:
        ok, prob, slack = det > 0, 0.0, 0.0
    else:
        ok = det > np.where(exact, 0.0, 1e-12) * np.concatenate(norms)
        prob, slack = np.where(exact, 0.0, prob_tol) * total, np.where(exact, 0.0, tie) * total
    ok &= (total > 0) & (z.min(axis=0) >= -prob) & (excess.max(axis=0) <= slack)
    zero = sum((z[j] <= prob).astype(np.int64) << j for j in range(d))
    tight = sum((excess[i] >= -slack).astype(np.int64) << i for i in range(k))
    return np.where(ok, zero, 0), np.where(ok, tight, 0), z


@pytest.mark.parametrize("shape", [(1, 1), (1, 3), (3, 1), (2, 2), (3, 3), (2, 4), (4, 3)])
def test_bases_of_order_one_in_closed_form_equal_the_cramer_solutions(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(sum(shape) * 7)
    k, d = shape
    games = 300
    integers = rng.integers(1, 4, size=(k, d, games)).astype(float)  # ties: several maxima per column
    floats = 1.0 + rng.random((k, d, games))
    floats[:, :, ::4] = floats[0:1, :, ::4]  # every row equal: ties within the tolerance
    exact = np.arange(games) % 3 == 0
    matrix = np.where(exact, integers, floats)
    tie = np.full(games, 1e-9)
    for mask in (exact, np.ones(games, dtype=bool)):
        chosen = np.where(mask, integers, matrix)
        zero, tight, z, _ = kernel._vertices(chosen, mask, tie, 1e-9)
        ref_zero, ref_tight, ref_z = reference_vertices(chosen, mask, tie, 1e-9)
        assert np.array_equal(zero, ref_zero) and np.array_equal(tight, ref_tight)
        assert z.tobytes() == ref_z.tobytes()
