"""The batched small-game kernel against the exhaustive enumeration, one game and many at once."""

from __future__ import annotations

import numpy as np
import pytest
from general_method import use_general_method

from negotiation_sim.solvers import nash
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.pairing import complete_pairs
from negotiation_sim.solvers.polytope import exhaustive_vertices, integer_scaling
from negotiation_sim.solvers.rational import UNIQUE_WITHIN, rational_tables
from negotiation_sim.solvers.small_games import is_small, small_games
from negotiation_sim.tolerance import player_tolerances

TOL = 1e-9

SHAPES = [(1, 3), (2, 2), (2, 3), (3, 2), (3, 3), (3, 4), (4, 4), (2, 6), (4, 5), (5, 5)]


def draw(rng: np.random.Generator, kind: str, m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Random payoffs; all but ``normal`` have ties (degenerate games)."""
    if kind == "normal":
        a, b = rng.normal(size=(2, m, n))
    elif kind == "integers":
        a, b = rng.integers(0, 3, size=(2, m, n)).astype(float)
    elif kind == "fractions":
        a, b = rng.integers(-3, 4, size=(2, m, n)) / rng.choice([3, 7, 33, 1089])
    elif kind == "irrational ties":  # no small rationals: decided with the tolerance
        base = rng.normal(size=3) * np.pi
        a, b = rng.choice(base, size=(m, n)), rng.choice(base, size=(m, n))
    else:  # "large": integers beyond the kernel's exact range, or wide tolerances
        a, b = rng.integers(-4000, 4000, size=(2, m, n)) * 1.5 + rng.choice([0.0, 0.1], size=(2, m, n))
    return a, b


def reference(a: np.ndarray, b: np.ndarray) -> tuple[set[tuple[float, ...]], bool]:
    """Extreme equilibria by solving every square subsystem (polytope.exhaustive_vertices)."""
    m, n = a.shape
    row_tol, column_tol = player_tolerances((a, b), TOL).tolist()
    p = exhaustive_vertices(b.T, column_tol, TOL)
    q = exhaustive_vertices(a, row_tol, TOL)
    pairs = complete_pairs(np.hstack([p.zero, p.tight]), np.hstack([q.tight, q.zero]), m, n)
    found = {key(p.points[i] / p.points[i].sum(), q.points[j] / q.points[j].sum()) for i, j in pairs}
    degenerate = bool(np.any(p.zero.sum(1) + p.tight.sum(1) > m) or np.any(q.zero.sum(1) + q.tight.sum(1) > n))
    return found, degenerate


def key(x: np.ndarray, y: np.ndarray) -> tuple[float, ...]:
    return tuple(np.round(np.concatenate([x, y]), 7) + 0.0)


def kernel_profiles(a: np.ndarray, b: np.ndarray) -> list[list[tuple[np.ndarray, np.ndarray]]]:
    """Per game of the stack (m, n, N): the equilibria found."""
    return [
        [(chunk.row[:, i, g], chunk.column[:, j, g]) for i, j in np.argwhere(chunk.complete[:, :, g])]
        for chunk in small_games(a, b, TOL)
        for g in range(len(chunk.usable))
    ]


def kernel_sets(a: np.ndarray, b: np.ndarray) -> list[tuple[bool, set[tuple[float, ...]], bool]]:
    """Per game of the stack (m, n, N): usable, equilibrium set, degenerate."""
    out = []
    for chunk in small_games(a, b, TOL):
        for g in range(len(chunk.usable)):
            pairs = np.argwhere(chunk.complete[:, :, g])
            found = {key(chunk.row[:, i, g], chunk.column[:, j, g]) for i, j in pairs}
            out.append((bool(chunk.usable[g]), found, bool(chunk.degenerate[g])))
    return out


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("kind", ["normal", "integers", "fractions", "irrational ties", "large"])
def test_kernel_matches_exhaustive_enumeration(shape: tuple[int, int], kind: str) -> None:
    m, n = shape
    rng = np.random.default_rng([*shape, len(kind), ord(kind[0])])
    games = [draw(rng, kind, m, n) for _ in range(12)]
    stacked_a = np.stack([a for a, _ in games], axis=2)
    stacked_b = np.stack([b for _, b in games], axis=2)
    batched = kernel_sets(stacked_a, stacked_b)
    profiles = kernel_profiles(stacked_a, stacked_b)
    for (a, b), (usable, found, degenerate), equilibria in zip(games, batched, profiles, strict=True):
        # One game alone gives what it gives inside the batch.
        assert kernel_sets(a[:, :, None], b[:, :, None])[0] == (usable, found, degenerate)
        if not usable:
            continue
        expected, expected_degenerate = reference(a, b)
        assert found == expected
        assert degenerate == expected_degenerate
        assert all(is_nash(a, b, x, y, tol=1e-7) for x, y in equilibria)


@pytest.mark.parametrize("kind", ["normal", "integers", "fractions", "irrational ties", "large"])
def test_nash_equilibria_unchanged_by_the_kernel(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same list, same order, same degeneracy as the general method (including fallbacks)."""
    rng = np.random.default_rng(len(kind))
    games = [draw(rng, kind, *SHAPES[k % len(SHAPES)]) for k in range(40)]
    fast = [nash._equilibria(a, b, TOL) for a, b in games]
    use_general_method(monkeypatch)
    for (a, b), (equilibria, degenerate) in zip(games, fast, strict=True):
        general, general_degenerate = nash._equilibria(a, b, TOL)
        assert [key(e.row, e.column) for e in equilibria] == [key(e.row, e.column) for e in general]
        assert degenerate == general_degenerate


def test_out_of_range_games_are_left_to_the_general_method() -> None:
    a = np.array([[4_000_000.0, 1.0, 3.0], [2.0, 5_000_001.0, 7.0], [11.0, 13.0, 17.0]])
    b = a.T.copy()
    assert not kernel_sets(a[:, :, None], b[:, :, None])[0][0]  # 3! * E^3 beyond 2**53
    assert {key(e.row, e.column) for e in nash.nash_equilibria(a, b)} == reference(a, b)[0]


@pytest.mark.parametrize(
    ("rows", "columns", "small"),
    [(1, 1, True), (4, 4, True), (5, 5, True), (4, 7, True), (2, 14, True)]
    + [(5, 6, False), (1, 16, False), (8, 8, False)],
)
def test_is_small(rows: int, columns: int, small: bool) -> None:
    assert is_small(rows, columns) == small


@pytest.mark.parametrize("tables", [1, 5, 200])
@pytest.mark.parametrize("noise", [0.0, 1e-13, 1e-10, 1e-6])
@pytest.mark.parametrize("denominator", [1, 3, 7, 999, 1000, 1089])
def test_rational_tables_equal_integer_scaling(tables: int, noise: float, denominator: int) -> None:
    rng = np.random.default_rng(denominator + tables)
    values = rng.integers(-3000, 3000, size=(tables, 9)) / denominator
    values = values + noise * rng.normal(size=values.shape)
    atol = TOL * np.maximum(np.abs(values).max(axis=1), 1e-300)
    found = rational_tables(values, atol)
    for t in range(tables):
        expected = integer_scaling(values[t], float(atol[t]))
        if found.undecided[t]:
            assert atol[t] >= UNIQUE_WITHIN  # only wide tolerances are left undecided
            continue
        assert found.exact[t] == (expected is not None)
        if expected is not None:
            assert found.integers[t].tolist() == expected.tolist()
