"""The scalar path for one tiny game against the exhaustive enumeration and the batched kernel."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from general_method import use_general_method
from test_small_games import key, reference

from negotiation_sim.solvers import nash, tiny_games
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.polytope import integer_scaling
from negotiation_sim.solvers.rational import integer_table, rational_tables
from negotiation_sim.solvers.small_games import is_small, small_games
from negotiation_sim.solvers.tiny_games import is_tiny, tiny_equilibria

TOL = 1e-9

SHAPES = [
    (1, 1),
    (1, 4),
    (2, 2),
    (2, 3),
    (3, 2),
    (3, 3),
    (2, 5),
    (3, 4),
    (4, 3),
    (4, 4),
    (2, 9),
    (4, 5),
    (5, 5),
    (3, 7),
]

KINDS = ["normal", "integers 0-3", "ties", "thirds", "tiny floats", "huge floats", "large integers", "wide tolerance"]


def draw(rng: np.random.Generator, kind: str, m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Random payoffs of one kind; all but ``normal`` and ``tiny floats`` have ties."""
    if kind == "normal":
        return tuple(rng.normal(size=(2, m, n)))  # type: ignore[return-value]
    if kind == "integers 0-3":
        return tuple(rng.integers(0, 4, size=(2, m, n)).astype(float))  # type: ignore[return-value]
    if kind == "ties":  # equal rows, equal columns and constant tables: whole faces of equilibria
        a = rng.integers(0, 2, size=(m, n)).astype(float)
        a[rng.integers(m)] = a[0]
        b = np.repeat(rng.integers(0, 2, size=(m, 1)), n, axis=1).astype(float) if rng.random() < 0.5 else a.copy()
        return a, b
    if kind == "thirds":
        return tuple(rng.integers(-3, 4, size=(2, m, n)) / 3)  # type: ignore[return-value]
    if kind == "tiny floats":
        return tuple(rng.normal(size=(2, m, n)) * 1e-200)  # type: ignore[return-value]
    if kind == "huge floats":  # ties between irrational values, decided with the tolerance
        base = rng.normal(size=3) * np.pi * 1e200
        return rng.choice(base, size=(m, n)), rng.choice(base, size=(m, n))
    if kind == "large integers":  # beyond the batched kernel's exact range: Python integers still exact
        return tuple(rng.integers(-(2**39), 2**39, size=(2, m, n)).astype(float))  # type: ignore[return-value]
    # Payoff scale ~ 1e4: the tolerance is wide enough to leave rational detection to integer_scaling.
    return tuple(rng.integers(-9000, 9000, size=(2, m, n)) / 7 + rng.choice([0.0, 1e-6], size=(2, m, n)))  # type: ignore[return-value]


def kernel_result(a: np.ndarray, b: np.ndarray) -> tuple[bool, set[tuple[float, ...]], bool]:
    (chunk,) = small_games(a[:, :, None], b[:, :, None], TOL)
    pairs = np.argwhere(chunk.complete[:, :, 0])
    found = {key(chunk.row[:, i, 0], chunk.column[:, j, 0]) for i, j in pairs}
    return bool(chunk.usable[0]), found, bool(chunk.degenerate[0])


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("kind", KINDS)
def test_tiny_path_matches_exhaustive_enumeration_and_kernel(shape: tuple[int, int], kind: str) -> None:
    m, n = shape
    rng = np.random.default_rng([m, n, KINDS.index(kind)])
    for _ in range(8):
        a, b = draw(rng, kind, m, n)
        equilibria, degenerate = tiny_equilibria(a, b, TOL)
        found = [key(e.row, e.column) for e in equilibria]
        assert len(found) == len(set(found))  # every extreme equilibrium once
        expected, expected_degenerate = reference(a, b)
        assert set(found) == expected
        assert degenerate == expected_degenerate
        # Without the degeneracy flag, dominated strategies are removed first: same list.
        pruned, _ = tiny_equilibria(a, b, TOL, degeneracy=False)
        assert [key(e.row, e.column) for e in pruned] == found
        usable, batched, batched_degenerate = kernel_result(a, b)
        if usable:
            assert (set(found), degenerate) == (batched, batched_degenerate)
        for e in equilibria:
            assert is_nash(a, b, e.row, e.column, tol=1e-7)
            assert not e.row.flags.writeable and not e.column.flags.writeable
            for payoff, table in ((e.row_payoff, a), (e.column_payoff, b)):
                assert payoff == pytest.approx(float(e.row @ table @ e.column), abs=1e-12 * np.abs(table).max())


@pytest.mark.parametrize("kind", KINDS)
def test_nash_equilibria_same_list_through_the_tiny_path(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same list, same order, same degeneracy as the batched kernel (or the general method beyond it)."""
    rng = np.random.default_rng(len(kind) + 100)
    games = [draw(rng, kind, *SHAPES[k % len(SHAPES)]) for k in range(26)]
    fast = [nash._equilibria(a, b, TOL) for a, b in games]
    monkeypatch.setattr(nash, "is_tiny", lambda rows, columns: False)
    for (a, b), (equilibria, degenerate) in zip(games, fast, strict=True):
        batched, batched_degenerate = nash._equilibria(a, b, TOL)
        assert [key(e.row, e.column) for e in equilibria] == [key(e.row, e.column) for e in batched]
        assert degenerate == batched_degenerate


def test_exact_games_give_correctly_rounded_probabilities() -> None:
    a = np.array([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 4.0]])
    (mixed,) = [e for e in nash.nash_equilibria(a, a) if len(np.flatnonzero(e.row)) == 3]
    assert mixed.row.tolist() == [float(Fraction(4, 7)), float(Fraction(2, 7)), float(Fraction(1, 7))]


def test_the_tiny_path_is_not_used_when_small_games_are_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    tiny = nash.tiny_equilibria
    monkeypatch.setattr(nash, "tiny_equilibria", lambda *args, **kwargs: calls.append(args) or tiny(*args, **kwargs))
    nash.nash_equilibria([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    assert len(calls) == 1
    use_general_method(monkeypatch)
    assert len(nash.nash_equilibria([[1, 0], [0, 1]], [[1, 0], [0, 1]])) == 3
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("rows", "columns", "tiny"),
    [(1, 1, True), (2, 2, True), (3, 3, True), (4, 4, True), (5, 5, True), (4, 6, True), (3, 9, True), (2, 14, True)]
    + [(4, 7, False), (3, 10, False), (6, 6, False)],
)
def test_is_tiny(rows: int, columns: int, tiny: bool) -> None:
    assert is_tiny(rows, columns) == tiny
    assert not tiny or is_small(rows, columns)


@pytest.mark.parametrize("order", [2, 3, 4, 5, 6])
def test_cramer_solutions_are_exact(order: int) -> None:
    rng = np.random.default_rng(order)
    for _ in range(50):
        matrix = rng.integers(-6, 7, size=(order, order)).tolist()
        det, z = tiny_games._solve([tuple(row) for row in matrix])
        exact_det = round(np.linalg.det(np.array(matrix, dtype=float)))
        assert abs(det) == abs(exact_det)
        if det:
            # S z = det * 1 in integers: z / det solves S x = 1.
            assert [sum(e * v for e, v in zip(row, z, strict=True)) for row in matrix] == [det] * order


@pytest.mark.parametrize("noise", [0.0, 1e-13, 1e-10, 1e-6])
@pytest.mark.parametrize("denominator", [1, 3, 7, 999, 1000, 1089])
@pytest.mark.parametrize("magnitude", [3, 3000, 2**41])
def test_integer_table_equals_the_vectorised_rule(noise: float, denominator: int, magnitude: int) -> None:
    rng = np.random.default_rng(denominator + magnitude)
    for _ in range(20):
        values = rng.integers(-magnitude, magnitude, size=9) / denominator + noise * rng.normal(size=9)
        atol = TOL * max(float(np.abs(values).max()), 1e-300)
        found = rational_tables(values[None], np.array([atol]))
        expected = (
            integer_scaling(values, atol) if found.undecided[0] else found.integers[0] if found.exact[0] else None
        )
        got = integer_table(values.tolist(), atol)
        assert (got is None) == (expected is None)
        if got is not None:
            assert got == expected.tolist()


def test_without_the_degeneracy_flag_dominated_strategies_go_and_q_is_not_enumerated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sizes = []
    vertices = tiny_games._vertices
    monkeypatch.setattr(
        tiny_games, "_vertices", lambda matrix, *rest: sizes.append(len(matrix)) or vertices(matrix, *rest)
    )
    # Prisoners' dilemma with a third, strictly dominated row: one equilibrium, found on a 1 x 1 game.
    a, b = np.array([[3.0, 0.0], [5.0, 1.0], [2.0, -1.0]]), np.array([[3.0, 5.0], [0.0, 1.0], [0.0, 1.0]])
    equilibria, _ = tiny_equilibria(a, b, TOL, degeneracy=False)
    assert [(e.row.tolist(), e.column.tolist()) for e in equilibria] == [([0.0, 1.0, 0.0], [0.0, 1.0])]
    assert sizes == [1]  # P of the 1 x 1 game only: a nondegenerate vertex's partner solves a system
    assert tiny_equilibria(a, b, TOL)[0][0].row.tolist() == [0.0, 1.0, 0.0]
    assert sizes[1:] == [2, 3]


KNOWN = [
    # (name, row payoffs, column payoffs, extreme equilibria as exact fractions, degenerate)
    ("matching pennies", [[1, -1], [-1, 1]], [[-1, 1], [1, -1]], [("1/2 1/2", "1/2 1/2")], False),
    (
        "battle of the sexes",
        [[3, 0], [0, 2]],
        [[2, 0], [0, 3]],
        [("1 0", "1 0"), ("0 1", "0 1"), ("3/5 2/5", "2/5 3/5")],
        False,
    ),
    (
        "indifferent",
        [[1, 1], [1, 1]],
        [[2, 2], [2, 2]],
        [("1 0", "1 0"), ("1 0", "0 1"), ("0 1", "1 0"), ("0 1", "0 1")],
        True,
    ),
    (
        "von Stengel's degenerate 3x2",
        [[3, 3], [2, 5], [0, 6]],
        [[3, 3], [2, 6], [3, 1]],
        [("1 0 0", "1 0"), ("1 0 0", "2/3 1/3"), ("0 1/3 2/3", "1/3 2/3")],
        True,
    ),
    (
        "thirds",
        [["1/3", "0"], ["0", "2/3"]],
        [["2/3", "0"], ["0", "1/3"]],
        [("1 0", "1 0"), ("0 1", "0 1"), ("1/3 2/3", "2/3 1/3")],
        False,
    ),
]


@pytest.mark.parametrize(("name", "a", "b", "expected", "degenerate"), KNOWN, ids=[case[0] for case in KNOWN])
def test_known_games(name: str, a: list, b: list, expected: list, degenerate: bool) -> None:
    a_arr = np.array([[float(Fraction(v)) for v in row] for row in a])
    b_arr = np.array([[float(Fraction(v)) for v in row] for row in b])
    equilibria, found_degenerate = tiny_equilibria(a_arr, b_arr, TOL)
    as_floats = {
        (tuple(float(Fraction(v)) for v in x.split()), tuple(float(Fraction(v)) for v in y.split()))
        for x, y in expected
    }
    assert {(tuple(e.row.tolist()), tuple(e.column.tolist())) for e in equilibria} == as_floats
    assert len(equilibria) == len(expected)
    assert found_degenerate == degenerate
    assert math.isclose(sum(e.row.sum() for e in equilibria), len(expected))


@pytest.mark.parametrize("kind", KINDS)
def test_bases_skipped_by_dominance_give_no_vertex(kind: str) -> None:
    """Skipping bases whose tight row is beaten on the support leaves the vertices unchanged."""
    rng = np.random.default_rng(KINDS.index(kind) + 300)
    for m, n in [(3, 3), (4, 4), (5, 5), (3, 7), (2, 9)]:
        for _ in range(6):
            a, b = draw(rng, kind, m, n)
            for payoffs in (a, b.T):
                matrix, exact, tie = tiny_games._polytope(payoffs.tolist(), TOL)
                margin = 2 * tie + len(matrix[0]) * TOL
                pruned = tiny_games._vertices(matrix, exact, tie, TOL, None, margin)
                assert pruned == tiny_games._vertices(matrix, exact, tie, TOL, None, math.inf)


def test_beaten_masks_match_the_definition() -> None:
    rng = np.random.default_rng(7)
    for margin in (0.0, 0.5):
        matrix = rng.integers(0, 4, size=(5, 4)).tolist()
        beaten = tiny_games._beaten(list(zip(*matrix, strict=True)), margin)
        for j in range(5):
            for i in range(4):
                expected = sum(1 << c for c in range(5) if matrix[c][i] - matrix[j][i] > margin)
                assert beaten[j][i] == expected
