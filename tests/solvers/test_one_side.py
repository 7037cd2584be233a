"""The one-sided path for generic float games (solvers.one_side) against every other method.

Seeded random generic games, square and rectangular: the one-sided path (from ``P``
or from ``Q``, whichever :func:`one_side._rank_spread` picks, and forced both ways),
the two-sided Qhull path, the exhaustive enumeration and Gambit's float
``enummixed`` find the same extreme equilibria, each passing the ``is_nash`` oracle.
"""

from __future__ import annotations

import numpy as np
import pytest
from one_sided_paths import from_one_polytope

from negotiation_sim.solvers import nash_cost, one_side, partner_filter, vertex_hull
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.nash import analyse_bimatrix, nash_equilibria
from negotiation_sim.solvers.polytope import PolytopeVertices
from negotiation_sim.tolerance import player_tolerances

Keys = list[tuple[float, ...]]


def keys(profiles: list[tuple[np.ndarray, np.ndarray]]) -> Keys:
    return sorted(tuple(np.round(np.concatenate([x, y]), 7) + 0.0) for x, y in profiles)


def one_sided(a: np.ndarray, b: np.ndarray, orientation: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """Normalised profiles of the one-sided path, from ``P``, from ``Q`` or as :func:`one_sided_pairs` picks."""
    row_tol, column_tol = player_tolerances((a, b), 1e-9).tolist()
    if orientation == "P":
        found = from_one_polytope(a, b, row_tol, column_tol, 1e-9)
    elif orientation == "Q":
        swapped = from_one_polytope(b.T, a.T, column_tol, row_tol, 1e-9)
        found = None if swapped is None else (swapped[1], swapped[0])
    else:
        found = one_side.one_sided_pairs(a, b, row_tol, column_tol, 1e-9)
    assert found is not None, "a generic game must stay on the one-sided path"
    xs, ys = found
    return [(x / x.sum(), y / y.sum()) for x, y in zip(xs, ys, strict=True)]


def other_methods(a: np.ndarray, b: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> dict[str, Keys]:
    with monkeypatch.context() as patch:
        patch.setattr(nash_cost, "EXHAUSTIVE_BASES", 0)
        two_sided = analyse_bimatrix(a, b).equilibria
    with monkeypatch.context() as patch:
        patch.setattr(nash_cost, "EXHAUSTIVE_BASES", 10**12)
        patch.setattr(nash_cost, "ONE_SIDED_BASES", 10**12)
        exhaustive = nash_equilibria(a, b)
    return {
        "two-sided": keys([(e.row, e.column) for e in two_sided]),
        "exhaustive": keys([(e.row, e.column) for e in exhaustive]),
    }


SHAPES = [(5, 5), (6, 6), (7, 7), (8, 8), (6, 9), (9, 6), (3, 12), (12, 3), (5, 7)]


@pytest.mark.parametrize("shape", SHAPES)
def test_one_sided_path_equals_two_sided_and_exhaustive(
    shape: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(1000 + 31 * shape[0] + shape[1])
    for _ in range(3):
        a, b = rng.normal(size=(2, *shape))
        expected = other_methods(a, b, monkeypatch)
        assert expected["two-sided"] == expected["exhaustive"]
        for orientation in ("P", "Q", "picked"):
            found = one_sided(a, b, orientation)
            assert all(is_nash(a, b, x, y, tol=1e-7) for x, y in found)
            assert keys(found) == expected["exhaustive"], (orientation, a.tolist(), b.tolist())
        listed = nash_equilibria(a, b)
        assert keys([(e.row, e.column) for e in listed]) == expected["exhaustive"]
        assert len(listed) % 2 == 1  # a nondegenerate game has an odd number


@pytest.mark.parametrize("size", [6, 8])
def test_one_sided_path_agrees_with_gambit_float_enummixed(size: int) -> None:
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(2000 + size)
    for _ in range(2):
        a, b = rng.normal(size=(2, size, size))
        game = gbt.StrategicGame.from_arrays(a.tolist(), b.tolist())
        result = gbt.nash.enummixed_solve(game, rational=False)
        expected = keys(
            [
                (
                    np.array([float(p["1"][str(i + 1)]) for i in range(size)]),
                    np.array([float(p["2"][str(j + 1)]) for j in range(size)]),
                )
                for p in result.equilibria
            ]
        )
        found = nash_equilibria(a, b)
        assert all(is_nash(a, b, e.row, e.column, tol=1e-7) for e in found)
        got = keys([(e.row, e.column) for e in found])
        assert len(got) == len(expected)
        assert np.allclose(np.array(got), np.array(expected), atol=1e-6)


@pytest.mark.parametrize("padded_work", [0, 10**12])
def test_padded_and_per_size_batches_give_the_same_partners(padded_work: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """One padded batch of systems and one batch per support size find the same equilibria."""
    rng = np.random.default_rng(3000)
    a, b = rng.normal(size=(2, 7, 7))
    reference = keys(one_sided(a, b, "P"))
    monkeypatch.setattr(one_side, "_PADDED_WORK", padded_work)
    assert keys(one_sided(a, b, "P")) == reference


def test_nearly_singular_partner_system_declines_the_game() -> None:
    """Two proportional rows of the row player's payoffs make some partner system singular: give up."""
    rng = np.random.default_rng(3001)
    a, b = rng.normal(size=(2, 7, 7))
    a[1] = a[0] * (1 + 1e-14)  # ties in the row player's payoffs: a degenerate game
    row_tol, column_tol = player_tolerances((a, b), 1e-9).tolist()
    assert from_one_polytope(a, b, row_tol, column_tol, 1e-9) is None


def enumerated_shapes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The shapes of the polytope matrices the one-sided path enumerates from now on, as they come."""
    enumerated: list[tuple[int, int]] = []
    enumerate_with = one_side.enumerate_with

    def spy(cache: object, f: object, matrix: np.ndarray, *args: object, **kwargs: object) -> object:
        enumerated.append(matrix.shape)
        return enumerate_with(cache, f, matrix, *args, **kwargs)

    monkeypatch.setattr(one_side, "enumerate_with", spy)
    return enumerated


def test_dominated_strategies_are_removed_before_the_hull(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two dominated rows and a column dominated once they are gone: the hull is a 4 x 5 game's polytope."""
    rng = np.random.default_rng(3004)
    a, b = rng.normal(size=(2, 6, 6))
    a[1], a[4] = a[0] - 0.1, a[3] - 0.2
    b[:, 2] = b[:, 5] - 0.3
    b[1, 2] = b[1, 5] + 1.0  # column 2 is better against row 1 only
    enumerated = enumerated_shapes(monkeypatch)
    found = one_sided(a, b, "either")
    assert enumerated in ([(5, 4)], [(4, 5)])
    assert all(x[[1, 4]].max() == 0.0 and y[2] == 0.0 for x, y in found)
    assert keys(found) == keys([(e.row, e.column) for e in analyse_bimatrix(a, b).equilibria])


@pytest.mark.parametrize(("factor", "rows_left"), [(0.9, 6), (1.1, 5)])
def test_a_row_goes_only_when_beaten_by_more_than_the_margin(
    factor: float, rows_left: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The margin in payoff units is twice the tie tolerance plus n times ``prob_tol`` times the payoff range.

    Row 2 is row 4 less ``factor`` times that margin everywhere: kept just below it (the hull
    is the whole game's), removed just above it.
    """
    a, b = np.random.default_rng(3009).normal(size=(2, 6, 6))
    row_tol = player_tolerances((a, b), 1e-9)[0]
    a[2] = a[4] - factor * (2 * row_tol + 6 * 1e-9 * (a.max() - a.min()))
    row_tol, column_tol = player_tolerances((a, b), 1e-9).tolist()
    enumerated = enumerated_shapes(monkeypatch)
    assert one_side.one_sided_pairs(a, b, row_tol, column_tol, 1e-9) is not None
    assert enumerated in ([(6, rows_left)], [(rows_left, 6)])


def test_a_game_solved_by_dominance_needs_no_hull(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3005)
    a, b = rng.normal(size=(2, 7, 7)) * 0.1
    a[5] += 1.0  # row 5 dominates; against it, column 2 is the column player's best reply
    b[5, 2] += 1.0
    monkeypatch.setattr(one_side, "enumerate_with", lambda *args, **kwargs: pytest.fail("a hull was enumerated"))
    ((x, y),) = one_sided(a, b, "either")
    assert x.tolist() == np.eye(7)[5].tolist() and y.tolist() == np.eye(7)[2].tolist()


@pytest.mark.parametrize("tie", [False, True])
def test_a_game_left_very_small_by_dominance_goes_to_the_plain_python_kernel(
    tie: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four rows and four columns of a 7 x 7 game are dominated: the 3 x 3 rest needs no hull.

    With a tie in the rest (a degenerate game), the kernel still lists every extreme equilibrium.
    """
    rng = np.random.default_rng(3006)
    a, b = rng.normal(size=(2, 7, 7))
    for k in range(4):  # copies of rows and columns 4-6, lowered
        a[k] = a[4 + k % 3] - 0.5 - k * 0.1
        b[:, k] = b[:, 4 + k % 3] - 0.5 - k * 0.1
    if tie:
        b[4, 5] = b[4, 6]  # against row 4, columns 5 and 6 tie
    row_tol, column_tol = player_tolerances((a, b), 1e-9).tolist()
    expected = keys([(e.row, e.column) for e in analyse_bimatrix(a, b).equilibria])
    monkeypatch.setattr(one_side, "enumerate_with", lambda *args, **kwargs: pytest.fail("a hull was enumerated"))
    x, y = one_side.one_sided_pairs(a, b, row_tol, column_tol, 1e-9, tol=1e-9)
    assert keys(list(zip(x, y, strict=True))) == expected
    assert all(np.allclose(e.row, x[i]) for i, e in enumerate(nash_equilibria(a, b)))


def test_rank_spread_prefers_the_player_with_a_dominant_strategy() -> None:
    rng = np.random.default_rng(3002)
    a = rng.normal(size=(8, 8))
    dominant = a.copy()
    dominant[0] += 10.0  # row 0 is every column's best reply
    assert one_side._rank_spread(dominant) > one_side._rank_spread(a)


def polytope_p(shape: tuple[int, int], seed: int) -> tuple[PolytopeVertices, np.ndarray, float]:
    """A seeded generic game's enumerated polytope ``P`` and the row player's float matrix and tie tolerance."""
    a, b = np.random.default_rng(seed).normal(size=(2, *shape))
    row_tol, column_tol = player_tolerances((a, b), 1e-9).tolist()
    matrix_p, tie_p = one_side.float_matrix(b.T, column_tol)
    matrix_q, tie_q = one_side.float_matrix(a, row_tol)
    p = vertex_hull.hull_float_vertices(matrix_p, tie_p, 1e-9)
    assert p is not None
    return p, matrix_q, tie_q


@pytest.mark.parametrize("shape", [(8, 8), (5, 9), (10, 10), (11, 8)])
def test_vertices_ruled_out_by_row_dominance_have_no_feasible_partner(
    shape: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every vertex the dominance tests skip would have failed the feasibility test; each test skips some."""
    p, matrix_q, tie_q = polytope_p(shape, 4000 + shape[0])
    by_rows, by_mixtures = partner_filter.without_partner(~p.zero, p.tight, matrix_q, 1e-8)
    skipped = by_rows | by_mixtures
    assert by_rows.sum() > 0 and (by_mixtures & ~by_rows).sum() > 0 and skipped.sum() < len(skipped)
    monkeypatch.setattr(
        one_side,
        "without_partner",
        lambda support, best, matrix, margin: (np.zeros(len(best), bool),) * 2,
    )
    found = one_side._partners(p.points[skipped], ~p.zero[skipped], p.tight[skipped], matrix_q, tie_q, 1e-9)
    assert found is not None and len(found[0]) == 0


@pytest.mark.parametrize("shape", [(8, 8), (10, 10), (9, 12)])
def test_looked_up_single_row_test_equals_the_pairwise_test(
    shape: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table of column sets finds the same vertices as testing every row pair per vertex."""
    p, matrix_q, _ = polytope_p(shape, 4100 + shape[0])
    looked_up, _ = partner_filter.without_partner(~p.zero, p.tight, matrix_q, 1e-8)
    monkeypatch.setattr(partner_filter, "_TABLE_COLUMNS", 0)
    pairwise, none = partner_filter.without_partner(~p.zero, p.tight, matrix_q, 1e-8)
    assert looked_up.any() and not none.any()
    assert looked_up.tolist() == pairwise.tolist()


@pytest.mark.parametrize(("shape", "seed"), [((8, 8), 0), ((8, 8), 1), ((10, 10), 0), ((12, 9), 0), ((9, 12), 0)])
def test_mixtures_only_skip_systems_and_leave_the_partners_bitwise_unchanged(
    shape: tuple[int, int], seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With or without the two-row mixtures, the same partners to the last bit (the same batch layout)."""
    p, matrix_q, tie_q = polytope_p(shape, 4200 + 10 * seed + shape[0])
    with_mixtures = one_side._partners(p.points, ~p.zero, p.tight, matrix_q, tie_q, 1e-9)
    monkeypatch.setattr(partner_filter, "_MIXTURES", ())
    rows_only = one_side._partners(p.points, ~p.zero, p.tight, matrix_q, tie_q, 1e-9)
    assert with_mixtures is not None and rows_only is not None and len(with_mixtures[0]) > 0
    for found, expected in zip(with_mixtures, rows_only, strict=True):
        assert found.tobytes() == expected.tobytes()
