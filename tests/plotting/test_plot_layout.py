"""Issue 15: region maps of one study colour an outcome alike, legends sit outside the axes
without squashing them, axis labels stay inside the figure, and titles name the overrides."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.collections import QuadMesh
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

import negotiation_sim as ns
from negotiation_sim.analysis.grid_runs import sweep_facets
from negotiation_sim.analysis.uncertainty import uncertainty
from negotiation_sim.plotting import (
    outcome_palette,
    plot_comparison_map,
    plot_facets,
    plot_outcome_probabilities,
    plot_region_map,
    plot_sweep,
    plot_sweep_1d,
    plot_tornado,
    plot_tree,
    plot_uncertainty,
)

GRID = {"china_threat": [k / 20 for k in range(21)], "us_russia_tension": [0.0, 0.5, 1.0]}


def _region_colours(figure: Figure) -> dict[str, str]:
    """Outcome label -> colour of a figure's (first) map."""
    return _region_colours_of(figure.axes[0])


def _region_colours_of(ax) -> dict[str, str]:
    """Outcome label -> colour, read from the drawn mesh and its legend."""
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    drawn = {to_hex(c) for c in mesh.to_rgba(np.unique(np.asarray(mesh.get_array())))}
    legend = ax.get_legend()
    found = {
        " ".join(text.get_text().split()): to_hex(handle.get_facecolor())
        for text, handle in zip(legend.get_texts(), legend.legend_handles, strict=True)
        if text.get_text() not in ("default", "boundary (bisected)")
    }
    assert set(found.values()) == drawn  # the legend names exactly the colours on the map
    return found


@pytest.fixture(scope="module")
def two_settings(territory_first) -> tuple[ns.SweepResult, ns.SweepResult]:
    """One strategy mapped at two settings: the same outcomes appear in both maps."""
    return (
        ns.sweep(territory_first, GRID, overrides={"linkage_cost": 2.5}),
        ns.sweep(territory_first, GRID, overrides={"linkage_cost": 4.0}),
    )


def test_maps_of_one_study_give_the_same_outcome_the_same_colour(two_settings):
    palette = outcome_palette(two_settings)
    first, second = (_region_colours(plot_region_map(r, colours=palette)) for r in two_settings)
    shared = set(first) & set(second)
    assert "Impasse (no settlement, limited cooperation)" in shared
    for label in shared:
        assert first[label] == second[label], label
    # Different outcomes never share a colour across the study.
    everything = {**first, **second}
    assert len(set(everything.values())) == len(everything)


def test_maps_of_one_sweep_colour_different_outcomes_differently(sweep_2d):
    # Territory-first's impasse and the new approach's "Russia pockets the aid" used to share orange.
    first, second = (_region_colours(plot_region_map(sweep_2d, scenario=k)) for k in (0, 1))
    assert not set(first.values()) & set(second.values())
    panels = plot_sweep(sweep_2d)
    assert [_region_colours_of(ax) for ax in panels.axes[:2]] == [first, second]


def test_palette_is_study_wide_and_ordered(two_settings, territory_first):
    palette = outcome_palette(two_settings)
    keys = set(palette)
    assert keys == {str(k) for r in two_settings for k in np.unique(r.outcomes[0])}
    singles = [k for k in palette if "|" not in k]
    declared = list(territory_first.game.outcomes)
    assert singles == sorted(singles, key=declared.index)
    assert list(palette)[: len(singles)] == singles  # ties after single outcomes
    assert outcome_palette(list(reversed(two_settings))) == palette


def test_faceted_maps_share_one_palette(territory_first):
    faceted = sweep_facets(territory_first, {**GRID, "linkage_cost": [2.5, 4.0]})
    figure = plot_facets(faceted)
    seen: dict[str, str] = {}
    for ax in figure.axes[:2]:
        for label, colour in _region_colours_of(ax).items():
            assert seen.setdefault(label, colour) == colour


def _boxes(figure: Figure):
    figure.draw_without_rendering()
    renderer = figure._get_renderer()
    return renderer, figure.bbox


@pytest.mark.parametrize("draw", ["region", "comparison", "1d", "panels", "tornado"])
def test_legends_below_do_not_overlap_the_axes(draw, sweep_2d, sweep_1d, territory_first, new_approach):
    figure = {
        "region": lambda: plot_region_map(sweep_2d),
        "comparison": lambda: plot_comparison_map(sweep_2d, "japan"),
        "1d": lambda: plot_sweep_1d(sweep_1d),
        "panels": lambda: plot_sweep(sweep_2d),
        "tornado": lambda: plot_tornado(
            ns.tornado(territory_first, new_approach, "japan", parameters=["china_threat"])
        ),
    }[draw]()
    renderer, page = _boxes(figure)
    for ax in figure.axes:
        legend = ax.get_legend()
        if legend is None or not ax.get_visible():
            continue
        legend_box = legend.get_window_extent(renderer)
        axes_box = ax.get_window_extent(renderer)
        assert legend_box.y1 <= axes_box.y0, "the legend overlaps the axes"
        assert page.x0 - 0.5 <= legend_box.x0 and legend_box.x1 <= page.x1 + 0.5
        assert legend_box.y0 >= page.y0 - 0.5, "the legend is cut off at the bottom"


def test_a_longer_legend_grows_the_figure_not_squash_the_plot(sweep_2d, territory_first, sweep_1d):
    # Territory-first's legend is much longer than the new approach's: the maps keep one size.
    maps = [plot_region_map(sweep_2d, scenario=k) for k in (0, 1)]
    lines = [_legend_height(f) for f in maps]
    assert lines[0] > lines[1] + 0.5  # inches
    heights = [_axes_height(f) for f in maps]
    assert heights[0] == pytest.approx(heights[1], abs=0.05)
    assert maps[0].get_figheight() - maps[1].get_figheight() == pytest.approx(lines[0] - lines[1], abs=0.1)
    curves = [plot_sweep_1d(sweep_1d), plot_sweep_1d(ns.sweep(territory_first, {"china_threat": None}))]
    assert _legend_height(curves[0]) != pytest.approx(_legend_height(curves[1]), abs=0.2)
    assert _axes_height(curves[0]) == pytest.approx(_axes_height(curves[1]), abs=0.05)


def _legend_height(figure: Figure) -> float:
    renderer, _ = _boxes(figure)
    return figure.axes[0].get_legend().get_window_extent(renderer).height / figure.dpi


def _axes_height(figure: Figure) -> float:
    renderer, _ = _boxes(figure)
    return figure.axes[0].get_window_extent(renderer).height / figure.dpi


@pytest.mark.parametrize("draw", ["region", "comparison", "1d"])
def test_axis_labels_and_title_lie_inside_the_figure(draw, sweep_2d, sweep_1d):
    figure = {
        "region": lambda: plot_region_map(sweep_2d, scenario=1),
        "comparison": lambda: plot_comparison_map(sweep_2d, "japan"),
        "1d": lambda: plot_sweep_1d(sweep_1d),
    }[draw]()
    renderer, page = _boxes(figure)
    for ax in figure.axes:
        for text in (ax.xaxis.label, ax.yaxis.label, ax.title):
            if not text.get_text():
                continue
            box = text.get_window_extent(renderer)
            assert page.x0 - 0.5 <= box.x0 and box.x1 <= page.x1 + 0.5, text.get_text()
            assert page.y0 - 0.5 <= box.y0 and box.y1 <= page.y1 + 0.5, text.get_text()


# --- titles name the overrides (issue 15) ------------------------------------------------------


def test_sweep_plots_name_their_overrides(territory_first, new_approach):
    pair = ns.sweep([territory_first, new_approach], GRID, overrides={"linkage_cost": 2.5})
    note = "(with linkage_cost = 2.5)"
    for figure in (plot_region_map(pair, scenario=1), plot_comparison_map(pair, "japan")):
        assert note in " ".join(figure.axes[0].get_title().split())
    line = ns.sweep(new_approach, {"china_threat": None}, overrides={"linkage_cost": 2.5})
    assert note in " ".join(plot_sweep_1d(line).axes[0].get_title().split())
    plain = ns.sweep(new_approach, {"china_threat": None})
    assert "with" not in plot_sweep_1d(plain).axes[0].get_title()


def test_faceted_figure_names_overrides_but_not_the_facet(territory_first):
    faceted = sweep_facets(territory_first, {**GRID, "linkage_cost": [2.5, 4.0]}, overrides={"no_bases_pledge": 0.6})
    title = plot_facets(faceted).get_suptitle()
    assert "(with no_bases_pledge = 0.6)" in title
    assert "linkage_cost" not in title


def test_tornado_tree_and_uncertainty_titles_name_their_overrides(territory_first, new_approach):
    bars = ns.tornado(territory_first, new_approach, "japan", overrides={"china_threat": 0.8})
    assert "(with china_threat = 0.8)" in " ".join(plot_tornado(bars).axes[0].get_title().split())
    tree = plot_tree(new_approach, overrides={"china_threat": 0.8})
    assert "(with china_threat = 0.8)" in " ".join(tree.axes[0].get_title().split())
    at_defaults = plot_tree(new_approach, overrides={"china_threat": new_approach.parameters["china_threat"].value})
    assert "with" not in at_defaults.axes[0].get_title()
    run = ns.uncertainty(new_approach, samples=200, seed=1, overrides={"legal_barrier": 0.0}, sobol=False)
    titles = [" ".join(ax.get_title().split()) for ax in plot_uncertainty(run).axes]
    assert titles and all("(with legal_barrier = 0)" in t for t in titles if t and "Sobol" not in t)


def test_a_palette_that_misses_an_outcome_is_refused(two_settings, sweep_2d):
    palette = outcome_palette(two_settings)  # territory-first only: no colour for the new approach's outcomes
    with pytest.raises(ValueError, match=r"no colour for the outcome.*exploited"):
        plot_region_map(sweep_2d, scenario=1, colours=palette)
    with pytest.raises(ValueError, match="outcome_palette"):
        plot_sweep_1d(ns.sweep(sweep_2d.scenarios[1], {"china_threat": None}), colours=palette)


@pytest.fixture(scope="module")
def robustness(territory_first, new_approach):
    return uncertainty([territory_first, new_approach], samples=400, seed=2, sobol=False)


def _bar_colours(ax) -> dict[str, str]:
    """Outcome label -> colour of the bars of an outcome-probability chart (ticks run top-down)."""
    labels = [" ".join(t.get_text().split()) for t in ax.get_yticklabels()]
    bars = sorted(ax.patches, key=lambda p: -p.get_y())
    return {label: to_hex(bar.get_facecolor()) for label, bar in zip(labels[::-1], bars[::-1], strict=True)}


def test_uncertainty_bars_take_the_study_palette(sweep_2d, robustness):
    palette = outcome_palette([sweep_2d, robustness])
    for k in (0, 1):
        ax = plot_outcome_probabilities(robustness, scenario=k, colours=palette).axes[0]
        bars = sorted(ax.patches, key=lambda p: -p.get_y())  # drawn top-down in the order of the shares
        assert [to_hex(b.get_facecolor()) for b in bars] == [palette[s.key].lower() for s in robustness.outcomes[k]]
        # The same outcome has the same colour on the region map and on the bars.
        on_map = _region_colours(plot_region_map(sweep_2d, scenario=k, colours=palette))
        on_bars = _bar_colours(ax)
        shared = set(on_map) & set(on_bars)
        assert shared, (on_map, on_bars)
        for label in shared:
            assert on_map[label] == on_bars[label], label


def test_uncertainty_panels_of_one_run_colour_different_outcomes_differently(robustness):
    # Per-scenario colours gave territory-first's impasse and the new approach's exploited outcome one orange.
    figure = plot_uncertainty(robustness, "japan")
    first, second = (_bar_colours(ax) for ax in figure.axes[:2])
    assert not set(first.values()) & set(second.values())
    assert len(set(first.values())) == len(first) and len(set(second.values())) == len(second)


def test_uncertainty_bars_refuse_a_palette_that_misses_an_outcome(two_settings, robustness):
    with pytest.raises(ValueError, match="outcome_palette"):
        plot_outcome_probabilities(robustness, scenario=1, colours=outcome_palette(two_settings))
