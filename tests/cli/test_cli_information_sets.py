"""Grid commands on trees with information sets: a clear error (exit 2) naming the command, the set and the way out."""

from __future__ import annotations

import pytest

import negotiation_sim as ns

SCENARIOS = ns.bundled_scenarios_dir()
SIZING = str(SCENARIOS / "islands" / "sizing_up.yaml")
BEER = str(SCENARIOS / "textbook" / "beer_quiche.yaml")
NEW = str(SCENARIOS / "islands" / "new_approach.yaml")

CASES = [
    ("sweep", [SIZING, "--vary", "p_needy"], "after_small"),
    ("sweep", [NEW, SIZING, "--vary", "china_threat"], "after_small"),
    ("threshold", [SIZING, "--vary", "p_needy"], "after_small"),
    ("tornado", [NEW, SIZING, "--player", "japan"], "after_small"),
    ("uncertainty", [SIZING, "--samples", "20"], "after_small"),
    ("sweep", [BEER, "--vary", "p_strong"], "after_beer"),
]


@pytest.mark.parametrize(("command", "args", "info_set"), CASES)
def test_grid_commands_refuse_information_sets_clearly(run, command, args, info_set):
    result = run(command, *args)
    assert result.exit_code == 2
    assert f"{command} needs perfect information" in result.output
    assert f"information set '{info_set}'" in result.output
    assert "--concept pbe|spe|nash --set NAME=VALUE" in result.output
    assert "(bundled) --concept" not in result.output  # the suggested command can be typed as shown
    assert "Traceback" not in result.output


def test_compare_solves_trees_with_information_sets(run):
    result = run("compare", NEW, SIZING)
    assert result.exit_code == 0
    assert "Japan prefers New approach" in result.output
