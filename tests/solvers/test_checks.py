"""The independent best-response checker."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation_sim.solvers.checks import is_nash

pytestmark = pytest.mark.filterwarnings("error")

BOS = (np.array([[3, 0], [0, 2]]), np.array([[2, 0], [0, 3]]))


def test_battle_of_the_sexes() -> None:
    assert is_nash(*BOS, [1, 0], [1, 0])
    assert is_nash(*BOS, [0.6, 0.4], [0.4, 0.6])
    assert not is_nash(*BOS, [1, 0], [0, 1])
    assert not is_nash(*BOS, [0.5, 0.5], [0.5, 0.5])


def test_tolerance_is_relative_to_payoff_scale() -> None:
    a = np.array([[1e6, 0], [1e6 - 1e-4, 0]])
    b = np.zeros((2, 2))
    assert is_nash(a, b, [0, 1], [1, 0])  # gain 1e-4 <= 1e-9 * 1e6
    assert not is_nash(a, b, [0, 1], [1, 0], tol=1e-12)


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        ([1, 0, 0], [1, 0], "row_mixture must have 2"),
        ([0.5, 0.6], [1, 0], "probability"),
        ([1, 0], [-1, 2], "probability"),
    ],
)
def test_invalid_mixtures(x: list, y: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        is_nash(*BOS, x, y)
