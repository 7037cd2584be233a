"""Thresholds: every change point is found, located to 1e-9 of the range and checked by solve()."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import negotiation_sim as ns
from negotiation_sim.analysis.compare import compare
from negotiation_sim.analysis.solve import solve
from negotiation_sim.analysis.threshold import TIE_SLIVER, threshold
from negotiation_sim.errors import ScenarioError
from negotiation_sim.scenario.schema import NormalGame

SCENARIOS = ns.bundled_scenarios_dir()


def load(relative: str):
    return ns.load_scenario(SCENARIOS / relative)


def outcome_at(scenario, point: dict[str, float]) -> str:
    """The outcome key of an independent single-point solve, in the sweep's convention."""
    solution = solve(scenario, point)
    if isinstance(scenario.game, NormalGame):
        names = []
        for eq in solution.equilibria:
            picked = [[s for s, p in mix.items() if p > 0] for mix in eq.strategies.values()]
            names.append(f"{picked[0][0]},{picked[1][0]}" if all(len(s) == 1 for s in picked) else "mixed")
        return "|".join(sorted(set(names)))
    reached = {o for dist in solution.analysis["outcome_distributions"] for o, p in dist.items() if p > 0}
    return "|".join(sorted(reached))


@dataclass(frozen=True)
class Case:
    scenario: str
    parameter: str
    at: list[float]  # every expected change, in order
    ties: list[bool]
    overrides: tuple[tuple[str, float], ...] = ()


CASES = [
    # 3 for sure at the low price against 9 p at the high one (DESIGN: chance nodes take expectations);
    # at p = 0 and 1 one buyer type is never drawn.
    Case("textbook/chance_move.yaml", "p_high", [0.0, 1 / 3, 1.0], [False, True, False]),
    # The ultimatum responder accepts every positive offer; nothing changes with the pie.
    Case("textbook/ultimatum.yaml", "pie", [], []),
    # Prisoner's dilemma: defection stays dominant over the whole declared range.
    Case("textbook/prisoners_dilemma.yaml", "temptation", [], []),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.scenario}:{c.parameter}" for c in CASES])
def test_known_thresholds(case):
    scenario = load(case.scenario)
    result = threshold(scenario, case.parameter, overrides=dict(case.overrides))
    assert [c.at for c in result.changes] == pytest.approx(case.at, abs=2e-9 * (result.high - result.low))
    assert [c.tie_at_boundary for c in result.changes] == case.ties


def check_against_solve(result, scenario) -> None:
    """Just below and just above each change, solve() gives the reported outcomes."""
    step = TIE_SLIVER * (result.high - result.low)  # outside the sliver of ties around a boundary
    points = [result.low, *(c.at for c in result.changes), result.high]
    assert points == sorted(points)
    for change in result.changes:
        if change.at - step > result.low:
            assert outcome_at(scenario, {result.parameter: change.at - step, **result.overrides}) == change.below
        if change.at + step < result.high:
            assert outcome_at(scenario, {result.parameter: change.at + step, **result.overrides}) == change.above
    for previous, following in zip(result.changes[:-1], result.changes[1:], strict=True):
        assert previous.above == following.below
    if result.changes:
        assert result.start == result.changes[0].below


ISLAND_PARAMETERS = ["china_threat", "russia_aid_value", "no_bases_pledge", "japan_cost_two_final", "aid_package"]


@pytest.mark.parametrize("name", ["islands/territory_first.yaml", "islands/new_approach.yaml"])
@pytest.mark.parametrize("parameter", ISLAND_PARAMETERS)
def test_island_changes_agree_with_solve(name, parameter):
    scenario = load(name)
    result = threshold(scenario, parameter)
    check_against_solve(result, scenario)


def test_a_narrow_region_between_two_grid_points_is_found():
    scenario = load("textbook/chance_move.yaml")
    coarse = threshold(scenario, "p_high", points=2)  # only p = 0 and p = 1 on the grid
    fine = threshold(scenario, "p_high")
    assert [c.at for c in coarse.changes] == pytest.approx([c.at for c in fine.changes], abs=2e-9)
    assert [(c.below, c.above) for c in coarse.changes] == [(c.below, c.above) for c in fine.changes]


def test_boundary_located_to_the_requested_precision():
    scenario = load("textbook/chance_move.yaml")
    for precision in (1e-3, 1e-6, 1e-9):
        change = threshold(scenario, "p_high", precision=precision).changes[1]
        assert abs(change.at - 1 / 3) <= precision


def test_comparison_changes_agree_with_compare():
    a, b = load("islands/territory_first.yaml"), load("islands/new_approach.yaml")
    for parameter in ISLAND_PARAMETERS:
        result = threshold([a, b], parameter, player="japan")
        step = 3e-9 * (result.high - result.low)
        for change in result.changes:
            for point, expected in ((change.at - step, change.below), (change.at + step, change.above)):
                if not result.low <= point <= result.high:
                    continue
                difference = compare([a, b], {parameter: point}).difference["japan"]
                found = "b_better" if difference > 0 else "a_better" if difference < 0 else "equal"
                assert found == expected, (parameter, point)


def test_record_follows_the_json_contract():
    record = threshold(load("textbook/chance_move.yaml"), "p_high").to_record()
    assert record["parameter"] == "p_high"
    change = record["changes"][1]
    assert set(change) >= {"at", "below", "above", "tie_at_boundary"}
    assert change["below_ids"] == ["sale_low_price_high_value", "sale_low_price_low_value"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"parameter": "p_hgh"}, "did you mean 'p_high'"),
        ({"parameter": "p_high", "overrides": {"p_high": 0.5}}, "both searched and fixed"),
        ({"parameter": "p_high", "precision": 2.0}, "precision must lie between 0 and 1"),
        ({"parameter": "p_high", "points": 1}, "points must be an integer of at least 2"),
        ({"parameter": "p_high", "player": "seller"}, "--player applies to two scenarios"),
    ],
)
def test_invalid_requests_are_errors(kwargs, message):
    with pytest.raises(ScenarioError, match=message):
        threshold(load("textbook/chance_move.yaml"), **kwargs)


def test_two_scenarios_need_a_known_player():
    a, b = load("islands/territory_first.yaml"), load("islands/new_approach.yaml")
    with pytest.raises(ScenarioError, match="no player given"):
        threshold([a, b], "china_threat")
    with pytest.raises(ScenarioError, match="did you mean 'japan'"):
        threshold([a, b], "china_threat", player="japn")
