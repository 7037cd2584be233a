"""The equilibrium path in words when chance plays several moves on it: one line per branch."""

from __future__ import annotations

from click.testing import CliRunner

import negotiation_sim as ns
from negotiation_sim.cli import main
from negotiation_sim.report.solution import path_branches

SCENARIOS = ns.bundled_scenarios_dir()


def _solve_text(*args: str) -> str:
    result = CliRunner().invoke(main, ["solve", *args], catch_exceptions=False)
    assert result.exit_code == 0
    return result.output


def test_sizing_up_path_follows_each_type():
    out = _solve_text(str(SCENARIOS / "islands" / "sizing_up.yaml"), "--concept", "spe")
    assert "japan_type=needy -> japan_type=resolute" not in out
    assert "  japan_type=needy (50%) -> japan_needy_upfront=small -> russia_small_needy=none" in out
    assert "  japan_type=resolute (50%) -> japan_resolute_upfront=small -> russia_small_resolute=none" in out


def test_probabilities_follow_the_parameters():
    out = _solve_text(str(SCENARIOS / "islands" / "sizing_up.yaml"), "--set", "p_needy=0.3")
    assert "japan_type=needy (30%)" in out
    assert "japan_type=resolute (70%)" in out


def test_perfect_information_tree_with_chance_lists_both_branches():
    sc = ns.load_scenario(SCENARIOS / "textbook" / "chance_move.yaml")
    solution = ns.solve(sc)
    path = solution.equilibria[0].path
    branches = path_branches(solution, path)
    # Every step of the path appears in some branch, and each branch names each node once.
    assert {step.split(" (")[0] for b in branches for step in b.split(" -> ")} == set(path)
    assert len(branches) == 2
    for branch in branches:
        nodes = [step.split("=")[0] for step in branch.split(" -> ")]
        assert len(nodes) == len(set(nodes))


def test_single_chain_is_unchanged():
    out = _solve_text(str(SCENARIOS / "islands" / "new_approach.yaml"))
    assert "Equilibrium path: cooperate=reciprocate -> offer=none -> japan_without_deal=continue" in out
