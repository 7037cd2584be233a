"""``report`` on every bundled tree with information sets: a page with PBE, SPE and Nash tables and the tree.

The grid sections (maps, change points, tornado, uncertainty) need backward induction and
are left out with one sentence saying why; asking for them (--vary, --samples) is an error.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from test_report_html import parse

import negotiation_sim as ns
from negotiation_sim.analysis.perfect_information import shared_information_set
from negotiation_sim.cli import main

BUNDLED = ns.bundled_scenarios_dir()
WITH_SETS = sorted(
    str(path.relative_to(BUNDLED))
    for path in BUNDLED.rglob("*.yaml")
    if "history" not in path.parts and shared_information_set(ns.load_scenario(path)) is not None
)


def test_the_bundled_information_set_games_are_found():
    assert {"islands/sizing_up.yaml", "textbook/beer_quiche.yaml"} <= set(WITH_SETS)
    assert len(WITH_SETS) >= 4


def _report(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["report", *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize("name", WITH_SETS)
def test_html_report_has_equilibria_and_tree(tmp_path, name):
    out = tmp_path / "r.html"
    code, output = _report(str(BUNDLED / name), "-o", str(out))
    assert code == 0, output
    page = parse(out)
    captions = [t["caption"] for t in page.tables]
    assert any(c.startswith("Perfect Bayesian equilibria") for c in captions), captions
    assert any(c.startswith("Subgame-perfect equilibria") for c in captions), captions
    assert any(c.startswith("Parameters") for c in captions), captions
    assert any(a.get("id") == "figure-tree-0" for _, a in page.elements)
    text = " ".join(page.text)
    assert "needs perfect information" in text and "backward induction over a grid" in text
    assert "No parameter declares a range" not in text  # the real reason is given instead


@pytest.mark.parametrize("name", ["islands/sizing_up.yaml", "textbook/beer_quiche.yaml"])
def test_markdown_report_is_written(tmp_path, name):
    out = tmp_path / "r.md"
    code, output = _report(str(BUNDLED / name), "-o", str(out))
    assert code == 0, output
    text = out.read_text(encoding="utf-8")
    assert "Perfect Bayesian equilibria" in text and "Subgame-perfect equilibria" in text
    assert (tmp_path / "r_figures" / "tree-0.svg").stat().st_size > 1000
    assert "needs perfect information" in text


def test_sizing_up_findings_follow_each_type(tmp_path):
    out = tmp_path / "r.md"
    assert _report(str(BUNDLED / "islands" / "sizing_up.yaml"), "-o", str(out))[0] == 0
    text = out.read_text(encoding="utf-8")
    assert "Nash equilibria of the reduced normal form" in text
    assert "at these values, in perfect Bayesian equilibrium, the game ends in cooperation" in text
    assert "japan_type=needy → japan_type=resolute" not in text


@pytest.mark.parametrize(
    ("option", "value", "what"), [("--vary", "p_strong", "--vary"), ("--samples", "50", "--samples")]
)
def test_grid_options_are_refused_clearly(tmp_path, option, value, what):
    code, output = _report(
        str(BUNDLED / "textbook" / "beer_quiche.yaml"), option, value, "-o", str(tmp_path / "r.html")
    )
    assert code == 2
    assert f"{what} (the report's" in output and "needs perfect information" in output
    assert "information set 'after_beer'" in output


def test_pair_with_an_information_set_tree(tmp_path):
    out = tmp_path / "r.html"
    code, output = _report(
        str(BUNDLED / "islands" / "new_approach.yaml"), str(BUNDLED / "islands" / "sizing_up.yaml"), "-o", str(out)
    )
    assert code == 0, output
    text = " ".join(parse(out).text)
    assert "Japan prefers New approach" in text
    assert "needs perfect information" in text
