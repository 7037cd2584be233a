"""Small multiples of a :class:`~negotiation_sim.analysis.grid_runs.FacetedSweep`: one panel per
value of the third varied parameter."""

from __future__ import annotations

import math

from matplotlib.figure import Figure

from ..analysis.grid_runs import FacetedSweep
from ._style import grow_for_legends, outcome_palette, parameter_label, with_overrides
from .regions import plot_comparison_map, plot_region_map, plot_sweep_1d

__all__ = ["plot_facets"]


def plot_facets(faceted: FacetedSweep, *, scenario: int = 0, player: str | None = None, columns: int = 3) -> Figure:
    """One panel per facet value: 1-D curves, 2-D region maps, or comparison maps.

    Parameters
    ----------
    faceted : FacetedSweep
    scenario : int, optional
        Which scenario's outcomes to draw (ignored for comparison maps).
    player : str, optional
        With two or more scenarios over two parameters: draw the comparison map of this
        player's payoff difference (last scenario minus first) instead.
    columns : int, optional
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure
        Each panel titled ``"<facet label> = <value>"``; an outcome has the same colour in
        every panel, and overrides are named in the figure's title.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.grid_runs import sweep_facets
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
    >>> faceted = sweep_facets(sc, {"win": [1, 2, 3], "crash_cost": [10, 20], "humiliation": [1, 3]})
    >>> fig = plot_facets(faceted)
    >>> [ax.get_title() for ax in fig.axes if ax.get_title()]
    ['humiliation = 1', 'humiliation = 3']
    """
    count = len(faceted.sweeps)
    ncols = max(1, min(columns, count))
    nrows = math.ceil(count / ncols)
    figure = Figure(figsize=(6.5 * ncols, 5.4 * nrows), layout="constrained")
    axes = figure.subplots(nrows, ncols, squeeze=False).ravel()
    first = faceted.sweeps[0]
    colours = outcome_palette(faceted.sweeps)
    label = parameter_label(first.scenarios[0], faceted.facet, width=50)
    head = label.split(" [", 1)[0] if first.scenarios[0].parameters.get(faceted.facet) else faceted.facet
    for ax, value, result in zip(axes, faceted.values.tolist(), faceted.sweeps, strict=False):
        if len(result.varied) == 2 and player is not None and len(result.scenarios) >= 2:
            plot_comparison_map(result, player, ax=ax)
        elif len(result.varied) == 2:
            plot_region_map(result, scenario=scenario, ax=ax, colours=colours)
        else:
            plot_sweep_1d(result, scenario=scenario, ax=ax, colours=colours)
        ax.set_title(f"{_short(head, faceted.facet)} = {value:g}", fontsize=10)
    for extra in axes[count:]:
        extra.set_visible(False)
    overrides = {k: v for k, v in first.overrides.items() if k != faceted.facet}
    if overrides:
        figure.suptitle(with_overrides(first.scenarios[0].title, overrides), fontsize=11)
    grow_for_legends(figure)
    return figure


def _short(label: str, name: str) -> str:
    return name if len(label) > 40 else label
