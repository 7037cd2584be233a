"""Tornado analysis: sorted bars, baseline consistent with compare(), ranges, errors, outputs."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest

import negotiation_sim as ns
from negotiation_sim.analysis.compare import compare
from negotiation_sim.analysis.solve import solve
from negotiation_sim.analysis.tornado import FINE_POINTS, TornadoResult, tornado
from negotiation_sim.errors import ScenarioError

ISLANDS = ns.bundled_scenarios_dir() / "islands"


@pytest.fixture(scope="module")
def territory_first() -> ns.Scenario:
    return ns.load_scenario(ISLANDS / "territory_first.yaml")


@pytest.fixture(scope="module")
def new_approach() -> ns.Scenario:
    return ns.load_scenario(ISLANDS / "new_approach.yaml")


@pytest.fixture(scope="module")
def japan(territory_first, new_approach) -> TornadoResult:
    return tornado(territory_first, new_approach, "japan")


def _difference_by_solve(a, b, player, point):
    return solve(b, point).equilibria[0].payoffs[player] - solve(a, point).equilibria[0].payoffs[player]


def test_bars_are_sorted_by_swing(japan):
    swings = [bar.swing for bar in japan.bars]
    assert swings == sorted(swings, reverse=True)
    assert swings[0] > 0


def test_default_covers_every_shared_parameter_with_a_range(japan, territory_first, new_approach):
    expected = {
        n for n, p in territory_first.parameters.items() if p.range is not None and n in new_approach.parameters
    }
    assert {bar.parameter for bar in japan.bars} == expected
    assert len(japan.bars) == len(expected)


def test_baseline_equals_compare(territory_first, new_approach, japan):
    assert japan.baseline == compare([territory_first, new_approach]).difference["japan"]
    overrides = {"china_threat": 0.2, "trust_gain": 0.8}
    shifted = tornado(territory_first, new_approach, "russia", overrides, parameters=["aid_package"])
    assert shifted.baseline == compare([territory_first, new_approach], overrides).difference["russia"]


def test_parameter_that_does_not_matter_has_zero_swing(japan):
    # Neither approach moves the large islands for Japan at the defaults, so the military value
    # of the straits cannot change Japan's payoff under either.
    bar = next(b for b in japan.bars if b.parameter == "bastion_value")
    assert bar.swing == 0.0
    assert bar.difference_low == bar.difference_high == bar.minimum == bar.maximum == japan.baseline


def test_ends_match_point_solves(japan, territory_first, new_approach):
    for bar in japan.bars[:6]:
        low = _difference_by_solve(territory_first, new_approach, "japan", {bar.parameter: bar.low})
        high = _difference_by_solve(territory_first, new_approach, "japan", {bar.parameter: bar.high})
        assert bar.difference_low == pytest.approx(low, abs=1e-9)
        assert bar.difference_high == pytest.approx(high, abs=1e-9)


def test_bar_metadata_from_the_scenario(japan, territory_first):
    bar = next(b for b in japan.bars if b.parameter == "china_threat")
    parameter = territory_first.parameters["china_threat"]
    assert (bar.low, bar.high) == parameter.range
    assert bar.label == parameter.label
    assert bar.unit == "index"
    assert bar.display_label == "China's assertiveness (0 calm, 1 acute) [index]"
    assert bar.values == (0.0, 1.0)
    assert bar.differences == (bar.difference_low, bar.difference_high)


def test_min_and_max_see_inside_the_range(japan, territory_first, new_approach):
    # Japan's difference in russia_alignment_cost is not monotonic: highest inside the range.
    bar = next(b for b in japan.bars if b.parameter == "russia_alignment_cost")
    assert bar.maximum > max(bar.difference_low, bar.difference_high)
    scan = np.linspace(bar.low, bar.high, FINE_POINTS)
    inside = [_difference_by_solve(territory_first, new_approach, "japan", {"russia_alignment_cost": x}) for x in scan]
    assert bar.minimum == pytest.approx(min(inside))
    assert bar.maximum == pytest.approx(max(inside))
    for any_bar in japan.bars:
        assert any_bar.minimum <= min(any_bar.difference_low, any_bar.difference_high, japan.baseline)
        assert any_bar.maximum >= max(any_bar.difference_low, any_bar.difference_high, japan.baseline)
        assert any_bar.end_swing <= any_bar.swing


def test_points_gives_intermediate_values(territory_first, new_approach):
    result = tornado(territory_first, new_approach, "japan", parameters=["china_threat"], points=5)
    (bar,) = result.bars
    assert bar.values == (0.0, 0.25, 0.5, 0.75, 1.0)
    expected = [_difference_by_solve(territory_first, new_approach, "japan", {"china_threat": x}) for x in bar.values]
    assert bar.differences == pytest.approx(expected)


def test_overridden_parameter_is_released_while_swept(territory_first, new_approach):
    result = tornado(
        territory_first, new_approach, "japan", {"china_threat": 0.1}, parameters=["china_threat", "aid_package"]
    )
    bar = next(b for b in result.bars if b.parameter == "china_threat")
    plain = tornado(territory_first, new_approach, "japan", parameters=["china_threat"]).bars[0]
    assert (bar.difference_low, bar.difference_high) == (plain.difference_low, plain.difference_high)
    aid = next(b for b in result.bars if b.parameter == "aid_package")
    low = _difference_by_solve(territory_first, new_approach, "japan", {"china_threat": 0.1, "aid_package": 0})
    assert aid.difference_low == pytest.approx(low)
    assert dict(result.overrides) == {"china_threat": 0.1}


def test_rows_and_dict_are_json_ready(japan):
    rows = japan.to_rows()
    assert len(rows) == len(japan.bars)
    assert list(rows[0]) == [
        "player", "parameter", "label", "unit", "low", "high", "baseline",
        "difference_low", "difference_high", "minimum", "maximum", "swing",
    ]  # fmt: skip
    assert [r["parameter"] for r in rows] == [b.parameter for b in japan.bars]
    data = json.loads(json.dumps(japan.to_dict()))
    assert data["player"] == "japan"
    assert data["difference"] == "B - A"
    assert [s["id"] for s in data["scenarios"]] == ["territory-first", "new-approach"]
    assert data["bars"][0]["values"] == list(japan.bars[0].values)
    assert "player" not in data["bars"][0]


def test_result_is_frozen(japan):
    with pytest.raises(AttributeError):
        japan.baseline = 0.0  # type: ignore[misc]


def test_unknown_player_is_suggested(territory_first, new_approach):
    with pytest.raises(ScenarioError, match=r"unknown player 'japn'.*japan"):
        tornado(territory_first, new_approach, "japn")


def test_unknown_parameter_is_suggested(territory_first, new_approach):
    with pytest.raises(ScenarioError, match="china_threat"):
        tornado(territory_first, new_approach, "japan", parameters=["china_thret"])


@pytest.mark.parametrize("points", [1, 0, 2.5, True])
def test_points_must_be_at_least_two(territory_first, new_approach, points):
    with pytest.raises(ScenarioError, match="at least 2 points"):
        tornado(territory_first, new_approach, "japan", points=points)


def _write(tmp_path: Path, name: str, text: str) -> ns.Scenario:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return ns.load_scenario(path)


def test_parameter_without_range_is_refused_and_skipped_by_default(tmp_path):
    game = """\
        format: negotiation-sim/1
        title: {title}
        players:
          ann: {{label: Ann}}
          bob: {{label: Bob}}
        parameters:
          x: {{value: 1, range: [0, 2], label: a payoff, unit: utils, source: illustrative}}
          y: {{value: 1, label: no range, source: illustrative}}
        game:
          kind: extensive
          root: move
          nodes:
            move: {{player: ann, moves: {{go: done}}}}
          outcomes:
            done: {{payoffs: {{ann: "{payoff}", bob: "0"}}}}
        """
    a = _write(tmp_path, "a.yaml", game.format(title="A", payoff="x"))
    b = _write(tmp_path, "b.yaml", game.format(title="B", payoff="2 * x + y"))
    result = tornado(a, b, "ann")
    assert [bar.parameter for bar in result.bars] == ["x"]
    (bar,) = result.bars
    assert (bar.difference_low, bar.difference_high) == (1.0, 3.0)  # x + y at x = 0 and x = 2
    assert result.baseline == 2.0
    with pytest.raises(ScenarioError, match="declares no range"):
        tornado(a, b, "ann", parameters=["y"])
