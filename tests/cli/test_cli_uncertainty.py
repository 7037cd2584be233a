"""The threshold and uncertainty commands, and sweep's --workers and third --vary."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from negotiation_sim.cli import main

TF = "scenarios/islands/territory_first.yaml"
NA = "scenarios/islands/new_approach.yaml"
SELLER = "scenarios/textbook/chance_move.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_threshold_text_names_each_change_and_the_tie():
    code, out, _ = run("threshold", SELLER, "--vary", "p_high")
    assert code == 0
    assert "0.333333333 " in out and "tie at the boundary" in out
    assert "201-point grid" in out


def test_threshold_json_follows_the_contract():
    code, out, _ = run("threshold", SELLER, "--vary", "p_high", "--format", "json")
    assert code == 0
    record = json.loads(out)
    assert record["parameter"] == "p_high"
    assert [round(c["at"], 9) for c in record["changes"]] == [0.0, 0.333333333, 1.0]
    assert [c["tie_at_boundary"] for c in record["changes"]] == [False, True, False]


def test_threshold_markdown_and_partial_range():
    code, out, _ = run("threshold", SELLER, "--vary", "p_high=0.1:0.9", "--format", "markdown")
    assert code == 0
    assert out.startswith("## ") and "| p_high |" in out
    assert out.count("\n| 0.") == 1  # only the change at 1/3 lies inside [0.1, 0.9]


def test_threshold_of_a_comparison():
    code, out, _ = run("threshold", TF, NA, "--vary", "china_threat", "--player", "japan", "--format", "json")
    assert code == 0
    record = json.loads(out)
    assert record["player"] == "japan"
    assert all(c["below"] in ("a_better", "equal", "b_better") for c in record["changes"])


@pytest.mark.parametrize(
    "args, message",
    [
        (("threshold", SELLER, "--vary", "p_hgh"), "did you mean 'p_high'"),
        (("threshold", TF, NA, "--vary", "china_threat"), "no player given"),
        (("threshold", SELLER, SELLER, SELLER, "--vary", "p_high"), "one scenario or two"),
        (("uncertainty", TF, NA, "--samples", "100", "--player", "japn"), "did you mean 'japan'"),
        (("uncertainty", TF, "--samples", "100", "--set", "china_thret=1"), "did you mean 'china_threat'"),
        (("uncertainty", TF, "--samples", "100", "--sobol-base", "100"), "power of two"),
        (("uncertainty", TF, "--samples", "100", "--workers", "2", "--scheduler", "tcp://x:1"), "not both"),
        (("uncertainty", TF, "--samples", "100", "--data", "out.txt"), "unsupported file type"),
    ],
)
def test_invalid_input_exits_2_with_a_message(args, message):
    code, _, err = run(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_uncertainty_text_reports_probabilities_intervals_and_sobol_method():
    import negotiation_sim as ns
    from negotiation_sim.analysis.sampling import uncertain_parameters

    drawn = len(uncertain_parameters([ns.load_scenario(TF), ns.load_scenario(NA)]))
    code, out, _ = run("uncertainty", TF, NA, "--samples", "2000", "--seed", "3", "--sobol-base", "64")
    assert code == 0
    assert f"Monte Carlo over {drawn} parameters: 2,000 samples, seed 3" in out
    assert "Which approach is better" in out and "95% interval" in out
    assert "Saltelli" in out and f"{64 * (drawn + 2):,} model runs" in out


def test_uncertainty_json_is_identical_for_a_seed_and_follows_the_contract():
    args = ("uncertainty", TF, NA, "--samples", "1500", "--seed", "4", "--no-sobol", "--format", "json")
    first, second = run(*args), run(*args)
    assert first[0] == 0 and first[1] == second[1]
    record = json.loads(first[1])
    assert record["samples"] == 1500 and record["seed"] == 4
    assert set(record["comparison"]["japan"]) == {"b_better", "equal", "a_better"}
    assert record["sobol"] == {}


def test_uncertainty_writes_figures_and_data(tmp_path):
    figure, data = tmp_path / "mc.png", tmp_path / "mc.csv"
    code, out, _ = run(
        "uncertainty",
        TF,
        NA,
        "--samples",
        "500",
        "--sobol-base",
        "64",
        "--player",
        "japan",
        "-o",
        str(figure),
        "--data",
        str(data),
    )
    assert code == 0, out
    assert figure.stat().st_size > 10_000
    assert data.read_text().startswith("kind,scenario,player,key,probability")


def test_sweep_third_vary_gives_facets(tmp_path):
    data, figure = tmp_path / "facets.csv", tmp_path / "facets.png"
    code, _, err = run(
        "sweep",
        TF,
        NA,
        "--vary",
        "china_threat=0:1:5",
        "--vary",
        "russia_aid_value=0.5:6:4",
        "--vary",
        "trust_gain=0:0.9:3",
        "--player",
        "japan",
        "--data",
        str(data),
        "-o",
        str(figure),
    )
    assert code == 0, err
    lines = data.read_text().splitlines()
    assert lines[0].startswith("china_threat,russia_aid_value,trust_gain,scenario")
    assert len(lines) == 1 + 3 * 2 * 5 * 4
    assert figure.exists()


def test_sweep_on_workers_equals_the_local_sweep(tmp_path):
    local, remote = tmp_path / "local.csv", tmp_path / "remote.csv"
    base = ("sweep", TF, NA, "--vary", "china_threat=0:1:11", "--vary", "aid_package=0:3:7")
    assert run(*base, "--data", str(local))[0] == 0
    assert run(*base, "--workers", "2", "--data", str(remote))[0] == 0
    assert local.read_text() == remote.read_text()


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from negotiation_sim.cli import main\n"
        "for args in (['--help'], ['uncertainty', '--help'], ['threshold', '--help']):\n"
        "    assert CliRunner().invoke(main, args).exit_code == 0\n"
        "heavy = [m for m in ('SALib', 'dask', 'distributed', 'pandas', 'scipy', 'matplotlib') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
