"""Required behaviours of the flagship island model (DESIGN §5, DOMAIN.md's back-test).

These tests pin the model, not the solver: they solve the bundled scenarios in
``scenarios/islands/`` at chosen parameter points and check the equilibrium outcomes the
design and the domain notes require.
"""

from __future__ import annotations

import itertools

import pytest
import yaml

import negotiation_sim as ns
from negotiation_sim.analysis.solve import Solution, solve
from negotiation_sim.errors import ParameterRangeWarning

ISLANDS = ns.bundled_scenarios_dir() / "islands"
HISTORY = ISLANDS / "history"

# DESIGN.md §5: the public contract of the bundled scenarios (name: default, low, high).
DESIGN_PARAMETERS: dict[str, tuple[float, float, float]] = {
    "japan_value_small": (3, 0.5, 6),
    "japan_value_large": (7, 3, 10),
    "japan_cost_two_final": (6, 0, 10),
    "japan_cost_two_first": (1, 0, 4),
    "russia_cost_small": (2, 0, 8),
    "russia_cost_large": (5, 1, 12),
    "bastion_value": (4, 0, 10),
    "us_russia_tension": (0.6, 0, 1),
    "us_base_fear": (2, 0, 5),
    "no_bases_pledge": (0.3, 0, 1),
    "aid_package": (1, 0, 3),
    "japan_aid_cost": (1.5, 0.5, 4),
    "russia_aid_value": (3, 0.5, 6),
    "china_threat": (0.7, 0, 1),
    "japan_hedge_value": (5, 0, 10),
    "russia_hedge_value": (2, 0, 6),
    "trust_gain": (0.3, 0, 0.9),
    "upfront_share": (0.5, 0.1, 0.9),
    "russia_finality_value": (1, 0, 4),
    "russia_alignment_cost": (1, 0, 4),
}

DEAL_OUTCOMES = ("deal_two_first", "deal_two_final", "deal_four")

# A credible no-bases pledge, as in DESIGN §5's hold-up discussion.
CREDIBLE_PLEDGE = {"no_bases_pledge": 0.9}

# Everything that makes the large islands dear to Russia removed (DESIGN §5, "Limits").
LARGE_ISLANDS_CHEAP = {"bastion_value": 0, "us_russia_tension": 0, "russia_cost_large": 0, "us_base_fear": 0}

# The 2020 constitutional ban: Russia's domestic costs at the tops of their ranges.
BAN = {"russia_cost_small": 8, "russia_cost_large": 12}


def _load(name: str) -> ns.Scenario:
    return ns.load_scenario(ISLANDS / name)


@pytest.fixture(scope="module")
def territory_first() -> ns.Scenario:
    return _load("territory_first.yaml")


@pytest.fixture(scope="module")
def new_approach() -> ns.Scenario:
    return _load("new_approach.yaml")


@pytest.fixture(scope="module")
def approach_choice() -> ns.Scenario:
    return _load("approach_choice.yaml")


def _bare(outcome: str) -> str:
    """``na.deal_four`` -> ``deal_four``."""
    return outcome.rsplit(".", 1)[-1]


def _structure(game) -> tuple:
    """A game's tree and payoff texts, comparable across loads (expressions compare by identity)."""
    nodes = {k: (getattr(n, "player", None), n.label, dict(n.moves)) for k, n in game.nodes.items()}
    outcomes = {k: (o.label, {p: e.source for p, e in o.payoffs.items()}) for k, o in game.outcomes.items()}
    return game.kind, game.players, game.root, nodes, outcomes


def _transfers(solution: Solution) -> list[str]:
    """Outcomes of any SPE in which islands change hands."""
    return [o for o in solution.outcomes if _bare(o) in DEAL_OUTCOMES]


# --- the defaults ------------------------------------------------------------------------------


def test_territory_first_defaults_impasse(territory_first):
    solution = solve(territory_first)
    assert solution.concept == "spe"
    assert solution.outcomes == ["impasse"]
    for eq in solution.equilibria:
        assert eq.outcomes == {"impasse": 1.0}
        assert eq.payoffs == {"japan": pytest.approx(0.0), "russia": pytest.approx(0.0)}


def test_new_approach_defaults_cooperation_without_territory(new_approach):
    solution = solve(new_approach)
    assert solution.outcomes == ["cooperation_without_territory"]
    first = solution.equilibria[0]
    assert first.strategies["russia"]["cooperate"] == "reciprocate"
    assert first.strategies["russia"]["offer"] == "none"
    assert first.strategies["japan"]["japan_without_deal"] == "continue"
    assert first.path == ("cooperate=reciprocate", "offer=none", "japan_without_deal=continue")
    assert first.payoffs == {"japan": pytest.approx(2.0), "russia": pytest.approx(3.4)}
    # Every SPE reciprocates and keeps cooperating (the two_final tie changes nothing).
    for eq in solution.equilibria:
        assert eq.strategies["russia"]["cooperate"] == "reciprocate"
        assert eq.strategies["japan"]["japan_without_deal"] == "continue"
        assert eq.outcomes == {"cooperation_without_territory": 1.0}


def test_approach_choice_defaults_picks_new_approach(approach_choice):
    solution = solve(approach_choice)
    assert solution.outcomes == ["na.cooperation_without_territory"]
    for eq in solution.equilibria:
        assert eq.strategies["japan"]["approach"] == "new_approach"
        assert eq.path[0] == "approach=new_approach"
        assert all(outcome.startswith("na.") for outcome in eq.outcomes)


def test_japan_better_off_under_new_approach(territory_first, new_approach):
    tf = solve(territory_first).equilibria[0].payoffs["japan"]
    na = solve(new_approach).equilibria[0].payoffs["japan"]
    assert na > tf
    assert (tf, na) == (pytest.approx(0.0), pytest.approx(2.0))


def test_derived_quantities_at_defaults(new_approach):
    values = new_approach.evaluate().values
    assert float(values["coop_japan"]) == pytest.approx(2.0)
    assert float(values["coop_russia"]) == pytest.approx(3.4)
    assert float(values["base_fear"]) == pytest.approx(1.4)
    assert float(values["bastion"]) == pytest.approx(6.4)


# --- the hold-up -------------------------------------------------------------------------------


def test_hold_up_russia_offers_nothing_at_defaults(new_approach, territory_first):
    assert float(new_approach.evaluate().values["coop_japan"]) > 0  # Japan needs Russia against China
    solution = solve(new_approach)
    assert solution.equilibria[0].strategies["russia"]["offer"] == "none"
    assert _transfers(solution) == []
    assert _transfers(solve(territory_first)) == []


def test_hold_up_walk_away_is_not_credible_at_defaults(new_approach):
    # After a refusal Japan continues (coop_japan 2) rather than withdraw (its upfront part, 1):
    # Japan accepts two islands first when offered, yet Russia prefers to keep the cooperation.
    first = solve(new_approach).equilibria[0]
    assert first.strategies["japan"]["japan_without_deal"] == "continue"
    assert first.strategies["japan"]["japan_on_two_first"] == "accept"


def test_hold_up_islands_move_on_part_of_the_grid(new_approach):
    """Where Japan can walk away (low china_threat) and trust is high, two islands move first."""
    threats = (0.0, 0.1, 0.2, 0.5, 0.7, 0.9)
    trusts = (0.0, 0.3, 0.6, 0.9)
    outcomes = {
        (ct, tg): solve(new_approach, {**CREDIBLE_PLEDGE, "china_threat": ct, "trust_gain": tg}).outcomes
        for ct, tg in itertools.product(threats, trusts)
    }
    with_deal = {point for point, found in outcomes.items() if "deal_two_first" in found}
    assert with_deal, "two islands first should appear somewhere on the grid"
    assert len(with_deal) < len(outcomes), "two islands first should not appear everywhere"
    # Only where Japan's walk-away is credible (coop_japan < 0, i.e. china_threat < 0.3).
    assert all(ct < 0.3 for ct, _ in with_deal)
    assert (0.1, 0.9) in with_deal
    # Where Japan needs Russia, the hold-up: cooperation without territory, whatever the trust.
    for ct, tg in itertools.product((0.5, 0.7, 0.9), trusts):
        assert outcomes[ct, tg] == ["cooperation_without_territory"]


def test_hold_up_example_point_in_approach_choice(approach_choice):
    # DESIGN §5 / island-model.md: china_threat 0.2, trust_gain 0.8, pledge 0.9 -> two islands first.
    solution = solve(approach_choice, {**CREDIBLE_PLEDGE, "china_threat": 0.2, "trust_gain": 0.8})
    assert solution.outcomes == ["na.deal_two_first"]
    assert solution.equilibria[0].payoffs == {"japan": pytest.approx(1.5), "russia": pytest.approx(1.8)}


def test_low_china_threat_russia_exploits(new_approach):
    solution = solve(new_approach, {"china_threat": 0.1})
    assert solution.outcomes == ["exploited"]
    for eq in solution.equilibria:
        assert eq.strategies["russia"]["cooperate"] == "exploit"


def test_low_china_threat_japan_falls_back_on_territory_first(approach_choice):
    solution = solve(approach_choice, {"china_threat": 0.1})
    assert solution.outcomes == ["tf.impasse"]
    assert solution.equilibria[0].strategies["russia"]["na.cooperate"] == "exploit"


# --- limits of the model -----------------------------------------------------------------------


def test_four_islands_move_when_they_are_cheap_for_russia(approach_choice):
    # russia_cost_large = 0 lies below its declared range [1, 12].
    with pytest.warns(ParameterRangeWarning, match="russia_cost_large"):
        solution = solve(approach_choice, {**LARGE_ISLANDS_CHEAP, "russia_aid_value": 6})
    assert any(_bare(o) == "deal_four" for o in solution.outcomes)
    assert solution.outcomes == ["tf.deal_four"]
    assert solution.equilibria[0].payoffs["japan"] == pytest.approx(12.0)
    assert solution.equilibria[0].payoffs["russia"] == pytest.approx(5.4)


def test_four_islands_move_at_bottom_of_declared_range(approach_choice):
    # The same with russia_cost_large = 1 (inside the range): no warning, same outcome.
    solution = solve(approach_choice, {**LARGE_ISLANDS_CHEAP, "russia_cost_large": 1, "russia_aid_value": 6})
    assert solution.outcomes == ["tf.deal_four"]


def test_constitutional_ban_allows_no_transfer(territory_first, new_approach, approach_choice):
    for scenario in (territory_first, new_approach, approach_choice):
        assert _transfers(solve(scenario, BAN)) == [], scenario.id
    assert solve(territory_first, BAN).outcomes == ["impasse"]
    assert solve(new_approach, BAN).outcomes == ["cooperation_without_territory"]


def test_constitutional_ban_no_transfer_across_china_threat_and_trust(approach_choice):
    for ct, tg in itertools.product((0.0, 0.2, 0.5, 0.9), (0.0, 0.45, 0.9)):
        solution = solve(approach_choice, {**BAN, "china_threat": ct, "trust_gain": tg})
        assert _transfers(solution) == [], (ct, tg)


@pytest.mark.parametrize(
    "override",
    [{"china_threat": 1.5}, {"trust_gain": -0.1}, {"russia_cost_small": 9}],
    ids=["china_threat=1.5", "trust_gain=-0.1", "russia_cost_small=9"],
)
def test_out_of_range_overrides_warn(new_approach, override):
    (name,) = override
    with pytest.warns(ParameterRangeWarning, match=f"parameter '{name}'.*outside its declared range"):
        solve(new_approach, override)


# --- history -----------------------------------------------------------------------------------

# DOMAIN.md's back-test table: file, the outcome(s) the model must give.
BACK_TEST = [
    pytest.param("territory_first.yaml", ["impasse"], id="before-2016-territory-first"),
    pytest.param("new_approach.yaml", ["cooperation_without_territory"], id="2016-nagato"),
    pytest.param("history/2018_singapore.yaml", ["cooperation_without_territory"], id="2018-singapore"),
    pytest.param("history/2020_amendment.yaml", ["na.cooperation_without_territory"], id="2020-amendment"),
    pytest.param("history/2022_sanctions.yaml", ["tf.impasse"], id="2022-sanctions"),
]


@pytest.mark.parametrize(("name", "expected"), BACK_TEST)
def test_back_test(name, expected):
    solution = solve(_load(name))
    assert solution.outcomes == expected
    assert _transfers(solution) == []


def test_2018_singapore_no_transfer_whatever_the_pledge():
    singapore = _load("history/2018_singapore.yaml")
    assert singapore.parameters["no_bases_pledge"].value == 0.7
    for pledge in (0.0, 0.5, 1.0):
        solution = solve(singapore, {"no_bases_pledge": pledge})
        assert solution.outcomes == ["cooperation_without_territory"]
        assert solution.equilibria[0].strategies["russia"]["offer"] == "none"


def test_2020_amendment_no_transfer_under_either_approach():
    amendment = _load("history/2020_amendment.yaml")
    # The approach_choice tree holds both approaches; force each by solving the files it imports
    # at the 2020 parameters.
    values = amendment.defaults()
    changed = {k: v for k, v in values.items() if v != DESIGN_PARAMETERS[k][0]}
    assert changed == {"russia_cost_small": 8, "russia_cost_large": 12}
    assert solve(_load("territory_first.yaml"), changed).outcomes == ["impasse"]
    assert solve(_load("new_approach.yaml"), changed).outcomes == ["cooperation_without_territory"]
    assert solve(amendment).equilibria[0].strategies["japan"]["approach"] == "new_approach"


def test_2022_sanctions_cooperation_ends():
    sanctions = _load("history/2022_sanctions.yaml")
    solution = solve(sanctions)
    assert solution.outcomes == ["tf.impasse"]
    for eq in solution.equilibria:
        assert eq.strategies["japan"]["approach"] == "territory_first"
        assert eq.strategies["russia"]["na.cooperate"] == "exploit"  # Russia would pocket the aid
        assert eq.payoffs == {"japan": pytest.approx(0.0), "russia": pytest.approx(0.0)}
    values = sanctions.evaluate().values
    assert float(values["coop_japan"]) < 0  # cooperation is no longer worth it to Japan
    # Under the new approach alone, cooperation would not survive either.
    na = solve(_load("new_approach.yaml"), {k: sanctions.defaults()[k] for k in DESIGN_PARAMETERS})
    assert "cooperation_without_territory" not in na.outcomes


# --- parameters: documentation and the DESIGN §5 contract ---------------------------------------


@pytest.fixture(scope="module")
def parameters() -> ns.Scenario:
    return _load("parameters.yaml")


def test_parameters_file_has_no_game(parameters):
    assert parameters.game is None
    assert {d.name for d in parameters.derived} == {"coop_japan", "coop_russia", "base_fear", "bastion"}


def test_parameters_match_design_table(parameters):
    assert set(parameters.parameters) == set(DESIGN_PARAMETERS)
    for name, (default, low, high) in DESIGN_PARAMETERS.items():
        parameter = parameters.parameters[name]
        assert parameter.value == default, name
        assert parameter.range == (low, high), name


@pytest.mark.parametrize("name", sorted(DESIGN_PARAMETERS))
def test_parameter_is_documented(parameters, name):
    parameter = parameters.parameters[name]
    assert parameter.source.strip(), f"{name} has no source"
    assert parameter.label.strip(), f"{name} has no label"
    assert parameter.unit.strip(), f"{name} has no unit"
    assert parameter.range is not None, f"{name} has no range"
    low, high = parameter.range
    assert low <= parameter.value <= high


def test_derived_formulas_match_design(parameters):
    # DESIGN §5 "Derived quantities", checked at an arbitrary non-default point.
    point = {
        "china_threat": 0.4, "japan_hedge_value": 6, "aid_package": 2, "japan_aid_cost": 0.7,
        "russia_hedge_value": 3, "russia_aid_value": 1.5, "russia_alignment_cost": 0.5,
        "us_base_fear": 3, "no_bases_pledge": 0.25, "bastion_value": 5, "us_russia_tension": 0.2,
    }  # fmt: skip
    values = parameters.evaluate(point).values
    assert float(values["coop_japan"]) == pytest.approx(0.4 * 6 - 2 * 0.7)
    assert float(values["coop_russia"]) == pytest.approx(0.4 * 3 + 2 * 1.5 - 0.5)
    assert float(values["base_fear"]) == pytest.approx(3 * (1 - 0.25))
    assert float(values["bastion"]) == pytest.approx(5 * (1 + 0.2))


@pytest.mark.parametrize("name", ["territory_first.yaml", "new_approach.yaml", "approach_choice.yaml"])
def test_strategy_files_share_the_parameters(name, parameters):
    scenario = _load(name)
    assert scenario.player_ids == ("japan", "russia")
    assert scenario.parameters == parameters.parameters


# --- history files change only parameters ------------------------------------------------------

HISTORY_FILES = sorted(p.name for p in HISTORY.glob("*.yaml"))


def test_history_files_exist():
    assert HISTORY_FILES == ["2018_singapore.yaml", "2020_amendment.yaml", "2022_sanctions.yaml"]


@pytest.mark.parametrize("name", HISTORY_FILES)
def test_history_file_changes_only_parameters(name, parameters):
    path = HISTORY / name
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "game" not in raw and "derived" not in raw, "a history file must not define its own game"
    assert set(raw) <= {"format", "title", "id", "description", "sources", "extends", "players", "parameters"}
    assert raw["extends"] in ("../new_approach.yaml", "../approach_choice.yaml")
    assert raw["description"].strip() and raw["sources"]

    scenario = ns.load_scenario(path)
    base = ns.load_scenario((path.parent / raw["extends"]).resolve())
    assert scenario.player_ids == base.player_ids
    assert _structure(scenario.game) == _structure(base.game)
    assert [(d.name, d.expression.source) for d in scenario.derived] == [
        (d.name, d.expression.source) for d in base.derived
    ]

    # Every overridden parameter exists in parameters.yaml with the same range, label and unit,
    # a new default inside that range and a source of its own.
    assert raw["parameters"], "a history file must change at least one parameter"
    for pname in raw["parameters"]:
        declared = parameters.parameters[pname]
        changed = scenario.parameters[pname]
        assert changed.range == declared.range
        assert changed.label == declared.label
        assert changed.unit == declared.unit
        assert changed.value != declared.value
        assert changed.source.strip() and changed.source != declared.source
    untouched = set(scenario.parameters) - set(raw["parameters"])
    for pname in untouched:
        assert scenario.parameters[pname] == base.parameters[pname]
