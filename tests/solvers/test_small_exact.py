"""Exact games up to 7 x 7 in the batched kernel: the same equilibria as the general path."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation_sim.solvers import nash
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.small_games import is_small, is_small_exact

SHAPES = [(6, 6), (5, 7), (7, 7), (8, 6), (4, 10)]


def _payoffs(kind: str, shape: tuple[int, int], seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    if kind == "ties 0-3":
        return rng.integers(0, 4, size=(2, *shape)).astype(float)
    if kind == "thirds":
        return rng.integers(-6, 7, size=(2, *shape)) / 3
    return rng.integers(-5000, 5001, size=(2, *shape)).astype(float)  # beyond the kernel's exact range at order 6-7


def _listed(equilibria: list) -> list[tuple[tuple[float, ...], tuple[float, ...]]]:
    return [(tuple(np.round(e.row, 12)), tuple(np.round(e.column, 12))) for e in equilibria]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("kind", ["ties 0-3", "thirds", "large integers"])
@pytest.mark.parametrize("seed", range(3))
def test_kernel_equals_the_general_path(
    shape: tuple[int, int], kind: str, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = _payoffs(kind, shape, seed)
    assert not is_small(*shape) and is_small_exact(a, b, (1e-9, 1e-9))
    for need in (True, False):
        found, degenerate = nash._equilibria(a, b, 1e-9, need_degenerate=need)
        with monkeypatch.context() as patch:
            patch.setattr(nash, "is_small_exact", lambda *args: False)
            expected, expected_degenerate = nash._equilibria(a, b, 1e-9, need_degenerate=need)
        assert _listed(found) == _listed(expected)
        assert degenerate == expected_degenerate
        assert all(is_nash(a, b, e.row, e.column) for e in found)


def test_float_and_oversized_games_stay_on_the_general_path() -> None:
    a, b = np.random.default_rng(0).normal(size=(2, 6, 6))
    assert not is_small_exact(a, b, (1e-9, 1e-9))
    integers = np.ones((9, 9))
    assert not is_small_exact(integers, integers, (1e-9, 1e-9))  # C(18, 9) bases
    assert not is_small_exact(np.ones((3, 14)), np.ones((3, 14)), (1e-9, 1e-9))  # m + n > 16


def test_exact_6x6_games_use_the_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = _payoffs("ties 0-3", (6, 6), 0)
    monkeypatch.setattr(nash, "_polytopes", lambda *args: pytest.fail("general path used"))
    monkeypatch.setattr(nash, "one_sided_pairs", lambda *args: pytest.fail("one-sided path used"))
    assert nash.nash_equilibria(a, b)


@pytest.mark.parametrize(("first", "rest"), [(0.5, "thirds"), (0.5, "normal"), (np.pi, "thirds"), (np.pi, "normal")])
def test_the_first_payoff_decides_only_when_it_is_not_a_small_rational(
    first: float, rest: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exact kernel runs exactly when both tables are small rationals, whatever the first payoff."""
    rng = np.random.default_rng(1234)
    a, b = _payoffs("thirds", (6, 6), 5) if rest == "thirds" else rng.normal(size=(2, 6, 6))
    a[0, 0] = first
    exact = is_small_exact(a, b, (1e-9, 1e-9))
    assert exact == (first == 0.5 and rest == "thirds")
    kernel_runs = []
    original = nash.small_games
    monkeypatch.setattr(nash, "small_games", lambda *args: kernel_runs.append(1) or original(*args))
    found = nash.nash_equilibria(a, b)
    assert bool(kernel_runs) == exact
    monkeypatch.setattr(nash, "is_small_exact", lambda *args: False)
    monkeypatch.setattr(nash, "one_sided_pairs", lambda *args, **kwargs: None)  # the two-sided method
    assert _listed(found) == _listed(nash.nash_equilibria(a, b))
