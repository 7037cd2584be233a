"""Pure equilibria, degeneracy, payoff dominance, maximal Nash subsets, validation."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from negotiation_sim.errors import SolverError
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.nash import (
    MixedEquilibrium,
    analyse_bimatrix,
    is_degenerate,
    maximal_nash_subsets,
    nash_equilibria,
    payoff_dominant,
    pure_equilibria,
)

pytestmark = pytest.mark.filterwarnings("error")

VS_DEGENERATE = ([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])


def test_pure_equilibria_known_cases() -> None:
    assert pure_equilibria([[3, 0], [0, 2]], [[2, 0], [0, 3]]) == [(0, 0), (1, 1)]
    assert pure_equilibria([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]) == []
    assert pure_equilibria(np.zeros((2, 3)), np.zeros((2, 3))) == [(i, j) for i in range(2) for j in range(3)]
    # Each player's ties are judged on its own payoffs: the column player's are all of order
    # 1e-12, so 1e-12 beats 0; the row player's 1 and 1 - 1e-12 tie.
    assert pure_equilibria([[1.0, 1.0 - 1e-12]], [[0.0, 1e-12]]) == [(0, 1)]
    assert pure_equilibria([[1.0, 1.0 - 1e-12]], [[0.0, 1e-12 * 1e-4]]) == [(0, 1)]
    assert pure_equilibria([[1.0, 1.0 - 1e-12]], [[1.0, 1.0 - 1e-12]]) == [(0, 0), (0, 1)]


def test_degeneracy() -> None:
    assert not is_degenerate([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    assert is_degenerate(*VS_DEGENERATE)
    assert is_degenerate(np.ones((2, 2)), np.ones((2, 2)))
    assert is_degenerate([[1, 2, 3]], [[2, 5, 5]])  # a pure strategy with two best responses
    assert not is_degenerate([[1, 2, 3]], [[2, 5, 4]])
    # A tie smaller than the tolerance counts as a tie.
    assert is_degenerate([[3, 3], [2, 5], [0, 6]], [[3, 3 + 1e-12], [2, 6], [3, 1]])
    assert not is_degenerate([[3, 3], [2, 5], [0, 6]], [[3, 3 + 1e-3], [2, 6], [3, 1]])


def test_payoff_dominance() -> None:
    found = nash_equilibria([[4, 0], [3, 3]], [[4, 3], [0, 3]])  # stag hunt
    assert payoff_dominant(found) == [e.row_payoff == 4 for e in found]
    assert payoff_dominant([]) == []


def test_payoff_ties_within_tolerance_are_not_dominance() -> None:
    eqs = [
        MixedEquilibrium(row=np.ones(1), column=np.ones(1), row_payoff=1.0, column_payoff=1.0),
        MixedEquilibrium(row=np.ones(1), column=np.ones(1), row_payoff=1.0 + 1e-13, column_payoff=1.0),
        MixedEquilibrium(row=np.ones(1), column=np.ones(1), row_payoff=0.5, column_payoff=2.0),
        MixedEquilibrium(row=np.ones(1), column=np.ones(1), row_payoff=0.5, column_payoff=1.0),
    ]
    assert payoff_dominant(eqs) == [True, True, True, False]


def test_continuum_is_one_maximal_subset() -> None:
    found = nash_equilibria([[1, 1], [0, 0]], [[1, 1], [0, 2]])
    subsets = maximal_nash_subsets(found)
    assert len(subsets) == 1
    assert subsets[0].equilibrium_indices == (0, 1)
    assert len(subsets[0].rows) == 1 and len(subsets[0].columns) == 2
    # Every convex combination of the extreme columns is an equilibrium.
    for w in np.linspace(0, 1, 7):
        y = w * subsets[0].columns[0] + (1 - w) * subsets[0].columns[1]
        assert is_nash([[1, 1], [0, 0]], [[1, 1], [0, 2]], subsets[0].rows[0], y)


def test_von_stengel_degenerate_components() -> None:
    analysis = analyse_bimatrix(*VS_DEGENERATE)
    assert analysis.degenerate
    assert len(analysis.equilibria) == 3
    # (top, left) and (top, 2/3 left) span a segment; the mixed one is isolated.
    assert sorted(s.equilibrium_indices for s in analysis.subsets) == [(0, 1), (2,)]
    assert sorted(analysis.components) == [(0, 1), (2,)]


def test_all_equal_game_is_one_big_subset() -> None:
    found = nash_equilibria(np.zeros((2, 3)), np.zeros((2, 3)))
    assert len(found) == 6 and all(e.is_pure for e in found)
    subsets = maximal_nash_subsets(found)
    assert [s.equilibrium_indices for s in subsets] == [tuple(range(6))]


def test_components_join_subsets_that_share_a_vertex_pair() -> None:
    # Row player indifferent everywhere; column player prefers the diagonal.
    a = np.zeros((3, 3))
    b = np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]])
    analysis = analyse_bimatrix(a, b)
    assert all(is_nash(a, b, e.row, e.column) for e in analysis.equilibria)
    covered = sorted(k for comp in analysis.components for k in comp)
    assert covered == list(range(len(analysis.equilibria)))
    for subset in analysis.subsets:
        for x in subset.rows:
            for y in subset.columns:
                assert is_nash(a, b, x, y)


def test_analysis_bundle_is_consistent() -> None:
    a, b = [[3, 0], [5, 1]], [[3, 5], [0, 1]]
    analysis = analyse_bimatrix(a, b)
    assert analysis.pure == ((1, 1),)
    assert analysis.payoff_dominant == (True,)  # the only equilibrium ...
    assert analysis.pareto_efficient == (False,)  # ... yet mutual cooperation is better for both
    assert analysis.strict_elimination.remaining_rows == (1,)
    assert analysis.weak_elimination.remaining_columns == (1,)
    assert not analysis.degenerate


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        ([1, 2], [1, 2], "must be 2-D"),
        ([[1, 2]], [[1, 2], [3, 4]], "shape"),
        ([[1, np.nan]], [[1, 2]], "finite"),
        ([[1, "x"]], [[1, 2]], "table of numbers"),
        (np.zeros((0, 2)), np.zeros((0, 2)), "at least one row"),
    ],
)
def test_invalid_input(a: object, b: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        nash_equilibria(a, b)


def test_size_limit_is_a_solver_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_NASH_SECONDS", "1")
    a, b = np.random.default_rng(0).integers(0, 1000, size=(2, 30, 31))
    with pytest.raises(SolverError, match=r"^a 30x31 game: .*NEGOTIATION_SIM_MAX_NASH_SECONDS"):
        nash_equilibria(a, b)


def test_all_ties_13x13_is_solved_not_refused() -> None:
    # Every profile is an equilibrium: the extreme ones are the 169 pure profiles. The vertices
    # of the best-response polytopes carry 25 labels in 13 dimensions (edges computed directly).
    found = nash_equilibria(np.zeros((13, 13)), np.zeros((13, 13)))
    assert sorted((int(e.row.argmax()), int(e.column.argmax())) for e in found) == [
        (i, j) for i in range(13) for j in range(13)
    ]
    assert all(e.row.max() == 1.0 and e.column.max() == 1.0 for e in found)


def test_wide_games_within_the_limit() -> None:
    a = np.arange(40.0).reshape(1, 40)
    found = nash_equilibria(a, a)
    assert len(found) == 1 and found[0].column[-1] == 1.0


def test_import_does_not_pull_heavy_dependencies() -> None:
    src = Path(__file__).resolve().parents[2] / "src"
    code = (
        "import sys, negotiation_sim.solvers.nash, negotiation_sim.solvers.nashpy_adapter;"
        "print(sorted(m for m in ('scipy', 'nashpy', 'matplotlib') if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
