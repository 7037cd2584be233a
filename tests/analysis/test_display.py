"""Notebook display: short reprs, escaped HTML tables, to_dataframe (pandas optional)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import negotiation_sim as ns
from negotiation_sim.analysis.sweep import sweep
from negotiation_sim.analysis.tornado import tornado

TEXTBOOK = ns.bundled_scenarios_dir() / "textbook"
ISLANDS = ns.bundled_scenarios_dir() / "islands"


def test_short_reprs() -> None:
    pd_game = ns.load_scenario(TEXTBOOK / "prisoners_dilemma.yaml")
    assert repr(ns.solve(pd_game)) == "Solution(prisoners-dilemma: 1 Nash equilibrium)"
    ultimatum = ns.solve(ns.load_scenario(TEXTBOOK / "ultimatum.yaml"))
    assert repr(ultimatum) == "Solution(ultimatum: 2 subgame-perfect equilibria)"
    both = ns.solve(ns.load_scenario(TEXTBOOK / "entry_deterrence.yaml"), concept="all")
    assert repr(both) == "Solution(entry-deterrence: 4 equilibria)"
    assert "\n" not in repr(tornado(pd_game, None, "suspect_a", parameters=["punishment"]))
    assert str(ultimatum).startswith(repr(ultimatum) + "\n  subgame-perfect: ")


def hostile(tmp_path: Path) -> ns.Scenario:
    text = (TEXTBOOK / "prisoners_dilemma.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Prisoner's dilemma", "title: <script>alert(1)</script> & co")
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return ns.load_scenario(path)


def test_html_tables_escape_scenario_text(tmp_path: Path) -> None:
    sc = hostile(tmp_path)
    assert "<script>" in sc.title  # the file really carries markup
    solution = ns.solve(sc)
    html = solution._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; co" in html
    assert html.count("<tr>") == 1 + len(solution.equilibria)
    assert "<td>no</td><td>yes</td>" in html  # not Pareto-efficient, payoff-dominant
    result = sweep(sc, {"punishment": np.linspace(0.5, 2.5, 5)})
    assert "&lt;script&gt;" in result._repr_html_() and "<script>" not in result._repr_html_()
    bars = tornado(sc, None, "suspect_a", parameters=["punishment"])
    assert bars._repr_html_().count("<tr>") == 1 + len(bars.bars)


def test_sweep_and_tornado_to_dataframe() -> None:
    pytest.importorskip("pandas")
    sc = ns.load_scenario(TEXTBOOK / "ultimatum.yaml")
    result = sweep(sc, {"pie": [10, 11, 12]})
    frame = result.to_dataframe()
    assert frame.columns.tolist() == result.columns()
    assert frame["payoff_proposer"].tolist() == [row["payoff_proposer"] for row in result.rows()]
    a, b = ns.load_scenario(ISLANDS / "territory_first.yaml"), ns.load_scenario(ISLANDS / "new_approach.yaml")
    bars = tornado(a, b, "japan", parameters=["china_threat", "linkage_cost"])
    frame = bars.to_dataframe()
    assert frame["parameter"].tolist() == [bar.parameter for bar in bars.bars]
    assert frame["swing"].tolist() == [row["swing"] for row in bars.to_rows()]


def test_to_dataframe_without_pandas_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    result = sweep(ns.load_scenario(TEXTBOOK / "ultimatum.yaml"), {"pie": [10, 12]})
    with pytest.raises(ImportError, match=r"pip install 'negotiation-sim\[pandas\]'"):
        result.to_dataframe()
