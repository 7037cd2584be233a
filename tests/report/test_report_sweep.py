"""Tests of negotiation_sim.report.sweep: a sweep as a summary, CSV and JSON files (atomic)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

import negotiation_sim as ns
from negotiation_sim.analysis.sweep import sweep
from negotiation_sim.errors import OutputError, ScenarioWarning
from negotiation_sim.report import sweep_summary, write_sweep_csv, write_sweep_json
from negotiation_sim.report.files import rounded

SCENARIOS = ns.bundled_scenarios_dir()

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


def load(relative: str):
    return ns.load_scenario(SCENARIOS / relative)


def test_csv_and_json_files(tmp_path: Path) -> None:
    result = sweep(load("islands/new_approach.yaml"), {"china_threat": [0.2, 0.7, 1.0], "trust_gain": [0.1, 0.5]})
    rows = result.rows()
    write_sweep_csv(result, tmp_path / "sweep.csv")
    with open(tmp_path / "sweep.csv", newline="") as handle:
        read = list(csv.DictReader(handle))
    assert len(read) == 6
    assert list(read[0]) == result.columns()
    assert float(read[4]["payoff_russia"]) == rounded(rows[4]["payoff_russia"])  # 12 significant digits

    write_sweep_json(result, tmp_path / "sweep.json")
    data = json.loads((tmp_path / "sweep.json").read_text())
    assert data["varied"] == ["china_threat", "trust_gain"]
    assert data["axes"]["china_threat"] == [0.2, 0.7, 1.0]
    assert data["rows"] == rounded(rows)
    assert data["scenarios"][0]["id"] == "new-approach"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sweep.csv", "sweep.json"]  # no temp files left


def test_output_to_missing_folder(tmp_path: Path) -> None:
    result = sweep(load("textbook/chicken.yaml"), {"win": [1, 2]})
    for write in (write_sweep_csv, write_sweep_json):
        with pytest.raises(OutputError, match="does not exist"):
            write(result, tmp_path / "missing" / "out.csv")
    with pytest.raises(OutputError, match="folder"):
        write_sweep_csv(result, tmp_path)


def test_invalid_points_are_null_in_json(tmp_path: Path) -> None:
    path = tmp_path / "invalid_points.yaml"
    path.write_text(SCENARIO)
    with pytest.warns(ScenarioWarning):
        result = ns.sweep(ns.load_scenario(path), vary={"x": np.linspace(0, 2, 9)})
    write_sweep_json(result, tmp_path / "grid.json")
    rows = json.loads((tmp_path / "grid.json").read_text())["rows"]
    assert rows[0]["outcome"] == "" and rows[0]["valid"] is False and rows[0]["payoff_a"] is None
    write_sweep_csv(result, tmp_path / "grid.csv")
    assert (tmp_path / "grid.csv").read_text().splitlines()[1].startswith("0.0,invalid_points,,nan")


def test_summary_shares_add_up() -> None:
    result = sweep(load("islands/new_approach.yaml"), {"china_threat": np.linspace(0, 1, 11)})
    text = sweep_summary(result)
    assert text.splitlines()[0] == "Sweep over china_threat 0..1 (11): 11 points per scenario"
    shares = [float(line.split()[-1].rstrip("%")) for line in text.splitlines() if line.endswith("%")]
    assert shares and sum(shares) == pytest.approx(100, abs=0.5)
