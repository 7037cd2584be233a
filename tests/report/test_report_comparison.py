"""Tests of negotiation_sim.report.comparison: the side-by-side table of a Comparison."""

from __future__ import annotations

import pytest

import negotiation_sim as ns
from negotiation_sim.analysis.compare import Comparison, compare
from negotiation_sim.report import format_comparison

ISLANDS = ns.bundled_scenarios_dir() / "islands"


@pytest.fixture(scope="module")
def territory_first() -> ns.Scenario:
    return ns.load_scenario(ISLANDS / "territory_first.yaml")


@pytest.fixture(scope="module")
def new_approach() -> ns.Scenario:
    return ns.load_scenario(ISLANDS / "new_approach.yaml")


@pytest.fixture(scope="module")
def at_defaults(territory_first, new_approach) -> Comparison:
    return compare([territory_first, new_approach])


# --- text and Markdown --------------------------------------------------------------------------------


def test_format_text(at_defaults):
    text = format_comparison(at_defaults, "text")
    lines = text.splitlines()
    assert "Territory-first" in lines[0] and "New approach" in lines[0] and "difference" in lines[0]
    assert "Impasse (no settlement, limited cooperation)" in text
    assert "Cooperation without territory" in text
    japan_row = next(line for line in lines if line.startswith("Japan "))
    assert japan_row.split() == ["Japan", "0.0", "2.0", "+2.0"]
    russia_row = next(line for line in lines if line.startswith("Russia "))
    assert russia_row.split() == ["Russia", "0.0", "3.4", "+3.4"]
    for sentence in at_defaults.preferences.values():
        assert sentence in lines
    assert text.endswith(".\n")
    assert "*" not in text  # the default ties do not change the outcome: nothing to flag


def test_format_text_is_aligned(at_defaults):
    lines = format_comparison(at_defaults, "text").splitlines()
    table = lines[: lines.index("")]
    rule = table[1]
    columns = [k for k, ch in enumerate(rule) if ch == "-" and (k == 0 or rule[k - 1] == " ")]
    assert len(columns) == 4
    # Numbers are right-aligned: each payoff ends where its column's rule ends.
    japan = next(line for line in table if line.startswith("Japan"))
    assert len(japan) == len(rule)


def test_format_markdown(at_defaults):
    text = format_comparison(at_defaults, "markdown")
    lines = text.splitlines()
    assert lines[0] == "|  | Territory-first | New approach | difference |"
    assert lines[1] == "| --- | --- | --- | ---: |"
    assert "| outcome | Impasse (no settlement, limited cooperation) | Cooperation without territory |  |" in lines
    assert "| Japan | 0.0 | 2.0 | +2.0 |" in lines
    assert "| Russia | 0.0 | 3.4 | +3.4 |" in lines
    for sentence in at_defaults.preferences.values():
        assert f"- {sentence}" in lines


def test_format_markdown_escapes_the_footnote_marker(territory_first, new_approach):
    text = format_comparison(compare([territory_first, new_approach], {"china_threat": 0.9}), "markdown")
    assert "full cooperation \\* |" in text
    assert "\\* several equilibria" in text


def test_format_unknown(at_defaults):
    with pytest.raises(ValueError, match="unknown format 'html'"):
        format_comparison(at_defaults, "html")
