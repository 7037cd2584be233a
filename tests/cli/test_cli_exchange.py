"""export and import: Gambit files and JSON out of scenarios, scenarios out of Gambit files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import negotiation_sim as ns
from negotiation_sim.games.gambit_efg import read_efg
from negotiation_sim.games.gambit_nfg import read_nfg

TEXTBOOK = ns.bundled_scenarios_dir() / "textbook"
CORPUS = Path(__file__).parent.parent / "data" / "gambit"


@pytest.mark.parametrize("name", ["entry_deterrence", "chance_move", "centipede"])
def test_export_efg_then_import_gives_the_same_game(run, tmp_path, name):
    efg, yaml = tmp_path / "game.efg", tmp_path / "game.yaml"
    assert run("export", TEXTBOOK / f"{name}.yaml", "--to", "efg", "-o", efg).exit_code == 0
    assert run("import", efg, "-o", yaml).exit_code == 0
    original = ns.load_scenario(TEXTBOOK / f"{name}.yaml").evaluate()
    imported = ns.load_scenario(yaml).evaluate()
    assert sorted(imported.outcomes) == sorted(original.outcomes)
    for o, terminal in original.outcomes.items():
        assert imported.outcomes[o].payoffs.tolist() == terminal.payoffs.tolist()
        assert imported.outcomes[o].label == (terminal.label or o)
    assert run("solve", yaml).exit_code == 0


def test_export_applies_set_and_nfg_is_the_reduced_normal_form(run, tmp_path):
    out = tmp_path / "pd.nfg"
    assert (
        run("export", TEXTBOOK / "prisoners_dilemma.yaml", "--set", "temptation=7", "--to", "nfg", "-o", out).exit_code
        == 0
    )
    assert read_nfg(out.read_text()).row_payoffs.tolist() == [[3, 0], [7, 1]]
    tree_out = tmp_path / "entry.nfg"
    assert run("export", TEXTBOOK / "entry_deterrence.yaml", "--to", "nfg", "-o", tree_out).exit_code == 0
    assert read_nfg(tree_out.read_text()).strategies == (("enter", "stay_out"), ("fight", "accommodate"))


def test_export_json_is_the_evaluated_game(run, tmp_path):
    out = tmp_path / "entry.json"
    assert run("export", TEXTBOOK / "entry_deterrence.yaml", "--to", "json", "-o", out).exit_code == 0
    data = json.loads(out.read_text())
    assert data["players"] == ["entrant", "incumbent"]
    assert data["outcomes"]["price_war"]["payoffs"] == {"entrant": -2, "incumbent": -2}


def test_a_matrix_game_has_no_efg(run, tmp_path):
    result = run("export", TEXTBOOK / "prisoners_dilemma.yaml", "--to", "efg", "-o", tmp_path / "x.efg")
    assert result.exit_code == 2 and "use --to nfg" in result.output


def test_import_keeps_information_sets_and_solves_as_pbe(run, tmp_path):
    yaml = tmp_path / "bq.yaml"
    assert run("import", CORPUS / "beer_quiche.efg", "-o", yaml).exit_code == 0
    assert "information_set: player_2_set_1" in yaml.read_text()
    game = ns.load_scenario(yaml).evaluate()
    assert sorted(len(v) for v in game.information_sets().values()) == [1, 1, 2, 2]
    again = read_efg((CORPUS / "beer_quiche.efg").read_text())
    assert list(again.outcomes) == list(game.outcomes)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("three_players.nfg", "only two-player games can be read"),
        ("truncated.efg", "the file ends before the tree is complete"),
    ],
)
def test_import_of_a_bad_file_is_a_located_error(run, tmp_path, name, message):
    result = run("import", CORPUS / name, "-o", tmp_path / "x.yaml")
    assert result.exit_code == 2
    assert message in result.output and name in result.output
    assert not (tmp_path / "x.yaml").exists()


def test_a_scenario_with_imperfect_recall_is_a_located_error(run, tmp_path):
    path = tmp_path / "forgetful.yaml"
    path.write_text(
        """format: negotiation-sim/1
title: Forgetful
players: {a: {label: A}, b: {label: B}}
game:
  kind: extensive
  root: r
  nodes:
    r: {player: a, moves: {x: s, y: t}}
    s: {player: a, information_set: h, moves: {l: o1, m: o2}}
    t: {player: a, information_set: h, moves: {l: o1, m: o2}}
  outcomes:
    o1: {payoffs: {a: 0, b: 0}}
    o2: {payoffs: {a: 1, b: 0}}
""",
        encoding="utf-8",
    )
    result = run("validate", path)
    assert result.exit_code == 2
    assert "forgetful.yaml:10:" in result.output
    assert "game.nodes.t.information_set: imperfect recall: at information set 'h' player 'a' forgets" in result.output
