"""A relative tolerance below the rounding floor is refused, not used to return a wrong answer.

At ``tol=0`` the exhaustive float path returned no equilibrium at all for some 6 x 6 games
with nearly dominated strategies (found in review; every finite game has one): rounded
values never tie exactly.  Against Gambit's exact ``enummixed`` the solvers agree down to
``tol=1e-15`` and miss equilibria at ``1e-16``, so tolerances below
:data:`~negotiation_sim.tolerance.MIN_TOL` are refused with a ``ValueError``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from negotiation_sim.analysis.sweep import sweep
from negotiation_sim.solvers.nash import analyse_bimatrix, is_degenerate, nash_equilibria
from negotiation_sim.tolerance import MIN_TOL, absolute_tol, player_tolerances

BAD = [0.0, -1e-9, 1e-16, math.nan, math.inf]


@pytest.mark.parametrize("tol", BAD)
@pytest.mark.parametrize("shape", [(2, 2), (4, 4), (6, 6)])  # the tiny, batched and one-sided paths
def test_bimatrix_solvers_refuse_a_tolerance_below_the_floor(tol: float, shape: tuple[int, int]) -> None:
    a, b = np.random.default_rng(shape[0]).normal(size=(2, *shape))
    for solve in (nash_equilibria, analyse_bimatrix, is_degenerate):
        with pytest.raises(ValueError, match=r"tol must be .*at least 1e-15.*got"):
            solve(a, b, tol=tol)


@pytest.mark.parametrize("tol", BAD)
def test_tolerance_rules_refuse_a_tolerance_below_the_floor(tol: float) -> None:
    with pytest.raises(ValueError, match="tol must be"):
        player_tolerances([np.ones(2)], tol)
    with pytest.raises(ValueError, match="tol must be"):
        absolute_tol([1.0, 2.0], tol)


def test_the_floor_itself_is_accepted_and_finds_every_equilibrium() -> None:
    a, b = np.array([[3.0, 0.0], [0.0, 2.0]]), np.array([[2.0, 0.0], [0.0, 3.0]])
    assert MIN_TOL == 1e-15
    assert len(nash_equilibria(a, b, tol=MIN_TOL)) == 3
    rng = np.random.default_rng(7)
    a, b = rng.normal(size=(2, 6, 6))
    assert len(nash_equilibria(a, b, tol=MIN_TOL)) == len(nash_equilibria(a, b))


def test_a_sweep_refuses_a_tolerance_below_the_floor(tmp_path) -> None:
    import negotiation_sim as ns

    path = tmp_path / "g.yaml"
    path.write_text(
        "format: negotiation-sim/1\ntitle: t\nplayers:\n  row: {label: Row}\n  col: {label: Col}\n"
        "parameters:\n  s: {value: 1, range: [0, 3], label: s, unit: u, source: test}\n"
        "game:\n  kind: normal\n  strategies:\n    row: [a, b]\n    col: [a, b]\n"
        "  payoffs:\n    row: [[s, 0], [0, 1]]\n    col: [[1, 0], [0, s]]\n"
    )
    scenario = ns.load_scenario(path)
    with pytest.raises(ValueError, match="tol must be"):
        sweep(scenario, {"s": np.linspace(0, 3, 5)}, tol=0.0)
