"""The bundled games with hidden types: the equilibria their textbooks report."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import negotiation_sim as ns
from negotiation_sim.solvers.behaviour import tree_nash_solve
from negotiation_sim.solvers.pbe import pbe_solve

TEXTBOOK = ns.bundled_scenarios_dir() / "textbook"


@dataclass(frozen=True)
class Case:
    scenario: str
    # (profile, kind, survives the Intuitive Criterion)
    equilibria: list[tuple[dict[str, str], str | None, bool | None]]
    overrides: dict[str, float] | None = None


CASES = [
    Case(
        "beer_quiche",
        [
            (
                {"strong_breakfast": "beer", "weak_breakfast": "beer", "after_beer": "not", "after_quiche": "duel"},
                "pooling",
                True,
            ),
            (
                {"strong_breakfast": "quiche", "weak_breakfast": "quiche", "after_beer": "duel", "after_quiche": "not"},
                "pooling",
                False,
            ),
        ],
    ),
    Case(
        "job_market_signalling",
        [
            (
                {
                    "able_studies": "educate",
                    "weak_studies": "skip",
                    "after_educate": "skilled",
                    "after_skip": "unskilled",
                },
                "separating",
                True,
            ),
            (
                {
                    "able_studies": "skip",
                    "weak_studies": "skip",
                    "after_educate": "unskilled",
                    "after_skip": "unskilled",
                },
                "pooling",
                False,
            ),
        ],
    ),
    Case(
        "bayesian_battle_of_the_sexes",
        [({"one_chooses": "bach", "two_wants_to_meet": "bach", "two_wants_to_avoid": "stravinsky"}, None, None)],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.scenario)
def test_textbook_equilibria(case):
    game = ns.load_scenario(TEXTBOOK / f"{case.scenario}.yaml").evaluate(case.overrides)
    found = {tuple(sorted(e.profile.items())): (e.kind, e.intuitive_criterion) for e in pbe_solve(game).equilibria}
    expected = {tuple(sorted(p.items())): (kind, ic) for p, kind, ic in case.equilibria}
    assert found == expected
    pure_nash = [
        {s: max(b, key=b.__getitem__) for moves in e.strategies.values() for s, b in moves.items() if b}
        for e in tree_nash_solve(game).equilibria
    ]
    for profile, _, _ in case.equilibria:
        assert profile in pure_nash


def test_beer_quiche_off_path_belief_is_the_textbook_half():
    game = ns.load_scenario(TEXTBOOK / "beer_quiche.yaml").evaluate()
    beer = next(e for e in pbe_solve(game).equilibria if e.intuitive_criterion)
    assert beer.off_path == ("after_quiche",)
    assert beer.beliefs["after_quiche"] == {"strong_quiche": (0.0, 0.5), "weak_quiche": (0.5, 1.0)}


def test_job_market_reasons_name_the_signal():
    game = ns.load_scenario(TEXTBOOK / "job_market_signalling.yaml").evaluate()
    separating = next(e for e in pbe_solve(game).equilibria if e.kind == "separating")
    assert (
        "firm plays skilled after educate because it believes worker able with probability 1 "
        "(prior 0.3, Bayes' rule: only the able type sends educate)"
    ) in separating.reasons
