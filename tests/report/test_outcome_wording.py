"""Issue 15: where several outcomes meet at one point, sentences keep apart alternatives (a tie,
several equilibria: "either … or …") and a chance lottery ("… 50% / … 50%", "… / … (by chance)").

The words come from the structured outcome ids (Change ids, OutcomeShare ids, the study's
outcome alternatives), never from a plain "or" between labels."""

from __future__ import annotations

import pytest

import negotiation_sim as ns
from negotiation_sim.analysis.study import run_study
from negotiation_sim.report import robustness_findings, threshold_findings

TIE = """
format: negotiation-sim/1
title: Indifferent proposer
id: indifferent-proposer
players:
  proposer: {label: Proposer}
  responder: {label: Responder}
parameters:
  bonus: {value: 0.5, range: [0, 2], label: Bonus of the deal}
game:
  kind: extensive
  root: start
  nodes:
    start:
      player: proposer
      label: Proposer chooses
      moves: {offer: deal, wait: impasse}
  outcomes:
    deal:
      label: Deal
      payoffs: {proposer: "where(bonus < 1, 1, bonus)", responder: 2}
    impasse:
      label: Impasse
      payoffs: {proposer: 1, responder: 0}
"""
"""The proposer is indifferent below bonus = 1 (two subgame-perfect equilibria: a tie), and offers above."""


def _tie() -> ns.Scenario:
    return ns.parse_scenario(TIE, name="tie.yaml")


def _lottery() -> ns.Scenario:
    return ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")


CASES = [
    {
        "id": "tie",
        "scenario": _tie,
        "parameter": "bonus",
        "player": "proposer",
        "change": "from either deal or impasse to deal at 1",
        "defaults": "ends in either deal or impasse at the defaults",
        "key": "deal|impasse",
        "label": "Either deal or impasse",
    },
    {
        "id": "chance lottery",
        "scenario": _lottery,
        "parameter": "p_high",
        "player": "seller",
        "change": "to no sale / high-value buyer buys at the high price (by chance) at 0.3333",
        "defaults": "ends in no sale 50% / high-value buyer buys at the high price 50% at the defaults",
        "key": "no_sale|sale_high_price_high_value",
        "label": "No sale / high-value buyer buys at the high price (by chance)",
    },
]


@pytest.fixture(scope="module", params=CASES, ids=[c["id"] for c in CASES])
def case(request) -> dict:
    return {**request.param, "scenario": request.param["scenario"]()}


def _no_plain_or(text: str) -> None:
    """Every "or" between outcomes belongs to an "either … or …"."""
    assert text.count(" or ") <= text.count("either "), text


def test_threshold_sentences_name_ties_and_lotteries(case):
    sc, name = case["scenario"], case["parameter"]
    changes = [ns.threshold([sc, sc], name, player=case["player"]), ns.threshold(sc, name), ns.threshold(sc, name)]
    (sentence,) = threshold_findings(changes)
    assert case["change"] in sentence
    _no_plain_or(sentence)


def test_robustness_sentences_name_the_outcome_at_the_defaults(case):
    sc = case["scenario"]
    run = ns.uncertainty([sc, sc], samples=200, seed=1, player=case["player"], sobol=False)
    sentences = robustness_findings(run, [ns.solve(sc), ns.solve(sc)], case["player"])
    for sentence in sentences[1:3]:
        assert case["defaults"] in sentence
        _no_plain_or(sentence)


def test_study_labels_keep_ties_and_lotteries_apart(case):
    study = run_study([case["scenario"]], points=21)
    assert study.label(case["key"]) == case["label"]
    for key in study.outcome_alternatives:
        _no_plain_or(study.label(key).lower())
