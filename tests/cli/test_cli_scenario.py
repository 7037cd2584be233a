"""Commands about scenario files: validate, show, list, schema."""

from __future__ import annotations

import shutil
from pathlib import Path

import negotiation_sim as ns

SCENARIOS = ns.bundled_scenarios_dir()
ISLANDS = SCENARIOS / "islands"
PD = str(SCENARIOS / "textbook" / "prisoners_dilemma.yaml")
NEW = str(ISLANDS / "new_approach.yaml")
TF = str(ISLANDS / "territory_first.yaml")


def test_validate_ok_and_bad(run, tmp_path):
    assert run("validate", PD, NEW).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: negotiation-sim/1\ntitle: x\nplayres: {}\n")
    result = run("validate", PD, str(bad))
    assert result.exit_code == 2
    assert f"{bad}:3:1: playres: unknown key 'playres' (did you mean 'players'?)" in result.stderr
    assert "Traceback" not in result.output + result.stderr


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
