"""The reduced normal form, built on GameTree.play."""

from __future__ import annotations

import numpy as np
import pytest
from game_builders import tree

import negotiation_sim as ns
from negotiation_sim.games import reduced_normal_form
from negotiation_sim.limits import Limits

TEXTBOOK = ns.bundled_scenarios_dir() / "textbook"


def test_entry_deterrence() -> None:
    rnf = reduced_normal_form(ns.load_scenario(TEXTBOOK / "entry_deterrence.yaml").evaluate())
    assert rnf.names == (("enter", "stay_out"), ("fight", "accommodate"))
    assert rnf.row_payoffs.tolist() == [[-2.0, 4.0], [0.0, 0.0]]
    game = rnf.game()
    assert game.players == ("entrant", "incumbent") and game.strategies == rnf.names


def test_every_cell_is_a_play_of_the_two_plans() -> None:
    sc = ns.load_scenario(TEXTBOOK / "chance_move.yaml")
    game = sc.evaluate({"p_high": 0.3})
    rnf = reduced_normal_form(game)
    for i, row in enumerate(rnf.plans[0]):
        for j, column in enumerate(rnf.plans[1]):
            assert (rnf.row_payoffs[i, j], rnf.column_payoffs[i, j]) == game.play({**row, **column}).payoffs


def test_information_sets_give_the_matrix_game() -> None:
    # Matching pennies written as a tree with an information set is the 2 x 2 matrix game.
    game = tree(
        ("a", "b"),
        "first",
        {
            "first": ("a", {"heads": "after_heads", "tails": "after_tails"}),
            "after_heads": ("b", {"heads": "hh", "tails": "ht"}, "guess"),
            "after_tails": ("b", {"heads": "th", "tails": "tt"}, "guess"),
        },
        {"hh": [1, -1], "ht": [-1, 1], "th": [-1, 1], "tt": [1, -1]},
    )
    rnf = reduced_normal_form(game)
    assert rnf.names == (("heads", "tails"), ("heads", "tails"))
    np.testing.assert_array_equal(rnf.row_payoffs, [[1, -1], [-1, 1]])
    np.testing.assert_array_equal(rnf.column_payoffs, -rnf.row_payoffs)


def test_needs_two_players_and_a_point(monkeypatch) -> None:
    one = tree(("a",), "n", {"n": ("a", {"x": "o"})}, {"o": [1.0]})
    with pytest.raises(ns.SolverError, match="two-player"):
        reduced_normal_form(one)
    grid = ns.load_scenario(TEXTBOOK / "chance_move.yaml").evaluate({"p_high": np.array([0.2, 0.5])})
    with pytest.raises(ValueError, match="one parameter point"):
        reduced_normal_form(grid)
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_PLANS", "3")
    assert Limits.from_environment().max_plans == 3
    with pytest.raises(ns.SolverError, match="more than 3 reduced strategies"):
        reduced_normal_form(grid.at((0,)))
