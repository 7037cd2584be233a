"""CLI commands that write files: sweep, tornado, tree, demo."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

import negotiation_sim as ns
from negotiation_sim.cli import main

ISLANDS = ns.bundled_scenarios_dir() / "islands"
TF = str(ISLANDS / "territory_first.yaml")
NA = str(ISLANDS / "new_approach.yaml")
CHICKEN = str(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")


@pytest.fixture()
def run():
    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


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
        (["--vary", "china_threat", "--vary", "trust_gain", "--vary", "aid_package"], "at most twice"),
        (["--vary", "china_threat", "--player", "japn"], "did you mean 'japan'"),
        (["--vary", "china_threat", "-o", "plot.gif"], "unsupported file type"),
        (["--vary", "china_threat", "--data", "grid.xlsx"], "unsupported file type"),
    ],
)
def test_sweep_bad_input_exits_2(run, tmp_path, args, message):
    result = run("sweep", NA, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


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


def test_tree_draws_and_refuses_normal_forms(run, tmp_path):
    out = tmp_path / "tree.png"
    assert run("tree", NA, "--set", "china_threat=0.2", "-o", out).exit_code == 0
    assert out.exists()
    result = run("tree", CHICKEN, "-o", tmp_path / "c.png")
    assert result.exit_code == 2 and "no game tree" in result.stderr


def test_demo_writes_the_study(run, tmp_path):
    out = tmp_path / "demo"
    result = run("demo", "--out", out)
    assert result.exit_code == 0, result.stderr
    names = {p.name for p in out.iterdir()}
    assert {
        "summary.md",
        "comparison.md",
        "comparison.json",
        "sweep.csv",
        "regions_territory_first.png",
        "regions_new_approach.png",
        "comparison_map_japan.png",
        "tornado_japan.png",
        "tree_territory_first.png",
        "tree_new_approach.png",
    } <= names
    summary = (out / "summary.md").read_text()
    for name in names - {"summary.md", "comparison.md"}:
        assert name in summary, name
    assert "hold-up" in summary


def test_demo_refuses_a_file_as_folder(run, tmp_path):
    target = tmp_path / "file"
    target.write_text("keep me")
    result = run("demo", "--out", target)
    assert result.exit_code in (1, 2)
    assert target.read_text() == "keep me"


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
