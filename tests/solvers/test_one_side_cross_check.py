"""The fast float path against the exhaustive enumeration on many seeded games.

Generic games (the one-sided path with its shortcuts: the quick rational rejection,
the closure certificate by one sort, the dominance filter, the padded partner batch)
and games with near-ties injected inside and just outside the tie tolerance (where the
shortcuts must decline and a slower path must answer) list the same extreme equilibria as
the exhaustive enumeration, each passing the ``is_nash`` oracle.
"""

from __future__ import annotations

import numpy as np
import pytest
from general_method import use_general_method

from negotiation_sim.solvers import nash_cost, one_side
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.nash import nash_equilibria
from negotiation_sim.tolerance import player_tolerances

Keys = list[tuple[float, ...]]


def keys(equilibria: list) -> Keys:
    return sorted(tuple(np.round(np.concatenate([e.row, e.column]), 7) + 0.0) for e in equilibria)


def fast_and_exhaustive(a: np.ndarray, b: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> tuple[Keys, Keys]:
    fast = nash_equilibria(a, b)
    with monkeypatch.context() as patch:
        patch.setattr(nash_cost, "EXHAUSTIVE_BASES", 10**12)
        patch.setattr(nash_cost, "ONE_SIDED_BASES", 10**12)
        exhaustive = nash_equilibria(a, b)
    for equilibria in (fast, exhaustive):
        assert all(is_nash(a, b, e.row, e.column, tol=1e-7) for e in equilibria)
    return keys(fast), keys(exhaustive)


SHAPES = [(5, 5), (6, 6), (7, 7), (8, 8), (4, 9), (9, 4), (6, 8)]


@pytest.mark.parametrize("shape", SHAPES)
def test_generic_games_on_the_one_sided_path_equal_the_exhaustive_enumeration(
    shape: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_general_method(monkeypatch)
    rng = np.random.default_rng(7000 + 13 * shape[0] + shape[1])
    for _ in range(8):
        a, b = rng.normal(size=(2, *shape))
        row_tol, column_tol = player_tolerances((a, b), 1e-9).tolist()
        assert one_side.one_sided_pairs(a, b, row_tol, column_tol, 1e-9) is not None  # the path under test
        fast, exhaustive = fast_and_exhaustive(a, b, monkeypatch)
        assert fast == exhaustive, (a.tolist(), b.tolist())


@pytest.mark.parametrize("gap", [1e-13, 1e-11, 1e-7])
@pytest.mark.parametrize("shape", [(6, 6), (7, 7), (5, 8)])
def test_near_ties_inside_and_outside_the_tolerance_keep_the_exhaustive_answer(
    gap: float, shape: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Payoffs copied with a small gap: ties within the tolerance (1e-13, 1e-11), or just not (1e-7)."""
    use_general_method(monkeypatch)
    rng = np.random.default_rng(7100 + shape[0])
    m, n = shape
    for trial in range(4):
        a, b = rng.normal(size=(2, *shape))
        if trial % 2 == 0:
            a[1, :] = a[0, :] + gap  # the row player's two rows almost equal
            b[:, 1] = b[:, 0] - gap  # the column player's two columns almost equal
        else:
            a[rng.integers(m), :] = a[:, rng.integers(n)].max() + gap  # a near-tie with the best reply
            b[:, rng.integers(n)] = b[rng.integers(m), :].max() - gap
        fast, exhaustive = fast_and_exhaustive(a, b, monkeypatch)
        assert fast == exhaustive, (gap, a.tolist(), b.tolist())


@pytest.mark.parametrize("gap", [1e-13, 3e-9, 1e-8, 1e-6])
@pytest.mark.parametrize("shape", [(6, 6), (5, 8)])
def test_strategies_dominated_by_about_the_margin_keep_the_exhaustive_answer(
    gap: float, shape: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Strategies beaten everywhere by a gap inside the tolerance (a tie), near the dominance margin or beyond it.

    Row 2 is row 0 less the gap; column 3 is column 1 less the gap, except in row 2, so
    it is dominated only once row 2 has gone (iterated elimination).  Whether or not they
    are removed before the hull, the equilibria are those of the exhaustive enumeration.
    """
    use_general_method(monkeypatch)
    rng = np.random.default_rng(7200 + shape[0])
    for _ in range(4):
        a, b = rng.normal(size=(2, *shape))
        a[2] = a[0] - gap
        b[:, 3] = b[:, 1] - gap
        b[2, 3] = b[2, 1] + 1.0
        fast, exhaustive = fast_and_exhaustive(a, b, monkeypatch)
        assert fast == exhaustive, (gap, a.tolist(), b.tolist())


@pytest.mark.parametrize("gap", [0.0, 1e-13, 1e-6])
def test_one_row_left_by_dominance_with_nearly_tied_columns(gap: float, monkeypatch: pytest.MonkeyPatch) -> None:
    """One row dominates the others; against it two columns tie (or nearly): no 1 x k game for Qhull."""
    use_general_method(monkeypatch)
    rng = np.random.default_rng(7300)
    a, b = rng.normal(size=(2, 6, 6))
    a[4] = a.max() + 1.0  # row 4 beats every other row everywhere
    b[4, 2] = b[4].max() + 1.0
    b[4, 5] = b[4, 2] - gap  # the column player's best replies to row 4: column 2, and 5 within the gap
    fast, exhaustive = fast_and_exhaustive(a, b, monkeypatch)
    assert fast == exhaustive
