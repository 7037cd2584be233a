"""run_study: the one-at-a-time scans find known change points; maps, players and errors."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import negotiation_sim as ns
from negotiation_sim.analysis.study import SCAN_POINTS, run_study

TEXTBOOK = ns.bundled_scenarios_dir() / "textbook"
ISLANDS = ns.bundled_scenarios_dir() / "islands"
TUTORIAL = ns.bundled_scenarios_dir().parent / "docs" / "tutorial" / "wage_bargain.yaml"


@dataclass(frozen=True)
class Known:
    files: tuple[str, ...]
    parameter: str
    scenario: int | None  # which scenario's outcome changes; None: the comparison of `player`
    player: str | None
    at: float
    below: str
    above: str
    tie: bool | None  # None: the tie lies between grid points, so only an exact search sees it


KNOWN = [
    # The seller of chance_move prices high once a high-value buyer is likely enough: 3 = 9 p.
    Known(
        ("textbook/chance_move.yaml",),
        "p_high",
        0,
        None,
        1 / 3,
        "sale_low_price_high_value|sale_low_price_low_value",
        "no_sale|sale_high_price_high_value",
        None,
    ),
    # The island pair: the new approach beats territory-first for Japan above china_threat 0.3.
    Known(
        ("islands/territory_first.yaml", "islands/new_approach.yaml"),
        "china_threat",
        None,
        "japan",
        0.3,
        "a_better",
        "b_better",
        True,
    ),
]


def _load(names: tuple[str, ...]) -> list[ns.Scenario]:
    return [ns.load_scenario(ns.bundled_scenarios_dir() / n) for n in names]


@pytest.mark.parametrize("case", KNOWN, ids=lambda c: f"{c.files[-1]}:{c.parameter}")
def test_known_change_points(case):
    study = run_study(_load(case.files), points=5)
    scan = next(s for s in study.scans if s.parameter == case.parameter)
    changes = scan.changes[case.scenario] if case.scenario is not None else scan.comparison[case.player]
    step = (scan.high - scan.low) / (SCAN_POINTS - 1)
    match = [c for c in changes if abs(c.at - case.at) <= step]
    assert len(match) == 1, changes
    change = match[0]
    assert (change.below, change.above) == (case.below, case.above)
    if case.tie is not None:
        assert change.tie_at_boundary == case.tie
    assert change.bracket[0] <= case.at <= change.bracket[1] or change.bracket[0] == change.bracket[1]


def test_a_dominant_strategy_game_changes_nowhere_and_maps_the_widest_payoffs():
    study = run_study(_load(("textbook/prisoners_dilemma.yaml",)), points=5)
    assert not any(scan.changes_anything for scan in study.scans)
    assert study.maps is not None and study.maps_chosen
    # Nothing changes, so the maps vary the parameters that move the payoffs most.
    spans = {s.parameter: s.widest_span() for s in study.scans}
    assert spans[study.maps.varied[0]] == max(spans.values())


def test_the_tutorial_tie_is_one_change_with_a_tie():
    study = run_study([ns.load_scenario(TUTORIAL)], points=5)
    high_wage = next(s for s in study.scans if s.parameter == "high_wage")
    (change,) = high_wage.changes[0]
    assert change.at == pytest.approx(8.0) and change.tie_at_boundary
    assert (change.below, change.above) == ("high_deal", "low_deal")
    assert study.label("high_deal|low_deal") == "Either high wage agreed or low wage agreed"  # a tie (issue 15)


def test_vary_and_players_are_respected():
    pair = _load(("islands/territory_first.yaml", "islands/new_approach.yaml"))
    study = run_study(pair, vary={"china_threat": (0, 1, 11)}, players=["japan"])
    assert study.maps.varied == ("china_threat",) and not study.maps_chosen
    assert len(study.maps.axes[0]) == 11
    assert [t.player for t in study.tornados] == ["japan"]
    assert study.comparison is not None and set(study.scans[0].comparison) == {"japan"}


def test_overrides_hold_everywhere_except_on_the_varied_axis():
    sc = ns.load_scenario(ISLANDS / "new_approach.yaml")
    study = run_study([sc], overrides={"china_threat": 0.2}, vary={"china_threat": None}, points=5)
    assert study.solutions[0].parameters["china_threat"] == 0.2
    scan = next(s for s in study.scans if s.parameter == "china_threat")
    assert scan.value == 0.2


@pytest.mark.parametrize(
    ("files", "kwargs", "message"),
    [
        ((), {}, "one scenario or two"),
        (("textbook/chicken.yaml",) * 3, {}, "one scenario or two"),
        (("islands/parameters.yaml",), {}, "has no game"),
        (("textbook/chicken.yaml",), {"players": ["nobody"]}, "unknown player"),
        (("textbook/chicken.yaml",), {"vary": {"a": None, "b": None, "c": None}}, "at most twice"),
    ],
)
def test_invalid_requests_raise(files, kwargs, message):
    with pytest.raises(ns.ScenarioError, match=message):
        run_study(_load(files), **kwargs)
