"""Commands that explore parameters: sweep and tornado."""

from __future__ import annotations

import csv
import json

import pytest

import negotiation_sim as ns

SCENARIOS = ns.bundled_scenarios_dir()
ISLANDS = SCENARIOS / "islands"
CHICKEN = str(SCENARIOS / "textbook" / "chicken.yaml")
NEW = NA = str(ISLANDS / "new_approach.yaml")
TF = str(ISLANDS / "territory_first.yaml")


@pytest.mark.parametrize(
    ("vary", "message"),
    [(["china_threat=0.5:0.5:5"], "finite LO < HI"), (["china_threat", "china_threat"], "given twice")],
)
def test_sweep_axis_errors(run, vary, message):
    args = [a for v in vary for a in ("--vary", v)]
    result = run("sweep", NEW, *args)
    assert result.exit_code == 2 and message in result.stderr


def test_sweep_1d_writes_plot_and_csv(run, tmp_path):
    plot, data = tmp_path / "curve.svg", tmp_path / "grid.csv"
    result = run("sweep", NA, "--vary", "china_threat=0:1:21", "-o", plot, "--data", data)
    assert result.exit_code == 0, result.stderr
    assert plot.read_text().lstrip().startswith("<?xml")
    rows = list(csv.DictReader(data.read_text().splitlines()))
    assert len(rows) == 21
    assert {"china_threat", "scenario", "outcome", "payoff_japan", "payoff_russia", "ties"} <= set(rows[0])
    assert "Cooperation without territory" in result.output


def test_sweep_2d_comparison_map_and_json(run, tmp_path):
    plot, data = tmp_path / "map.png", tmp_path / "grid.json"
    result = run(
        "sweep",
        TF,
        NA,
        "--vary",
        "china_threat=0:1:11",
        "--vary",
        "trust_gain=0:0.9:7",
        "--player",
        "japan",
        "-o",
        plot,
        "--data",
        data,
    )
    assert result.exit_code == 0, result.stderr
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    parsed = json.loads(data.read_text())
    assert len(parsed["rows"]) == 2 * 11 * 7


def test_sweep_normal_form_and_pdf(run, tmp_path):
    plot = tmp_path / "chicken.pdf"
    result = run("sweep", CHICKEN, "--vary", "crash_cost", "--vary", "win", "-o", plot)
    assert result.exit_code == 0, result.stderr
    assert plot.read_bytes()[:4] == b"%PDF"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--vary", "china_thret"], "did you mean 'china_threat'"),
        (["--vary", "china_threat=0:x"], "expected LO:HI or LO:HI:N"),
        (
            ["--vary", "china_threat", "--vary", "trust_gain", "--vary", "aid_package", "--vary", "upfront_share"],
            "at most three times",
        ),
        (["--vary", "china_threat", "--vary", "trust_gain", "--vary", "china_threat"], "is given twice"),
        (["--vary", "china_threat", "--player", "japn"], "did you mean 'japan'"),
        (["--vary", "china_threat", "-o", "plot.gif"], "unsupported file type"),
        (["--vary", "china_threat", "--data", "grid.xls"], "unsupported file type"),
    ],
)
def test_sweep_bad_input_exits_2(run, tmp_path, args, message):
    result = run("sweep", NA, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_tornado_writes_chart_and_data(run, tmp_path):
    plot, data = tmp_path / "tornado.png", tmp_path / "bars.csv"
    result = run("tornado", TF, NA, "--player", "japan", "-o", plot, "--data", data)
    assert result.exit_code == 0, result.stderr
    assert plot.exists()
    rows = list(csv.DictReader(data.read_text().splitlines()))
    assert rows and "parameter" in rows[0]
    assert "payoff difference" in result.output
    json_out = tmp_path / "bars.json"
    assert run("tornado", TF, NA, "--player", "japan", "--data", json_out).exit_code == 0
    assert json.loads(json_out.read_text())["player"] == "japan"


def test_tornado_unknown_player(run):
    result = run("tornado", TF, NA, "--player", "chna")
    assert result.exit_code == 2


def test_tornado_with_invalid_grid_points_writes_json(run, tmp_path):
    scenario = tmp_path / "invalid_points.yaml"
    scenario.write_text(
        "format: negotiation-sim/1\ntitle: invalid at some points\nplayers: {a: {}, b: {}}\n"
        "parameters:\n  x: {value: 1, range: [0, 2]}\n"
        "game:\n  kind: extensive\n  root: n\n  nodes:\n    n: {player: a, moves: {l: o1, r: o2}}\n"
        "  outcomes:\n    o1: {payoffs: {a: 1/(x - 1.5), b: 0}}\n    o2: {payoffs: {a: 0, b: log(x)}}\n"
    )
    data = tmp_path / "bars.json"
    result = run("tornado", scenario, scenario, "--player", "a", "--data", data)
    assert result.exit_code == 0, result.stderr
    bar = json.loads(data.read_text())["bars"][0]
    assert bar["difference_low"] is None  # x = 0 is an invalid point
    assert "invalid payoffs" in result.stderr


# -- tornado on a single scenario: the player's payoff ------------------------------------------


def test_tornado_on_one_scenario_varies_the_players_payoff(run, tmp_path):
    pd = str(SCENARIOS / "textbook" / "prisoners_dilemma.yaml")
    data = tmp_path / "bars.json"
    result = run("tornado", pd, "--player", "suspect_a", "--data", data)
    assert result.exit_code == 0, result.stderr
    assert result.output.splitlines()[0] == "Suspect A's payoff (Prisoner's dilemma) at the defaults: 1"
    bars = json.loads(data.read_text())
    assert bars["difference"] == "payoff" and len(bars["scenarios"]) == 1
    punishment = next(b for b in bars["bars"] if b["parameter"] == "punishment")
    # (defect, defect) at every point of the range, so the payoff is the punishment itself.
    assert (punishment["low"], punishment["high"]) == (0.5, 2.5)
    assert (punishment["difference_low"], punishment["difference_high"]) == (0.5, 2.5)
    reward = next(b for b in bars["bars"] if b["parameter"] == "reward")
    assert reward["minimum"] == reward["maximum"] == 1.0  # never played


def test_tornado_on_one_scenario_plots_the_payoff(run, tmp_path):
    pd = str(SCENARIOS / "textbook" / "prisoners_dilemma.yaml")
    result = run("tornado", pd, "--player", "suspect_b", "-o", tmp_path / "t.svg")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "t.svg").stat().st_size > 0


def test_tornado_needs_one_or_two_files(run):
    pd = str(SCENARIOS / "textbook" / "prisoners_dilemma.yaml")
    result = run("tornado", pd, pd, pd, "--player", "suspect_a")
    assert result.exit_code == 2
    assert "one or two" in result.stderr


def test_sweep_2d_lists_the_bisected_boundaries(run):
    result = run("sweep", TF, "--vary", "china_threat=0.2:0.6:3", "--vary", "russia_aid_value=1:6:3")
    assert result.exit_code == 0, result.stderr
    assert "Territory-first: outcome boundaries" in result.output
    assert "4.04..4.84" in result.output  # russia_aid_value = 5.24 - 2 china_threat at 0.6 and 0.2
    compared = run(
        "sweep", TF, NA, "--vary", "china_threat=0:1:11", "--vary", "russia_aid_value=1:6:3", "--player", "japan"
    )
    assert compared.exit_code == 0, compared.stderr
    assert "where japan's better strategy changes" in compared.output
