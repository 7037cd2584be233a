"""The large-game paths: one-sided enumeration, the vectorised closure certificate, exact determinant signs.

Every path is compared with the exhaustive exact enumeration (and Gambit's rational
``enummixed`` where installed), and every equilibrium passes the ``is_nash`` oracle.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from negotiation_sim.solvers import closure, nash_cost, one_side, vertex_hull
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.modular import determinant_signs
from negotiation_sim.solvers.nash import analyse_bimatrix, nash_equilibria
from negotiation_sim.solvers.polytope import exact_vertices
from negotiation_sim.tolerance import player_tolerances

Keys = list[tuple[float, ...]]


def keys(equilibria: list) -> Keys:
    return sorted(tuple(np.round(np.concatenate([e.row, e.column]), 7) + 0.0) for e in equilibria)


def solve_all(a: np.ndarray, b: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> dict[str, Keys]:
    """Equilibria by each path: one-sided or Qhull (nash_equilibria), two-sided Qhull (analysis), exhaustive."""
    found = {}
    monkeypatch.setattr(nash_cost, "EXHAUSTIVE_BASES", 0)
    monkeypatch.setattr(nash_cost, "ONE_SIDED_BASES", 0)
    found["fast"] = nash_equilibria(a, b)
    found["two-sided"] = list(analyse_bimatrix(a, b).equilibria)
    monkeypatch.setattr(nash_cost, "EXHAUSTIVE_BASES", 10**12)
    monkeypatch.setattr(nash_cost, "ONE_SIDED_BASES", 10**12)
    found["exhaustive"] = nash_equilibria(a, b)
    for equilibria in found.values():
        assert all(is_nash(a, b, e.row, e.column, tol=1e-7) for e in equilibria)
    return {name: keys(equilibria) for name, equilibria in found.items()}


def gambit_rational(a: np.ndarray, b: np.ndarray) -> Keys:
    gbt = pytest.importorskip("pygambit")
    m, n = a.shape
    game = gbt.StrategicGame.from_arrays(a.astype(int).tolist(), b.astype(int).tolist())
    result = gbt.nash.enummixed_solve(game, rational=True)
    return sorted(
        {
            tuple(
                np.round(
                    np.array(
                        [float(Fraction(str(p["1"][str(i + 1)]))) for i in range(m)]
                        + [float(Fraction(str(p["2"][str(j + 1)]))) for j in range(n)]
                    ),
                    7,
                )
                + 0.0
            )
            for p in result.equilibria
        }
    )


SHAPES = [(2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (3, 6), (6, 4)]


@pytest.mark.parametrize("shape", SHAPES)
def test_generic_float_games_all_paths_agree(shape: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(sum(shape))
    for _ in range(3):
        a, b = rng.normal(size=(2, *shape))
        found = solve_all(a, b, monkeypatch)
        assert found["fast"] == found["two-sided"] == found["exhaustive"], (a.tolist(), b.tolist())
        assert len(found["fast"]) % 2 == 1  # a nondegenerate game has an odd number


@pytest.mark.parametrize("shape", SHAPES)
def test_degenerate_float_games_fall_back_and_agree(shape: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    """Integer payoffs times pi: float (not small rationals) with exact ties."""
    rng = np.random.default_rng(100 + sum(shape))
    for _ in range(3):
        a, b = rng.integers(0, 4, size=(2, *shape)) * np.pi
        found = solve_all(a, b, monkeypatch)
        assert found["fast"] == found["two-sided"] == found["exhaustive"], (a.tolist(), b.tolist())


@pytest.mark.parametrize("shape", SHAPES)
def test_degenerate_integer_games_agree_with_exhaustive_and_gambit(
    shape: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(200 + sum(shape))
    for _ in range(3):
        a, b = rng.integers(0, 4, size=(2, *shape)).astype(float)
        found = solve_all(a, b, monkeypatch)
        assert found["fast"] == found["two-sided"] == found["exhaustive"], (a.tolist(), b.tolist())
        assert found["fast"] == gambit_rational(a, b), (a.tolist(), b.tolist())


def test_one_sided_path_declines_degenerate_and_small_games() -> None:
    rng = np.random.default_rng(7)
    a, b = rng.normal(size=(2, 9, 9))
    row_tol, column_tol = player_tolerances((a, b), 1e-9).tolist()
    found = one_side.one_sided_pairs(a, b, row_tol, column_tol, 1e-9)
    assert found is not None and len(found[0]) % 2 == 1
    assert one_side.one_sided_pairs(a[:3, :3], b[:3, :3], row_tol, column_tol, 1e-9) is None  # small: exhaustive
    ties = np.round(a) * np.pi
    assert one_side.one_sided_pairs(ties, np.round(b) * np.pi, row_tol, column_tol, 1e-9) is None


def test_one_sided_path_swaps_to_the_smaller_dimension(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(8)
    a, b = rng.normal(size=(2, 9, 5))
    found = solve_all(a, b, monkeypatch)
    assert found["fast"] == found["exhaustive"]


def fraction_det(matrix: np.ndarray) -> Fraction:
    rows = [[Fraction(int(v)) for v in row] for row in matrix]
    n, det = len(rows), Fraction(1)
    for c in range(n):
        pivot = next((r for r in range(c, n) if rows[r][c] != 0), None)
        if pivot is None:
            return Fraction(0)
        if pivot != c:
            rows[c], rows[pivot] = rows[pivot], rows[c]
            det = -det
        det *= rows[c][c]
        for r in range(c + 1, n):
            f = rows[r][c] / rows[c][c]
            rows[r] = [x - f * y for x, y in zip(rows[r], rows[c], strict=True)]
    return det


@pytest.mark.parametrize(("size", "values"), [(2, 3), (5, 4), (10, 5), (15, 3), (4, 10**9)])
def test_determinant_signs_are_exact(size: int, values: int) -> None:
    rng = np.random.default_rng(size)
    mats = rng.integers(-values, values + 1, size=(60, size, size))
    mats[:20, -1] = mats[:20, 0] - mats[:20, 1]  # singular
    mats[20:30, -1] = mats[20:30, 0]
    mats[20:30, -1, 0] += 1  # nearly singular: determinant +-1 times a minor
    expected = [(d > 0) - (d < 0) for d in map(fraction_det, mats)]
    signs = determinant_signs(mats)
    assert signs is not None and signs.tolist() == expected


def test_determinant_signs_decline_huge_matrices() -> None:
    assert determinant_signs(np.full((1, 8, 8), 2**40)) is None


def test_label_keys_wide_labels_give_the_same_certificate() -> None:
    """More than 64 labels take the packed-bytes path; extra never-tight labels change nothing."""
    rng = np.random.default_rng(9)
    for values in (1000, 3):
        matrix = rng.integers(1, values + 1, size=(6, 6)).astype(np.int64)
        found = exact_vertices(matrix)
        labels = np.concatenate(
            [
                np.concatenate([np.ones((1, 6), bool), np.zeros((1, 6), bool)], axis=1),
                np.concatenate([found.zero, found.tight], axis=1),
            ]
        )
        normals = np.vstack([-np.eye(6, dtype=np.int64), matrix])
        wide = np.concatenate([labels, np.zeros((len(labels), 70), bool)], axis=1)
        wide_normals = np.vstack([normals, np.ones((70, 6), np.int64) * 10**6])
        assert closure.is_closed(labels, 6, normals) and closure.is_closed(wide, 6, wide_normals)
        for drop in range(1, len(labels), max(1, len(labels) // 5)):
            assert not closure.is_closed(np.delete(wide, drop, axis=0), 6, wide_normals)
        assert len(set(closure.label_keys(wide).tolist())) == len(wide)


def test_witness_work_limit_falls_back_to_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(10)
    a, b = rng.integers(0, 3, size=(2, 6, 6)).astype(float)
    expected = solve_all(a, b, monkeypatch)["exhaustive"]
    monkeypatch.setattr(closure, "MAX_WITNESS_WORK", 0)
    monkeypatch.setattr(closure, "MAX_GALE_EXCESS", 0)  # every degenerate vertex by its constraint subsets
    matrix = np.array(a - a.min() + 1, dtype=np.int64)
    reference = exact_vertices(matrix)
    assert np.any(reference.zero.sum(axis=1) + reference.tight.sum(axis=1) > 6)  # a degenerate vertex
    assert vertex_hull.certified_hull_vertices(matrix) is None
    assert solve_all(a, b, monkeypatch)["fast"] == expected
