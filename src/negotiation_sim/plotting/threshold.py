"""Mark the change points of a :class:`~negotiation_sim.analysis.threshold.ThresholdResult` on a plot."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..analysis.boundaries import MapBoundaries
from ..analysis.threshold import ThresholdResult

__all__ = ["mark_boundaries", "mark_sweep_thresholds", "mark_thresholds"]

THRESHOLD_COLOUR = "#000000"


def mark_thresholds(ax: Axes, result: ThresholdResult, *, axis: str = "x", label: bool = True) -> list[Line2D]:
    """Draw each change point as a dashed line across the axes, labelled with its value.

    Use it on a 1-D sweep plot (``axis="x"``) or on a 2-D map along the axis of the
    searched parameter (``"x"`` for the first varied parameter, ``"y"`` for the second).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    result : ThresholdResult
    axis : {"x", "y"}, optional
        Which axis holds the searched parameter.
    label : bool, optional
        Write ``"<parameter> = <value>"`` next to each line.

    Returns
    -------
    list of Line2D
        One line per change, each with gid ``"threshold:<value>"``.

    Raises
    ------
    ValueError
        If ``axis`` is neither ``"x"`` nor ``"y"``.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from matplotlib.figure import Figure
    >>> from negotiation_sim.analysis.threshold import threshold
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
    >>> ax = Figure().add_subplot()
    >>> [line.get_gid() for line in mark_thresholds(ax, threshold(sc, "p_high"), label=False)][1]
    'threshold:0.333333'
    """
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', not {axis!r}")
    lines = []
    for change in result.changes:
        draw = ax.axvline if axis == "x" else ax.axhline
        line = draw(change.at, color=THRESHOLD_COLOUR, linestyle=(0, (4, 2)), linewidth=1.0, zorder=5)
        line.set_gid(f"threshold:{change.at:g}")
        lines.append(line)
        if label:
            text = f"{result.parameter} = {change.at:.4g}"
            if axis == "x":
                ax.annotate(
                    text,
                    (change.at, 1.0),
                    xycoords=("data", "axes fraction"),
                    xytext=(2, -10),
                    textcoords="offset points",
                    fontsize=7,
                    rotation=90,
                    va="top",
                )
            else:
                ax.annotate(
                    text,
                    (1.0, change.at),
                    xycoords=("axes fraction", "data"),
                    xytext=(-2, 2),
                    textcoords="offset points",
                    fontsize=7,
                    ha="right",
                )
    return lines


def mark_sweep_thresholds(figure: Figure, results: Sequence[ThresholdResult]) -> list[Line2D]:
    """Mark each scenario's change points on its panel of a 1-D sweep figure (:func:`plot_sweep`).

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        One panel per scenario, in order (hidden panels are skipped).
    results : sequence of ThresholdResult
        One per scenario, as from :func:`~negotiation_sim.analysis.threshold.sweep_thresholds`.

    Returns
    -------
    list of Line2D

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.sweep import sweep
    >>> from negotiation_sim.analysis.threshold import sweep_thresholds
    >>> from negotiation_sim.plotting import plot_sweep
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
    >>> result = sweep(sc, {"p_high": [0.1, 0.5, 0.9]})
    >>> len(mark_sweep_thresholds(plot_sweep(result), sweep_thresholds(result)))
    1
    """
    panels = [ax for ax in figure.axes if ax.get_visible()]
    lines: list[Line2D] = []
    for ax, result in zip(panels, results, strict=False):
        lines += mark_thresholds(ax, result)
    return lines


BOUNDARY_COLOUR = "#000000"


def mark_boundaries(ax: Axes, boundaries: MapBoundaries, *, label: str = "boundary (bisected)") -> LineCollection:
    """Draw the boundaries of a 2-D map (:func:`~negotiation_sim.analysis.boundaries.map_boundaries`).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        A region or comparison map of the same sweep.
    boundaries : MapBoundaries
    label : str, optional
        The legend label of the lines.

    Returns
    -------
    matplotlib.collections.LineCollection
        The lines, gid ``"boundaries"`` (empty when nothing changes on the map).

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from matplotlib.figure import Figure
    >>> from negotiation_sim.analysis.boundaries import map_boundaries
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "islands" / "territory_first.yaml")
    >>> grid = ns.sweep(sc, {"china_threat": [0.2, 0.4, 0.6], "russia_aid_value": [1, 6]})
    >>> len(mark_boundaries(Figure().add_subplot(), map_boundaries(grid)).get_segments())
    2
    """
    lines = LineCollection(
        [list(segment) for segment in boundaries.segments],
        colors=BOUNDARY_COLOUR,
        linewidths=1.6,
        zorder=4,
        label=label,
    )
    lines.set_gid("boundaries")
    ax.add_collection(lines, autolim=False)
    return lines
