"""Tests of negotiation_sim.analysis.compare: compare() and Comparison (a few read its table)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import negotiation_sim as ns
from negotiation_sim.analysis.compare import Comparison, compare
from negotiation_sim.analysis.solve import Solution, solve
from negotiation_sim.errors import ParameterRangeWarning, ScenarioError
from negotiation_sim.report import format_comparison

ISLANDS = ns.bundled_scenarios_dir() / "islands"
TEXTBOOK = ns.bundled_scenarios_dir() / "textbook"

HOLD_UP_REGION = {"china_threat": 0.2, "trust_gain": 0.8, "no_bases_pledge": 0.9}


@pytest.fixture(scope="module")
def territory_first() -> ns.Scenario:
    return ns.load_scenario(ISLANDS / "territory_first.yaml")


@pytest.fixture(scope="module")
def new_approach() -> ns.Scenario:
    return ns.load_scenario(ISLANDS / "new_approach.yaml")


@pytest.fixture(scope="module")
def at_defaults(territory_first, new_approach) -> Comparison:
    return compare([territory_first, new_approach])


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _normal_game(tmp_path: Path, name: str, title: str, ann: str, bob: str, *, parameter: str = "x") -> ns.Scenario:
    """A 2x2 game between Ann (rows up/down) and Bob (columns left/right)."""
    return ns.load_scenario(
        _write(
            tmp_path,
            f"{name}.yaml",
            f"""\
            format: negotiation-sim/1
            title: {title}
            players:
              ann: {{label: Ann}}
              bob: {{label: Bob}}
            parameters:
              {parameter}: {{value: 1, range: [0, 5], label: a payoff, unit: utils, source: illustrative}}
            game:
              kind: normal
              strategies:
                ann: [up, down]
                bob: [left, right]
              payoffs:
                ann: {ann}
                bob: {bob}
            """,
        )
    )


# --- islands at the defaults -------------------------------------------------------------------


def test_compare_islands_defaults_difference(at_defaults):
    tf, na = at_defaults.solutions
    assert isinstance(tf, Solution) and isinstance(na, Solution)
    assert tf.outcomes == ["impasse"]
    assert na.outcomes == ["cooperation_without_territory"]
    assert at_defaults.difference["japan"] == pytest.approx(2.0 - 0.0)
    assert at_defaults.difference["japan"] > 0
    assert at_defaults.difference["russia"] == pytest.approx(3.4 - 0.0)
    assert set(at_defaults.difference) == {"japan", "russia"}


def test_difference_is_last_minus_first(territory_first, new_approach, at_defaults):
    reverse = compare([new_approach, territory_first])
    for player, value in at_defaults.difference.items():
        assert reverse.difference[player] == pytest.approx(-value)


def test_difference_uses_first_equilibrium_of_each_solution(at_defaults):
    first, last = (s.equilibria[0] for s in at_defaults.solutions)
    for player in ("japan", "russia"):
        assert at_defaults.difference[player] == pytest.approx(last.payoffs[player] - first.payoffs[player])


def test_solutions_match_solve(territory_first, new_approach, at_defaults):
    for scenario, solution in zip((territory_first, new_approach), at_defaults.solutions, strict=True):
        direct = solve(scenario)
        assert solution.scenario is scenario
        assert solution.to_dict() == direct.to_dict()


def test_preferences_defaults(at_defaults):
    japan = at_defaults.preferences["japan"]
    russia = at_defaults.preferences["russia"]
    assert japan.startswith("Japan prefers New approach (2.0 vs 0.0)")
    assert "cooperation without territory" in japan
    assert "impasse" in japan
    assert russia.startswith("Russia prefers New approach (3.4 vs 0.0)")
    # One plain sentence per player, no hedging caveat when the ties do not change the outcome.
    for sentence in (japan, russia):
        assert sentence.endswith(".")
        assert sentence.count(". ") == 0
        assert "\n" not in sentence


def test_comparison_is_frozen(at_defaults):
    with pytest.raises(AttributeError):
        at_defaults.difference = {}  # type: ignore[misc]


def test_repr_is_short_and_str_is_readable(at_defaults):
    assert repr(at_defaults) == "Comparison(territory-first -> new-approach: japan +2.0, russia +3.4)"
    text = str(at_defaults)
    assert text.startswith("Comparison(territory-first -> new-approach")
    assert "japan: 0.0 -> 2.0 (difference +2.0)" in text
    assert "Japan prefers New approach" in text


# --- overrides ---------------------------------------------------------------------------------


def test_overrides_apply_to_every_scenario(territory_first, new_approach):
    result = compare([territory_first, new_approach], HOLD_UP_REGION)
    for solution in result.solutions:
        for name, value in HOLD_UP_REGION.items():
            assert solution.parameters[name] == value
    tf, na = result.solutions
    # Model 2: territory-first's tied hands win two islands first (Japan 1.5 = -0.5 + 3 - 1,
    # Russia 0.08); the new approach locks Japan in at coop_japan = -0.5 (island-model.md).
    assert tf.outcomes == ["deal_two_first"]
    assert na.outcomes == ["cooperation_without_territory"]
    assert result.difference["japan"] == pytest.approx(-2.0)
    assert result.difference["russia"] == pytest.approx(2.32)
    assert "two islands first" in result.preferences["japan"]


def test_low_china_threat_japan_prefers_territory_first(territory_first, new_approach):
    result = compare([territory_first, new_approach], {"china_threat": 0.1})
    assert result.solutions[1].outcomes == ["exploited"]
    assert result.difference["japan"] == pytest.approx(-0.75)
    assert result.preferences["japan"].startswith("Japan prefers Territory-first (0.0 vs -0.75)")
    # A label written as a clause ("Russia pockets ...") is not forced into "ends in".
    assert "that Russia pockets the upfront aid without aligning" in result.preferences["japan"]


def test_out_of_range_override_warns(territory_first, new_approach):
    with pytest.warns(ParameterRangeWarning, match="russia_cost_large"):
        compare([territory_first, new_approach], {"russia_cost_large": 0})


def test_ties_with_different_outcomes_are_reported(territory_first, new_approach):
    # At china_threat 0.9 Japan is indifferent under territory-first about two islands as final
    # and about backing down from the linkage, so the SPE reach the deal, the impasse or cooperation.
    result = compare([territory_first, new_approach], {"china_threat": 0.9})
    assert set(result.solutions[0].outcomes) == {"deal_two_final", "impasse", "cooperation_despite_linkage"}
    russia = result.preferences["russia"]
    assert "subgame-perfect equilibria with different outcomes" in russia
    assert "the first is used" in russia
    assert "worth 0.0 to 3.8 to Russia" in russia
    text = format_comparison(result, "text")
    assert "*" in text and "several equilibria" in text


def test_indifference(territory_first):
    result = compare([territory_first, territory_first])
    assert result.difference == {"japan": 0.0, "russia": 0.0}
    assert result.preferences["japan"].startswith("Japan is indifferent between")
    assert "(0.0 under both)" in result.preferences["japan"]


def test_indifferent_at_the_boundary_but_other_equilibria_differ(territory_first, new_approach):
    # china_threat 0.3: coop_japan = 0, so Japan's payoff is 0 both ways on the first SPE; at this
    # pledge Russia is indifferent under territory-first between no offer and two islands first
    # (coop_russia 2.6 = concession_two), which would give Japan 2.0.
    result = compare([territory_first, new_approach], {"china_threat": 0.3, "no_bases_pledge": 0.8125})
    japan = result.preferences["japan"]
    assert japan.startswith("Japan is indifferent between Territory-first and New approach (0.0 under both)")
    assert "worth 0.0 to 2.0 to Japan" in japan


def test_three_scenarios(territory_first, new_approach):
    choice = ns.load_scenario(ISLANDS / "approach_choice.yaml")
    result = compare([territory_first, new_approach, choice])
    assert len(result.solutions) == 3
    assert result.difference["japan"] == pytest.approx(2.0)  # last (choice) minus first
    japan = result.preferences["japan"]
    assert japan.startswith("Japan is indifferent between New approach and Approach choice (2.0 each)")
    assert "prefers them to Territory-first (0.0)" in japan
    text = format_comparison(result, "text")
    assert "last − first" in text.splitlines()[0]


# --- JSON shape --------------------------------------------------------------------------------


def test_to_dict_shape(at_defaults):
    data = at_defaults.to_dict()
    assert list(data) == ["scenarios", "difference", "preferences"]
    assert [s["scenario"]["id"] for s in data["scenarios"]] == ["territory-first", "new-approach"]
    assert data["scenarios"][0] == at_defaults.solutions[0].to_dict()
    assert data["difference"] == {"japan": pytest.approx(2.0), "russia": pytest.approx(3.4)}
    assert set(data["preferences"]) == {"japan", "russia"}
    text = json.dumps(data)
    assert json.loads(text)["difference"]["japan"] == pytest.approx(2.0)


def test_difference_has_no_float_noise(at_defaults):
    # The solver gives Russia 3.4000000000000004 (0.7 * 2 + 3 - 1 in floats); the difference is 3.4.
    assert json.dumps(at_defaults.to_dict()["difference"]) == '{"japan": 2.0, "russia": 3.4}'


def test_difference_within_tolerance_is_zero(territory_first, new_approach):
    # With china_threat = 0.1 + 0.2 (0.30000000000000004) coop_japan is 2.2e-16, not 0.
    result = compare([territory_first, new_approach], {"china_threat": 0.1 + 0.2})
    assert result.solutions[1].equilibria[0].payoffs["japan"] != 0.0
    assert result.difference["japan"] == 0.0


# --- errors ------------------------------------------------------------------------------------


def test_different_players_is_an_error():
    pd = ns.load_scenario(TEXTBOOK / "prisoners_dilemma.yaml")
    stag = ns.load_scenario(TEXTBOOK / "stag_hunt.yaml")
    with pytest.raises(ScenarioError, match="same players") as info:
        compare([pd, stag])
    message = str(info.value)
    assert "stag-hunt" in message and "hunter_a" in message and "suspect_a" in message


def test_islands_against_textbook_is_an_error(territory_first):
    with pytest.raises(ScenarioError, match="same players"):
        compare([territory_first, ns.load_scenario(TEXTBOOK / "stag_hunt.yaml")])


def test_unknown_override_names_every_scenario_and_suggests(territory_first, new_approach):
    with pytest.raises(ScenarioError) as info:
        compare([territory_first, new_approach], {"china_thret": 0.5})
    problems = info.value.problems
    assert len(problems) == 2
    assert "scenario 'territory-first'" in problems[0].message
    assert "scenario 'new-approach'" in problems[1].message
    assert all("did you mean 'china_threat'?" in p.message for p in problems)
    assert problems[0].file == territory_first.path


def test_override_missing_from_one_scenario_names_it(tmp_path):
    a = _normal_game(tmp_path, "a", "Game A", "[[x, 0], [0, 1]]", "[[1, 0], [0, 1]]", parameter="x")
    b = _normal_game(tmp_path, "b", "Game B", "[[y, 0], [0, 1]]", "[[1, 0], [0, 1]]", parameter="y")
    with pytest.raises(ScenarioError) as info:
        compare([a, b], {"x": 2})
    (problem,) = info.value.problems
    assert "scenario 'b'" in problem.message
    assert "no parameter 'x'" in problem.message
    assert problem.file == b.path


def test_derived_override_is_an_error(territory_first, new_approach):
    with pytest.raises(ScenarioError, match="'coop_japan' is a derived quantity"):
        compare([territory_first, new_approach], {"coop_japan": 1.0})


def test_fewer_than_two_scenarios(territory_first):
    with pytest.raises(ScenarioError, match="at least two"):
        compare([territory_first])


# --- normal-form scenarios ---------------------------------------------------------------------


def test_normal_form_positive_case(tmp_path):
    # A: a prisoner's dilemma; B: the same players with cooperation made dominant.
    a = _normal_game(tmp_path, "dilemma", "Dilemma", "[[3, 0], [5, x]]", "[[3, 5], [0, x]]")
    b = _normal_game(tmp_path, "harmony", "Harmony", "[[5, 3], [0, x]]", "[[5, 0], [3, x]]")
    result = compare([a, b])
    assert result.difference == {"ann": pytest.approx(4.0), "bob": pytest.approx(4.0)}
    ann = result.preferences["ann"]
    assert ann.startswith("Ann prefers Harmony (5.0 vs 1.0)")
    assert "Ann plays up and Bob plays left" in ann  # describes strategies, not outcomes
    assert "Ann plays down and Bob plays right" in ann
    text = format_comparison(result, "text")
    assert "equilibrium" in text.splitlines()[2]
    assert "(down, right)" in text and "(up, left)" in text
    assert "| Ann | 1.0 | 5.0 | +4.0 |" in format_comparison(result, "markdown")
    json.dumps(result.to_dict())


def test_normal_form_with_overrides(tmp_path):
    a = _normal_game(tmp_path, "dilemma", "Dilemma", "[[3, 0], [5, x]]", "[[3, 5], [0, x]]")
    b = _normal_game(tmp_path, "harmony", "Harmony", "[[5, 3], [0, x]]", "[[5, 0], [3, x]]")
    result = compare([a, b], {"x": 2})
    assert result.difference["ann"] == pytest.approx(3.0)


def test_normal_form_mixed_and_several_equilibria(tmp_path):
    # A coordination game has two pure equilibria and a mixed one: the sentence must say so.
    a = _normal_game(tmp_path, "coord", "Coordination", "[[2, 0], [0, 1]]", "[[1, 0], [0, 2]]")
    b = _normal_game(tmp_path, "pennies", "Pennies", "[[1, -1], [-1, 1]]", "[[-1, 1], [1, -1]]")
    result = compare([a, b])
    pennies = result.solutions[1].equilibria[0]
    assert pennies.payoffs["ann"] == pytest.approx(0.0)
    ann = result.preferences["ann"]
    assert ann.startswith("Ann prefers Coordination (2.0 vs 0.0)")
    assert "Ann mixes up 50%, down 50%" in ann
    assert "Under Coordination there are 3 Nash equilibria" in ann
    assert "up 50% down 50%" in format_comparison(result, "text")


def test_same_file_twice_gets_distinct_column_names(tmp_path):
    a = _normal_game(tmp_path, "g", "Game", "[[x, 0], [0, 1]]", "[[1, 0], [0, 1]]")
    header = format_comparison(compare([a, a]), "markdown").splitlines()[0]
    assert header == "|  | Game (#1) | Game (#2) | difference |"


# --- import hygiene ----------------------------------------------------------------------------


def test_import_does_not_pull_heavy_dependencies():
    code = (
        "import sys, negotiation_sim.analysis.compare\n"
        "print(sorted(m for m in ('matplotlib', 'scipy', 'nashpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_html_display_is_a_table_with_escaped_labels(at_defaults):
    html = at_defaults._repr_html_()
    assert html.startswith("<table>") and html.count("<tr>") == 1 + 1 + len(at_defaults.players)
    assert "Impasse (no settlement, limited cooperation)" in html and "+2.0" in html
