"""Numerical robustness: equilibria do not depend on the payoff unit.

Multiplying every payoff by a positive constant changes no equilibrium, so textbook games
scaled by 1e-200 ... 1e200 must give the same SPE and Nash equilibria as at scale 1 (ties
are decided relative to the payoff magnitude, see negotiation_sim.tolerance).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import negotiation_sim as ns
from negotiation_sim.games import GameTree, Terminal, read_only
from negotiation_sim.solvers.backward_induction import backward_induction_solve
from negotiation_sim.solvers.nash import nash_equilibria
from negotiation_sim.solvers.spe import spe_solve

SCALES = [1e-200, 1e-100, 1.0, 1e100, 1e200]
TREES = ["entry_deterrence", "centipede", "ultimatum", "chance_move"]
NORMAL = ["prisoners_dilemma", "battle_of_the_sexes", "matching_pennies", "chicken", "stag_hunt"]


def _evaluation(name: str):
    scenario = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / f"{name}.yaml")
    return scenario, scenario.evaluate()


def _spe_summary(tree: GameTree):
    result = spe_solve(tree)
    return result.count, [(eq.strategies, eq.path, eq.outcomes) for eq in result.equilibria]


def _scaled(tree: GameTree, scale: float) -> GameTree:
    outcomes = {
        o: Terminal(id=o, payoffs=read_only(t.payoffs * scale), label=t.label) for o, t in tree.outcomes.items()
    }
    return dataclasses.replace(tree, outcomes=outcomes)


@pytest.mark.parametrize("name", TREES)
@pytest.mark.parametrize("scale", SCALES)
def test_spe_is_scale_invariant(name: str, scale: float) -> None:
    _, tree = _evaluation(name)
    reference = _spe_summary(tree)
    scaled = _scaled(tree, scale)
    assert _spe_summary(scaled) == reference
    arrays = backward_induction_solve(scaled)
    base = backward_induction_solve(tree)
    assert {k: v.tolist() for k, v in arrays.possible.items()} == {k: v.tolist() for k, v in base.possible.items()}
    assert arrays.ties.tolist() == base.ties.tolist()


@pytest.mark.parametrize("name", NORMAL)
@pytest.mark.parametrize("scale", SCALES)
def test_nash_is_scale_invariant(name: str, scale: float) -> None:
    _, evaluation = _evaluation(name)
    a, b = np.asarray(evaluation.row_payoffs), np.asarray(evaluation.column_payoffs)

    def summary(x, y):
        return [(e.row.round(9).tolist(), e.column.round(9).tolist()) for e in nash_equilibria(x, y)]

    assert summary(a * scale, b * scale) == summary(a, b)


@pytest.mark.parametrize("scale", [1e-300, 1e300])
def test_extreme_payoffs_in_a_scenario_solve_without_error(tmp_path, scale: float) -> None:
    path = tmp_path / "extreme.yaml"
    path.write_text(f"""format: negotiation-sim/1
title: extreme magnitudes
players: {{a: {{}}, b: {{}}}}
parameters: {{s: {scale:.1e}}}
game:
  kind: extensive
  root: start
  nodes:
    start: {{player: a, moves: {{small: o1, large: o2}}}}
  outcomes:
    o1: {{payoffs: {{a: "1 * s", b: "3 * s"}}}}
    o2: {{payoffs: {{a: "2 * s", b: "-s"}}}}
""")
    solution = ns.solve(ns.load_scenario(path))
    assert [eq.outcomes for eq in solution.equilibria] == [{"o2": 1.0}]
    assert solution.analysis["spe_count"] == 1
