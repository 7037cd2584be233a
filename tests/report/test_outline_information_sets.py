"""`show` marks the nodes of an information set and lists the sets."""

from __future__ import annotations

import negotiation_sim as ns
from negotiation_sim.report.outline import game_outline

BOOKS = ns.bundled_scenarios_dir()


def test_nodes_of_a_set_are_marked_and_the_sets_listed():
    scenario = ns.load_scenario(BOOKS / "islands" / "sizing_up.yaml")
    lines = game_outline(scenario, scenario.evaluate()).splitlines()
    marked = [line.strip() for line in lines if "{information set " in line]
    assert [line.split(" ->")[0] for line in marked] == ["small", "large", "small", "large"]
    assert all("(Russia) {information set after_" in line for line in marked)
    at = lines.index("Information sets (the mover cannot tell these nodes apart):")
    assert lines[at + 1 :] == [
        "  after_small (Russia): russia_small_needy, russia_small_resolute",
        "  after_large (Russia): russia_large_needy, russia_large_resolute",
    ]


def test_a_tree_with_perfect_information_has_no_marks():
    scenario = ns.load_scenario(BOOKS / "textbook" / "entry_deterrence.yaml")
    text = game_outline(scenario, scenario.evaluate())
    assert "information set" not in text


def test_show_prints_the_sets():
    from click.testing import CliRunner

    from negotiation_sim.cli import main

    result = CliRunner().invoke(main, ["show", str(BOOKS / "textbook" / "beer_quiche.yaml")], catch_exceptions=False)
    assert result.exit_code == 0
    assert "strong_beer (Receiver) {information set after_beer}" in result.output
    assert "  after_quiche (Receiver): strong_quiche, weak_quiche" in result.output
