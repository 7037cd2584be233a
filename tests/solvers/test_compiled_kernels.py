"""The numba-compiled kernels of the one-sided method against the numpy path they replace.

With the switch on (:func:`negotiation_sim.solvers.compiled.set_compiled`),
``nash_equilibria`` must list the same extreme equilibria as with it off, each passing
the ``is_nash`` oracle, on generic games of many shapes and on games with ties inside or
near the tolerance (where the kernels decline and the numpy path decides).  Each kernel
is also checked against the numpy function it mirrors, and shown to decline what that
function's fast case declines.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from click.testing import CliRunner

from negotiation_sim.solvers import compiled, nash_cost, one_side, vertex_hull
from negotiation_sim.solvers.best_response import float_matrix
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.nash import nash_equilibria
from negotiation_sim.solvers.partner_filter import without_partner
from negotiation_sim.solvers.polytope_cache import PolytopeCache

pytest.importorskip("numba")

from negotiation_sim.solvers import numba_kernels  # needs numba

Keys = list[tuple[float, ...]]


def keys(equilibria: list) -> Keys:
    return sorted(tuple(np.round(np.concatenate([e.row, e.column]), 7) + 0.0) for e in equilibria)


@contextmanager
def switched(enabled: bool = True) -> Iterator[None]:
    previous = compiled.set_compiled(enabled)
    try:
        yield
    finally:
        compiled.set_compiled(previous)


def both_ways(a: np.ndarray, b: np.ndarray, **options) -> tuple[Keys, Keys]:
    previous = compiled.set_compiled(False)
    try:
        plain = nash_equilibria(a, b, **options)
        compiled.set_compiled(True)
        fast = nash_equilibria(a, b, **options)
    finally:
        compiled.set_compiled(previous)
    for equilibria in (plain, fast):
        assert all(is_nash(a, b, e.row, e.column, tol=1e-7) for e in equilibria)
    return keys(fast), keys(plain)


SHAPES = [(5, 5), (6, 6), (7, 7), (8, 8), (10, 10), (5, 9), (9, 5), (6, 8), (12, 7)]


@pytest.mark.parametrize("shape", SHAPES)
def test_generic_games_have_the_same_equilibria_compiled(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(sum(shape) * 97 + shape[0])
    for _ in range(12):
        a, b = rng.normal(size=(2, *shape))
        fast, plain = both_ways(a, b)
        assert fast == plain and len(fast) % 2 == 1  # a nondegenerate game has an odd number


@pytest.mark.parametrize("gap", [0.0, 1e-12, 1e-9, 3e-9, 1e-6])
def test_near_ties_are_decided_as_on_the_numpy_path(gap: float) -> None:
    """Rounded payoffs plus a gap around the tolerance: degenerate vertices, dominance at the margin."""
    rng = np.random.default_rng(int(gap * 1e12) + 5)
    for _ in range(15):
        a, b = np.round(rng.normal(size=(2, 6, 6)), 1) + gap * rng.normal(size=(2, 6, 6))
        a[:, 0] += np.pi * 1e-3  # not small rationals: the float path
        b[0] += np.e * 1e-3
        fast, plain = both_ways(a, b)
        assert fast == plain


def test_the_compiled_path_matches_the_exhaustive_method(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(11)
    for _ in range(10):
        a, b = rng.normal(size=(2, 7, 7))
        fast, _ = both_ways(a, b)
        with monkeypatch.context() as patch:
            patch.setattr(nash_cost, "EXHAUSTIVE_BASES", 10**12)
            patch.setattr(nash_cost, "ONE_SIDED_BASES", 10**12)
            exhaustive = keys(nash_equilibria(a, b))
        assert fast == exhaustive


def test_the_kernels_answer_generic_games(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled path is taken, not declined into the numpy path (whose answers are the same)."""
    answered, declined = [], []
    compiled_partners, numpy_partners = one_side._compiled_partners, one_side._partners
    monkeypatch.setattr(one_side, "_compiled_partners", lambda *a: answered.append(1) or compiled_partners(*a))
    monkeypatch.setattr(one_side, "_partners", lambda *a: declined.append(1) or numpy_partners(*a))
    undominated, compiled_undominated = [], one_side._compiled_undominated
    monkeypatch.setattr(  # the compiled rule must be the one used
        one_side, "_compiled_undominated", lambda *a: undominated.append(1) or compiled_undominated(*a)
    )
    rng = np.random.default_rng(21)
    with switched():
        for shape in [(6, 6), (8, 8), (12, 12), (5, 9)]:
            nash_equilibria(*rng.normal(size=(2, *shape)))
    assert len(answered) == 4 and not declined
    assert len(undominated) == 4


def test_dominated_strategies_are_removed_by_the_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    shapes = []
    from_matrices = one_side._from_matrices
    monkeypatch.setattr(one_side, "_from_matrices", lambda q, *a: shapes.append(q.shape) or from_matrices(q, *a))
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(2, 7, 7))
    a[2] = a.min(axis=0) - 1.0  # row 2 is strictly dominated
    b[:, 4] = b.min(axis=1) - 1.0  # so is column 4
    with switched():
        equilibria = nash_equilibria(a, b)
    assert shapes and all(shape == (6, 6) for shape in shapes)  # the hull of the 6 x 6 game left
    assert equilibria and all(e.row[2] == 0.0 and e.column[4] == 0.0 for e in equilibria)


def test_a_declined_vertex_set_is_decided_on_the_same_qhull_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Degenerate polytopes: the kernel declines, and the numpy route labels the same candidates (no second Qhull)."""
    runs, reused = [], []
    hull_equations, hull_float_vertices = vertex_hull._hull_equations, vertex_hull.hull_float_vertices
    monkeypatch.setattr(vertex_hull, "_hull_equations", lambda *a, **k: runs.append(1) or hull_equations(*a, **k))
    monkeypatch.setattr(
        vertex_hull,
        "hull_float_vertices",
        lambda *a, **k: reused.append(k.get("candidates") is not None) or hull_float_vertices(*a, **k),
    )
    rng = np.random.default_rng(4)
    for _ in range(20):
        a, b = np.round(rng.normal(size=(2, 7, 7)), 1) + np.pi * 1e-4  # ties, but not small rationals
        found, counts = [], []
        for enabled in (False, True):
            runs.clear()
            with switched(enabled):
                found.append(keys(nash_equilibria(a, b)))
            counts.append(len(runs))
        assert found[0] == found[1] and counts[1] <= counts[0]
    assert any(reused)


def test_a_cache_is_used_with_the_kernels() -> None:
    """6 x 8: the row player's polytope P (from the column player's payoffs) is enumerated, then reused."""
    rng = np.random.default_rng(8)
    a, other_a, b = rng.normal(size=(3, 6, 8))
    cache = PolytopeCache()
    with switched():
        first, second = nash_equilibria(a, b, cache=cache), nash_equilibria(other_a, b, cache=cache)
    assert cache.hits == 1
    assert keys(first) == keys(nash_equilibria(a, b)) and keys(second) == keys(nash_equilibria(other_a, b))


def test_a_polytope_beyond_62_labels_and_a_time_budget_take_the_numpy_enumeration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """3 x 60 with no dominated strategy: the enumerated polytope has 63 labels, beyond the kernel's bitmasks."""
    rng = np.random.default_rng(9)
    directions = np.abs(rng.normal(size=(3, 60))) + 0.05
    b = directions / np.linalg.norm(directions, axis=0)  # columns on a sphere: none dominates another
    t = np.sort(rng.random(60))
    a = np.stack([t, 1 - t, np.sqrt(t * (1 - t))]) + 1e-3 * rng.random((3, 60))  # no row dominated
    kernel_inputs = []
    compiled_partners = one_side._compiled_partners
    monkeypatch.setattr(
        one_side, "_compiled_partners", lambda *a: kernel_inputs.append(a[1].shape) or compiled_partners(*a)
    )
    fast, plain = both_ways(a, b)
    assert fast == plain and fast and kernel_inputs[0][1] == 3  # P enumerated, 60 + 3 labels
    matrix_q, tie_q = float_matrix(a, 1e-9 * np.abs(a).max())
    matrix_p, tie_p = float_matrix(b.T, 1e-9 * np.abs(b).max())
    with switched():
        budgeted = one_side._from_matrices(matrix_q, tie_q, matrix_p, tie_p, 1e-9, None, 30.0)
        direct = one_side._from_matrices(matrix_q, tie_q, matrix_p, tie_p, 1e-9, None, None)

    def profiles(pairs: tuple[np.ndarray, np.ndarray]) -> list[tuple[float, ...]]:
        x, y = pairs
        return sorted(map(tuple, np.round(np.hstack([x / x.sum(1, keepdims=True), y / y.sum(1, keepdims=True)]), 9)))

    assert budgeted is not None and direct is not None and profiles(budgeted) == profiles(direct)


# Each kernel against the numpy function it mirrors.


def _polytope(seed: int, k: int = 7, d: int = 6) -> tuple[np.ndarray, float]:
    matrix, tie = float_matrix(np.random.default_rng(seed).normal(size=(k, d)), 1e-9)
    return np.ascontiguousarray(matrix), tie


@pytest.mark.parametrize("seed", range(8))
def test_simple_vertices_equal_hull_float_vertices(seed: int) -> None:
    matrix, tie = _polytope(seed)
    candidates = vertex_hull.float_candidates(matrix, premerge=False)
    simple, points, zero, tight = numba_kernels.simple_vertices(candidates, matrix, tie, 1e-9)
    expected = vertex_hull.hull_float_vertices(matrix, tie, 1e-9, simple=True)
    assert simple
    assert np.array_equal(zero, expected.zero) and np.array_equal(tight, expected.tight)
    assert np.allclose(points, expected.points, rtol=1e-12, atol=0.0)


def test_simple_vertices_decline_a_set_with_a_vertex_missing() -> None:
    matrix, tie = _polytope(1)
    candidates = vertex_hull.float_candidates(matrix, premerge=False)
    kept = candidates[candidates.sum(axis=1) > 1e-9]
    simple, *_ = numba_kernels.simple_vertices(np.ascontiguousarray(kept[1:]), matrix, tie, 1e-9)
    assert not simple
    assert numba_kernels.simple_vertices(np.ascontiguousarray(kept), matrix, tie, 1e-9)[0]


def test_simple_vertices_decline_a_repeated_vertex_and_a_degenerate_one() -> None:
    matrix, tie = _polytope(2)
    candidates = vertex_hull.float_candidates(matrix, premerge=False)
    repeated = np.ascontiguousarray(np.vstack([candidates, candidates[-1:]]))
    assert not numba_kernels.simple_vertices(repeated, matrix, tie, 1e-9)[0]
    # A constraint through a vertex of the others: that vertex has d + 1 labels.
    matrix, tie = np.array([[2.0, 1.0], [1.0, 2.0], [1.5, 1.5]]), 1e-9
    candidates = vertex_hull.float_candidates(matrix, premerge=False)
    assert not numba_kernels.simple_vertices(candidates, matrix, tie, 1e-9)[0]
    assert vertex_hull.hull_float_vertices(matrix, tie, 1e-9, simple=True) is None


@pytest.mark.parametrize("seed", range(6))
def test_partner_pairs_equal_the_numpy_partners(seed: int) -> None:
    rng = np.random.default_rng(seed + 40)
    a, b = rng.normal(size=(2, 8, 8))
    matrix_q, tie_q = float_matrix(a, 1e-9)
    matrix_p, tie_p = float_matrix(b.T, 1e-9)
    p = vertex_hull.hull_float_vertices(matrix_p, tie_p, 1e-9, simple=True)
    zero, tight = np.ascontiguousarray(p.zero), np.ascontiguousarray(p.tight)
    matrix_q = np.ascontiguousarray(matrix_q)
    expected = one_side._partners(p.points, ~p.zero, p.tight, matrix_q, tie_q, 1e-9)
    assert expected is not None
    expected_order = np.lexsort(expected[0].T)
    ruled_out = np.logical_or(*without_partner(~zero, tight, matrix_q, one_side._filter_margin(tie_q, 1e-9, 8)))
    for skip in (np.zeros(len(zero), dtype=bool), ruled_out):  # the filter skips only vertices without a partner
        solved, xs, ys = numba_kernels.partner_pairs(p.points, zero, tight, skip, matrix_q, tie_q, 1e-9, 1e11)
        assert solved
        order = np.lexsort(xs.T)
        assert np.array_equal(xs[order], expected[0][expected_order])
        assert np.allclose(ys[order], expected[1][expected_order], rtol=1e-10, atol=0.0)
    assert ruled_out.any()
    solved, xs, _ = numba_kernels.partner_pairs(
        p.points, zero, tight, np.ones(len(zero), dtype=bool), matrix_q, tie_q, 1e-9, 1e11
    )
    assert solved and len(xs) == 0


def test_partner_pairs_decline_a_nearly_singular_system() -> None:
    """Two equal columns of A on the best responses: the system is a face of Q, not a point."""
    x = np.array([[0.3, 0.3]])
    zero, tight = np.zeros((1, 2), dtype=bool), np.ones((1, 2), dtype=bool)
    singular = np.array([[1.0, 1.0], [2.0, 2.0 + 1e-14]])
    solved, xs, _ = numba_kernels.partner_pairs(x, zero, tight, np.zeros(1, dtype=bool), singular, 1e-9, 1e-9, 1e11)
    assert not solved and len(xs) == 0
    regular = np.array([[1.0, 2.0], [2.0, 1.0]])
    solved, xs, ys = numba_kernels.partner_pairs(x, zero, tight, np.zeros(1, dtype=bool), regular, 1e-9, 1e-9, 1e11)
    assert solved and np.allclose(ys, [[1 / 3, 1 / 3]])


def test_partner_pairs_decline_a_system_that_is_not_square() -> None:
    x = np.array([[0.3, 0.3]])
    zero, tight = np.zeros((1, 2), dtype=bool), np.array([[True, False]])
    solved, *_ = numba_kernels.partner_pairs(
        x, zero, tight, np.zeros(1, dtype=bool), np.array([[1.0, 2.0], [2.0, 1.0]]), 1e-9, 1e-9, 1e11
    )
    assert not solved


@pytest.mark.parametrize("kind", ["uniform", "quarters", "ranked"])
def test_undominated_equals_the_numpy_rule(kind: str) -> None:
    rng = np.random.default_rng(len(kind))
    for trial in range(300):
        m, n = rng.integers(2, 10, size=2)
        if kind == "uniform":
            q, p = rng.random((m, n)) + 1, rng.random((n, m)) + 1
        elif kind == "quarters":  # ties
            q, p = np.round(rng.random((m, n)) * 4) / 4 + 1, np.round(rng.random((n, m)) * 4) / 4 + 1
        else:  # rows ranked: long chains of dominance
            q = np.sort(rng.random((m, n)), axis=0) + 1 + 0.1 * rng.random((m, n))
            p = np.sort(rng.random((n, m)), axis=0) + 1
        margins = ([0.0, 1e-9, 0.05][trial % 3], [0.0, 1e-9, 0.02][(trial // 3) % 3])
        expected = one_side._undominated(q, p, *margins)
        found = one_side._compiled_undominated(q, p, *margins)
        assert np.array_equal(found[0], expected[0]) and np.array_equal(found[1], expected[1])
        assert found[2:] == expected[2:]


# The switch.


def test_set_compiled_returns_the_previous_setting() -> None:
    previous = compiled.set_compiled(True)
    try:
        assert compiled.compiled_enabled()
        assert compiled.set_compiled(False) is True
        assert not compiled.compiled_enabled()
    finally:
        compiled.set_compiled(previous)


def test_the_cli_switch_turns_the_kernels_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from negotiation_sim.cli import main

    previous = compiled.set_compiled(False)
    try:
        result = CliRunner().invoke(main, ["--compiled", "list"])
        assert result.exit_code == 0, result.output
        assert compiled.compiled_enabled()
    finally:
        compiled.set_compiled(previous)


def test_dask_worker_processes_run_chunks_with_the_switch_of_the_caller() -> None:
    distributed = pytest.importorskip("distributed")
    from negotiation_sim.analysis.dask_backend import run_chunks

    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as client,
    ):
        with switched(False):
            off = run_chunks(compiled.compiled_enabled, [()], scheduler=client)
        with switched():
            on = run_chunks(compiled.compiled_enabled, [(), ()], scheduler=client)
    assert on == [True, True] and off == [False]
