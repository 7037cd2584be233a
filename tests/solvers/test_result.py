"""Every solver answers with the one SolverResult (pygambit's model: a case per known game, one test body)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pytest

import negotiation_sim as ns
from negotiation_sim.games import Decision, GameTree, Terminal, read_only
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.nash import nash_solve
from negotiation_sim.solvers.result import SolverResult
from negotiation_sim.solvers.spe import spe_solve

TEXTBOOK = ns.bundled_scenarios_dir() / "textbook"


@dataclass(frozen=True)
class Case:
    scenario: str
    method: str
    count: int
    outcomes: tuple = ()  # trees: the distinct outcome lotteries, as dicts


CASES = [
    Case("prisoners_dilemma", "nash", 1),
    Case("battle_of_the_sexes", "nash", 3),
    Case("matching_pennies", "nash", 1),
    Case("stag_hunt", "nash", 3),
    Case("entry_deterrence", "spe", 1, ({"shared_market": 1.0},)),
    Case("ultimatum", "spe", 2, ({"split_0": 1.0}, {"split_1": 1.0})),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.scenario)
def test_known_games(case: Case) -> None:
    game = ns.load_scenario(TEXTBOOK / f"{case.scenario}.yaml").evaluate()
    result = nash_solve(game) if case.method == "nash" else spe_solve(game)
    assert isinstance(result, SolverResult)
    assert result.method == case.method
    assert result.count == len(result.equilibria) == case.count
    assert result.count_is_exact and not result.truncated
    assert [dict(lottery) for lottery in result.outcomes] == list(case.outcomes)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.count = 0  # type: ignore[misc]
    if case.method == "nash":
        for eq in result.equilibria:  # an independent best-response check of every equilibrium
            assert is_nash(game.row_payoffs, game.column_payoffs, eq.row, eq.column)
        assert len(result.details.pareto_efficient) == case.count


def test_truncation_is_reported(monkeypatch) -> None:
    game = ns.load_scenario(TEXTBOOK / "battle_of_the_sexes.yaml").evaluate()
    result = nash_solve(game, limit=1)
    assert result.truncated and result.count == 3 and len(result.equilibria) == 1
    assert "only the first 1 are listed" in result.notes[0]
    assert len(result.details.equilibria) == 3  # the analysis keeps them all


def test_solvers_need_a_point() -> None:
    sc = ns.load_scenario(TEXTBOOK / "prisoners_dilemma.yaml")
    with pytest.raises(ValueError, match="one parameter point"):
        nash_solve(sc.evaluate({"temptation": np.array([5.0, 6.0])}))


def test_spe_solves_imperfect_information_by_subgames_and_the_grid_induction_refuses() -> None:
    payoffs = {"hh": [1, -1], "ht": [-1, 1], "th": [-1, 1], "tt": [1, -1]}
    game = GameTree(
        players=("a", "b"),
        root="first",
        nodes={
            "first": Decision(id="first", player="a", moves={"heads": "after_heads", "tails": "after_tails"}),
            "after_heads": Decision(
                id="after_heads", player="b", moves={"heads": "hh", "tails": "ht"}, information_set="guess"
            ),
            "after_tails": Decision(
                id="after_tails", player="b", moves={"heads": "th", "tails": "tt"}, information_set="guess"
            ),
        },
        outcomes={o: Terminal(id=o, payoffs=read_only(v)) for o, v in payoffs.items()},
    )
    result = spe_solve(game)
    assert isinstance(result, SolverResult) and result.method == "spe" and result.count == 1
    assert result.equilibria[0].mixed == {
        "a": {"first": {"heads": 0.5, "tails": 0.5}},
        "b": {"guess": {"heads": 0.5, "tails": 0.5}},
    }
    from negotiation_sim.solvers.backward_induction import backward_induction_solve

    with pytest.raises(ns.SolverError, match="information set 'guess'"):
        backward_induction_solve(game)


def test_nashpy_adapter_returns_the_same_type() -> None:
    pytest.importorskip("nashpy")
    from negotiation_sim.solvers import nashpy_adapter

    result = nashpy_adapter.vertex_enumeration([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    assert isinstance(result, SolverResult)
    assert result.method == "nashpy.vertex_enumeration" and result.count == len(result.equilibria) == 3
    assert not result.count_is_exact  # nashpy does not say whether its list is complete
