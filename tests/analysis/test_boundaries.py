"""Boundaries of 2-D maps: bisected along grid lines, consistent with ``threshold``."""

from __future__ import annotations

import numpy as np
import pytest

import negotiation_sim as ns
from negotiation_sim.analysis.boundaries import map_boundaries
from negotiation_sim.errors import ScenarioWarning
from negotiation_sim.report import boundaries_summary

ISLANDS = ns.bundled_scenarios_dir() / "islands"


@pytest.fixture(scope="module")
def pair():
    return ns.load_scenario(ISLANDS / "territory_first.yaml"), ns.load_scenario(ISLANDS / "new_approach.yaml")


@pytest.fixture(scope="module")
def grid(pair):
    axes = {"china_threat": np.linspace(0.05, 0.85, 9), "russia_aid_value": np.linspace(1, 6, 7)}
    return ns.sweep(list(pair), axes)


def test_region_crossings_lie_where_threshold_puts_them(grid, pair):
    found = map_boundaries(grid, scenario=0)
    assert found.crossings
    for crossing in found.crossings:
        if crossing.along == "russia_aid_value":
            line = ns.threshold(pair[0], "russia_aid_value", overrides={"china_threat": crossing.x}, bounds=(1.0, 6.0))
            assert min(abs(c.at - crossing.y) for c in line.changes) < 2e-5
    # territory-first's two islands first: russia_aid_value = 5.24 - 2 china_threat (see the island docs)
    along_aid = [c for c in found.crossings if c.along == "russia_aid_value"]
    assert [c.y for c in along_aid] == pytest.approx([5.24 - 2 * c.x for c in along_aid], abs=1e-5)
    assert {(c.below, c.above) for c in along_aid} == {("impasse", "deal_two_first")}


def test_comparison_crossings_follow_thresholds_rule(grid, pair):
    found = map_boundaries(grid, player="japan")
    for crossing in found.crossings:
        if crossing.along == "china_threat":
            line = ns.threshold(
                list(pair),
                "china_threat",
                player="japan",
                overrides={"russia_aid_value": crossing.y},
                bounds=(0.05, 0.85),
            )
            assert min(abs(c.at - crossing.x) for c in line.changes) < 2e-6
    assert found.labels["a_better"] == "Territory-first better"
    assert set(found.pairs()) <= {("a_better", "b_better"), ("a_better", "equal"), ("b_better", "equal")}


def test_segments_join_crossings_within_cells(grid):
    found = map_boundaries(grid, scenario=0)
    ends = {point for segment in found.segments for point in segment}
    crossings = {(c.x, c.y) for c in found.crossings}
    assert crossings <= ends
    x, y = grid.axes
    for (x0, y0), (x1, y1) in found.segments:
        assert abs(x1 - x0) <= (x[1] - x[0]) + 1e-12 and abs(y1 - y0) <= (y[1] - y[0]) + 1e-12


def test_one_result_everywhere_has_no_boundaries(pair):
    flat = ns.sweep(pair[1], {"china_threat": [0.5, 0.6], "russia_aid_value": [1, 2]})
    found = map_boundaries(flat)
    assert found.crossings == () and found.segments == () and found.exact_solves == 0
    assert "none, one result over the whole map" in boundaries_summary([found])


def test_summary_lists_each_pair_with_its_span(grid):
    text = boundaries_summary([map_boundaries(grid, scenario=0), map_boundaries(grid, player="japan")])
    assert "Territory-first: outcome boundaries" in text
    assert "where japan's better strategy changes" in text
    assert "deal_two_first" in text and "Territory-first better" in text


def test_errors(grid, pair):
    with pytest.raises(ValueError, match="2-D sweep"):
        map_boundaries(ns.sweep(pair[0], {"china_threat": [0, 1]}))
    with pytest.raises(ValueError, match="out of range"):
        map_boundaries(grid, scenario=5)
    with pytest.raises(ValueError, match="unknown player"):
        map_boundaries(grid, player="china")
    one = ns.sweep(pair[0], {"china_threat": [0, 1], "russia_aid_value": [1, 2]})
    with pytest.raises(ValueError, match="two scenarios"):
        map_boundaries(one, player="japan")


def test_each_facet_is_bisected_at_its_own_value(pair):
    from negotiation_sim.analysis.grid_runs import sweep_facets

    axes = {"china_threat": [0.2, 0.6], "russia_aid_value": [1, 6], "no_bases_pledge": [0.0, 0.6]}
    faceted = sweep_facets(pair[0], axes)
    for value, facet in zip(faceted.values.tolist(), faceted.sweeps, strict=True):
        direct = ns.sweep(pair[0], {"china_threat": [0.2, 0.6], "russia_aid_value": [1, 6]}, {"no_bases_pledge": value})
        assert [(c.x, c.y) for c in map_boundaries(facet).crossings] == [
            (c.x, c.y) for c in map_boundaries(direct).crossings
        ]
    # the pledge lowers Russia's fear of US forces, so two islands first come at a lower aid value
    low, high = (map_boundaries(facet).crossings[0].y for facet in faceted.sweeps)
    assert high < low


INVALID_AT_ONE_AND_A_HALF = """\
format: negotiation-sim/1
title: Invalid on a line
players: {a: {}, b: {}}
parameters:
  x: {value: 1, range: [0, 2]}
  y: {value: 0, range: [-1, 1]}
game:
  kind: extensive
  root: n
  nodes:
    n: {player: a, moves: {l: o1, r: o2}}
  outcomes:
    o1: {payoffs: {a: y/(x - 1.5), b: 0}}
    o2: {payoffs: {a: 0, b: 0}}
"""


def test_edges_touching_invalid_points_are_left_out(tmp_path):
    path = tmp_path / "invalid_line.yaml"
    path.write_text(INVALID_AT_ONE_AND_A_HALF)
    scenario = ns.load_scenario(path)
    with pytest.warns(ScenarioWarning):
        grid = ns.sweep(scenario, {"x": [0.5, 1.0, 1.5, 2.0], "y": [-1.0, 1.0]})
    found = map_boundaries(grid)
    # a picks o1 where y/(x - 1.5) > 0: y < 0 left of 1.5, y > 0 right of it; x = 1.5 is invalid
    assert {(c.along, round(c.y, 4)) for c in found.crossings} == {("y", 0.0)}
    assert {round(c.x, 9) for c in found.crossings} == {0.5, 1.0, 2.0}
