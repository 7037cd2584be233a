"""A sweep whose payoffs are NaN or infinite at some grid points returns the rest."""

from __future__ import annotations

import math

import numpy as np
import pytest

import negotiation_sim as ns
from negotiation_sim.errors import ScenarioError, ScenarioWarning

SCENARIO = """\
format: negotiation-sim/1
title: Invalid at some points
players: {a: {}, b: {}}
parameters:
  x: {value: 1, range: [0, 2]}
game:
  kind: extensive
  root: n
  nodes:
    n: {player: a, moves: {l: o1, r: o2}}
  outcomes:
    o1: {payoffs: {a: 1/(x - 1.5), b: 0}}
    o2: {payoffs: {a: 0, b: log(x)}}
"""


@pytest.fixture()
def scenario(tmp_path):
    path = tmp_path / "invalid_points.yaml"
    path.write_text(SCENARIO)
    return ns.load_scenario(path)


def test_invalid_points_are_reported_and_the_rest_solved(scenario):
    with pytest.warns(ScenarioWarning, match=r"2 of 9 grid points .* at x=1\.5.*at x=0"):
        result = ns.sweep(scenario, vary={"x": np.linspace(0, 2, 9)})
    outcomes = result.outcomes[0]
    assert outcomes[0] == "" and outcomes[6] == ""
    assert result.valid[0].tolist() == [k not in (0, 6) for k in range(9)]
    assert math.isnan(result.payoffs[0]["a"][0])
    for k in (1, 2, 3, 4, 5, 7, 8):
        point = ns.solve(scenario, {"x": float(np.linspace(0, 2, 9)[k])})
        assert outcomes[k] == "|".join(sorted(point.outcomes))
        assert result.payoffs[0]["a"][k] == pytest.approx(point.equilibria[0].payoffs["a"])


def test_all_points_invalid_is_an_error(scenario):
    with pytest.raises(ScenarioError, match=r"infinite at x=1\.5"):
        ns.sweep(scenario, vary={"x": [1.5]})


def test_evaluate_mask_flags_points(scenario):
    evaluation = scenario.evaluate({"x": np.array([0.0, 1.0, 1.5])}, invalid="mask")
    assert evaluation.invalid.tolist() == [True, False, True]
    assert len(evaluation.problems) == 2
