"""The command group: exit codes, error messages, --debug, scenario names, output-path checks, start-up."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

import negotiation_sim as ns
from negotiation_sim.cli import main

SCENARIOS = ns.bundled_scenarios_dir()
ISLANDS = SCENARIOS / "islands"
PD = str(SCENARIOS / "textbook" / "prisoners_dilemma.yaml")
NEW = NA = str(ISLANDS / "new_approach.yaml")


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert ns.__version__ in result.output


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
        "heavy = ('matplotlib', 'scipy', 'nashpy', 'numpy', 'jinja2', 'SALib', 'dask')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="


def test_import_negotiation_sim_imports_no_heavy_modules():
    code = (
        "import sys, negotiation_sim\n"
        "heavy = ('matplotlib', 'scipy', 'nashpy', 'numpy', 'yaml', 'jinja2', 'SALib', 'dask', 'pandas')\n"
        "print('HEAVY=' + ','.join(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "HEAVY="


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


def test_missing_output_folder_is_a_clean_error(run, tmp_path):
    target = tmp_path / "no" / "such" / "plot.png"
    result = run("sweep", NA, "--vary", "china_threat=0:1:5", "-o", target)
    assert result.exit_code == 1
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr
    result = run("tree", NA, "-o", tmp_path / "missing" / "tree.png")
    assert result.exit_code == 1


def test_output_replaced_atomically_and_input_untouched(run, tmp_path):
    before = (ISLANDS / "new_approach.yaml").read_bytes()
    data = tmp_path / "grid.csv"
    data.write_text("old\n")
    assert run("sweep", NA, "--vary", "china_threat=0:1:3", "--data", data).exit_code == 0
    assert data.read_text().startswith("china_threat,")
    assert (ISLANDS / "new_approach.yaml").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_an_output_never_overwrites_the_input_scenario(run, tmp_path):
    scenario = tmp_path / "na.csv"  # a scenario file with a data-like name
    scenario.write_bytes(
        (ISLANDS / "new_approach.yaml")
        .read_bytes()
        .replace(b"extends: parameters.yaml", f"extends: {ISLANDS / 'parameters.yaml'}".encode())
    )
    before = scenario.read_bytes()
    result = run("sweep", scenario, "--vary", "china_threat=0:1:3", "--data", scenario)
    assert result.exit_code == 2 and "is the input scenario" in result.stderr
    assert scenario.read_bytes() == before
    svg = tmp_path / "tree.svg"
    svg.write_bytes(before)
    result = run("tree", svg, "-o", svg)
    assert result.exit_code == 2 and svg.read_bytes() == before
