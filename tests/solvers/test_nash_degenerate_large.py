"""Large, highly degenerate games: Qhull under a time budget, edges at degenerate vertices by double description."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import numpy as np
import pytest
from general_method import use_general_method

import negotiation_sim as ns
from negotiation_sim.errors import SolverError
from negotiation_sim.games.reduced import reduced_normal_form
from negotiation_sim.solvers import closure, nash, nash_cost, vertex_hull
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.cone_rays import edge_label_sets
from negotiation_sim.solvers.gale_edges import MAX_GALE_EXCESS, low_excess_edges
from negotiation_sim.solvers.nash import nash_equilibria, pure_equilibria
from negotiation_sim.solvers.polytope import exact_vertices
from negotiation_sim.solvers.spe import spe_solve


@pytest.fixture(autouse=True)
def _general_method_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The small-game kernel would bypass the polytope methods these tests are about."""
    use_general_method(monkeypatch)


def key(x: np.ndarray, y: np.ndarray) -> tuple[float, ...]:
    return tuple(np.round(np.concatenate([x, y]), 7) + 0.0)


def solve(a: np.ndarray, b: np.ndarray, mode: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, ...]]:
    """The extreme equilibria by one method: exhaustive, Qhull in one go, or Qhull under a budget."""
    with monkeypatch.context() as patch:
        patch.setattr(nash_cost, "EXHAUSTIVE_BASES", 10**12 if mode == "exhaustive" else 0)
        patch.setattr(nash_cost, "ONE_SIDED_BASES", 10**12)
        if mode == "budgeted":
            # An upper-bound estimate above the limit: Qhull adds one constraint at a time.
            patch.setattr(nash_cost, "_SECONDS_PER_VERTEX", 1e6)
        if mode == "rays":
            patch.setattr(closure, "SUBSETS_BEFORE_RAYS", 0)  # every degenerate vertex by its edges
        found = nash_equilibria(a, b)
    assert all(is_nash(a, b, e.row, e.column, tol=1e-9) for e in found)
    return sorted(key(e.row, e.column) for e in found)


def degenerate_game(rng: np.random.Generator, m: int, n: int, values: int) -> tuple[np.ndarray, np.ndarray]:
    """Payoffs drawn from a handful of small integers (and halves): ties everywhere."""
    a = rng.integers(0, values, size=(m, n)) / rng.choice([1, 2])
    b = rng.integers(0, values, size=(m, n)) / rng.choice([1, 2])
    return a.astype(float), b.astype(float)


# --- edges at a degenerate vertex --------------------------------------------------------------------


def brute_force_edges(matrix: np.ndarray, zero: np.ndarray, tight: np.ndarray) -> set[tuple[int, ...]]:
    """Label sets of the extreme rays of ``{N_T r <= 0}``, from every ``d - 1`` subset, in fractions."""
    d = matrix.shape[1]
    normals = np.vstack([-np.eye(d, dtype=np.int64), matrix])
    labels = np.flatnonzero(np.concatenate([zero, tight]))
    found = set()
    for subset in combinations(labels.tolist(), d - 1):
        sub = [[Fraction(int(v)) for v in normals[i]] for i in subset]
        direction = closure._null_vector(sub)
        if direction is None:
            continue
        values = [sum(Fraction(int(a)) * b for a, b in zip(normals[j], direction, strict=True)) for j in labels]
        if all(v >= 0 for v in values):
            direction, values = [-v for v in direction], [-v for v in values]
        if all(v <= 0 for v in values):
            found.add(tuple(int(j) for j, v in zip(labels, values, strict=True) if v == 0))
    return found


@pytest.mark.parametrize("seed", range(6))
def test_edge_label_sets_equal_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    k, d = int(rng.integers(3, 7)), int(rng.integers(3, 6))
    matrix = rng.integers(1, 4, size=(k, d))
    vertices = exact_vertices(matrix)
    degenerate = np.flatnonzero(vertices.zero.sum(axis=1) + vertices.tight.sum(axis=1) > d)
    assert len(degenerate), "the test needs degenerate vertices"
    for v in degenerate.tolist():
        edges = edge_label_sets(matrix, vertices.zero[v], vertices.tight[v])
        assert edges is not None
        got = {tuple(np.flatnonzero(e).tolist()) for e in edges}
        assert len(got) == len(edges)  # each edge once
        assert got == brute_force_edges(matrix, vertices.zero[v], vertices.tight[v])
        # The same polytope scaled by 2**60: same labels, exact in Python integers past int64.
        huge = edge_label_sets(matrix * 2**60, vertices.zero[v], vertices.tight[v])
        assert huge is not None
        assert {tuple(np.flatnonzero(e).tolist()) for e in huge} == got


# --- whole games against the exhaustive enumeration ----------------------------------------------------


@pytest.mark.parametrize(("seed", "m", "n", "values"), [(0, 6, 10, 3), (1, 8, 9, 2), (2, 5, 14, 3), (3, 9, 9, 4)])
def test_degenerate_games_equal_exhaustive(seed: int, m: int, n: int, values: int, monkeypatch) -> None:
    a, b = degenerate_game(np.random.default_rng(seed), m, n, values)
    expected = solve(a, b, "exhaustive", monkeypatch)
    assert nash.is_degenerate(a, b)
    for mode in ("qhull", "budgeted", "rays"):
        assert solve(a, b, mode, monkeypatch) == expected, mode


@pytest.mark.parametrize(("seed", "m", "n"), [(0, 12, 20), (1, 20, 12)])
def test_degenerate_12x20_methods_agree_and_contain_pure(seed: int, m: int, n: int, monkeypatch) -> None:
    # Too large for the exhaustive check (C(32, 12) systems): the budgeted and the one-go
    # Qhull runs, with and without the edge method, must agree, and hold every pure equilibrium.
    # Payoffs from two values, with whole rows of ties: a reduced-normal-form-like structure.
    rng = np.random.default_rng(200 + seed)
    a = rng.integers(0, 2, size=(m, 1)) + rng.integers(0, 2, size=(1, n)) * (rng.random((m, n)) < 0.3)
    b = rng.integers(0, 2, size=(1, n)) + rng.integers(0, 2, size=(m, 1)) * (rng.random((m, n)) < 0.3)
    a, b = a.astype(float), b.astype(float)
    found = solve(a, b, "budgeted", monkeypatch)
    assert solve(a, b, "qhull", monkeypatch) == found
    assert solve(a, b, "rays", monkeypatch) == found
    for i, j in pure_equilibria(a, b):
        assert key(np.eye(m)[i], np.eye(n)[j]) in found


# --- the island model's 32 x 20 reduced normal form ----------------------------------------------------


def test_approach_choice_reduced_game_solves_under_default_limits() -> None:
    scenario = ns.load_scenario(ns.bundled_scenarios_dir() / "islands" / "approach_choice.yaml")
    tree = scenario.evaluate()
    reduced = reduced_normal_form(tree)
    a, b = reduced.row_payoffs, reduced.column_payoffs
    assert a.shape == (32, 20)
    found = nash_equilibria(a, b)
    assert len(found) == 176
    assert all(is_nash(a, b, e.row, e.column, tol=1e-9) for e in found)
    keys = {key(e.row, e.column) for e in found}
    assert len(keys) == len(found)
    # Every pure equilibrium, and every subgame-perfect equilibrium's reduced plans, is listed.
    for i, j in pure_equilibria(a, b):
        assert key(np.eye(32)[i], np.eye(20)[j]) in keys
    spe = spe_solve(tree)
    assert spe.count >= 1
    for equilibrium in spe.equilibria:
        plans = []
        for player, options in zip(reduced.players, reduced.plans, strict=True):
            strategy = equilibrium.strategies[player]
            (index,) = [t for t, plan in enumerate(options) if all(strategy[n] == mv for n, mv in plan.items())]
            plans.append(index)
        assert key(np.eye(32)[plans[0]], np.eye(20)[plans[1]]) in keys


def test_approach_choice_contains_gambit_lcp_equilibria() -> None:
    gbt = pytest.importorskip("pygambit")
    scenario = ns.load_scenario(ns.bundled_scenarios_dir() / "islands" / "approach_choice.yaml")
    reduced = reduced_normal_form(scenario.evaluate())
    a, b = reduced.row_payoffs, reduced.column_payoffs
    exact = [[[Fraction(v).limit_denominator(1000) for v in row] for row in t.tolist()] for t in (a, b)]
    game = gbt.StrategicGame.from_arrays(*exact)
    keys = {key(e.row, e.column) for e in nash_equilibria(a, b)}
    for profile in gbt.nash.lcp_solve(game, rational=True).equilibria:
        x = [float(Fraction(str(profile["1"][str(i + 1)]))) for i in range(32)]
        y = [float(Fraction(str(profile["2"][str(j + 1)]))) for j in range(20)]
        assert key(np.array(x), np.array(y)) in keys


# --- limits ---------------------------------------------------------------------------------------------


def test_budgeted_qhull_stops_with_observed_cost_and_game_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_NASH_SECONDS", "1")
    rng = np.random.default_rng(0)
    a, b = rng.integers(-1000, 1001, size=(2, 32, 20)).astype(float)
    with pytest.raises(SolverError) as caught:
        nash_equilibria(a, b)
    message = str(caught.value)
    assert message.startswith("a 32x20 game: Qhull vertex enumeration")
    assert "was stopped after" in message and "vertices" in message and "NEGOTIATION_SIM_MAX_NASH_SECONDS" in message


def test_exhaustive_limit_names_the_game_not_the_polytope(monkeypatch: pytest.MonkeyPatch) -> None:
    # The Qhull result cannot be certified -> the exhaustive fallback is refused, naming the 32 x 20 game.
    monkeypatch.setattr(nash_cost, "ONE_SIDED_BASES", 10**12)
    monkeypatch.setattr("negotiation_sim.solvers.vertex_hull.is_closed", lambda *args: False)
    a = b = np.zeros((32, 20))
    with pytest.raises(SolverError, match=r"^a 32x20 game: exhaustive vertex enumeration \(the Qhull result"):
        nash_equilibria(a, b)


@pytest.mark.parametrize("shape", [(31, 30), (30, 31)])
def test_float_limit_names_the_game_whichever_polytope_is_enumerated(shape: tuple[int, int], monkeypatch) -> None:
    # Far above the estimate's limit: Qhull runs under the limit and is stopped, saying how far it got.
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_NASH_SECONDS", "1")
    a, b = np.random.default_rng(1).normal(size=(2, *shape))
    with pytest.raises(SolverError, match=rf"^a {shape[0]}x{shape[1]} game: Qhull vertex enumeration") as caught:
        nash_equilibria(a, b)
    message = str(caught.value)
    assert "was stopped after" in message and "constraints added" in message and "vertices" in message
    assert "above the limit of 1 s" in message and "NEGOTIATION_SIM_MAX_NASH_SECONDS" in message


def dominance_game(rng: np.random.Generator, m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Float payoffs (no small rationals) where a player's higher strategies beat its lower ones: few vertices."""
    a = np.arange(m)[:, None] * 1.0 + rng.random((m, n)) * 0.5 + np.sqrt(2)
    b = np.arange(n)[None, :] * 1.0 + rng.random((m, n)) * 0.5 + np.sqrt(3)
    return a, b


@pytest.mark.parametrize("method", ["one-sided", "two-sided"])
def test_large_float_game_with_few_vertices_is_solved_not_refused(method: str, monkeypatch) -> None:
    # The upper-bound estimate is far above the limit (the up-front check refused this game);
    # Qhull under the limit finds the few vertices and the game is solved.
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_NASH_SECONDS", "1")
    m, n = 30, 28
    assert nash_cost.estimate_cost(m, n, "qhull").seconds > 1000
    a, b = dominance_game(np.random.default_rng(7), m, n)
    # analyse_bimatrix reports degeneracy, so it enumerates both polytopes.
    found = nash_equilibria(a, b) if method == "one-sided" else list(nash.analyse_bimatrix(a, b).equilibria)
    assert [(e.row.tolist(), e.column.tolist()) for e in found] == [(np.eye(m)[-1].tolist(), np.eye(n)[-1].tolist())]


@pytest.mark.parametrize("one_sided", [True, False])
def test_float_game_under_a_budget_equals_the_exhaustive_answer(one_sided: bool, monkeypatch) -> None:
    # The budget is forced by a huge estimate; the one-sided and the two-sided float paths then
    # run Qhull one constraint at a time, and must give the exhaustive method's equilibria.
    a, b = np.random.default_rng(12).normal(size=(2, 7, 8))
    expected = solve(a, b, "exhaustive", monkeypatch)
    assert len(expected) > 1
    with monkeypatch.context() as patch:
        patch.setattr(nash_cost, "EXHAUSTIVE_BASES", 0)
        patch.setattr(nash_cost, "ONE_SIDED_BASES", 0 if one_sided else 10**12)
        patch.setattr(nash_cost, "_SECONDS_PER_VERTEX", 1e6)
        calls = []
        original = vertex_hull._budgeted_candidates

        def spy(matrix: np.ndarray, seconds: float) -> np.ndarray | None:
            calls.append(seconds)
            return original(matrix, seconds)

        patch.setattr(vertex_hull, "_budgeted_candidates", spy)
        found = nash_equilibria(a, b)
    assert len(calls) == (1 if one_sided else 2)
    assert sorted(key(e.row, e.column) for e in found) == expected


# --- edges at vertices with one or two labels more than the dimension (Gale vectors) -------------------


@pytest.mark.parametrize("seed", range(10))
def test_low_excess_edges_equal_double_description_and_brute_force(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    k, d = int(rng.integers(3, 8)), int(rng.integers(3, 7))
    matrix = rng.integers(1, 4, size=(k, d))
    vertices = exact_vertices(matrix)
    counts = vertices.zero.sum(axis=1) + vertices.tight.sum(axis=1)
    tested = 0
    for excess in range(1, MAX_GALE_EXCESS + 1):
        some = np.flatnonzero(counts == d + excess)
        if len(some) == 0:
            continue
        edges, owner, proven = low_excess_edges(matrix, vertices.zero[some], vertices.tight[some])
        assert proven.all()
        for t, v in enumerate(some.tolist()):
            got = [tuple(np.flatnonzero(e).tolist()) for e in edges[owner == t]]
            assert len(set(got)) == len(got)  # each edge once
            expected = edge_label_sets(matrix, vertices.zero[v], vertices.tight[v])
            assert expected is not None
            assert set(got) == {tuple(np.flatnonzero(e).tolist()) for e in expected}
            if d <= 5:
                assert set(got) == brute_force_edges(matrix, vertices.zero[v], vertices.tight[v])
            tested += 1
    assert tested


@pytest.mark.parametrize("rows", [[[3, 1], [1, 3], [2, 2]], [[3, 1], [1, 3], [2, 2], [4, 0]]])
def test_low_excess_edges_at_a_vertex_without_zero_coordinates(rows: list[list[int]]) -> None:
    # (1/4, 1/4) with every row tight: full support, one or two labels more than d = 2.
    matrix = np.array(rows)
    zero, tight = np.zeros((1, 2), bool), np.ones((1, len(rows)), bool)
    edges, owner, proven = low_excess_edges(matrix, zero, tight)
    assert proven.tolist() == [True] and owner.tolist() == [0] * len(edges)
    assert {tuple(np.flatnonzero(e).tolist()) for e in edges} == brute_force_edges(matrix, zero[0], tight[0])


def test_low_excess_edges_cover_both_excesses_in_the_seeds_above() -> None:
    # The parametrised test above must meet vertices with d + 1 and with d + 2 labels.
    seen = set()
    for seed in range(10):
        rng = np.random.default_rng(100 + seed)
        k, d = int(rng.integers(3, 8)), int(rng.integers(3, 7))
        vertices = exact_vertices(rng.integers(1, 4, size=(k, d)))
        seen |= set((vertices.zero.sum(axis=1) + vertices.tight.sum(axis=1) - d).tolist())
    assert {1, 2} <= seen


def test_low_excess_edges_leave_unproven_vertices_to_the_caller() -> None:
    # Entries near 2**60: the dependencies do not fit int64, so nothing is claimed.
    rng = np.random.default_rng(5)
    matrix = rng.integers(1, 4, size=(6, 5))
    vertices = exact_vertices(matrix)
    one = np.flatnonzero(vertices.zero.sum(axis=1) + vertices.tight.sum(axis=1) == 6)
    assert len(one)
    edges, owner, proven = low_excess_edges(matrix * 2**60, vertices.zero[one], vertices.tight[one])
    assert not proven.any() and len(edges) == 0 and len(owner) == 0
    with pytest.raises(ValueError, match="same number of labels"):
        low_excess_edges(matrix, vertices.zero, vertices.tight)


@pytest.mark.parametrize("size", [8, 9])
def test_certificate_with_low_excess_edges_rejects_missing_vertices(size: int) -> None:
    # Dropping any vertex, a degenerate one with d + 1 or d + 2 labels in particular, breaks the certificate.
    rng = np.random.default_rng(size)
    matrix = rng.integers(1, 5, size=(size, size)).astype(np.int64)
    found = exact_vertices(matrix)
    origin = np.concatenate([np.ones(size, bool), np.zeros(size, bool)])[None, :]
    labels = np.concatenate([origin, np.concatenate([found.zero, found.tight], axis=1)])
    normals = np.vstack([-np.eye(size, dtype=np.int64), matrix])
    assert closure.is_closed(labels, size, normals)
    counts = labels.sum(axis=1)
    one, two = np.flatnonzero(counts == size + 1), np.flatnonzero(counts == size + 2)
    assert len(one) >= 3 and len(two) >= 2
    drops = [*rng.choice(one, 3, replace=False), *rng.choice(two, 2, replace=False), *rng.choice(len(labels), 3)]
    for drop in drops:
        assert not closure.is_closed(np.delete(labels, drop, axis=0), size, normals)
