"""Structure of the game-tree drawing: one text per node, the highlighted path."""

from __future__ import annotations

import dataclasses

import pytest
from matplotlib.figure import Figure

import negotiation_sim as ns
from negotiation_sim.errors import ScenarioError
from negotiation_sim.plotting import plot_tree
from negotiation_sim.plotting.tree import _size

TEXTBOOK = ns.bundled_scenarios_dir() / "textbook"


def _gids(ax, prefix):
    return [t.get_gid() for t in ax.texts if str(t.get_gid()).startswith(prefix)]


def test_new_approach_unfolds_shared_node(new_approach):
    ax = plot_tree(new_approach).axes[0]
    nodes, outcomes = _gids(ax, "node:"), _gids(ax, "outcome:")
    # japan_without_deal is reached after `none` and after each of the three rejections.
    assert nodes.count("node:japan_without_deal") == 4
    assert len(nodes) + len(outcomes) == _size(new_approach.game) == 21
    assert len(outcomes) == 12
    edges = [line for line in ax.lines if str(line.get_gid()).startswith("edge")]
    assert len(edges) == 20  # one per drawn node but the root


def test_path_is_highlighted(new_approach):
    solution = ns.solve(new_approach)
    ax = plot_tree(new_approach, solution).axes[0]
    thick = [line for line in ax.lines if line.get_gid() == "edge:path"]
    assert len(thick) == len(solution.equilibria[0].path) == 3
    others = [line for line in ax.lines if line.get_gid() in ("edge", "edge:choice")]
    assert all(line.get_linewidth() < thick[0].get_linewidth() for line in others)
    # The path ends in the equilibrium outcome, drawn in bold.
    (leaf,) = [t for t in ax.texts if t.get_fontweight() == "bold" and str(t.get_gid()).startswith("outcome:")]
    assert leaf.get_gid() == "outcome:cooperation_without_territory"
    assert leaf.get_text().startswith("Cooperation without territory\nJapan 2, Russia 3.4")


def test_labels_players_moves_and_outcomes(approach_choice):
    ax = plot_tree(approach_choice).axes[0]
    node_texts = {t.get_text() for t in ax.texts if str(t.get_gid()).startswith("node:")}
    assert node_texts == {"Japan", "Russia"}
    moves = {t.get_text() for t in ax.texts if t.get_gid() == "move"}
    assert {"territory_first", "new_approach", "exploit", "reciprocate", "two_first", "withdraw"} <= moves
    assert len(_gids(ax, "node:")) + len(_gids(ax, "outcome:")) == _size(approach_choice.game) == 41
    thick = [line for line in ax.lines if line.get_gid() == "edge:path"]
    assert len(thick) == len(ns.solve(approach_choice).equilibria[0].path) == 4
    assert "first of 4" in ax.get_title()


def test_overrides_change_payoffs_and_path(new_approach):
    ax = plot_tree(new_approach, overrides={"china_threat": 0.1}).axes[0]
    (leaf,) = [t for t in ax.texts if t.get_fontweight() == "bold" and str(t.get_gid()).startswith("outcome:")]
    assert leaf.get_gid() == "outcome:exploited"
    assert len([line for line in ax.lines if line.get_gid() == "edge:path"]) == 1


def test_chance_node_probabilities_on_edges():
    sc = ns.load_scenario(TEXTBOOK / "chance_move.yaml")
    ax = plot_tree(sc).axes[0]
    assert any(t.get_text() == "Chance" for t in ax.texts)
    solution = ns.solve(sc)
    thick = [line for line in ax.lines if line.get_gid() == "edge:path"]
    assert len(thick) == len(solution.equilibria[0].path)
    assert any("(" in t.get_text() for t in ax.texts if t.get_gid() == "move")


def test_large_tree_is_cut_off_with_a_note(approach_choice):
    ax = plot_tree(approach_choice, max_nodes=10).axes[0]
    drawn = len(_gids(ax, "node:")) + len(_gids(ax, "outcome:"))
    assert drawn <= 10
    assert _gids(ax, "truncated")
    (note,) = [t for t in ax.texts if t.get_gid() == "note"]
    assert "of 41 nodes drawn" in note.get_text()


def test_draws_into_given_axes(new_approach):
    fig = Figure()
    ax = fig.add_subplot()
    assert plot_tree(new_approach, ax=ax) is fig


def test_figure_grows_with_leaves(new_approach, approach_choice):
    small = plot_tree(new_approach).get_size_inches()
    large = plot_tree(approach_choice).get_size_inches()
    assert large[1] > small[1]


def test_normal_form_is_refused():
    sc = ns.load_scenario(TEXTBOOK / "prisoners_dilemma.yaml")
    with pytest.raises(ScenarioError, match="game trees"):
        plot_tree(sc)


def test_information_sets_are_joined_by_dashed_links_and_choices_read_by_set():
    scenario = ns.load_scenario(TEXTBOOK / "beer_quiche.yaml")
    solution = ns.solve(scenario, concept="spe")
    first = solution.equilibria[0]
    ax = plot_tree(scenario, solution).axes[0]
    links = [line for line in ax.lines if str(line.get_gid()).startswith("information_set:")]
    # Two sets of two nodes each: one dashed link per set, in the receiver's colour.
    assert sorted(line.get_gid() for line in links) == ["information_set:after_beer", "information_set:after_quiche"]
    assert all(line.get_linestyle() == "--" for line in links)
    assert sorted(_gids(ax, "information_set_label:")) == [
        "information_set_label:after_beer",
        "information_set_label:after_quiche",
    ]
    # The receiver's move at a set is highlighted at every node of the set (strategies are
    # keyed by information set, not by node): on the path after beer, off it after quiche.
    assert first.strategies["receiver"] == {"after_beer": "not", "after_quiche": "duel"}
    assert len([line for line in ax.lines if line.get_gid() == "edge:path"]) == 6  # 2 types x (type, beer, not)
    assert len([line for line in ax.lines if line.get_gid() == "edge:choice"]) == 2  # duel after quiche, both types


def test_a_mixed_choice_highlights_every_move_it_plays():
    scenario = ns.load_scenario(TEXTBOOK / "beer_quiche.yaml")
    solution = ns.solve(scenario, concept="spe")
    mixed = next(e for e in solution.equilibria if isinstance(e.strategies["receiver"]["after_quiche"], dict))
    only = dataclasses.replace(solution, equilibria=(mixed,))
    ax = plot_tree(scenario, only).axes[0]
    # duel and not (each with probability 1/2) at both quiche nodes.
    assert len([line for line in ax.lines if line.get_gid() == "edge:choice"]) == 4


def test_a_tree_without_information_sets_draws_no_links(new_approach):
    ax = plot_tree(new_approach).axes[0]
    assert not [line for line in ax.lines if str(line.get_gid()).startswith("information_set")]
    assert "information set" not in [t.get_text() for t in ax.get_legend().get_texts()]
