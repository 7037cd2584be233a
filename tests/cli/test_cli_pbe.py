"""solve --concept pbe: the table, the reasons and the JSON contract of DESIGN §3."""

from __future__ import annotations

import json

import negotiation_sim as ns

BEER = str(ns.bundled_scenarios_dir() / "textbook" / "beer_quiche.yaml")
PD = str(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")


def test_solve_pbe_text(run):
    result = run("solve", BEER, "--concept", "pbe")
    assert result.exit_code == 0
    assert "Perfect Bayesian equilibria, pure strategies (2)" in result.output
    assert "pooling  yes" in result.output and "pooling  no" in result.output
    assert "receiver plays duel after quiche, which no type sends" in result.output


def test_solve_pbe_json_contract(run):
    data = json.loads(run("solve", BEER, "--concept", "pbe", "--format", "json").output)
    beer = next(e for e in data["equilibria"] if e["intuitive_criterion"])
    assert beer["concept"] == "perfect-bayesian"
    assert beer["strategies"]["sender"] == {"strong_breakfast": "beer", "weak_breakfast": "beer"}
    assert beer["beliefs"]["after_quiche"] == {"strong_quiche": [0.0, 0.5], "weak_quiche": [0.5, 1.0]}
    assert beer["beliefs"]["after_beer"]["strong_beer"] == 0.9
    assert beer["off_path"] == ["after_quiche"]
    assert beer["kind"] == "pooling"
    assert set(beer) >= {"payoffs", "outcomes"}


def test_pbe_on_a_matrix_game_is_an_input_error(run):
    result = run("solve", PD, "--concept", "pbe")
    assert result.exit_code == 2
