"""Iterated elimination of strictly and weakly dominated strategies."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation_sim.solvers.dominance import DominationStep, iterated_elimination
from negotiation_sim.solvers.nash import nash_equilibria

pytestmark = pytest.mark.filterwarnings("error")


def test_prisoners_dilemma_solved_by_strict_dominance() -> None:
    result = iterated_elimination([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert result.strict
    assert result.steps == (
        DominationStep(player=0, strategy=0, dominated_by=(1,), weights=(1.0,)),
        DominationStep(player=1, strategy=0, dominated_by=(1,), weights=(1.0,)),
    )
    assert (result.remaining_rows, result.remaining_columns) == ((1,), (1,))


def test_strict_dominance_by_a_mixture_only() -> None:
    a = [[3, 0], [0, 3], [1, 1]]  # row 2 pays 1 < 1.5 = half of row 0 plus half of row 1
    b = [[1, 0], [0, 1], [0, 0]]
    result = iterated_elimination(a, b)
    first = result.steps[0]
    assert (first.player, first.strategy, first.dominated_by) == (0, 2, (0, 1))
    assert np.isclose(sum(first.weights), 1.0)
    mixture = np.array(first.weights) @ np.array([[3, 0], [0, 3]])
    assert np.all(mixture > 1)
    assert result.remaining_rows == (0, 1)


def test_no_mixed_dominance_when_only_weakly_better() -> None:
    a = [[2, 0], [0, 2], [1, 1]]  # the half-half mixture ties with row 2
    result = iterated_elimination(a, [[0, 0], [0, 0], [0, 0]])
    assert result.remaining_rows == (0, 1, 2)


def test_weak_dominance_entry_deterrence() -> None:
    a, b = [[0, 0], [2, -1]], [[2, 2], [1, -1]]
    strict = iterated_elimination(a, b, strict=True)
    assert strict.steps == ()
    weak = iterated_elimination(a, b, strict=False)
    assert [(s.player, s.strategy, s.dominated_by) for s in weak.steps] == [(1, 1, (0,)), (0, 0, (1,))]
    assert (weak.remaining_rows, weak.remaining_columns) == ((1,), (0,))


def test_identical_strategies_are_not_weakly_dominated() -> None:
    result = iterated_elimination([[1, 2], [1, 2]], [[0, 0], [0, 0]], strict=False)
    assert result.remaining_rows == (0, 1)


def test_ties_within_tolerance_do_not_dominate() -> None:
    result = iterated_elimination([[1.0, 1.0], [1.0 + 1e-12, 1.0 + 1e-12]], [[0, 0], [0, 0]])
    assert result.remaining_rows == (0, 1)


def test_strict_elimination_preserves_equilibria() -> None:
    rng = np.random.default_rng(5)
    for _ in range(20):
        a, b = rng.integers(0, 6, size=(2, 4, 4))
        result = iterated_elimination(a, b)
        rows, cols = list(result.remaining_rows), list(result.remaining_columns)
        reduced = nash_equilibria(a[np.ix_(rows, cols)], b[np.ix_(rows, cols)])
        full = nash_equilibria(a, b)
        assert len(reduced) == len(full)
        for e in full:
            assert np.allclose(np.delete(e.row, rows), 0) and np.allclose(np.delete(e.column, cols), 0)
