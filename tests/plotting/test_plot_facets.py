"""Small multiples of a faceted sweep."""

from __future__ import annotations

from negotiation_sim.analysis.grid_runs import sweep_facets
from negotiation_sim.plotting import plot_facets


def test_one_panel_per_facet_value(territory_first, new_approach):
    faceted = sweep_facets(
        [territory_first, new_approach],
        {"china_threat": [0, 0.5, 1], "russia_aid_value": [1, 3, 5], "trust_gain": [0.0, 0.3, 0.6, 0.9]},
    )
    figure = plot_facets(faceted, player="japan", columns=3)
    titled = [ax for ax in figure.axes if ax.get_visible() and ax.get_title().startswith("trust_gain")]
    assert [ax.get_title() for ax in titled] == [
        "trust_gain = 0",
        "trust_gain = 0.3",
        "trust_gain = 0.6",
        "trust_gain = 0.9",
    ]
    hidden = [ax for ax in figure.axes if not ax.get_visible()]
    assert len(hidden) == 2  # a 2 x 3 grid for 4 panels


def test_one_dimensional_facets_draw_curves(territory_first):
    faceted = sweep_facets(territory_first, {"china_threat": [0, 0.5, 1], "trust_gain": [0.1, 0.8]})
    figure = plot_facets(faceted)
    panels = [ax for ax in figure.axes if ax.get_title().startswith("trust_gain")]
    assert len(panels) == 2 and all(ax.lines for ax in panels)
