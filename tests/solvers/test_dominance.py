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


def test_a_best_response_to_two_columns_is_never_dominated_by_a_mixture(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shortcut only skips rows the zero-sum game would also find undominated."""
    from negotiation_sim.solvers import dominance

    # Row 2 is a best response to the half-half mixture of the columns, to no pure column.
    assert dominance._best_response_to_a_pair(np.array([[1.0, -2.0], [-2.0, 1.0]]), 1e-9)
    assert not dominance._best_response_to_a_pair(np.array([[1.0, -0.5], [-0.5, 1.0]]), 1e-9)  # dominated
    rng = np.random.default_rng(11)
    skipped = 0
    for _ in range(300):
        payoffs = rng.integers(0, 4, size=(rng.integers(3, 6), rng.integers(2, 6))).astype(float)
        if rng.random() < 0.5:
            payoffs += rng.normal(size=payoffs.shape)
        i = int(rng.integers(payoffs.shape[0]))
        if dominance._best_response_to_a_pair(np.delete(payoffs, i, axis=0) - payoffs[i], 1e-9):
            skipped += 1
            with monkeypatch.context() as patched:
                patched.setattr(dominance, "_best_response_to_a_pair", lambda diff, atol: False)
                assert dominance._mixed_dominator(payoffs, i, 1e-9) is None
    assert skipped > 30
