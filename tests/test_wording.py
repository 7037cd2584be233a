"""Labels in sentences (issue 15): a name keeps its capitals mid-sentence, a sentence starts
with a capital, and the demo's words follow both rules."""

from __future__ import annotations

import dataclasses
import re

import pytest

import negotiation_sim as ns
from negotiation_sim.analysis.naming import mid_sentence, scenario_names
from negotiation_sim.report.demo import robustness_findings, threshold_findings
from negotiation_sim.wording import lower_first, proper_names, upper_first

ISLANDS = ns.bundled_scenarios_dir() / "islands"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from Russia pockets the aid", "From Russia pockets the aid"),
        ("new approach ends in impasse", "New approach ends in impasse"),
        ("us pivot to Asia", "Us pivot to Asia"),
        ("Already capital", "Already capital"),
        ("", ""),
    ],
)
def test_upper_first_changes_only_the_first_letter(text, expected):
    assert upper_first(text) == expected
    assert upper_first(text)[1:] == text[1:]


@pytest.mark.parametrize(
    ("texts", "names"),
    [
        (["Where the China threat is low, Japan can walk away."], {"China", "Japan"}),
        (["Russia pockets the aid", "Impasse"], set()),  # first words tell nothing
        (["Deal. Then Bob's offer: Nothing."], {"Bob"}),
        (["Talks collapse (Japan has sunk the aid)"], {"Japan"}),
        (["the NATO summit and the US-Russia talks"], {"US-Russia"}),  # acronyms alone need no list
        (["- Bullet starts\n- Another starts with Alice"], {"Alice"}),
    ],
)
def test_proper_names_are_capitals_mid_sentence(texts, names):
    assert proper_names(texts) == names


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Russia pockets the upfront aid without aligning", "Russia pockets the upfront aid without aligning"),
        ("China's assertiveness", "China's assertiveness"),  # a name the scenario uses, not a player
        ("Japan backing down", "Japan backing down"),
        ("Cooperation without territory", "cooperation without territory"),
        ("Impasse (no settlement, limited cooperation)", "impasse (no settlement, limited cooperation)"),
        ("US bases", "US bases"),
    ],
)
def test_mid_sentence_keeps_names_of_the_scenario(label, expected):
    scenario = ns.load_scenario(ISLANDS / "new_approach.yaml")
    assert mid_sentence(label, scenario) == expected
    assert lower_first(label) == label[:1].lower() + label[1:] or label.startswith("US")


def test_scenario_names_include_players_and_names_in_its_texts():
    names = scenario_names(ns.load_scenario(ISLANDS / "territory_first.yaml"))
    assert {"Japan", "Russia", "japan", "russia", "China"} <= names
    assert "Impasse" not in names and "Cooperation" not in names
    assert scenario_names(None) == frozenset()


@pytest.fixture(scope="module")
def pair() -> list[ns.Scenario]:
    return [ns.load_scenario(ISLANDS / "territory_first.yaml"), ns.load_scenario(ISLANDS / "new_approach.yaml")]


def _no_lowered_names(text: str, scenarios: list[ns.Scenario]) -> None:
    for name in set().union(*(scenario_names(s) for s in scenarios)):
        if name[:1].isupper():
            assert not re.search(rf"(?<![\w`]){re.escape(name.lower())}(?![\w`])", text), (name, text)


def test_demo_thresholds_keep_names_and_start_sentences_with_capitals(pair):
    changes = [ns.threshold(pair, "china_threat", player="japan"), *(ns.threshold(s, "china_threat") for s in pair)]
    (sentence,) = threshold_findings(changes)
    assert "from Russia pockets the upfront aid without aligning to cooperation without territory" in sentence
    _no_lowered_names(sentence, pair)


def test_demo_robustness_sentences_start_with_a_capital_and_keep_names(pair):
    run = ns.uncertainty(pair, samples=500, seed=1, player="japan", sobol=False)
    solutions = [ns.solve(s) for s in pair]
    sentences = robustness_findings(run, solutions, "japan")
    for sentence in sentences:
        assert not sentence[:1].islower(), sentence
        _no_lowered_names(sentence, pair)
    # A title with a name after its first word keeps it (str.capitalize() lowered it).
    renamed = [dataclasses.replace(pair[0], title="Deal with Russia first (linkage)"), pair[1]]
    run = ns.uncertainty(renamed, samples=200, seed=1, player="japan", sobol=False)
    sentences = robustness_findings(run, [ns.solve(s) for s in renamed], "japan")
    assert sentences[1].startswith("Deal with Russia first ends in impasse"), sentences[1]
