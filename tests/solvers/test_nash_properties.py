"""Property tests: every equilibrium passes the independent best-response check,
answers are invariant under positive affine payoff transforms and relabelling."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.nash import nash_equilibria, pure_equilibria

pytestmark = pytest.mark.filterwarnings("error")


@st.composite
def small_games(draw: st.DrawFn, high: int = 3) -> tuple[np.ndarray, np.ndarray]:
    m = draw(st.integers(1, 4))
    n = draw(st.integers(1, 4))
    cells = st.integers(-high, high)
    return draw(arrays(np.int64, (m, n), elements=cells)), draw(arrays(np.int64, (m, n), elements=cells))


def keys(a: np.ndarray, b: np.ndarray) -> list[tuple[float, ...]]:
    return sorted(tuple(np.round(np.concatenate([e.row, e.column]), 7) + 0.0) for e in nash_equilibria(a, b))


@settings(max_examples=150, deadline=None)
@given(small_games())
def test_every_equilibrium_is_nash_and_distinct(game: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = game
    found = nash_equilibria(a, b)
    assert found, "every finite game has an equilibrium"
    for e in found:
        assert np.isclose(e.row.sum(), 1.0) and np.isclose(e.column.sum(), 1.0)
        assert np.all(e.row >= 0) and np.all(e.column >= 0)
        assert not e.row.flags.writeable
        assert is_nash(a, b, e.row, e.column)
        assert np.isclose(e.row_payoff, e.row @ a @ e.column)
    assert len(set(keys(a, b))) == len(found)


@settings(max_examples=100, deadline=None)
@given(small_games())
def test_pure_equilibria_are_exactly_the_pure_extreme_equilibria(game: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = game
    pure = [(int(np.argmax(e.row)), int(np.argmax(e.column))) for e in nash_equilibria(a, b) if e.is_pure]
    assert sorted(pure) == pure_equilibria(a, b)


@settings(max_examples=100, deadline=None)
@given(
    small_games(),
    st.floats(0.1, 50),
    st.floats(-100, 100),
    st.floats(0.1, 50),
    st.floats(-100, 100),
)
def test_invariant_under_positive_affine_transforms(
    game: tuple[np.ndarray, np.ndarray], sa: float, ta: float, sb: float, tb: float
) -> None:
    a, b = game
    assert keys(a * sa + ta, b * sb + tb) == keys(a, b)


@settings(max_examples=100, deadline=None)
@given(small_games(), st.randoms(use_true_random=False))
def test_invariant_under_relabelling_strategies(game: tuple[np.ndarray, np.ndarray], rnd) -> None:
    a, b = game
    rows = list(range(a.shape[0]))
    cols = list(range(a.shape[1]))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    permuted = nash_equilibria(a[np.ix_(rows, cols)], b[np.ix_(rows, cols)])
    back = sorted(
        tuple(np.round(np.concatenate([e.row[np.argsort(rows)], e.column[np.argsort(cols)]]), 7) + 0.0)
        for e in permuted
    )
    assert back == keys(a, b)


@settings(max_examples=60, deadline=None)
@given(small_games())
def test_swapping_players_transposes_the_answer(game: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = game
    swapped = sorted(tuple(np.round(np.concatenate([e.column, e.row]), 7) + 0.0) for e in nash_equilibria(b.T, a.T))
    assert swapped == keys(a, b)


def test_output_order_is_pure_first_then_by_support_size() -> None:
    a = np.array([[3, 0], [0, 2]])
    found = nash_equilibria(a, a.T[::-1, ::-1])
    sizes = [np.count_nonzero(e.row) + np.count_nonzero(e.column) for e in found]
    assert sizes == sorted(sizes)
    assert found[0].is_pure


def test_generic_float_games_pass_the_checker() -> None:
    rng = np.random.default_rng(3)
    for shape in [(2, 2), (3, 5), (6, 6), (8, 8), (1, 7)]:
        a, b = rng.normal(size=(2, *shape))
        found = nash_equilibria(a, b)
        assert len(found) % 2 == 1  # nondegenerate games have an odd number
        assert all(is_nash(a, b, e.row, e.column) for e in found)
