"""Commands that draw: tree and demo."""

from __future__ import annotations

import negotiation_sim as ns

SCENARIOS = ns.bundled_scenarios_dir()
ISLANDS = SCENARIOS / "islands"
CHICKEN = str(SCENARIOS / "textbook" / "chicken.yaml")
NA = str(ISLANDS / "new_approach.yaml")


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
        "thresholds.json",
        "robustness.json",
        "report.html",
    } <= names
    summary = (out / "summary.md").read_text()
    for name in names - {"summary.md", "comparison.md"}:
        assert name in summary, name
    assert "hold-up" in summary
    assert "## Thresholds" in summary and "## How robust the findings are" in summary
    assert "95% interval" in result.output and "Thresholds:" in result.output
    page = (out / "report.html").read_text()
    assert "China's assertiveness" in page and "<svg" in page and "<script" not in page
    assert "negotiation-sim demo" in page


def test_demo_refuses_a_file_as_folder(run, tmp_path):
    target = tmp_path / "file"
    target.write_text("keep me")
    result = run("demo", "--out", target)
    assert result.exit_code in (1, 2)
    assert target.read_text() == "keep me"
