"""Structure of the sweep plots: labels, legends, regions, the default marker, ax=."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from matplotlib.collections import QuadMesh
from matplotlib.figure import Figure
from matplotlib.legend import Legend

import negotiation_sim as ns
from negotiation_sim.plotting import plot_comparison_map, plot_region_map, plot_sweep_1d
from negotiation_sim.plotting._style import outcome_label, outcome_palette

CHINA = "China's assertiveness (0 calm, 1 acute) [index]"
TENSION = "US-Russia tension (0 detente, 1 confrontation); scales the bastion value by (1 + tension) [index]"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _legend_texts(legend) -> list[str]:
    return [_flat(t.get_text()) for t in legend.get_texts()]


def _labels_present(result: ns.SweepResult, scenario: int) -> set[str]:
    sc = result.scenarios[scenario]
    return {
        outcome_label(result.outcome_ids(str(o)), result.outcome_labels, sc)
        for o in np.unique(result.outcomes[scenario])
    }


# --- 1-D -------------------------------------------------------------------------------------


def test_sweep_1d_labels_lines_and_regions(sweep_1d):
    fig = plot_sweep_1d(sweep_1d)
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    assert _flat(ax.get_xlabel()) == CHINA
    payoff_lines = [line for line in ax.lines if str(line.get_gid()).startswith("payoff:")]
    assert [line.get_label() for line in payoff_lines] == ["Japan", "Russia"]
    regions = [p for p in ax.patches if str(p.get_gid()).startswith("region:")]
    outcomes = sweep_1d.outcomes[0].tolist()
    runs = 1 + sum(a != b for a, b in itertools.pairwise(outcomes))
    assert len(regions) == runs
    assert len({p.get_facecolor() for p in regions}) == len(set(outcomes))
    legend = ax.get_legend()
    assert set(_legend_texts(legend)) == {_flat(t) for t in _labels_present(sweep_1d, 0)}
    assert any(line.get_gid() == "default" for line in ax.lines)


def test_sweep_1d_tie_is_labelled_either_or(sweep_1d):
    legend = _legend_texts(plot_sweep_1d(sweep_1d).axes[0].get_legend())
    assert "Either cooperation without territory or Russia pockets the upfront aid without aligning" in legend


def test_sweep_1d_draws_into_given_axes(sweep_1d):
    fig = Figure()
    ax = fig.add_subplot()
    assert plot_sweep_1d(sweep_1d, ax=ax) is fig
    assert ax.lines


def test_sweep_1d_refuses_2d(sweep_2d):
    with pytest.raises(ValueError, match="1-D sweep"):
        plot_sweep_1d(sweep_2d)


# --- 2-D region map ----------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", [0, 1])
def test_region_map_structure(sweep_2d, scenario):
    fig = plot_region_map(sweep_2d, scenario=scenario)
    ax = fig.axes[0]
    assert _flat(ax.get_xlabel()) == CHINA
    assert _flat(ax.get_ylabel()) == TENSION
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    distinct = np.unique(sweep_2d.outcomes[scenario]).size
    colours = np.unique(np.round(mesh.to_rgba(np.asarray(mesh.get_array()).ravel()), 6), axis=0)
    assert len(colours) == distinct
    assert len(np.unique(mesh.get_array())) == distinct
    texts = _legend_texts(ax.get_legend())
    assert texts[-1] == "default"
    assert texts[-2] == "boundary (bisected)"
    assert set(texts[:-2]) == {_flat(t) for t in _labels_present(sweep_2d, scenario)}
    assert len(texts) == distinct + 2
    (marker,) = [line for line in ax.lines if line.get_gid() == "default"]
    assert marker.get_marker() == "*"
    assert (marker.get_xdata()[0], marker.get_ydata()[0]) == (0.7, 0.6)


def test_region_map_without_default_and_outside_grid(sweep_2d, new_approach):
    ax = plot_region_map(sweep_2d, mark_default=False).axes[0]
    assert "default" not in _legend_texts(ax.get_legend())
    far = ns.sweep(new_approach, {"china_threat": [0.0, 0.1], "us_russia_tension": [0.0, 0.1]})
    ax = plot_region_map(far).axes[0]
    assert not [line for line in ax.lines if line.get_gid() == "default"]


def test_region_map_uses_same_colour_for_an_outcome_as_the_1d_plot_of_the_study(sweep_1d, sweep_2d):
    colours = outcome_palette([sweep_1d, sweep_2d])
    ax1 = plot_sweep_1d(sweep_1d, colours=colours).axes[0]
    by_outcome = {p.get_gid(): p.get_facecolor()[:3] for p in ax1.patches if p.get_gid()}
    ax2 = plot_region_map(sweep_2d, scenario=1, colours=colours).axes[0]
    legend = {
        _flat(t.get_text()): h.get_facecolor()[:3]
        for t, h in zip(ax2.get_legend().get_texts(), ax2.get_legend().legend_handles, strict=True)
        if t.get_text() not in ("default", "boundary (bisected)")
    }
    assert legend["Cooperation without territory"] == pytest.approx(by_outcome["region:cooperation_without_territory"])


def test_region_map_draws_into_given_axes(sweep_2d):
    fig = Figure()
    axes = fig.subplots(1, 2)
    assert plot_region_map(sweep_2d, scenario=1, ax=axes[1]) is fig
    assert axes[1].collections and not axes[0].collections


def test_region_map_refuses_1d_and_bad_index(sweep_1d, sweep_2d):
    with pytest.raises(ValueError, match="2-D sweep"):
        plot_region_map(sweep_1d)
    with pytest.raises(ValueError, match="out of range"):
        plot_region_map(sweep_2d, scenario=2)


# --- comparison map ----------------------------------------------------------------------------


def test_comparison_map_structure(sweep_2d):
    fig = plot_comparison_map(sweep_2d, "japan")
    ax, colourbar_ax = fig.axes
    assert colourbar_ax.get_ylabel() == "Japan payoff: New approach − Territory-first"
    assert _flat(ax.get_xlabel()) == CHINA
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    difference = sweep_2d.payoffs[1]["japan"] - sweep_2d.payoffs[0]["japan"]
    assert np.asarray(mesh.get_array()).reshape(difference.T.shape) == pytest.approx(difference.T)
    norm = mesh.norm
    assert norm.vmin == -norm.vmax  # centred on zero
    assert mesh.get_cmap().name == "RdBu"
    assert any(c.get_gid() == "boundaries" and c.get_segments() for c in ax.collections)
    texts = _legend_texts(ax.get_legend())
    assert texts == [
        "New approach better (B)",
        "Territory-first better (A)",
        "where the better strategy changes",
        "default",
    ]


def test_comparison_map_without_boundaries_draws_the_zero_contour(sweep_2d):
    ax = plot_comparison_map(sweep_2d, "japan", boundaries=False).axes[0]
    assert any(c.get_gid() == "zero-contour" for c in ax.collections)
    assert not any(c.get_gid() == "boundaries" for c in ax.collections)
    assert "equal (zero contour)" in _legend_texts(ax.get_legend())


@pytest.mark.parametrize("player", [None, "japan"])
def test_maps_draw_the_bisected_boundaries(sweep_2d, player):
    from negotiation_sim.analysis.boundaries import map_boundaries

    found = map_boundaries(sweep_2d, scenario=1, player=player)
    fig = plot_region_map(sweep_2d, scenario=1) if player is None else plot_comparison_map(sweep_2d, player)
    (lines,) = [c for c in fig.axes[0].collections if c.get_gid() == "boundaries"]
    drawn = np.concatenate([np.asarray(s) for s in lines.get_segments()])
    expected = np.concatenate([np.asarray(s) for s in found.segments])
    assert drawn == pytest.approx(expected)
    unused = plot_region_map(sweep_2d, scenario=1, boundaries=False).axes[0]
    assert not any(c.get_gid() == "boundaries" for c in unused.collections)


def test_comparison_map_without_a_sign_change_draws_no_contour(territory_first, new_approach):
    result = ns.sweep([territory_first, new_approach], {"china_threat": [0.4, 0.6], "us_russia_tension": [0.0, 1.0]})
    ax = plot_comparison_map(result, "japan").axes[0]
    assert not any(c.get_gid() == "zero-contour" for c in ax.collections)
    assert not any(c.get_gid() == "boundaries" and c.get_segments() for c in ax.collections)
    assert "equal (zero contour)" not in _legend_texts(ax.get_legend())
    assert "where the better strategy changes" not in _legend_texts(ax.get_legend())


def test_comparison_map_errors(sweep_1d, sweep_2d, new_approach):
    with pytest.raises(ValueError, match="unknown player"):
        plot_comparison_map(sweep_2d, "china")
    with pytest.raises(ValueError, match="2-D sweep"):
        plot_comparison_map(sweep_1d, "japan")
    one = ns.sweep(new_approach, {"china_threat": [0, 1], "us_russia_tension": [0, 1]})
    with pytest.raises(ValueError, match="two scenarios"):
        plot_comparison_map(one, "japan")


def test_comparison_map_draws_into_given_axes(sweep_2d):
    fig = Figure()
    ax = fig.add_subplot()
    assert plot_comparison_map(sweep_2d, "russia", ax=ax) is fig


def test_sweep_1d_of_a_matrix_game_plots_the_mixed_probabilities() -> None:
    """Chicken's payoff curve is flat; the second panel shows how the drivers randomise."""
    from negotiation_sim.plotting import plot_sweep
    from negotiation_sim.plotting.mixed_panel import mixed_probabilities

    sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
    result = ns.sweep(sc, {"crash_cost": np.linspace(10, 50, 9)})
    figure = plot_sweep(result)
    top, low = figure.axes[:2]
    lines = [line for line in low.get_lines() if str(line.get_gid()).startswith("mixed:")]
    assert {line.get_gid() for line in lines} == {"mixed:driver_a:swerve", "mixed:driver_b:swerve"}
    # The more a crash costs, the likelier each driver swerves in the mixed equilibrium.
    expected = mixed_probabilities(result)[("driver_a", "swerve")]
    assert np.all(np.diff(expected) > 0) and 0 < expected[0] < expected[-1] < 1
    assert np.allclose(lines[0].get_ydata(), expected)
    assert low.get_xlabel() and not top.get_xlabel()
    assert any("Mixed equilibrium" in (leg.get_title().get_text()) for leg in low.findobj(Legend))
    # A game without a mixed equilibrium keeps one panel.
    pd_game = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
    assert len(plot_sweep(ns.sweep(pd_game, {"punishment": [0.5, 1.0]})).axes) == 1
