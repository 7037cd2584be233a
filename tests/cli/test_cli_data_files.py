"""Data files of ``sweep --data`` and ``tornado --data``: CSV, JSON and Excel, numbers without float noise."""

from __future__ import annotations

import builtins
import csv
import json

import pytest

import negotiation_sim as ns

PD = ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml"

NOISY = (
    "format: negotiation-sim/1\ntitle: noisy\nplayers: {a: {}, b: {}}\n"
    "parameters: {p: {value: 3, range: [0, 10]}}\n"
    "game: {kind: normal, strategies: {a: [x], b: [y]}, payoffs: {a: [['p * 0.1']], b: [['p * 0.7 + 0.1']]}}\n"
)


@pytest.fixture()
def noisy(tmp_path):
    path = tmp_path / "noisy.yaml"
    path.write_text(NOISY)
    return path


def test_csv_numbers_have_no_float_noise(run, tmp_path, noisy):
    out = tmp_path / "grid.csv"
    assert run("sweep", noisy, "--vary", "p=1:3:3", "--data", out).exit_code == 0
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert [r["payoff_a"] for r in rows] == ["0.1", "0.2", "0.3"]  # 3 * 0.1 is 0.30000000000000004
    assert [r["payoff_b"] for r in rows] == ["0.8", "1.5", "2.2"]
    assert "0000000" not in out.read_text()


def test_json_numbers_have_no_float_noise(run, tmp_path, noisy):
    out = tmp_path / "grid.json"
    assert run("sweep", noisy, "--vary", "p=1:3:3", "--data", out).exit_code == 0
    text = out.read_text()
    assert "0000000" not in text
    data = json.loads(text)
    assert [r["payoff_a"] for r in data["rows"]] == [0.1, 0.2, 0.3]


def test_rounding_keeps_twelve_significant_digits():
    from negotiation_sim.report.files import rounded

    assert rounded(1 / 3) == 0.333333333333
    assert rounded(123456789.123456789) == 123456789.123
    assert rounded(1e-20 / 3) == pytest.approx(3.33333333333e-21, rel=1e-12)
    assert rounded({"a": [0.1 + 0.2, 2, "x", None, float("nan")]}) == {"a": [0.3, 2, "x", None, None]}
    assert rounded(-0.0) == 0.0 and str(rounded(-1e-30 * 0)) == "0.0"


def test_sweep_writes_excel(run, tmp_path, noisy):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "grid.xlsx"
    result = run("sweep", noisy, "--vary", "p=1:3:3", "--data", out)
    assert result.exit_code == 0, result.stderr
    assert f"wrote {out}" in result.output
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("p", "scenario", "outcome", "payoff_a", "payoff_b", "ties")
    assert [r[3] for r in rows[1:]] == [0.1, 0.2, 0.3]
    assert rows[1][0] == 1.0 and rows[1][1] == "noisy"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_excel_without_openpyxl_says_how_to_install(run, tmp_path, noisy, monkeypatch):
    real_import = builtins.__import__

    def no_openpyxl(name, *args, **kwargs):
        if name == "openpyxl" or name.startswith("openpyxl."):
            raise ModuleNotFoundError("No module named 'openpyxl'", name="openpyxl")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    out = tmp_path / "grid.xlsx"
    result = run("sweep", noisy, "--vary", "p=1:3:3", "--data", out)
    assert result.exit_code == 1
    assert "pip install 'negotiation-sim[excel]'" in result.stderr
    assert not out.exists()


def test_excel_is_refused_where_it_is_not_offered(run, tmp_path):
    result = run("tornado", PD, PD, "--player", "suspect_a", "--data", tmp_path / "bars.xlsx")
    assert result.exit_code == 2
    assert "use one of .csv, .json" in result.stderr
