"""The shortcuts of the float one-sided path give the answers of the general code they skip.

* ``player_tolerances`` and ``float_matrix`` on one game's arrays equal the general
  computation bit for bit;
* ``vertex_hull._simple_and_closed`` (the closure certificate of a simple polytope by one
  sort) returns what ``numpy.unique`` and ``is_closed`` return, and declines every set it
  cannot certify (a vertex missing, a duplicate, a degenerate vertex);
* ``vertex_hull._hull_equations`` equals ``scipy.spatial.ConvexHull(...).equations``, also
  when scipy's private ``_Qhull`` is not usable, and without pre-merging (``Q0``, the
  one-sided path) certifies the same vertices;
* padded and per-size partner batches agree on rectangular games, and both decline a
  nearly singular partner system.
"""

from __future__ import annotations

import numpy as np
import pytest
from one_sided_paths import from_one_polytope
from scipy.spatial import ConvexHull

from negotiation_sim.solvers import one_side, vertex_hull
from negotiation_sim.solvers.best_response import float_matrix
from negotiation_sim.solvers.closure import is_closed
from negotiation_sim.tolerance import player_tolerances

RNG = np.random.default_rng(6000)
PAYOFFS = {
    "normal": RNG.normal(size=(5, 4)),
    "integers": RNG.integers(-9, 10, size=(3, 3)),
    "all negative": -np.abs(RNG.normal(size=(3, 2))) - 1.0,
    "all positive": np.abs(RNG.normal(size=(2, 3))) + 1.0,
    "zeros": np.zeros((2, 2)),
    "negative zero": np.array([[-0.0, -0.0]]),
    "huge": RNG.normal(size=(3, 3)) * 1e300,
    "tiny": RNG.normal(size=(3, 3)) * 1e-300,
    "one value": np.array([[7.5]]),
}


@pytest.mark.parametrize("name", sorted(PAYOFFS))
def test_player_tolerances_of_arrays_equal_the_general_rule(name: str) -> None:
    table = PAYOFFS[name]
    other = PAYOFFS["normal"]
    fast = player_tolerances([table, other], 1e-9)
    general = player_tolerances([table.tolist(), other.tolist()], 1e-9)  # lists take the general path
    assert fast.tolist() == general.tolist()


def test_player_tolerances_ignore_non_finite_values_as_before() -> None:
    found = player_tolerances([np.array([[np.inf, 2.0]]), np.array([[np.nan, -5.0]])], 1e-9)
    assert found.tolist() == [2e-9, 5e-9]


def reference_float_matrix(payoffs: np.ndarray, atol: float) -> tuple[np.ndarray, float]:
    scale = float(np.max(np.abs(payoffs)))
    scale = scale if scale > 0 else 1.0
    unit = payoffs / scale
    low, spread = float(unit.min()), float(np.ptp(unit))
    spread = spread if spread > 0 else 1.0
    return 1.0 + (unit - low) / spread, atol / scale / spread


@pytest.mark.parametrize("name", sorted(PAYOFFS))
def test_float_matrix_equals_the_previous_operations(name: str) -> None:
    table = PAYOFFS[name].astype(float)
    matrix, tie = float_matrix(table, 1e-9)
    expected, expected_tie = reference_float_matrix(table, 1e-9)
    assert np.array_equal(matrix, expected) and tie == expected_tie


def general_vertices(matrix: np.ndarray, tie: float, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(vertex_hull, "_simple_and_closed", lambda labels, d: None)
        return vertex_hull.hull_float_vertices(matrix, tie, 1e-9)


@pytest.mark.parametrize("shape", [(3, 3), (6, 6), (8, 8), (5, 9), (9, 5), (12, 4)])
def test_simple_polytopes_take_the_fast_certificate_with_the_same_vertices(
    shape: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(6100 + 17 * shape[0] + shape[1])
    for _ in range(3):
        matrix, tie = float_matrix(rng.normal(size=shape), 1e-9)
        fast = vertex_hull.hull_float_vertices(matrix, tie, 1e-9)
        general = general_vertices(matrix, tie, monkeypatch)
        assert fast is not None and general is not None
        labels = np.concatenate([fast.zero, fast.tight], axis=1)
        assert vertex_hull._simple_and_closed(labels, shape[1]) is not None  # the fast path was taken
        for field in ("points", "zero", "tight"):
            assert np.array_equal(getattr(fast, field), getattr(general, field)), field


def simple_labels(shape: tuple[int, int], seed: int) -> tuple[np.ndarray, int]:
    matrix, tie = float_matrix(np.random.default_rng(seed).normal(size=shape), 1e-9)
    found = vertex_hull.hull_float_vertices(matrix, tie, 1e-9)
    assert found is not None
    return np.concatenate([found.zero, found.tight], axis=1), shape[1]


def with_origin(labels: np.ndarray, d: int) -> np.ndarray:
    origin = np.zeros((1, labels.shape[1]), dtype=bool)
    origin[0, :d] = True
    return np.concatenate([origin, labels])


def test_the_fast_certificate_declines_sets_it_cannot_certify() -> None:
    labels, d = simple_labels((6, 6), 6200)
    assert vertex_hull._simple_and_closed(labels, d) is not None
    assert is_closed(with_origin(labels, d), d)
    missing = labels[1:]
    assert vertex_hull._simple_and_closed(missing, d) is None
    assert not is_closed(with_origin(missing, d), d)  # the general certificate agrees
    duplicated = np.concatenate([labels, labels[:1]])
    assert vertex_hull._simple_and_closed(duplicated, d) is None
    degenerate = labels.copy()
    degenerate[0, np.flatnonzero(~degenerate[0])[0]] = True  # one more tight label
    assert vertex_hull._simple_and_closed(degenerate, d) is None
    too_wide = np.zeros((2, 60), dtype=bool)
    assert vertex_hull._simple_and_closed(too_wide, 4) is None


@pytest.mark.parametrize("d", [2, 3, 5, 8])
def test_hull_equations_equal_convex_hull(d: int, monkeypatch: pytest.MonkeyPatch) -> None:
    points = np.random.default_rng(6300 + d).normal(size=(3 * d, d))
    expected = ConvexHull(points).equations
    assert np.array_equal(vertex_hull._hull_equations(points), expected)

    import scipy.spatial._qhull as private

    def changed(*args: object, **kwargs: object) -> None:
        raise TypeError("the private class changed")

    monkeypatch.setattr(private, "_Qhull", changed)
    assert np.array_equal(vertex_hull._hull_equations(points), expected)


def profiles(found: tuple[np.ndarray, np.ndarray] | None) -> list[tuple[float, ...]]:
    assert found is not None
    xs, ys = found
    return sorted(tuple(np.round(np.concatenate([x / x.sum(), y / y.sum()]), 9)) for x, y in zip(xs, ys, strict=True))


@pytest.mark.parametrize("shape", [(6, 9), (9, 6), (4, 10), (8, 8)])
def test_padded_and_per_size_partners_agree_on_rectangular_games(
    shape: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(6400 + shape[0])
    a, b = rng.normal(size=(2, *shape))
    row_tol, column_tol = player_tolerances((a, b), 1e-9).tolist()
    found = {}
    for work in (0, 10**12):
        monkeypatch.setattr(one_side, "_PADDED_WORK", work)
        found[work] = profiles(from_one_polytope(a, b, row_tol, column_tol, 1e-9))
    assert found[0] == found[10**12] and len(found[0]) % 2 == 1


@pytest.mark.parametrize("work", [0, 10**12])
def test_both_batchings_decline_a_nearly_singular_partner_system(work: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3001)
    a, b = rng.normal(size=(2, 7, 7))
    a[1] = a[0] * (1 + 1e-14)
    row_tol, column_tol = player_tolerances((a, b), 1e-9).tolist()
    monkeypatch.setattr(one_side, "_PADDED_WORK", work)
    assert from_one_polytope(a, b, row_tol, column_tol, 1e-9) is None


@pytest.mark.parametrize("shape", [(2, 2), (5, 4), (6, 6), (4, 9)])
def test_float_candidates_are_the_convex_hull_facets_of_the_polar(shape: tuple[int, int]) -> None:
    """The polar written into one array equals the stacked one bit for bit, so Qhull sees the same points."""
    matrix, _ = float_matrix(np.random.default_rng(6500 + shape[0]).normal(size=shape), 1e-9)
    d = shape[1]
    row_sums = matrix.sum(axis=1)
    inside = 0.5 / float(row_sums.max())
    polar = np.vstack([matrix / (1.0 - inside * row_sums)[:, None], np.eye(d) * (-1.0 / inside)])
    equations = ConvexHull(polar).equations
    expected = inside - equations[:, :-1] / equations[:, -1:]
    assert np.array_equal(vertex_hull.float_candidates(matrix), expected)


def test_simple_vertices_only_decline_a_degenerate_polytope() -> None:
    """Three constraints through one vertex of the plane: found by default, declined when simple ones are asked."""
    matrix = np.array([[2.0, 1.0], [1.0, 2.0], [1.5, 1.5]])
    found = vertex_hull.hull_float_vertices(matrix, 1e-9, 1e-9)
    assert found is not None
    assert (found.zero.sum(axis=1) + found.tight.sum(axis=1)).max() == 3  # the degenerate vertex (1/3, 1/3)
    assert vertex_hull.hull_float_vertices(matrix, 1e-9, 1e-9, simple=True) is None
    generic, _ = float_matrix(np.random.default_rng(6600).normal(size=(5, 5)), 1e-9)
    default, simple = (vertex_hull.hull_float_vertices(generic, 1e-9, 1e-9, simple=flag) for flag in (False, True))
    assert default is not None and simple is not None
    assert all(np.array_equal(getattr(default, f), getattr(simple, f)) for f in ("points", "zero", "tight"))


@pytest.mark.parametrize("rows", [1, 1024, 1025, 2048, 2049, 3073, 5524])
def test_row_blocks_product_equals_the_whole_product_bit_for_bit(rows: int) -> None:
    """Blocks keep OpenBLAS single-threaded; no block has one row (a one-row product's last bit can differ)."""
    rng = np.random.default_rng(rows)
    left, right = rng.random((rows, 9)), 1.0 + rng.random((15, 9)).T
    assert np.array_equal(vertex_hull._row_blocks_product(left, right), left @ right)


def _simple_vertices(matrix: np.ndarray, tie: float, premerge: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    """``hull_float_vertices(..., simple=True)`` with Qhull's facets merged first or not."""
    candidates = vertex_hull.float_candidates
    with monkeypatch.context() as patch:
        patch.setattr(vertex_hull, "float_candidates", lambda m, premerge=True, _p=premerge: candidates(m, premerge=_p))
        return vertex_hull.hull_float_vertices(matrix, tie, 1e-9, simple=True)


@pytest.mark.parametrize("kind", ["normal", "integers times pi"])
@pytest.mark.parametrize("size", [4, 6, 8])
def test_hull_without_premerging_certifies_the_same_vertices(
    kind: str, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Qhull's ``Q0`` (the one-sided path) and its default pre-merging: the same certified vertices, or both declined.

    Generic polytopes give the same points bit for bit; degenerate ones (integer payoffs
    times pi) are declined by both, or certified with the same labels (points to the last bits).
    """
    rng = np.random.default_rng(6600 + size)
    certified = 0
    for _ in range(12):
        payoffs = rng.normal(size=(size, size)) if kind == "normal" else rng.integers(0, 4, (size, size)) * np.pi
        matrix, tie = float_matrix(payoffs, 1e-9 * float(np.abs(payoffs).max()))
        merged, unmerged = (_simple_vertices(matrix, tie, premerge, monkeypatch) for premerge in (True, False))
        assert (merged is None) == (unmerged is None)
        if merged is None:
            continue
        certified += 1
        assert np.array_equal(merged.zero, unmerged.zero) and np.array_equal(merged.tight, unmerged.tight)
        if kind == "normal":
            assert merged.points.tobytes() == unmerged.points.tobytes()
        else:
            np.testing.assert_allclose(unmerged.points, merged.points, rtol=0, atol=1e-15)
    if kind == "normal":
        assert certified == 12  # generic polytopes are simple


def test_a_failed_run_without_premerging_runs_again_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from scipy.spatial import QhullError

    matrix, _ = float_matrix(np.random.default_rng(6700).normal(size=(6, 6)), 1e-9)
    expected = vertex_hull.float_candidates(matrix)
    equations = vertex_hull._hull_equations

    def fails_without(points: np.ndarray, *, premerge: bool = True) -> np.ndarray:
        if not premerge:
            raise QhullError("precision error")
        return equations(points)

    monkeypatch.setattr(vertex_hull, "_hull_equations", fails_without)
    assert np.array_equal(vertex_hull.float_candidates(matrix, premerge=False), expected)
