"""Sweeps of normal forms solved matrix by matrix (larger than 5 x 5): trivial games need no
solver, and a sweep that would take minutes is refused up front with the estimate (tracker
issue 17); small games are solved in one batch (tracker issue 16)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

import negotiation_sim as ns
from negotiation_sim.errors import SolverError


def matrix_game(tmp_path: Path, size: int, cell: str) -> ns.Scenario:
    rows = ", ".join("[" + ", ".join(cell.format(i=i, j=j) for j in range(size)) + "]" for i in range(size))
    strategies = ", ".join(f"s{k}" for k in range(size))
    path = tmp_path / f"game{size}.yaml"
    path.write_text(
        f"""\
format: negotiation-sim/1
title: A {size} x {size} game
players: {{a: {{}}, b: {{}}}}
parameters:
  x: {{value: 0.5, range: [0, 1]}}
  y: {{value: 0.5, range: [0, 1]}}
game:
  kind: normal
  strategies: {{a: [{strategies}], b: [{strategies}]}}
  payoffs:
    a: [{rows}]
    b: [{rows}]
""",
        encoding="utf-8",
    )
    return ns.load_scenario(path)


def test_one_by_one_game_needs_no_solver(tmp_path: Path):
    scenario = matrix_game(tmp_path, 1, "x + 2 * y")
    axis = np.linspace(0, 1, 200)
    started = time.perf_counter()
    result = ns.sweep(scenario, {"x": axis, "y": axis})
    assert time.perf_counter() - started < 5.0  # was 53 s, one solver call per point
    assert result.distinct_matrices_solved == 0
    assert set(result.outcomes[0].ravel().tolist()) == {"s0,s0"}
    assert not result.ties[0].any()
    np.testing.assert_allclose(result.payoffs[0]["a"], axis[:, None] + 2 * axis[None, :])


def test_identical_matrices_are_solved_once(tmp_path: Path):
    scenario = matrix_game(tmp_path, 6, "{i} * {j} + (x > 0.5)")  # two distinct matrices on the grid
    result = ns.sweep(scenario, {"x": np.linspace(0, 1, 50)})
    assert result.distinct_matrices_solved == 2


def test_a_sweep_that_would_take_too_long_is_refused_up_front(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_SWEEP_SECONDS", "1")
    scenario = matrix_game(tmp_path, 6, "{i} * x - {j} * y + {i} * {j} * x * y")
    axis = np.linspace(0, 1, 40)  # 1,600 distinct 6 x 6 matrices, solved one by one
    started = time.perf_counter()
    with pytest.raises(
        SolverError, match=r"[0-9,]+ distinct 6 x 6 payoff matrices.*about .*NEGOTIATION_SIM_MAX_SWEEP_SECONDS"
    ):
        ns.sweep(scenario, {"x": axis, "y": axis})
    assert time.perf_counter() - started < 1.0  # refused before solving


def test_small_games_are_solved_in_one_batch_within_the_limit(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_SWEEP_SECONDS", "1")
    scenario = matrix_game(tmp_path, 3, "{i} * x - {j} * y + {i} * {j} * x * y")
    axis = np.linspace(0, 1, 40)  # 1,600 distinct 3 x 3 matrices, ties on the grid's edges
    result = ns.sweep(scenario, {"x": axis, "y": axis})
    assert result.distinct_matrices_solved <= 16


def test_a_cheap_sweep_of_a_larger_game_still_runs(tmp_path: Path):
    scenario = matrix_game(tmp_path, 6, "{i} * x - {j} + {i} * {j}")
    result = ns.sweep(scenario, {"x": np.linspace(0, 1, 5)})
    assert result.distinct_matrices_solved == 5
