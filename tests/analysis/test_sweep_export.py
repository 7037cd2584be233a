"""Sweep exports keep every value: parameter names never collide with result columns, and
invalid grid points are a flag of their own, never an outcome id (tracker issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import negotiation_sim as ns
from negotiation_sim.errors import ScenarioError, ScenarioWarning
from negotiation_sim.report import write_sweep_csv, write_sweep_json

OUTCOME_NAMED_INVALID = """\
format: negotiation-sim/1
title: An outcome called invalid
players: {a: {}, b: {}}
parameters:
  x: {value: 1, range: [0, 2]}
game:
  kind: extensive
  root: n
  nodes:
    n: {player: a, moves: {l: invalid, r: fine}}
  outcomes:
    invalid: {label: Talks declared invalid, payoffs: {a: 10 + 1/(x - 1.5), b: 0}}
    fine: {payoffs: {a: 0, b: 1}}
"""


def load(tmp_path: Path, text: str, name: str = "scenario.yaml") -> ns.Scenario:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return ns.load_scenario(path)


def test_an_outcome_named_invalid_is_not_an_invalid_point(tmp_path: Path):
    scenario = load(tmp_path, OUTCOME_NAMED_INVALID)
    with pytest.warns(ScenarioWarning, match="1 of 3 grid points"):
        result = ns.sweep(scenario, {"x": [0.0, 1.5, 2.0]})
    assert result.valid[0].tolist() == [True, False, True]
    assert result.outcomes[0].tolist()[0] == "invalid"  # the scenario's own outcome, at a valid point
    assert result.outcomes[0].tolist()[1] != "invalid"
    assert result.outcome_labels["invalid"] == "Talks declared invalid"
    rows = result.rows()
    assert [row["valid"] for row in rows] == [True, False, True]
    assert [row["outcome"] for row in rows] == ["invalid", "", "invalid"]
    write_sweep_json(result, tmp_path / "grid.json")
    data = json.loads((tmp_path / "grid.json").read_text())
    assert [row["valid"] for row in data["rows"]] == [True, False, True]
    assert data["rows"][1]["payoff_a"] is None


@pytest.mark.parametrize("name", ["ties", "scenario", "outcome", "valid", "payoff_a"])
def test_a_parameter_named_like_a_column_is_refused_on_export(tmp_path: Path, name: str):
    scenario = load(
        tmp_path,
        f"""\
format: negotiation-sim/1
title: Parameter named {name}
players: {{a: {{}}, b: {{}}}}
parameters:
  {name}: {{value: 1, range: [0, 2]}}
game:
  kind: normal
  strategies: {{a: [s], b: [t]}}
  payoffs: {{a: [[{name}]], b: [[1]]}}
""",
    )
    result = ns.sweep(scenario, {name: [0.0, 1.0]})
    assert result.payoffs[0]["a"].tolist() == [0.0, 1.0]
    for export in (result.rows, result.columns):
        with pytest.raises(ScenarioError, match=rf"parameter '{name}'.*column '{name}'.*rename"):
            export()
    with pytest.raises(ScenarioError, match=rf"parameter '{name}'"):
        write_sweep_csv(result, tmp_path / "grid.csv")
    assert not (tmp_path / "grid.csv").exists()


def test_ordinary_parameter_names_export_unchanged(tmp_path: Path):
    scenario = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
    result = ns.sweep(scenario, {"pie": np.array([10.0, 12.0])})
    assert result.columns() == ["pie", "scenario", "outcome", "payoff_proposer", "payoff_responder", "ties", "valid"]


# --- grid size is checked before anything is allocated ------------------------------------------------


@pytest.mark.parametrize("count", [10**9, 10**10, 10**12])
def test_grid_size_is_checked_before_allocating(count: int):
    import time

    from negotiation_sim.analysis.sweep import grid_values

    scenario = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
    started = time.perf_counter()
    with pytest.raises(ScenarioError, match=rf"{count:,} points.*NEGOTIATION_SIM_MAX_GRID_POINTS"):
        grid_values(scenario, "win", (3, 10, count))
    assert time.perf_counter() - started < 1.0


def test_grid_size_limit_applies_to_one_axis(monkeypatch):
    from negotiation_sim.analysis.sweep import grid_values

    scenario = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_GRID_POINTS", "50")
    assert len(grid_values(scenario, "win", (0, 1, 50))) == 50
    with pytest.raises(ScenarioError, match="51 points"):
        grid_values(scenario, "win", (0, 1, 51))
    with pytest.raises(ScenarioError, match="101 points"):
        grid_values(scenario, "win")  # the declared range with the default 101 points


def test_tornado_points_are_checked_before_allocating():
    from negotiation_sim.analysis.tornado import tornado

    islands = ns.bundled_scenarios_dir() / "islands"
    a, b = ns.load_scenario(islands / "territory_first.yaml"), ns.load_scenario(islands / "new_approach.yaml")
    with pytest.raises(ScenarioError, match="NEGOTIATION_SIM_MAX_GRID_POINTS"):
        tornado(a, b, "japan", points=10**12)
