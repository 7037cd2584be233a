"""CLI tests: click's CliRunner for behaviour, one subprocess for the installed script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import negotiation_sim as ns
from negotiation_sim.cli import main

SCENARIOS = ns.bundled_scenarios_dir()
PD = str(SCENARIOS / "textbook" / "prisoners_dilemma.yaml")
ENTRY = str(SCENARIOS / "textbook" / "entry_deterrence.yaml")
NEW = str(SCENARIOS / "islands" / "new_approach.yaml")
TF = str(SCENARIOS / "islands" / "territory_first.yaml")


@pytest.fixture()
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert ns.__version__ in result.output


def test_validate_ok_and_bad(run, tmp_path):
    assert run("validate", PD, NEW).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: negotiation-sim/1\ntitle: x\nplayres: {}\n")
    result = run("validate", PD, str(bad))
    assert result.exit_code == 2
    assert f"{bad}:3:1: playres: unknown key 'playres' (did you mean 'players'?)" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_invalid_input_never_shows_a_traceback(run, tmp_path):
    missing = tmp_path / "missing.yaml"
    for args in (
        ["solve", str(missing)],
        ["show", str(tmp_path)],
        ["solve", PD, "--set", "nope=1"],
        ["solve", PD, "--set", "temptation=abc"],
        ["solve", PD, "--set", "temptation"],
    ):
        result = run(*args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.stderr
        assert result.stderr.strip(), args


def test_debug_shows_traceback(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["--debug", "solve", str(tmp_path / "missing.yaml")])
    assert isinstance(result.exception, ns.ScenarioError)


def test_unknown_override_suggests(run):
    result = run("solve", PD, "--set", "temptaton=6")
    assert result.exit_code == 2
    assert "unknown parameter 'temptaton' (did you mean 'temptation'?)" in result.stderr


def test_out_of_range_override_warns_but_runs(run):
    result = run("solve", NEW, "--set", "china_threat=1.5")
    assert result.exit_code == 0
    assert "outside its declared range [0, 1]" in result.stderr


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
            "pareto_efficient": True,
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


def test_show_prints_parameters_sources_and_tree(run):
    result = run("show", TF, "--set", "china_threat=0.9")
    assert result.exit_code == 0
    out = result.output
    assert "china_threat" in out and "0.9 (set)" in out
    assert "Parameter sources:" in out and "illustrative" in out
    assert "coop_japan" in out
    assert "two_final -> tf" not in out and "two_final -> japan_on_two_final (Japan)" in out


def test_show_normal_form_matrix(run):
    out = run("show", PD).output
    assert "cooperate" in out and "defect" in out and "(payoffs:" in out


def test_list_bundled_and_folder(run, tmp_path):
    result = run("list")
    assert result.exit_code == 0
    assert "new-approach" in result.output and "prisoners-dilemma" in result.output
    shutil.copy(PD, tmp_path / "pd.yaml")
    (tmp_path / "broken.yaml").write_text("nope: [")
    out = run("list", str(tmp_path)).output
    assert "pd.yaml" in out and "invalid" in out


def test_schema_matches_committed_file(run):
    committed = Path(__file__).resolve().parents[2] / "schema" / "scenario.schema.json"
    assert run("schema").output == committed.read_text(encoding="utf-8")


def test_python_dash_m_works():
    result = subprocess.run(
        [sys.executable, "-m", "negotiation_sim", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert ns.__version__ in result.stdout


def test_help_imports_no_heavy_modules():
    code = (
        "import sys\n"
        "from negotiation_sim.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('matplotlib', 'scipy', 'nashpy', 'numpy') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="


def test_installed_console_script(tmp_path):
    script = shutil.which("negotiation-sim", path=os.path.dirname(sys.executable)) or shutil.which("negotiation-sim")
    if script is None:
        pytest.fail("the negotiation-sim console script is not installed; run pip install -e '.[test]'")
    result = subprocess.run(
        [script, "solve", PD, "--format", "json"], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["scenario"]["id"] == "prisoners-dilemma"
    listed = subprocess.run([script, "list"], capture_output=True, text=True, check=False, cwd=tmp_path)
    assert "new-approach" in listed.stdout


@pytest.mark.parametrize("name", ["new_approach", "new-approach", "islands/new_approach.yaml", "islands/new_approach"])
def test_bundled_scenarios_by_name(run, tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    result = run("solve", name, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.output)["scenario"]["id"] == "new-approach"


def test_a_local_file_wins_over_a_bundled_name(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(PD, tmp_path / "new_approach")
    assert json.loads(run("solve", "new_approach", "--format", "json").output)["scenario"]["id"] == "prisoners-dilemma"


def test_one_by_one_game_is_explained(run, tmp_path):
    path = tmp_path / "one.yaml"
    path.write_text(
        "format: negotiation-sim/1\ntitle: one\nplayers: {r: {}, c: {}}\n"
        "game: {kind: normal, strategies: {r: [u], c: [l]}, payoffs: {r: [[1]], c: [[2]]}}\n"
    )
    assert "(u, l): each player has a single strategy." in run("solve", str(path)).output


@pytest.mark.parametrize(
    ("vary", "message"),
    [(["china_threat=0.5:0.5:5"], "finite LO < HI"), (["china_threat", "china_threat"], "given twice")],
)
def test_sweep_axis_errors(run, vary, message):
    args = [a for v in vary for a in ("--vary", v)]
    result = run("sweep", NEW, *args)
    assert result.exit_code == 2 and message in result.stderr
