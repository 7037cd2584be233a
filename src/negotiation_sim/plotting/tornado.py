"""Tornado chart of a :class:`~negotiation_sim.analysis.tornado.TornadoResult`."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..analysis.tornado import TornadoResult
from ._style import (
    HIGH_COLOUR,
    LOW_COLOUR,
    grow_for_legends,
    legend_below,
    new_axes,
    short_title,
    with_overrides,
    wrap,
)

__all__ = ["plot_tornado"]


NO_EFFECT = "no effect over the range"
"""Written beside the baseline for a parameter that does not move the difference (or payoff)."""

BAR_END_NOTE = "Numbers at the bar ends are the parameter's values at the ends of its range"
"""The second line of every tornado title: what the small numbers mean."""


def plot_tornado(result: TornadoResult, *, ax: Axes | None = None, max_bars: int | None = None) -> Figure:
    """Horizontal bars: how far each parameter moves the payoff difference from the baseline.

    For each parameter (largest swing at the top) two bars start at the baseline
    difference: one to the difference at the low end of the parameter's range, one to the
    difference at the high end (two colours, the same for every parameter).  A thin black
    whisker spans the minimum to the maximum over the range, which can reach beyond both
    ends when the difference is not monotonic.  The dashed vertical line is the baseline,
    the grey one zero (no difference between the strategies).  The title names the
    overrides the baseline was computed with (``"… (with china_threat = 0.8)"``).

    Parameters
    ----------
    result : TornadoResult
        From :func:`negotiation_sim.analysis.tornado.tornado`.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; by default a new figure sized to the number of bars, grown to
        fit the legend below the axes.
    max_bars : int, optional
        Draw only the largest ``max_bars`` bars.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.tornado import tornado
    >>> from negotiation_sim.plotting import plot_tornado
    >>> islands = ns.bundled_scenarios_dir() / "islands"
    >>> result = tornado(ns.load_scenario(islands / "territory_first.yaml"),
    ...                  ns.load_scenario(islands / "new_approach.yaml"), "japan",
    ...                  parameters=["china_threat", "trust_gain"])
    >>> fig = plot_tornado(result)
    >>> fig.axes[0].get_xlabel()
    'Japan payoff difference (B − A)'
    """
    bars = result.bars if max_bars is None else result.bars[:max_bars]
    count = len(bars)
    own = ax is None
    figure, ax = new_axes(ax, (9.5, 1.4 + 0.55 * max(count, 1)))
    baseline = result.baseline
    positions = np.arange(count)[::-1].astype(float)  # largest swing at the top
    ends = [v for bar in bars for v in (bar.minimum, bar.maximum, baseline, 0.0)] or [baseline]
    # "no effect" goes on the side of the baseline with more room, so it stays inside the axes.
    room_right = baseline <= (min(ends) + max(ends)) / 2
    height = 0.34
    for y, bar in zip(positions, bars, strict=True):
        for offset, end, colour, kind in (
            (0.2, bar.difference_low, LOW_COLOUR, "low"),
            (-0.2, bar.difference_high, HIGH_COLOUR, "high"),
        ):
            ax.barh(
                y + offset,
                end - baseline,
                left=baseline,
                height=height,
                color=colour,
                edgecolor="#333333",
                linewidth=0.5,
                gid=f"bar:{bar.parameter}:{kind}",
            )
            if bar.swing == 0:
                continue
            value = bar.low if kind == "low" else bar.high
            ax.annotate(
                f"{value:g}",
                (end, y + offset),
                xytext=(3 if end >= baseline else -3, 0),
                textcoords="offset points",
                ha="left" if end >= baseline else "right",
                va="center",
                fontsize=7,
                color="#333333",
            )
        if bar.swing == 0:
            ax.annotate(
                NO_EFFECT,
                (baseline, y),
                xytext=(4 if room_right else -4, 0),
                textcoords="offset points",
                ha="left" if room_right else "right",
                va="center",
                fontsize=7,
                color="#666666",
                style="italic",
            )
            continue
        ax.plot(
            [bar.minimum, bar.maximum],
            [y, y],
            color="black",
            linewidth=0.9,
            marker="|",
            markersize=7,
            gid=f"range:{bar.parameter}",
        )
    ax.axvline(baseline, color="black", linestyle="--", linewidth=1.2, gid="baseline")
    ax.axvline(0, color="#888888", linewidth=1, gid="zero")
    ax.set_yticks(positions, [wrap(bar.display_label, 48) for bar in bars], fontsize=8)
    ax.set_ylim(-0.7, count - 0.3)
    if len(result.scenarios) == 1:
        ax.set_xlabel(f"{result.player_label} payoff")
        title = f"{short_title(result.scenarios[0])}: one parameter at a time over its range"
    else:
        ax.set_xlabel(f"{result.player_label} payoff difference (B − A)")
        name_a, name_b = (short_title(sc) for sc in result.scenarios)
        title = f"B = {name_b}, A = {name_a}: one parameter at a time over its range"
    ax.set_title(f"{wrap(with_overrides(title, result.overrides), 80)}\n{BAR_END_NOTE}", fontsize=9)
    # Room for the value labels at the bar ends and the "no effect" notes inside the axes.
    ax.margins(x=0.12)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    handles = [
        Patch(facecolor=LOW_COLOUR, edgecolor="#333333", label="parameter at the low end of its range"),
        Patch(facecolor=HIGH_COLOUR, edgecolor="#333333", label="parameter at the high end of its range"),
        Line2D([], [], color="black", linewidth=1, marker="|", markersize=8, label="minimum to maximum over the range"),
        Line2D([], [], color="black", linestyle="--", label=f"baseline ({baseline:g})"),
    ]
    legend_below(ax, handles, ncols=2)
    if own:
        grow_for_legends(figure)
    return figure
