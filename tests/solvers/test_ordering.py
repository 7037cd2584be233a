"""The stable order of equilibria, against the numpy rule it replaces."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation_sim.solvers.ordering import ordered_equilibria


def numpy_key(x: np.ndarray, y: np.ndarray) -> tuple:
    """The order key nash_equilibria used before, in numpy."""
    support_x, support_y = tuple(np.flatnonzero(x)), tuple(np.flatnonzero(y))
    return (len(support_x) + len(support_y), support_x, support_y, tuple(np.round(-x, 9)), tuple(np.round(-y, 9)))


@pytest.mark.parametrize("seed", range(5))
def test_order_and_twins_as_the_numpy_rule(seed: int) -> None:
    rng = np.random.default_rng(seed)
    m, n = 3, 4
    a, b = rng.normal(size=(2, m, n))
    xs = rng.random((30, m)) * rng.integers(0, 2, size=(30, m))
    ys = rng.random((30, n)) * rng.integers(0, 2, size=(30, n))
    xs[:, 0] += 1e-3  # no empty support
    ys[:, 0] += 1e-3
    xs, ys = xs / xs.sum(axis=1, keepdims=True), ys / ys.sum(axis=1, keepdims=True)
    xs[5], ys[5] = xs[3] + 1e-12, ys[3]  # a floating-point twin, listed once
    found = ordered_equilibria(a, b, xs.tolist(), ys.tolist())
    expected = sorted(range(len(xs)), key=lambda t: numpy_key(xs[t], ys[t]))
    expected = [t for t in expected if t != 5 or numpy_key(xs[3], ys[3]) > numpy_key(xs[5], ys[5])]
    expected = [t for t in expected if not (t == 3 and 5 in expected)]
    assert len(found) == len(xs) - 1
    assert [(e.row.tolist(), e.column.tolist()) for e in found] == [(xs[t].tolist(), ys[t].tolist()) for t in expected]
    for e in found:
        assert e.row_payoff == pytest.approx(float(e.row @ a @ e.column), abs=1e-12)
        assert e.column_payoff == pytest.approx(float(e.row @ b @ e.column), abs=1e-12)
        assert not e.row.flags.writeable and not e.column.flags.writeable


@pytest.mark.parametrize(
    ("tiny", "listed"),
    [(3e-10, 2), (5e-10, 2), (6e-10, 3), (2e-9, 3)],  # round(v * 1e9) == 0 up to 5e-10 (half to even)
)
def test_twins_with_different_supports_are_listed_once(tiny: float, listed: int) -> None:
    """A coordinate that is not zero but rounds to zero makes a twin of the profile without it."""
    a = np.array([[1.0, 0.0], [0.0, 1.0]])
    xs = [[0.5, 0.5], [0.5, 0.5], [1.0, 0.0]]
    ys = [[1.0 - tiny, tiny], [1.0, 0.0], [1.0, 0.0]]  # the first two differ in support
    found = ordered_equilibria(a, a, xs, ys)
    assert [(e.row.tolist(), e.column.tolist()) for e in found] == [(xs[t], ys[t]) for t in (2, 1, 0)][:listed]
