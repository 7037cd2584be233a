"""The Qhull vertex enumeration path: certified, complete, equal to the exhaustive path and to Gambit."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from general_method import use_general_method

from negotiation_sim.errors import SolverError
from negotiation_sim.solvers import nash_cost, one_side, vertex_hull
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.modular import nonzero_determinant_mod_p
from negotiation_sim.solvers.nash import analyse_bimatrix, nash_equilibria
from negotiation_sim.solvers.pairing import complete_pairs
from negotiation_sim.solvers.polytope import exact_vertices


@pytest.fixture(autouse=True)
def _general_method_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests force the Qhull or the exhaustive path; the small-game kernel would bypass both."""
    use_general_method(monkeypatch)


def key(x: np.ndarray, y: np.ndarray) -> tuple[float, ...]:
    return tuple(np.round(np.concatenate([x, y]), 7) + 0.0)


def solve(a: np.ndarray, b: np.ndarray, method: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, ...]]:
    # EXHAUSTIVE_BASES decides the method: 0 forces Qhull, a huge value the exhaustive path.
    monkeypatch.setattr(nash_cost, "EXHAUSTIVE_BASES", 0 if method == "qhull" else 10**12)
    monkeypatch.setattr(nash_cost, "ONE_SIDED_BASES", 0 if method == "qhull" else 10**12)
    found = nash_equilibria(a, b)
    assert all(is_nash(a, b, e.row, e.column, tol=1e-7) for e in found)
    return sorted(key(e.row, e.column) for e in found)


def gambit_rational(a: np.ndarray, b: np.ndarray) -> list[tuple[float, ...]]:
    gbt = pytest.importorskip("pygambit")
    m, n = a.shape
    game = gbt.StrategicGame.from_arrays(a.astype(int).tolist(), b.astype(int).tolist())
    result = gbt.nash.enummixed_solve(game, rational=True)
    # Gambit lists some extreme equilibria of degenerate games more than once.
    return sorted(
        {
            key(
                np.array([float(Fraction(str(p["1"][str(i + 1)]))) for i in range(m)]),
                np.array([float(Fraction(str(p["2"][str(j + 1)]))) for j in range(n)]),
            )
            for p in result.equilibria
        }
    )


def random_games(seed: int) -> list[tuple[str, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    games = []
    for size in (3, 4, 5, 6, 8):
        m, n = size, int(rng.integers(2, size + 2))
        games.append(("generic", *rng.integers(-1000, 1001, size=(2, m, n)).astype(float)))
        games.append(("degenerate", *rng.integers(0, 3, size=(2, m, n)).astype(float)))
    return games


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_qhull_path_equals_exhaustive_and_gambit(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    for kind, a, b in random_games(seed):
        via_hull = solve(a, b, "qhull", monkeypatch)
        assert via_hull == solve(a, b, "exhaustive", monkeypatch), (kind, a.tolist(), b.tolist())
        assert via_hull == gambit_rational(a, b), (kind, a.tolist(), b.tolist())


def test_qhull_path_float_payoffs_equals_exhaustive(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(11)
    for size in (4, 6, 8):
        a, b = rng.normal(size=(2, size, size))
        assert solve(a, b, "qhull", monkeypatch) == solve(a, b, "exhaustive", monkeypatch)


def test_degeneracy_flag_same_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(4)
    for _ in range(6):
        a, b = rng.integers(0, 3, size=(2, 5, 5))
        flags = []
        for bases in (0, 10**12):
            monkeypatch.setattr(nash_cost, "EXHAUSTIVE_BASES", bases)
            flags.append(analyse_bimatrix(a, b).degenerate)
        assert flags[0] == flags[1]


def test_missing_candidate_is_caught_and_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """If Qhull loses a vertex the certificate fails and the exhaustive path gives the full set."""
    rng = np.random.default_rng(8)
    a, b = rng.integers(0, 4, size=(2, 5, 5)).astype(float)
    expected = solve(a, b, "exhaustive", monkeypatch)
    original = vertex_hull._candidates

    def lossy(matrix: np.ndarray) -> np.ndarray | None:
        points = original(matrix)
        assert points is not None
        return points[np.argsort(-points.sum(axis=1))[1:]]  # drop a vertex far from the origin

    monkeypatch.setattr(vertex_hull, "_candidates", lossy)
    calls = []
    real_closed = vertex_hull.is_closed

    def spy(*args: object, **kwargs: object) -> bool:
        calls.append(real_closed(*args, **kwargs))  # type: ignore[arg-type]
        return calls[-1]

    monkeypatch.setattr(vertex_hull, "is_closed", spy)
    assert solve(a, b, "qhull", monkeypatch) == expected
    assert False in calls


@pytest.mark.parametrize("size", [4, 6, 7])
def test_certificate_rejects_any_missing_vertex(size: int) -> None:
    rng = np.random.default_rng(size)
    for values in (1000, 3):
        matrix = rng.integers(1, values + 1, size=(size, size)).astype(np.int64)
        found = exact_vertices(matrix)
        d, k = size, size
        labels = np.concatenate(
            [
                np.concatenate([np.ones((1, d), bool), np.zeros((1, k), bool)], axis=1),
                np.concatenate([found.zero, found.tight], axis=1),
            ]
        )
        normals = np.vstack([-np.eye(d, dtype=np.int64), matrix])
        assert vertex_hull.is_closed(labels, d, normals)
        for drop in rng.choice(len(labels), size=min(5, len(labels)), replace=False):
            assert not vertex_hull.is_closed(np.delete(labels, drop, axis=0), d, normals)


def test_certified_hull_vertices_equal_exhaustive() -> None:
    rng = np.random.default_rng(21)
    for values, shape in ((3, (6, 6)), (2, (5, 8)), (1000, (7, 7))):
        matrix = rng.integers(1, values + 1, size=shape).astype(np.int64)
        hull = vertex_hull.certified_hull_vertices(matrix)
        reference = exact_vertices(matrix)
        assert hull is not None
        order = np.lexsort(hull.points.T[::-1])
        ref_order = np.lexsort(reference.points.T[::-1])
        np.testing.assert_array_equal(hull.points[order], reference.points[ref_order])
        np.testing.assert_array_equal(hull.tight[order], reference.tight[ref_order])
        np.testing.assert_array_equal(hull.zero[order], reference.zero[ref_order])


@pytest.mark.parametrize("width", [8, 64, 70])  # bitmasks up to 64 labels, a matrix product above
def test_complete_pairs_equals_dense_count(width: int) -> None:
    rng = np.random.default_rng(3)
    half = width // 2
    for _ in range(20):
        labels_p = rng.random((30, width)) < 0.5
        labels_q = rng.random((25, width)) < 0.5 + 4 / width
        labels_p[:10] = False
        for row in labels_p[:10]:
            row[rng.choice(width, half, replace=False)] = True  # exactly dim_p labels
        labels_q[:5] = ~labels_p[:5]  # some complementary (nondegenerate) pairs
        labels_q[5:8] = labels_q[5:8] | ~labels_p[10:13]  # and some with degenerate vertices
        dense = np.argwhere(((~labels_p).astype(int) @ (~labels_q).astype(int).T) == 0)
        assert len(dense)
        assert complete_pairs(labels_p, labels_q, half, width - half).tolist() == dense.tolist()


def test_modular_determinant_agrees_with_float() -> None:
    rng = np.random.default_rng(5)
    mats = rng.integers(-3, 4, size=(500, 4, 4))
    mats[:50, 3] = mats[:50, 0] + mats[:50, 1]  # singular
    dets = np.round(np.linalg.det(mats.astype(float))).astype(np.int64)
    assert np.array_equal(nonzero_determinant_mod_p(mats), dets % nonzero_determinant_mod_p.__globals__["PRIME"] != 0)


def test_cost_limit_names_estimate_and_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_NASH_SECONDS", "1")
    # Float payoffs with few vertices: Qhull finishes under the limit, but (patched) its result is
    # not certified, and the exhaustive fallback is refused up front by its estimate.  (Qhull
    # itself is stopped, not refused: test_nash_degenerate_large.)
    monkeypatch.setattr(nash_cost, "ONE_SIDED_BASES", 10**12)
    monkeypatch.setattr(vertex_hull, "is_closed", lambda *args: False)
    # The game is solved by strict dominance: keep the one-sided method on the whole game.
    whole = (np.arange(30), np.arange(30), 0.0, 0.0)
    monkeypatch.setattr(one_side, "_undominated", lambda *args: whole)
    rng = np.random.default_rng(0)
    a = np.arange(30)[:, None] + rng.random((30, 30)) * 0.5 + np.sqrt(2)
    with pytest.raises(SolverError, match=r"^a 30x30 game: exhaustive .*estimated .* s and .* MB.*NEGOTIATION_SIM_MAX"):
        nash_equilibria(a, a.T)
