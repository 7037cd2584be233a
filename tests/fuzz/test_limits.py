"""Every resource limit refuses oversized input quickly, with a message naming the limit's
environment variable; raising the limit (monkeypatch) lets the input through.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
from click.testing import CliRunner

import negotiation_sim as ns
from negotiation_sim.cli import main
from negotiation_sim.limits import Limits
from negotiation_sim.scenario.expressions import ExpressionError, parse_expression

HEADER = "format: negotiation-sim/1\ntitle: limits\nplayers: {a: {}, b: {}}\n"
NORMAL_GAME = "game: {kind: normal, strategies: {a: [x], b: [y]}, payoffs: {a: [[%s]], b: [[1]]}}\n"


def _refused(path, env: str, seconds: float = 10.0) -> str:
    start = time.perf_counter()
    with pytest.raises(ns.NegotiationSimError) as info:
        scenario = ns.load_scenario(path)
        ns.solve(scenario)
    assert time.perf_counter() - start < seconds
    message = str(info.value)
    assert env in message, message
    return message


def wide_tree(outcomes: int) -> str:
    lines = [
        HEADER.rstrip("\n"),
        "game:",
        "  kind: extensive",
        "  root: r",
        "  nodes:",
        "    r:",
        "      player: a",
        "      moves:",
    ]
    lines += [f"        m{i}: o{i}" for i in range(outcomes)]
    lines += ["  outcomes:"] + [f"    o{i}: {{payoffs: {{a: {i % 997}, b: 1}}}}" for i in range(outcomes)]
    return "\n".join(lines) + "\n"


def test_file_size_limit(tmp_path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(HEADER + "# padding\n" * 120_000)
    message = _refused(path, "NEGOTIATION_SIM_MAX_FILE_BYTES")
    assert "limit is 1048576" in message
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "NEGOTIATION_SIM_MAX_FILE_BYTES" in result.stderr


def test_alias_limit(tmp_path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text(HEADER + "x: &v 1\ny: [" + ", ".join(["*v"] * 101) + "]\n")
    _refused(path, "NEGOTIATION_SIM_MAX_ALIASES")


def test_nesting_limit(tmp_path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(HEADER + "description: " + "[" * 65 + "]" * 65 + "\n")
    _refused(path, "NEGOTIATION_SIM_MAX_DEPTH")


def test_yaml_value_limit_counts_alias_expansions(tmp_path) -> None:
    path = tmp_path / "expansion.yaml"
    path.write_text(HEADER + "x: &v [" + ", ".join(["1"] * 3000) + "]\ny: [" + ", ".join(["*v"] * 70) + "]\n")
    _refused(path, "NEGOTIATION_SIM_MAX_YAML_NODES")


def test_yaml_value_limit_stops_reading_early(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_FILE_BYTES", str(1 << 30))
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_YAML_NODES", str(20_000))
    path = tmp_path / "values.yaml"
    path.write_text(HEADER + "sources:\n" + "  - s\n" * 400_000)
    _refused(path, "NEGOTIATION_SIM_MAX_YAML_NODES", seconds=5.0)


def test_expression_length_limit(tmp_path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(HEADER + NORMAL_GAME % ('"' + " + ".join(["1"] * 1200) + '"'))
    _refused(path, "NEGOTIATION_SIM_MAX_EXPRESSION_LENGTH")


@pytest.mark.parametrize(
    "text", ["(" * 60 + "1" + ")" * 60, "-" * 60 + "1", "2 ** " * 100 + "1", "max(" * 55 + "1" + ", 1)" * 55]
)
def test_expression_depth_limit(text: str) -> None:
    with pytest.raises(ExpressionError, match=r"NEGOTIATION_SIM_MAX_EXPRESSION_DEPTH|nest"):
        parse_expression(text)


def test_deep_unsupported_expression_is_refused_without_recursion_error() -> None:
    with pytest.raises(ExpressionError, match="not allowed"):
        parse_expression("not " * 400 + "1")


def test_expression_limits_can_be_raised(monkeypatch) -> None:
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_EXPRESSION_DEPTH", str(120))
    assert float(parse_expression("(" * 100 + "1" + ")" * 100)({})) == 1.0


@pytest.mark.parametrize(
    "text", ["9 ** 9 ** 9", "10 ** 10 ** 10", "(9 ** 9) ** (9 ** 9)", "exp(exp(exp(9)))", "10 ** 400", "2 ** -100000"]
)
def test_huge_exponents_do_not_hang(tmp_path, text: str) -> None:
    start = time.perf_counter()
    value = parse_expression(text)({})
    assert time.perf_counter() - start < 1.0
    assert np.isinf(value) or value == 0.0
    path = tmp_path / "power.yaml"
    path.write_text(HEADER + NORMAL_GAME % f'"{text}"')
    start = time.perf_counter()
    if value == 0.0:
        ns.solve(ns.load_scenario(path))
    else:
        with pytest.raises(ns.ScenarioError, match=r"power.yaml:\d+:\d+: .*infinite"):
            ns.load_scenario(path)
    assert time.perf_counter() - start < 2.0


def test_huge_integer_literal_is_refused() -> None:
    with pytest.raises(ExpressionError, match="too large"):
        parse_expression("9" * 1000)


def test_200k_outcome_tree_is_refused_by_the_file_size_limit(tmp_path) -> None:
    path = tmp_path / "wide.yaml"
    path.write_text(wide_tree(200_000))
    assert path.stat().st_size > 1 << 20
    _refused(path, "NEGOTIATION_SIM_MAX_FILE_BYTES", seconds=2.0)


@pytest.mark.slow
def test_200k_outcome_tree_with_the_size_limit_raised_is_refused_quickly(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_FILE_BYTES", str(1 << 30))
    path = tmp_path / "wide.yaml"
    path.write_text(wide_tree(200_000))
    # The YAML value limit (200,000) refuses it while reading, before the tree limit.
    _refused(path, "NEGOTIATION_SIM_MAX_YAML_NODES", seconds=30.0)


def test_tree_node_limit(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_TREE_NODES", str(1000))
    path = tmp_path / "wide.yaml"
    path.write_text(wide_tree(1000))
    _refused(path, "NEGOTIATION_SIM_MAX_TREE_NODES")
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_TREE_NODES", str(5000))
    start = time.perf_counter()
    solution = ns.solve(ns.load_scenario(path))
    assert time.perf_counter() - start < 10.0
    assert solution.outcomes == ["o996"]


def test_unfolded_tree_limit(tmp_path) -> None:
    # 40 nodes, each with two moves to the next one: 2**40 paths once unfolded.
    nodes = "\n".join(f"    n{i}: {{player: {'ab'[i % 2]}, moves: {{l: n{i + 1}, r: n{i + 1}}}}}" for i in range(40))
    path = tmp_path / "dag.yaml"
    path.write_text(
        HEADER + f"game:\n  kind: extensive\n  root: n0\n  nodes:\n{nodes}\n"
        "    n40: {player: a, moves: {stop: end}}\n  outcomes:\n    end: {payoffs: {a: 1, b: 1}}\n"
    )
    _refused(path, "NEGOTIATION_SIM_MAX_UNFOLDED_NODES")


def test_sweep_grid_limit(monkeypatch) -> None:
    scenario = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
    with pytest.raises(ns.ScenarioError, match="NEGOTIATION_SIM_MAX_GRID_POINTS"):
        ns.sweep(scenario, {"win": np.linspace(0, 1, 1001), "crash_cost": np.linspace(1, 2, 1001)})
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_GRID_POINTS", str(10))
    with pytest.raises(ns.ScenarioError, match="NEGOTIATION_SIM_MAX_GRID_POINTS"):
        ns.sweep(scenario, {"win": [1, 2, 3, 4], "crash_cost": [10, 20, 30]})


def test_spe_enumeration_limit(tmp_path, monkeypatch) -> None:
    # 12 decision nodes with two tied moves each: 4096 subgame-perfect equilibria.
    nodes = "\n".join(f"    n{i}: {{player: a, moves: {{l: n{i + 1}, r: n{i + 1}}}}}" for i in range(12))
    path = tmp_path / "ties.yaml"
    path.write_text(
        HEADER + f"game:\n  kind: extensive\n  root: n0\n  nodes:\n{nodes}\n"
        "    n12: {player: b, moves: {stop: end}}\n  outcomes:\n    end: {payoffs: {a: 1, b: 1}}\n"
    )
    start = time.perf_counter()
    solution = ns.solve(ns.load_scenario(path))
    assert time.perf_counter() - start < 10.0
    assert solution.analysis["spe_count"] == 4096
    assert len(solution.equilibria) == Limits().max_equilibria == 1000
    assert any("4096" in note for note in solution.notes)
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_EQUILIBRIA", str(10))
    from negotiation_sim.solvers.spe import spe_solve

    evaluation = ns.load_scenario(path).evaluate()
    result = spe_solve(evaluation)
    assert result.truncated and len(result.equilibria) == 10 and result.count == 4096


@pytest.mark.parametrize("size", [2, 3, 4, 5, 6, 7, 8])
@pytest.mark.parametrize("kind", ["zeros", "identity", "blocks"])
def test_degenerate_games_with_many_equilibria_are_bounded(size: int, kind: str) -> None:
    if kind == "zeros":
        a = np.zeros((size, size))
    elif kind == "identity":
        a = np.eye(size)
    else:
        a = np.kron(np.eye(2), np.ones((size // 2 or 1, size // 2 or 1)))[:size, :size]
        a = np.pad(a, ((0, size - a.shape[0]), (0, size - a.shape[1])))
    sc_path_free = a  # both players get the same payoffs (a coordination game)
    start = time.perf_counter()
    from negotiation_sim.solvers.nash import analyse_bimatrix

    result = analyse_bimatrix(sc_path_free, sc_path_free.copy())
    assert time.perf_counter() - start < 10.0
    assert len(result.equilibria) >= 1
    if kind == "zeros":
        assert len(result.equilibria) == size * size  # every pure profile is an extreme equilibrium


def test_reduced_normal_form_plan_limit(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_PLANS", str(8))
    nodes = "\n".join(f"    n{i}: {{player: a, moves: {{l: n{i + 1}, r: n{i + 1}}}}}" for i in range(4))
    path = tmp_path / "plans.yaml"
    path.write_text(
        HEADER + f"game:\n  kind: extensive\n  root: n0\n  nodes:\n{nodes}\n"
        "    n4: {player: b, moves: {stop: end}}\n  outcomes:\n    end: {payoffs: {a: 1, b: 1}}\n"
    )
    with pytest.raises(ns.SolverError, match="NEGOTIATION_SIM_MAX_PLANS"):
        ns.solve(ns.load_scenario(path), concept="nash")
