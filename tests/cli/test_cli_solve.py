"""Commands that solve at one parameter point: solve and compare."""

from __future__ import annotations

import json

import negotiation_sim as ns

SCENARIOS = ns.bundled_scenarios_dir()
ISLANDS = SCENARIOS / "islands"
PD = str(SCENARIOS / "textbook" / "prisoners_dilemma.yaml")
ENTRY = str(SCENARIOS / "textbook" / "entry_deterrence.yaml")
NEW = str(ISLANDS / "new_approach.yaml")


def test_solve_text_explains_the_tree(run):
    result = run("solve", NEW)
    assert result.exit_code == 0
    assert "Cooperation without territory" in result.output
    assert "Equilibrium path: cooperate=reciprocate -> offer=none -> japan_without_deal=continue" in result.output
    assert "Russia chooses reciprocate at cooperate: 3.4" in result.output


def test_solve_json_contract_for_a_tree(run):
    result = run("solve", NEW, "--format", "json")
    data = json.loads(result.output)
    assert set(data) >= {"scenario", "parameters", "game", "equilibria"}
    assert data["scenario"]["id"] == "new-approach"
    assert data["game"] == {"kind": "extensive", "players": ["japan", "russia"]}
    first = data["equilibria"][0]
    assert first["concept"] == "subgame-perfect"
    assert first["strategies"]["russia"]["cooperate"] == "reciprocate"
    assert first["path"][0] == "cooperate=reciprocate"
    assert first["outcomes"] == {"cooperation_without_territory": 1.0}
    assert data["parameters"]["china_threat"] == 0.7


def test_solve_json_contract_for_a_normal_form(run):
    data = json.loads(run("solve", PD, "--format", "json").output)
    assert data["equilibria"] == [
        {
            "concept": "nash",
            "strategies": {
                "suspect_a": {"cooperate": 0.0, "defect": 1.0},
                "suspect_b": {"cooperate": 0.0, "defect": 1.0},
            },
            "payoffs": {"suspect_a": 1.0, "suspect_b": 1.0},
            "pareto_efficient": False,
            "payoff_dominant": True,
        }
    ]


def test_solve_concept_all_shows_non_credible_threat(run):
    result = run("solve", ENTRY, "--concept", "all", "--format", "json")
    data = json.loads(result.output)
    concepts = [e["concept"] for e in data["equilibria"]]
    assert concepts[0] == "subgame-perfect"
    nash = [e for e in data["equilibria"] if e["concept"] == "nash"]
    assert any(
        e["strategies"]["entrant"].get("stay_out") == 1.0 and e["strategies"]["incumbent"]["fight"] == 1.0 for e in nash
    )


def test_solve_markdown(run):
    result = run("solve", PD, "--format", "markdown")
    assert result.output.startswith("## Prisoner")
    assert "| # |" in result.output


def test_one_by_one_game_is_explained(run, tmp_path):
    path = tmp_path / "one.yaml"
    path.write_text(
        "format: negotiation-sim/1\ntitle: one\nplayers: {r: {}, c: {}}\n"
        "game: {kind: normal, strategies: {r: [u], c: [l]}, payoffs: {r: [[1]], c: [[2]]}}\n"
    )
    assert "(u, l): each player has a single strategy." in run("solve", str(path)).output


def test_compare_text_json_and_markdown(run):
    tf = str(ISLANDS / "territory_first.yaml")
    text = run("compare", tf, NEW)
    assert text.exit_code == 0, text.stderr
    assert text.output.splitlines()[0].split() == ["Territory-first", "New", "approach", "difference"]
    data = json.loads(run("compare", tf, NEW, "--format", "json").output)
    assert list(data) == ["scenarios", "difference", "preferences"]
    assert data["difference"] == {"japan": 2.0, "russia": 3.4}
    assert "| --- | --- | --- | ---: |" in run("compare", tf, NEW, "--format", "markdown").output


def test_compare_needs_two_files(run):
    result = run("compare", NEW)
    assert result.exit_code == 2 and "at least two scenario files" in result.stderr


# -- compare with per-side overrides --------------------------------------------------------------


def test_compare_one_file_at_two_settings(run):
    result = run("compare", PD, PD, "--set-b", "temptation=8")
    assert result.exit_code == 0, result.stderr
    lines = result.output.splitlines()
    assert "Prisoner's dilemma (#1): at the defaults" in lines
    assert "Prisoner's dilemma (#2): with temptation = 8" in lines
    data = json.loads(run("compare", PD, PD, "--set-b", "temptation=8", "--format", "json").output)
    assert [s["parameters"]["temptation"] for s in data["scenarios"]] == [5, 8]


def test_compare_per_side_overrides_win_over_set(run):
    data = json.loads(
        run(
            "compare",
            PD,
            PD,
            "--set",
            "temptation=6",
            "--set",
            "reward=2",
            "--set-a",
            "temptation=7",
            "--format",
            "json",
        ).output
    )
    assert [s["parameters"]["temptation"] for s in data["scenarios"]] == [7, 6]
    assert [s["parameters"]["reward"] for s in data["scenarios"]] == [2, 2]


def test_compare_lists_shared_overrides_as_solve_does(run):
    result = run("compare", PD, PD, "--set", "temptation=6")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "With temptation = 6"
    markdown = run("compare", PD, PD, "--set-a", "temptation=6", "--format", "markdown").output
    assert "Prisoner's dilemma (#1): with temptation = 6" in markdown


def test_compare_at_defaults_prints_no_override_line(run):
    tf = str(ISLANDS / "territory_first.yaml")
    output = run("compare", tf, NEW).output
    assert not output.startswith("With") and "at the defaults" not in output


def test_compare_per_side_unknown_parameter(run, tmp_path):
    result = run("compare", PD, PD, "--set-b", "temptaton=8")
    assert result.exit_code == 2
    assert "temptaton" in result.stderr and "did you mean 'temptation'" in result.stderr


def test_solve_words_a_chance_lottery_apart_from_alternatives(run):
    text = run("solve", "chance_move").output
    assert "No sale 50% / high-value buyer buys at the high price 50%" in text
    assert " or " not in text.split("Equilibrium path")[0]
