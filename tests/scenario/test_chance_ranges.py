"""Chance probabilities checked over the declared parameter ranges (validate), not only at the defaults."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import negotiation_sim as ns
from negotiation_sim.cli import main
from negotiation_sim.errors import ScenarioWarning
from negotiation_sim.scenario.chance_ranges import chance_range_warnings

BUNDLED = sorted(ns.bundled_scenarios_dir().glob("**/*.yaml"))


def _tree(parameters: str, storm: str, calm: str, derived: str = "") -> str:
    return (
        "format: negotiation-sim/1\ntitle: Weather\nplayers: {a: {}, b: {}}\n"
        f"parameters:\n{parameters}"
        + (f"derived:\n{derived}" if derived else "")
        + "game:\n  kind: extensive\n  root: weather\n  nodes:\n    weather:\n      chance:\n"
        f"        storm: {{probability: '{storm}', next: pick}}\n"
        f"        calm: {{probability: '{calm}', next: pick}}\n"
        "    pick: {player: a, moves: {x: ox, y: oy}}\n"
        "  outcomes:\n    ox: {payoffs: {a: 1, b: 0}}\n    oy: {payoffs: {a: 0, b: 1}}\n"
    )


# Each case: parameters, the two probabilities, derived quantities, then the expected warning
# (its start and the parameter values it must name), or None when every point is valid.
CASES = {
    "valid everywhere": ("  p: {value: 0.5, range: [0, 1]}\n", "p", "1 - p", "", None),
    "above 1 at the top of the range": (
        "  p: {value: 0.5, range: [0, 1.5]}\n",
        "p",
        "1 - p",
        "",
        ("leave [0, 1]", "storm=1.05, calm=-0.05 at p=1.05;"),
    ),
    "negative at the bottom of the range": (
        "  p: {value: 0.5, range: [-0.5, 1]}\n",
        "p",
        "1 - p",
        "",
        ("leave [0, 1]", "storm=-0.5, calm=1.5 at p=-0.5;"),
    ),
    "do not sum to 1 away from the default": (
        "  p: {value: 0.5, range: [0, 1]}\n  q: {value: 0.5, range: [0.2, 0.8]}\n",
        "p",
        "q",
        "",
        ("do not sum to 1", "storm=0, calm=0.5 (sum 0.5) at p=0 (the other parameters at their defaults)"),
    ),
    "through a derived quantity": (
        "  p: {value: 0.5, range: [0, 1]}\n  boost: {value: 1, range: [1, 3]}\n",
        "share",
        "1 - share",
        "  share: p * boost\n",
        ("leave [0, 1]", "storm=1.05, calm=-0.05 at boost=2.1 (the other parameters at their defaults)"),
    ),
    "only where two parameters are high together": (
        "  p: {value: 0.2, range: [0, 0.6]}\n  q: {value: 0.2, range: [0, 0.6]}\n",
        "p + q",
        "1 - p - q",
        "",
        ("leave [0, 1]", "at p=0.6, q=0.6;"),
    ),
    "not finite": (
        "  p: {value: 1, range: [0, 2]}\n",
        "0.5 * p / p",
        "1 - 0.5 * p / p",
        "",
        ("are not finite numbers", "storm=nan, calm=nan at p=0;"),
    ),
    "parameters without a range are not varied": (
        "  p: 1.5\n  q: {value: 0.5, range: [0, 1]}\n",
        "q",
        "1 - q",
        "",
        None,
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_chance_range_warnings(case):
    parameters, storm, calm, derived, expected = CASES[case]
    text = _tree(parameters, storm, calm, derived)
    scenario = ns.parse_scenario(text)
    found = chance_range_warnings(scenario)
    if expected is None:
        assert found == ()
        return
    (warning,) = found
    what, where = expected
    assert warning.severity == "warning" and warning.key_path == "game.nodes.weather.chance"
    line = text.splitlines().index("      chance:") + 1
    assert (warning.file, warning.line, warning.column) == ("<string>", line, 7)
    assert warning.message.startswith(f"chance probabilities {what} inside the declared parameter ranges: ")
    assert where in warning.message
    assert "the defaults are valid, so this is only a warning" in warning.message


def test_the_warning_names_a_point_where_the_probabilities_really_are_invalid():
    scenario = ns.parse_scenario(_tree(CASES["only where two parameters are high together"][0], "p + q", "1 - p - q"))
    (warning,) = chance_range_warnings(scenario)
    point = warning.message.split(" at ")[1].split(";")[0]
    values = {k: float(v) for k, v in (item.split("=") for item in point.split(", "))}
    game = scenario.evaluate(values, invalid="mask")
    assert game.invalid is not None and bool(game.invalid)


def test_the_check_is_deterministic_and_cheap_on_many_parameters():
    parameters = "".join(f"  p{k}: {{value: 0.01, range: [0, 0.1]}}\n" for k in range(30))
    total = " + ".join(f"p{k}" for k in range(30))
    scenario = ns.parse_scenario(_tree(parameters, total, f"1 - ({total})"))
    first, second = chance_range_warnings(scenario), chance_range_warnings(scenario)
    assert first == second and len(first) == 1  # 30 parameters: random corners, same seed
    assert "leave [0, 1]" in first[0].message


def test_normal_form_games_and_trees_without_chance_have_nothing_to_check():
    assert chance_range_warnings(ns.load_scenario("textbook/prisoners_dilemma.yaml")) == ()
    assert chance_range_warnings(ns.load_scenario("textbook/entry_deterrence.yaml")) == ()


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_no_bundled_scenario_warns(path: Path):
    assert chance_range_warnings(ns.load_scenario(path)) == ()


def test_validate_prints_the_warning_and_still_exits_0(tmp_path):
    path = tmp_path / "weather.yaml"
    path.write_text(_tree(CASES["above 1 at the top of the range"][0], "p", "1 - p"))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert f"{path}:11:7: game.nodes.weather.chance: warning: chance probabilities leave [0, 1]" in result.stderr
    assert "at p=1.05;" in result.stderr
    assert f"{path}: ok" in result.stdout


def test_a_sweep_says_its_invalid_points_come_from_the_probabilities(tmp_path):
    scenario = ns.parse_scenario(_tree(CASES["above 1 at the top of the range"][0], "p", "1 - p"))
    with pytest.warns(ScenarioWarning, match=r"have invalid chance probabilities \(outside \[0, 1\]"):
        result = ns.sweep(scenario, vary={"p": np.linspace(0, 1.5, 7)})
    assert result.outcome_labels[""] == "invalid chance probabilities (outside [0, 1] or not summing to 1)"
    path = tmp_path / "weather.yaml"
    path.write_text(_tree(CASES["above 1 at the top of the range"][0], "p", "1 - p"))
    cli = CliRunner().invoke(main, ["sweep", str(path), "--vary", "p=0:1.5:7"])
    assert cli.exit_code == 0, cli.output
    assert "invalid chance probabilities (outside [0, 1] or not summing to 1)" in cli.stdout
    assert cli.stderr.count("warning:") == 1  # the exact change points do not repeat it


def test_a_threshold_that_bisects_into_invalid_points_finds_where_they_start():
    scenario = ns.parse_scenario(_tree(CASES["above 1 at the top of the range"][0], "p", "1 - p"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScenarioWarning)
        result = ns.threshold(scenario, "p")
    (change,) = result.changes
    assert change.at == pytest.approx(1.0, abs=1e-8)
    assert (change.below, change.above, change.above_ids) == ("ox", "", ())
