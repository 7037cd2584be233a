"""Sweeps of larger normal forms enumerate each player's best-response polytope once per
distinct payoff table (tracker issue 16): the answers are those of solving every distinct
matrix from scratch, and the up-front time estimate counts tables, not matrices."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import negotiation_sim as ns
from negotiation_sim.errors import SolverError
from negotiation_sim.solvers.nash import nash_equilibria

BENCHMARK_SCENARIOS = Path(__file__).resolve().parents[2] / "benchmarks" / "scenarios"


def from_scratch(scenario: ns.Scenario, axes: dict[str, np.ndarray]) -> list[tuple[str, bool, float, float]]:
    """Each grid point's outcome, ties and first payoffs from ``nash_equilibria`` without a cache."""
    evaluation = scenario.evaluate(
        {k: v.reshape(v.shape + (1,) * (len(axes) - 1 - i)) for i, (k, v) in enumerate(axes.items())}
    )
    names = tuple(scenario.game.strategies)
    strategies = tuple(scenario.game.strategies[p] for p in names)
    a, b = (evaluation.matrices[p] for p in names)
    shape = a.shape[:2]
    a, b = a.reshape(*shape, -1), b.reshape(*shape, -1)
    answers = []
    for k in range(a.shape[2]):
        found = nash_equilibria(a[:, :, k], b[:, :, k])
        labels = {
            f"{strategies[0][int(np.argmax(e.row))]},{strategies[1][int(np.argmax(e.column))]}"
            if e.is_pure
            else "mixed"
            for e in found
        }
        answers.append(("|".join(sorted(labels)), len(found) > 1, found[0].row_payoff, found[0].column_payoff))
    return answers


def swept(scenario: ns.Scenario, axes: dict[str, np.ndarray]) -> list[tuple[str, bool, float, float]]:
    result = ns.sweep(scenario, axes)
    names = tuple(scenario.game.strategies)
    columns = [result.outcomes[0], result.ties[0], *(result.payoffs[0][p] for p in names)]
    return list(zip(*(c.ravel().tolist() for c in columns), strict=True))


@pytest.mark.parametrize("kind", ["generic", "degenerate"])
@pytest.mark.parametrize("parameter", ["row_bonus", "column_bonus", "common"])
def test_a_10x10_sweep_answers_as_solving_every_matrix_from_scratch(kind: str, parameter: str):
    scenario = ns.load_scenario(BENCHMARK_SCENARIOS / f"matrix_10x10_{kind}.yaml")
    low, high = scenario.parameters[parameter].range
    axes = {parameter: np.linspace(low, high, 6)}
    assert swept(scenario, axes) == from_scratch(scenario, axes)


def test_a_grid_with_one_parameter_per_player_answers_as_from_scratch():
    scenario = ns.load_scenario(BENCHMARK_SCENARIOS / "matrix_10x10_degenerate.yaml")
    axes = {"row_bonus": np.linspace(0, 2, 3), "column_bonus": np.linspace(0, 2, 3)}
    answers = swept(scenario, axes)
    assert answers == from_scratch(scenario, axes)
    assert len(set(answers)) > 1  # the grid crosses changes of the equilibrium set


def estimated_seconds(scenario: ns.Scenario, axes: dict[str, np.ndarray]) -> float:
    with pytest.raises(SolverError, match="NEGOTIATION_SIM_MAX_SWEEP_SECONDS") as refused:
        ns.sweep(scenario, axes)
    found = re.search(r"would take about (\d+) (s|min)\b", str(refused.value))
    assert found is not None, str(refused.value)
    return float(found[1]) * (60 if found[2] == "min" else 1)


def split_game(tmp_path: Path, size: int, row_cell: str, column_cell: str) -> ns.Scenario:
    """A ``size x size`` game whose players' payoffs are given by two cell formulas."""

    def table(cell: str) -> str:
        return ", ".join("[" + ", ".join(cell.format(i=i, j=j) for j in range(size)) + "]" for i in range(size))

    strategies = ", ".join(f"s{k}" for k in range(size))
    path = tmp_path / "split.yaml"
    path.write_text(
        f"""\
format: negotiation-sim/1
title: Two tables
players: {{a: {{}}, b: {{}}}}
parameters:
  x: {{value: 0.5, range: [0, 1]}}
  y: {{value: 0.5, range: [0, 1]}}
game:
  kind: normal
  strategies: {{a: [{strategies}], b: [{strategies}]}}
  payoffs:
    a: [{table(row_cell)}]
    b: [{table(column_cell)}]
""",
        encoding="utf-8",
    )
    return ns.load_scenario(path)


def test_the_estimate_counts_each_players_tables_once(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_SWEEP_SECONDS", "1")
    axes = {"x": np.linspace(0, 1, 60), "y": np.linspace(0, 1, 60)}  # 3,600 distinct 6 x 6 matrices
    cell = "{i} * x - {j} * y + {i} * {j} * x * y"
    unshared = estimated_seconds(split_game(tmp_path, 6, cell, cell), axes)  # x and y in both tables
    # x in the row player's payoffs only, y in the column player's: 60 + 60 tables.
    split = split_game(tmp_path, 6, "{i} * x - {j} + {i} * {j} * x", "{j} * y - {i} + {i} * {j} * y")
    with pytest.raises(SolverError, match=r"60 row-player and 60 column-player payoff tables enumerated once each"):
        ns.sweep(split, axes)
    assert estimated_seconds(split, axes) < unshared / 2


class SecondPerCall:
    """A clock that advances one second each time it is read."""

    def __init__(self) -> None:
        self.now = 0.0

    def perf_counter(self) -> float:
        self.now += 1.0
        return self.now


def test_the_measured_rate_is_per_unit_of_work_not_per_matrix(tmp_path: Path, monkeypatch):
    from negotiation_sim.analysis import sweep_normal

    monkeypatch.setenv("NEGOTIATION_SIM_MAX_SWEEP_SECONDS", "30")
    monkeypatch.setattr(sweep_normal, "time", SecondPerCall())
    # x in the row player's payoffs only: 30 matrices, 30 row tables, 1 column table.
    split = split_game(tmp_path, 6, "{i} * x - {j} + {i} * {j} * x", "{j} - {i} + {i} * {j}")
    # After the first matrix (one unit: both polytopes) the clock says 2 s per unit; the other
    # 29 matrices cost 0.25 + 0.75 / 2 units each: 19.1 units, about 38 s (60 s per matrix).
    with pytest.raises(
        SolverError, match=r"would take about 38 s \(2e\+03 ms for each from scratch, with the polytopes"
    ):
        ns.sweep(split, {"x": np.linspace(0, 1, 30)})
