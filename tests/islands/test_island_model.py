"""Required behaviours of the flagship island model, model 2 (DESIGN §5, DOMAIN.md's back-test).

These tests pin the model, not the solver: they solve the bundled scenarios in
``scenarios/islands/`` at chosen parameter points and check the equilibrium outcomes and
payoffs the design requires: the worked points, the trade-off between tying hands
(territory-first) and sinking costs (the new approach), the parameters that must matter, and
the five history variants.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from island_study import (
    approach_winner,
    bare,
    change_points,
    has_transfer,
    outcomes_at,
    sample_ranges,
)

import negotiation_sim as ns
from negotiation_sim.analysis.solve import Solution, solve

ROOT = Path(__file__).resolve().parents[2]
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
    "linkage_cost": (3, 0, 6),
    "legal_barrier": (0, 0, 100),
}

OFFERS = {"none", "two_first", "two_final", "four"}


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


def _transfers(solution: Solution) -> list[str]:
    """Outcomes of any SPE in which islands change hands."""
    return [o for o in solution.outcomes if bare(o) in ("deal_two_first", "deal_two_final", "deal_four")]


def _structure(game) -> tuple:
    """A game's tree and payoff texts, comparable across loads (expressions compare by identity)."""
    nodes = {k: (getattr(n, "player", None), n.label, dict(n.moves)) for k, n in game.nodes.items()}
    outcomes = {k: (o.label, {p: e.source for p, e in o.payoffs.items()}) for k, o in game.outcomes.items()}
    return game.kind, game.players, game.root, nodes, outcomes


# --- the defaults ------------------------------------------------------------------------------


def test_territory_first_defaults_impasse_and_refused_two_final_ties(territory_first):
    solution = solve(territory_first)
    assert solution.outcomes == ["impasse"]
    paths = {eq.path for eq in solution.equilibria}
    # Japan holds the linkage (2 - 3 < 0); a refused two_final ties with no offer.
    assert paths == {
        ("offer=none", "japan_without_deal=hold_linkage"),
        ("offer=two_final", "japan_on_two_final=reject", "japan_without_deal=hold_linkage"),
    }
    for eq in solution.equilibria:
        assert eq.payoffs == {"japan": pytest.approx(0.0), "russia": pytest.approx(0.0)}
        assert eq.strategies["japan"]["japan_on_two_first"] == "accept"


def test_new_approach_defaults_cooperation_without_territory(new_approach):
    solution = solve(new_approach)
    assert solution.outcomes == ["cooperation_without_territory"]
    first = solution.equilibria[0]
    assert first.path == ("cooperate=reciprocate", "offer=none", "japan_without_deal=continue")
    assert first.payoffs == {"japan": pytest.approx(2.0), "russia": pytest.approx(3.4)}
    for eq in solution.equilibria:
        assert eq.strategies["russia"]["cooperate"] == "reciprocate"
        assert eq.strategies["japan"]["japan_without_deal"] == "continue"  # the hold-up
        assert eq.outcomes == {"cooperation_without_territory": 1.0}


def test_approach_choice_defaults_picks_new_approach(approach_choice):
    solution = solve(approach_choice)
    assert solution.outcomes == ["na.cooperation_without_territory"]
    assert approach_winner(solution) == "new_approach"


def test_derived_quantities_at_defaults(new_approach):
    values = {k: float(v) for k, v in new_approach.evaluate().values.items()}
    expected = {
        "coop_japan": 2.0, "coop_russia": 3.4, "base_fear": 2.24, "bastion": 6.4,
        "concession_two": 4.24, "concession_four": 15.64, "pledge_trusted": 0.51,
        "base_fear_trusted": 1.568, "concession_two_trusted": 3.568, "concession_four_trusted": 14.968,
    }  # fmt: skip
    assert {k: values[k] for k in expected} == pytest.approx(expected)


def test_derived_formulas_match_design(new_approach):
    # DESIGN §5 "Derived quantities", checked at an arbitrary non-default point.
    p = {
        "china_threat": 0.4, "japan_hedge_value": 6, "aid_package": 2, "japan_aid_cost": 0.7,
        "russia_hedge_value": 3, "russia_aid_value": 1.5, "russia_alignment_cost": 0.5,
        "us_base_fear": 3, "no_bases_pledge": 0.25, "bastion_value": 5, "us_russia_tension": 0.2,
        "russia_cost_small": 1.5, "russia_cost_large": 4, "legal_barrier": 7, "trust_gain": 0.6,
    }  # fmt: skip
    values = {k: float(v) for k, v in new_approach.evaluate(p).values.items()}
    base_fear = 3 * (1 - 0.25) * 1.2
    pledge_trusted = 0.25 + 0.6 * 0.75
    base_fear_trusted = 3 * (1 - pledge_trusted) * 1.2
    assert values["coop_japan"] == pytest.approx(0.4 * 6 - 2 * 0.7)
    assert values["coop_russia"] == pytest.approx(0.4 * 3 + 2 * 1.5 - 0.5)
    assert values["base_fear"] == pytest.approx(base_fear)
    assert values["bastion"] == pytest.approx(5 * 1.2)
    assert values["concession_two"] == pytest.approx(1.5 + base_fear + 7)
    assert values["concession_four"] == pytest.approx(1.5 + 4 + 6 + base_fear + 7)
    assert values["pledge_trusted"] == pytest.approx(pledge_trusted)
    assert values["concession_two_trusted"] == pytest.approx(1.5 + base_fear_trusted + 7)
    assert values["concession_four_trusted"] == pytest.approx(1.5 + 4 + 6 + base_fear_trusted + 7)


# --- the same offers, different commitments ------------------------------------------------------


def test_both_approaches_have_the_same_offers_and_deals(territory_first, new_approach):
    tf, na = territory_first.game, new_approach.game
    assert set(tf.nodes["offer"].moves) == set(na.nodes["offer"].moves) == OFFERS
    for deal in ("deal_two_first", "deal_two_final", "deal_four"):
        tf_payoffs = {p: e.source for p, e in tf.outcomes[deal].payoffs.items()}
        na_payoffs = {p: e.source for p, e in na.outcomes[deal].payoffs.items()}
        assert tf_payoffs["japan"] == na_payoffs["japan"]
        # The new approach differs only in using the trusted concessions.
        assert na_payoffs["russia"] == re.sub(r"concession_(two|four)", r"concession_\1_trusted", tf_payoffs["russia"])


def test_trust_does_not_reduce_domestic_or_legal_costs(new_approach):
    # With a fully credible pledge, trust has nothing left to do.
    point = {"no_bases_pledge": 1.0, "legal_barrier": 5, "russia_cost_small": 3}
    low = new_approach.evaluate({**point, "trust_gain": 0.0}).values
    high = new_approach.evaluate({**point, "trust_gain": 0.9}).values
    assert float(low["concession_two_trusted"]) == pytest.approx(float(high["concession_two_trusted"])) == 8


def test_territory_first_commitment_is_priced(territory_first):
    """Japan may cooperate without a deal under territory-first too, at linkage_cost."""
    japan_without_deal = territory_first.game.nodes["japan_without_deal"]
    assert set(japan_without_deal.moves) == {"hold_linkage", "cooperate_anyway"}
    for linkage in (0.5, 1.0, 1.9):
        solution = solve(territory_first, {"linkage_cost": linkage})
        assert solution.outcomes == ["cooperation_despite_linkage"]
        assert solution.equilibria[0].payoffs["japan"] == pytest.approx(2.0 - linkage)
    assert solve(territory_first, {"linkage_cost": 2.1}).outcomes == ["impasse"]


# --- DESIGN §5's worked points ----------------------------------------------------------------------

WORKED_POINTS = [
    pytest.param({}, "impasse", (0, 0), "cooperation_without_territory", (2, 3.4), id="defaults"),
    pytest.param(
        {"russia_aid_value": 4}, "deal_two_first", (4, 0.16), "cooperation_without_territory", (2, 4.4), id="aid-4"
    ),
    pytest.param(
        {"linkage_cost": 1}, "cooperation_despite_linkage", (1, 3.4), "cooperation_without_territory", (2, 3.4),
        id="linkage-1",
    ),
    pytest.param(
        {"china_threat": 0.2}, "impasse", (0, 0), "cooperation_without_territory", (-0.5, 2.4), id="china-0.2"
    ),
]  # fmt: skip


@pytest.mark.parametrize(("change", "tf_outcome", "tf_payoffs", "na_outcome", "na_payoffs"), WORKED_POINTS)
def test_worked_points(territory_first, new_approach, change, tf_outcome, tf_payoffs, na_outcome, na_payoffs):
    for scenario, outcome, payoffs in (
        (territory_first, tf_outcome, tf_payoffs),
        (new_approach, na_outcome, na_payoffs),
    ):
        solution = solve(scenario, change)
        assert solution.outcomes == [outcome], scenario.id
        for eq in solution.equilibria:
            assert (eq.payoffs["japan"], eq.payoffs["russia"]) == pytest.approx(payoffs), scenario.id


# --- the trade-off: where each approach wins, and why ------------------------------------------------


@pytest.mark.parametrize(
    ("change", "winner", "outcome"),
    [
        pytest.param({}, "new_approach", "na.cooperation_without_territory", id="defaults-no-impasse"),
        pytest.param({"russia_aid_value": 4}, "territory_first", "tf.deal_two_first", id="tied-hands-extract-islands"),
        pytest.param({"no_bases_pledge": 0.7}, "territory_first", "tf.deal_two_first", id="singapore-pledge"),
        pytest.param({"linkage_cost": 1}, "new_approach", "na.cooperation_without_territory", id="weak-tie"),
        pytest.param({"china_threat": 0.2}, "territory_first", "tf.impasse", id="sunk-costs-lock-in"),
        pytest.param({"china_threat": 0.1}, "territory_first", "tf.impasse", id="exploitation"),
    ],
)
def test_approach_choice_winner(approach_choice, change, winner, outcome):
    solution = solve(approach_choice, change)
    assert approach_winner(solution) == winner
    assert solution.outcomes == [outcome]


def test_tied_hands_extract_islands_only_where_the_tie_holds(territory_first, new_approach):
    # At russia_aid_value 4 Japan's refusal is credible under territory-first (hold_linkage), so
    # Russia buys the cooperation with two islands first; under the new approach Japan would keep
    # cooperating after a refusal, so Russia offers nothing.
    tf = solve(territory_first, {"russia_aid_value": 4}).equilibria[0]
    na = solve(new_approach, {"russia_aid_value": 4}).equilibria[0]
    assert tf.strategies["japan"]["japan_without_deal"] == "hold_linkage"
    assert tf.strategies["russia"]["offer"] == "two_first"
    assert na.strategies["japan"]["japan_without_deal"] == "continue"
    assert na.strategies["russia"]["offer"] == "none"
    # Break the tie (linkage_cost below coop_japan = 2) and the islands are gone.
    assert solve(territory_first, {"russia_aid_value": 4, "linkage_cost": 1}).outcomes == [
        "cooperation_despite_linkage"
    ]


def test_sunk_costs_lock_japan_in_or_invite_exploitation(new_approach):
    # china_threat 0.2: cooperation no longer pays Japan (-0.5) but withdrawing loses the sunk
    # upfront aid (-0.75), so Japan stays; china_threat 0.1: Japan would withdraw, so Russia exploits.
    locked = solve(new_approach, {"china_threat": 0.2}).equilibria[0]
    assert locked.strategies["japan"]["japan_without_deal"] == "continue"
    assert locked.payoffs["japan"] < 0
    exploited = solve(new_approach, {"china_threat": 0.1})
    assert exploited.outcomes == ["exploited"]
    assert exploited.equilibria[0].strategies["japan"]["japan_without_deal"] == "withdraw"


@pytest.mark.parametrize(
    ("parameter", "overrides", "at", "below", "above"),
    [
        # Two islands first under territory-first once coop_russia exceeds concession_two.
        pytest.param("russia_aid_value", {}, 4.24 - 0.4, "new_approach", "territory_first", id="aid"),
        # ... or once the pledge makes the concession cheap enough: 2 + 3.2 (1 - p) = 3.4.
        pytest.param("no_bases_pledge", {}, 1 - 1.4 / 3.2, "new_approach", "territory_first", id="pledge"),
    ],
)
def test_trade_off_thresholds(approach_choice, parameter, overrides, at, below, above):
    (change,) = change_points(approach_choice, parameter, overrides, key=approach_winner)
    assert change.at == pytest.approx(at, abs=1e-6)
    assert (change.below, change.above) == (below, above)


def test_trade_off_threshold_on_china_threat(approach_choice):
    # Below china_threat 0.3 (coop_japan < 0) territory-first wins; at 0.3 the two tie.
    changes = change_points(approach_choice, "china_threat", key=approach_winner)
    assert [c.at for c in changes] == pytest.approx([0.3, 0.3], abs=1e-6)
    assert changes[0].below == "territory_first" and changes[-1].above == "new_approach"


# --- parameters that must matter within their declared ranges -----------------------------------


def test_upfront_share_changes_the_outcome(new_approach):
    # Admati-Perry / Watson: the more Japan delivers up front, the less its walk-away is worth.
    # china_threat 0.2: below upfront_share 1/3 Japan would withdraw, so Russia exploits.
    changes = change_points(new_approach, "upfront_share", {"china_threat": 0.2})
    assert changes[0].at == pytest.approx(1 / 3, abs=1e-6)
    assert (changes[0].below, changes[0].above) == ("exploited", "cooperation_without_territory")


def test_starting_small_keeps_the_walk_away_credible(new_approach):
    # With trust high and a credible pledge, a small upfront share buys two islands first; a large one
    # locks Japan into cooperation without territory.
    point = {"china_threat": 0.2, "trust_gain": 0.9, "no_bases_pledge": 0.9}
    assert solve(new_approach, {**point, "upfront_share": 0.1}).outcomes == ["deal_two_first"]
    assert solve(new_approach, {**point, "upfront_share": 0.5}).outcomes == ["cooperation_without_territory"]


def test_bastion_value_changes_the_outcome(territory_first):
    # Where a final border is worth the most to Russia and the large islands' domestic cost is
    # lowest, four islands move under territory-first until the bastion outweighs the border.
    point = {"russia_finality_value": 4, "russia_cost_large": 1}
    changes = change_points(territory_first, "bastion_value", point)
    assert changes and changes[0].below == "deal_four" and changes[-1].above == "impasse"
    assert changes[0].at == pytest.approx((3.4 + 4 - 2 - 1 - 2.24) / 1.6, abs=1e-6)


def test_us_russia_tension_changes_the_outcome(territory_first):
    # Tension raises the fear of US forces: at russia_aid_value 4, two islands first stop above 5/7.
    changes = change_points(territory_first, "us_russia_tension", {"russia_aid_value": 4})
    assert [(c.below, c.above) for c in changes] == [("deal_two_first", "impasse")]
    assert changes[0].at == pytest.approx(1.0 / 1.4, abs=1e-6)


def test_hold_up_over_the_declared_ranges(new_approach):
    # Over the declared ranges the new approach moves islands far less often where Japan needs
    # Russia (coop_japan > 0: no credible walk-away) than where it does not.
    draws = sample_ranges(new_approach, 4000, seed=7, fixed={"legal_barrier": 0.0})
    transfer = has_transfer(outcomes_at(new_approach, draws))
    needs = np.asarray(new_approach.evaluate(draws).values["coop_japan"]) > 0
    assert 0 < transfer[needs].mean() < transfer[~needs].mean() / 2


# --- history -----------------------------------------------------------------------------------------

HISTORY_FILES = sorted(p.name for p in HISTORY.glob("*.yaml"))


def test_history_files_exist():
    assert HISTORY_FILES == [
        "1956_declaration.yaml",
        "2016_nagato.yaml",
        "2018_singapore.yaml",
        "2020_amendment.yaml",
        "2022_sanctions.yaml",
    ]


def test_1956_two_final_offered_and_refused():
    declaration = _load("history/1956_declaration.yaml")
    solution = solve(declaration)
    assert solution.outcomes == ["impasse"]
    assert any("offer=two_final" in eq.path and "japan_on_two_final=reject" in eq.path for eq in solution.equilibria), [
        eq.path for eq in solution.equilibria
    ]


@pytest.mark.parametrize("cost", [0.0, 1.0, 4.5])
def test_1956_without_us_pressure_two_islands_final(cost):
    solution = solve(_load("history/1956_declaration.yaml"), {"japan_cost_two_final": cost})
    assert solution.outcomes == ["deal_two_final"]
    assert solution.equilibria[0].path == ("offer=two_final", "japan_on_two_final=accept")


def test_1956_pressure_threshold():
    changes = change_points(_load("history/1956_declaration.yaml"), "japan_cost_two_final")
    assert changes[0].below == "deal_two_final" and changes[-1].above == "impasse"
    assert changes[0].at == pytest.approx(5.0, abs=1e-6)  # japan_value_small + coop_japan


def test_2016_nagato_cooperation_without_territory():
    solution = solve(_load("history/2016_nagato.yaml"))
    assert solution.outcomes == ["cooperation_without_territory"]
    assert solution.equilibria[0].payoffs == {"japan": pytest.approx(2.0), "russia": pytest.approx(3.4)}


def test_2018_singapore_no_transfer_while_japan_cannot_walk_away():
    singapore = _load("history/2018_singapore.yaml")
    assert singapore.parameters["no_bases_pledge"].value == 0.7
    for pledge in (0.0, 0.35, 0.7, 1.0):
        solution = solve(singapore, {"no_bases_pledge": pledge})
        assert solution.outcomes == ["cooperation_without_territory"]
        assert solution.equilibria[0].strategies["japan"]["japan_without_deal"] == "continue"


def test_2018_singapore_territory_first_would_have_won_two_islands(approach_choice):
    solution = solve(approach_choice, {"no_bases_pledge": 0.7})
    assert solution.outcomes == ["tf.deal_two_first"]
    assert solution.equilibria[0].payoffs["russia"] == pytest.approx(0.44)


def _amendment_points(n: int) -> dict[str, np.ndarray]:
    amendment = _load("history/2020_amendment.yaml")
    barrier = amendment.parameters["legal_barrier"].value
    draws = sample_ranges(amendment, n, seed=2020, fixed={"legal_barrier": barrier})
    # Add the corners where a deal is worth the most to Russia (every other parameter at the end of
    # its range that favours a transfer), crossed with Japan's side at both ends.
    corner = {
        "china_threat": 1, "russia_hedge_value": 6, "aid_package": 3, "russia_aid_value": 6,
        "russia_alignment_cost": 0, "russia_finality_value": 4, "russia_cost_small": 0, "russia_cost_large": 1,
        "bastion_value": 0, "us_base_fear": 0, "no_bases_pledge": 1, "trust_gain": 0.9, "us_russia_tension": 0,
    }  # fmt: skip
    extra = 64
    rng = np.random.default_rng(1)
    for name, values in draws.items():
        low, high = amendment.parameters[name].range
        tail = corner.get(name)
        added = np.full(extra, float(tail)) if tail is not None else rng.choice([low, high], extra)
        if name == "legal_barrier":
            added = np.full(extra, barrier)
        draws[name] = np.concatenate([values, added])
    return draws


@pytest.mark.parametrize("name", ["territory_first.yaml", "new_approach.yaml", "approach_choice.yaml"])
def test_2020_no_transfer_anywhere_in_the_other_ranges(name):
    draws = _amendment_points(20_000)
    scenario = _load(name)
    assert not has_transfer(outcomes_at(scenario, draws)).any()
    # The same draws without the barrier do move islands: the barrier, not the sample, is why.
    assert has_transfer(outcomes_at(scenario, {**draws, "legal_barrier": np.zeros_like(draws["legal_barrier"])})).any()


def test_2020_barrier_exceeds_any_gain_in_the_ranges():
    amendment = _load("history/2020_amendment.yaml")
    r = {k: p.range for k, p in amendment.parameters.items()}
    largest_coop_russia = (
        r["china_threat"][1] * r["russia_hedge_value"][1]
        + r["aid_package"][1] * r["russia_aid_value"][1]
        - r["russia_alignment_cost"][0]
    )
    assert amendment.parameters["legal_barrier"].value > largest_coop_russia + r["russia_finality_value"][1]
    solution = solve(amendment)
    assert _transfers(solution) == []
    assert approach_winner(solution) == "new_approach"


def test_2022_sanctions_no_cooperation_no_transfer(territory_first, new_approach):
    sanctions = _load("history/2022_sanctions.yaml")
    values = sanctions.defaults()
    solution = solve(sanctions)
    assert solution.outcomes == ["tf.impasse"]
    assert approach_winner(solution) == "territory_first"
    assert solve(territory_first, values).outcomes == ["impasse"]
    na = solve(new_approach, values)
    assert na.outcomes == ["exploited"]
    assert na.equilibria[0].payoffs == {"japan": pytest.approx(-2.0), "russia": pytest.approx(1.5)}


# --- parameters: documentation and the DESIGN §5 contract ---------------------------------------


@pytest.fixture(scope="module")
def parameters() -> ns.Scenario:
    return _load("parameters.yaml")


def test_parameters_file_has_no_game(parameters):
    assert parameters.game is None
    assert {d.name for d in parameters.derived} == {
        "coop_japan", "coop_russia", "base_fear", "bastion", "concession_two", "concession_four",
    }  # fmt: skip


def test_parameters_match_design_table(parameters):
    assert set(parameters.parameters) == set(DESIGN_PARAMETERS)
    for name, (default, low, high) in DESIGN_PARAMETERS.items():
        parameter = parameters.parameters[name]
        assert parameter.value == default, name
        assert parameter.range == (low, high), name


def _documented_parameters() -> list[tuple[str, str]]:
    """(file, parameter) for every parameter a file of scenarios/islands declares itself."""
    found = []
    for path in sorted(ISLANDS.rglob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [(str(path.relative_to(ISLANDS)), name) for name in raw.get("parameters") or {}]
    return found


@pytest.mark.parametrize(("file", "name"), _documented_parameters())
def test_parameter_is_documented(file, name):
    parameter = _load(file).parameters[name]
    assert parameter.label.strip() and parameter.unit.strip(), name
    source = parameter.source.strip()
    if source.lower().startswith("illustrative"):
        assert source.startswith("illustrative:"), f"{name}: write 'illustrative:' and then why"
        assert len(source.split(":", 1)[1].split()) >= 8, f"{name}: say why the illustrative value is chosen"
    else:
        assert len(source.split()) >= 4, f"{name}: cite a source"


SCENARIO_FILES = sorted(str(p.relative_to(ISLANDS)) for p in ISLANDS.rglob("*.yaml"))


@pytest.mark.parametrize("name", SCENARIO_FILES)
def test_sources_cite_no_missing_files(name):
    raw = yaml.safe_load((ISLANDS / name).read_text(encoding="utf-8"))
    texts = list(raw.get("sources") or []) + [raw.get("description", "")]
    texts += [p.get("source", "") for p in (raw.get("parameters") or {}).values() if isinstance(p, dict)]
    for text in texts:
        for cited in re.findall(r"[\w./-]+\.(?:md|yaml|py|ipynb)\b", text):
            candidates = [ROOT / cited, ISLANDS / cited, (ISLANDS / name).parent / cited]
            assert any(c.exists() for c in candidates), f"{name} cites {cited}, which is not in the repository"


@pytest.mark.parametrize("name", ["territory_first.yaml", "new_approach.yaml", "approach_choice.yaml"])
def test_strategy_files_share_the_parameters(name, parameters):
    scenario = _load(name)
    assert scenario.player_ids == ("japan", "russia")
    assert scenario.parameters == parameters.parameters


# --- history files change only parameters ------------------------------------------------------


@pytest.mark.parametrize("name", HISTORY_FILES)
def test_history_file_changes_only_parameters(name, parameters):
    path = HISTORY / name
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "game" not in raw and "derived" not in raw, "a history file must not define its own game"
    assert set(raw) <= {"format", "title", "id", "description", "sources", "extends", "players", "parameters"}
    assert raw["extends"] in ("../territory_first.yaml", "../new_approach.yaml", "../approach_choice.yaml")
    assert raw["description"].strip() and raw["sources"]

    scenario = ns.load_scenario(path)
    base = ns.load_scenario((path.parent / raw["extends"]).resolve())
    assert scenario.player_ids == base.player_ids
    assert _structure(scenario.game) == _structure(base.game)
    assert [(d.name, d.expression.source) for d in scenario.derived] == [
        (d.name, d.expression.source) for d in base.derived
    ]

    # Every overridden parameter exists in parameters.yaml with the same range, label and unit,
    # a new default inside that range and a source of its own that says why.
    assert raw["parameters"], "a history file must change at least one parameter"
    for pname in raw["parameters"]:
        declared = parameters.parameters[pname]
        changed = scenario.parameters[pname]
        assert changed.range == declared.range
        assert changed.label == declared.label
        assert changed.unit == declared.unit
        assert changed.value != declared.value
        assert changed.source.strip() and changed.source != declared.source
    for pname in set(scenario.parameters) - set(raw["parameters"]):
        assert scenario.parameters[pname] == base.parameters[pname]
