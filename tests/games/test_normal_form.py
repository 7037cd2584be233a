"""The numeric normal-form game."""

from __future__ import annotations

import numpy as np
import pytest

import negotiation_sim as ns
from negotiation_sim.games import NormalFormGame

TEXTBOOK = ns.bundled_scenarios_dir() / "textbook"


def test_evaluate_gives_a_normal_form_game_over_a_grid() -> None:
    sc = ns.load_scenario(TEXTBOOK / "prisoners_dilemma.yaml")
    game = sc.evaluate({"temptation": np.array([5.0, 6.0, 7.0])})
    assert isinstance(game, NormalFormGame)
    assert game.grid_shape == (3,) and game.row_payoffs.shape == (2, 2, 3)
    assert game.strategies == (("cooperate", "defect"), ("cooperate", "defect"))
    assert game.payoff_matrix("suspect_b") is game.column_payoffs
    point = game.at((2,))
    assert point.row_payoffs.tolist() == [[3.0, 0.0], [7.0, 1.0]]
    assert point.parameter_values()["temptation"] == 7.0
    assert not point.row_payoffs.flags.writeable


def test_shapes_are_checked() -> None:
    with pytest.raises(ValueError, match="expected"):
        NormalFormGame(
            players=("r", "c"),
            strategies=(("x", "y"), ("z",)),
            row_payoffs=np.zeros((2, 2)),
            column_payoffs=np.zeros((2, 1)),
        )
    with pytest.raises(ValueError, match="do not form"):
        NormalFormGame.from_arrays(("r", "c"), (("x",), ("y",)), [[1]], [[1, 2]])
    with pytest.raises(KeyError):
        NormalFormGame.from_arrays(("r", "c"), (("x",), ("y",)), [[1]], [[2]]).payoff_matrix("nobody")


def test_a_parameter_library_evaluates_to_values_only() -> None:
    library = ns.load_scenario(ns.bundled_scenarios_dir() / "islands" / "parameters.yaml")
    values = library.evaluate().values
    assert "china_threat" in values and "coop_japan" in values
