"""The figure of ``negotiation-sim sweep -o``: one panel per scenario, or a comparison map."""

from __future__ import annotations

from matplotlib.figure import Figure

from ..analysis.sweep import SweepResult
from ._style import grow_for_legends, outcome_palette
from .regions import plot_comparison_map, plot_region_map, plot_sweep_1d

__all__ = ["plot_sweep"]


def plot_sweep(result: SweepResult, player: str | None = None) -> Figure:
    """Draw a sweep: payoff curves (1-D) or outcome regions (2-D), one panel per scenario.

    With a 2-D grid, two or more scenarios and a ``player``, draw instead the map of
    where each strategy is better for that player (:func:`plot_comparison_map`).  An outcome
    has the same colour in every panel; the figure grows to fit the legends below the panels.

    Parameters
    ----------
    result : SweepResult
        From :func:`negotiation_sim.analysis.sweep.sweep`.
    player : str, optional
        Player whose payoff difference (last scenario − first) the 2-D map shows.

    Returns
    -------
    matplotlib.figure.Figure
        Panels in rows of two; an unused last panel is hidden.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.sweep import sweep
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
    >>> fig = plot_sweep(sweep([sc, sc, sc], {"pie": [10, 12]}))
    >>> [ax.get_visible() for ax in fig.axes]
    [True, True, True, False]
    """
    count = len(result.scenarios)
    if len(result.varied) == 2 and count >= 2 and player is not None:
        return plot_comparison_map(result, player)
    if len(result.varied) == 1 and count == 1:
        return plot_sweep_1d(result)  # its own figure: room for a matrix game's mixed-equilibrium panel
    fig = Figure(figsize=(7.5 * min(count, 2), 4.6 * ((count + 1) // 2)), layout="constrained")
    axes = fig.subplots((count + 1) // 2, min(count, 2), squeeze=False).ravel()
    draw = plot_region_map if len(result.varied) == 2 else plot_sweep_1d
    colours = outcome_palette(result)
    for k in range(count):
        draw(result, scenario=k, ax=axes[k], colours=colours)
    for extra in axes[count:]:
        extra.set_visible(False)
    grow_for_legends(fig)
    return fig
