"""Plots of a :class:`~negotiation_sim.analysis.sweep.SweepResult`: payoff curves over
outcome regions (1-D), outcome-region maps (2-D) and comparison maps (2-D, B − A)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..analysis.boundaries import MapBoundaries, map_boundaries
from ..analysis.sweep import SweepResult
from ..analysis.ties import game_tolerance
from ..scenario.schema import NormalGame, Scenario
from ..tolerance import DEFAULT_TOL
from ._style import (
    DIVERGING_CMAP,
    PLAYER_COLOURS,
    PLAYER_STYLES,
    cell_edges,
    grow_for_legends,
    legend_below,
    new_axes,
    outcome_label,
    outcome_order,
    outcome_palette,
    parameter_default,
    parameter_label,
    short_title,
    with_overrides,
    wrap,
)
from .mixed_panel import draw_mixed_panel, mixed_probabilities
from .threshold import BOUNDARY_COLOUR, mark_boundaries

__all__ = ["plot_comparison_map", "plot_region_map", "plot_sweep_1d"]

LEGEND_WRAP = 48
"""Characters per line of an outcome label in a legend."""


def plot_sweep_1d(
    result: SweepResult,
    *,
    scenario: int = 0,
    ax: Axes | None = None,
    mark_default: bool = True,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """Each player's equilibrium payoff against the varied parameter, over shaded outcome regions.

    The background is shaded by the equilibrium outcome (each run of grid points with the
    same outcome is one region, from midpoint to midpoint between grid values); a legend
    below the axes names the outcomes by their labels (tied outcomes as ``"Either A or b"``);
    a figure of its own grows to make room for it.  The title names the sweep's overrides
    (``"… (with linkage_cost = 2)"``).  Payoffs are those of the first equilibrium, as in the sweep.

    Parameters
    ----------
    result : SweepResult
        A 1-D sweep.
    scenario : int, optional
        Which of the swept scenarios to draw (index into ``result.scenarios``).
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; by default a new :class:`~matplotlib.figure.Figure`.
    mark_default : bool, optional
        Draw a dotted vertical line at the parameter's default (or override) value.
    colours : mapping, optional
        Outcome key -> colour shared by the plots of a study (:func:`outcome_palette`); by
        default the palette of this sweep, the same in every plot of it.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn into.

    Raises
    ------
    ValueError
        If the sweep is not 1-D, ``scenario`` is out of range, or ``colours`` lacks an
        outcome drawn.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.plotting import plot_sweep_1d
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "islands" / "new_approach.yaml")
    >>> fig = plot_sweep_1d(ns.sweep(sc, {"china_threat": None}))
    >>> fig.axes[0].get_xlabel()
    "China's assertiveness (0 calm, 1 acute) [index]"
    """
    sc, outcomes = _pick(result, scenario, dims=1, what="plot_sweep_1d")
    # A matrix game's mixed equilibrium moves with the parameter while its payoff curve is
    # often flat: on a figure of its own, a second panel shows the probabilities.
    mixed = mixed_probabilities(result, scenario) if ax is None and isinstance(sc.game, NormalGame) else {}
    low: Axes | None = None
    own = ax is None
    if mixed:
        figure = Figure(figsize=(8, 8), layout="constrained")
        ax, low = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    else:
        figure, ax = new_axes(ax, (8, 5.5))
    x = np.asarray(result.axes[0], dtype=float)
    edges = cell_edges(x)
    values = outcomes.tolist()
    colours = _colours(result, values, colours)
    runs: list[tuple[int, int]] = []
    start = 0
    for k in range(1, len(values) + 1):
        if k == len(values) or values[k] != values[start]:
            runs.append((start, k))
            ax.axvspan(
                edges[start],
                edges[k],
                facecolor=colours[values[start]],
                alpha=0.35,
                linewidth=0,
                gid=f"region:{values[start]}",
            )
            start = k
    payoffs = result.payoffs[scenario]
    # Payoffs jump where the outcome changes: break the curves there rather than draw a
    # slope through the jump, and show a lone grid point (a tie) as a dot.
    cuts = [stop for _, stop in runs[:-1]]
    x_broken = np.insert(x, cuts, np.nan)
    lone = [start for start, stop in runs if stop - start == 1]
    for k, player in enumerate(payoffs):
        y = np.asarray(payoffs[player], dtype=float)
        colour = PLAYER_COLOURS[k % len(PLAYER_COLOURS)]
        ax.plot(
            x_broken,
            np.insert(y, cuts, np.nan),
            color=colour,
            linestyle=PLAYER_STYLES[k % len(PLAYER_STYLES)],
            linewidth=2,
            label=sc.player_label(player),
            gid=f"payoff:{player}",
        )
        if lone:
            ax.plot(x[lone], y[lone], marker="o", markersize=4, color=colour, linestyle="none")
    name = result.varied[0]
    default = parameter_default(sc, name, result.overrides)
    if mark_default and default is not None and edges[0] <= default <= edges[-1]:
        ax.axvline(default, color="#555555", linestyle=":", linewidth=1.5, label="default", gid="default")
    ax.set_xlim(edges[0], edges[-1])
    ax.set_xlabel(parameter_label(sc, name))
    ax.set_ylabel("Equilibrium payoff (first equilibrium)")
    ax.set_title(wrap(with_overrides(sc.title, result.overrides), 70))
    ax.axhline(0, color="#999999", linewidth=0.8, zorder=0)
    players_legend = ax.legend(loc="best", fontsize=9, title="Payoff", title_fontsize=9)
    ax.add_artist(players_legend)
    present = outcome_order(values, result.outcome_alternatives, sc)
    handles = [
        Patch(
            facecolor=colours[key],
            alpha=0.35,
            label=wrap(outcome_label(result.outcome_ids(key), result.outcome_labels, sc), 60),
        )
        for key in present
    ]
    if low is not None:
        draw_mixed_panel(low, result, mixed)
        low.set_xlabel(ax.get_xlabel())
        ax.set_xlabel("")
    legend_below(low or ax, handles, ncols=1 if len(handles) <= 3 else 2, title="Equilibrium outcome")
    if own:
        grow_for_legends(figure)
    return figure


def plot_region_map(
    result: SweepResult,
    *,
    scenario: int = 0,
    ax: Axes | None = None,
    mark_default: bool = True,
    boundaries: bool | MapBoundaries = True,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """A 2-D map of the equilibrium outcome over two varied parameters.

    Each outcome (tied outcomes as ``"Either A or b"``) gets one categorical colour from a
    colour-blind-safe palette, the same in the maps of every scenario of the sweep (or of
    the study, with ``colours``); the legend below the axes lists the outcomes present by
    their labels, and a figure of its own grows to make room for it rather than squash
    the map.  The first varied parameter is on the x axis, the second on the y axis, each
    labelled with the parameter's label and unit.  The title names the sweep's overrides.

    Parameters
    ----------
    result : SweepResult
        A 2-D sweep.
    scenario : int, optional
        Which of the swept scenarios to draw.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; by default a new figure.
    mark_default : bool, optional
        Mark the point of the defaults (with the sweep's overrides) with a star, legend
        entry ``"default"``.
    boundaries : bool or MapBoundaries, optional
        Draw the boundaries between outcomes, located by bisection along the grid lines
        (:func:`~negotiation_sim.analysis.boundaries.map_boundaries`; computed when True,
        as given, or not at all when False).
    colours : mapping, optional
        Outcome key -> colour shared by the maps of a study (:func:`outcome_palette`); by
        default the palette of this sweep.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the sweep is not 2-D, ``scenario`` is out of range, or ``colours`` lacks an
        outcome drawn.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.plotting import plot_region_map
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "islands" / "territory_first.yaml")
    >>> result = ns.sweep(sc, {"china_threat": None, "us_russia_tension": [0, 1]})
    >>> fig = plot_region_map(result)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][-1]
    'default'
    """
    sc, outcomes = _pick(result, scenario, dims=2, what="plot_region_map")
    own = ax is None
    figure, ax = new_axes(ax, (8, 6))
    present = outcome_order(outcomes.ravel().tolist(), result.outcome_alternatives, sc)
    colours = _colours(result, present, colours)
    code = {key: k for k, key in enumerate(present)}
    codes = np.vectorize(code.__getitem__, otypes=[int])(outcomes)
    cmap = ListedColormap([colours[key] for key in present])
    norm = BoundaryNorm(np.arange(len(present) + 1) - 0.5, len(present))
    x_name, y_name = result.varied
    ax.pcolormesh(
        cell_edges(result.axes[0]),
        cell_edges(result.axes[1]),
        codes.T,
        cmap=cmap,
        norm=norm,
        shading="flat",
        gid="regions",
    )
    handles: list[Patch | Line2D] = [
        Patch(
            facecolor=colours[key],
            label=wrap(outcome_label(result.outcome_ids(key), result.outcome_labels, sc), LEGEND_WRAP),
        )
        for key in present
    ]
    if boundaries is not False:
        found = map_boundaries(result, scenario=scenario) if boundaries is True else boundaries
        lines = mark_boundaries(ax, found)
        if found.segments:
            handles.append(Line2D([], [], color=BOUNDARY_COLOUR, linewidth=1.6, label=lines.get_label()))
    if mark_default:
        marker = _mark_default(ax, sc, result)
        if marker is not None:
            handles.append(marker)
    ax.set_xlabel(parameter_label(sc, x_name))
    ax.set_ylabel(parameter_label(sc, y_name, width=55))
    ax.set_title(wrap(with_overrides(f"{sc.title}: equilibrium outcome", result.overrides), 70))
    legend_below(ax, handles, ncols=1 if len(handles) <= 3 else 2)
    if own:
        grow_for_legends(figure)
    return figure


def plot_comparison_map(
    result: SweepResult,
    player: str,
    *,
    ax: Axes | None = None,
    mark_default: bool = True,
    tol: float = DEFAULT_TOL,
    boundaries: bool | MapBoundaries = True,
) -> Figure:
    """Where strategy B beats strategy A for one player, over two varied parameters.

    The colour is the difference in ``player``'s equilibrium payoff, B − A (the last
    scenario of the sweep minus the first, as in
    :func:`~negotiation_sim.analysis.compare.compare`), on a diverging palette centred on
    zero (blue: B better, red and hatched: A better).  Where the better strategy changes is drawn in black
    and the colour bar is labelled ``"<Player> payoff: <B> − <A>"``; the title names the
    sweep's overrides, and the legend sits below the axes (a figure of its own grows to fit
    it).  Differences within the player's tie tolerance (its payoff scale in both games, at
    each point) count as zero.

    Parameters
    ----------
    result : SweepResult
        A 2-D sweep of at least two scenarios.
    player : str
        A player id of the scenarios.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; by default a new figure.
    mark_default : bool, optional
        Mark the default point with a star.
    tol : float, optional
        Relative tie tolerance.
    boundaries : bool or MapBoundaries, optional
        Draw where the better strategy changes, located by bisection along the grid lines
        with the rule of ``threshold`` (computed when True, as given, or when False the
        interpolated zero contour instead).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the sweep is not 2-D, has fewer than two scenarios, or ``player`` is not a
        player of both.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.plotting import plot_comparison_map
    >>> islands = ns.bundled_scenarios_dir() / "islands"
    >>> a = ns.load_scenario(islands / "territory_first.yaml")
    >>> b = ns.load_scenario(islands / "new_approach.yaml")
    >>> result = ns.sweep([a, b], {"china_threat": None, "us_russia_tension": [0, 0.5, 1]})
    >>> fig = plot_comparison_map(result, "japan")
    >>> fig.axes[1].get_ylabel()
    'Japan payoff: New approach − Territory-first'
    """
    if len(result.varied) != 2:
        raise ValueError(f"plot_comparison_map needs a 2-D sweep, found {len(result.varied)} varied parameter(s)")
    if len(result.scenarios) < 2:
        raise ValueError("plot_comparison_map needs a sweep of two scenarios (A and B)")
    first, last = result.payoffs[0], result.payoffs[-1]
    if player not in first or player not in last:
        raise ValueError(f"unknown player {player!r}; the scenarios' players are {', '.join(result.players())}")
    sc_a, sc_b = result.scenarios[0], result.scenarios[-1]
    a = np.asarray(first[player], dtype=float)
    b = np.asarray(last[player], dtype=float)
    difference = b - a
    # The one tie rule: the player's own payoff scale in both games at each point.
    grid = {result.varied[0]: result.axes[0][:, None], result.varied[1]: result.axes[1][None, :]}
    atol = game_tolerance([sc_a, sc_b], player, {**result.overrides, **grid}, tol)
    difference[np.abs(difference) <= atol] = 0.0
    own = ax is None
    figure, ax = new_axes(ax, (8.5, 6))
    bound = float(np.max(np.abs(difference))) or 1.0
    x, y = np.asarray(result.axes[0], dtype=float), np.asarray(result.axes[1], dtype=float)
    mesh = ax.pcolormesh(
        cell_edges(x),
        cell_edges(y),
        difference.T,
        cmap=DIVERGING_CMAP,
        vmin=-bound,
        vmax=bound,
        shading="flat",
        gid="difference",
    )
    name_a, name_b = short_title(sc_a), short_title(sc_b)
    who = sc_a.player_label(player)
    handles: list[Patch | Line2D] = [
        Patch(facecolor="#2166AC", label=f"{name_b} better (B)"),
        Patch(facecolor="#B2182B", hatch="///", edgecolor="#222222", label=f"{name_a} better (A)"),
    ]
    lowest, highest = float(difference.min()), float(difference.max())
    if lowest < 0 and difference.shape[0] > 1 and difference.shape[1] > 1:
        ax.contourf(x, y, difference.T, levels=[lowest - 1.0, 0.0], colors="none", hatches=["///"], gid="a-better")
    if boundaries is not False:
        found = map_boundaries(result, player=player, tol=tol) if boundaries is True else boundaries
        lines = mark_boundaries(ax, found, label="where the better strategy changes")
        if found.segments:
            handles.append(Line2D([], [], color=BOUNDARY_COLOUR, linewidth=1.6, label=lines.get_label()))
    elif lowest < 0 < highest and min(difference.shape) > 1:
        ax.contour(x, y, difference.T, levels=[0.0], colors="black", linewidths=1.5, gid="zero-contour")
        handles.append(Line2D([], [], color="black", linewidth=1.5, label="equal (zero contour)"))
    if mark_default:
        marker = _mark_default(ax, sc_a, result)
        if marker is not None:
            handles.append(marker)
    colourbar = figure.colorbar(mesh, ax=ax, shrink=0.9)
    colourbar.set_label(f"{who} payoff: {name_b} − {name_a}")
    ax.set_xlabel(parameter_label(sc_a, result.varied[0]))
    ax.set_ylabel(parameter_label(sc_a, result.varied[1], width=55))
    title = f"{who}'s payoff difference B − A: {name_b} (B) against {name_a} (A)"
    ax.set_title(wrap(with_overrides(title, result.overrides), 70))
    legend_below(ax, handles, ncols=2)
    if own:
        grow_for_legends(figure)
    return figure


def _colours(result: SweepResult, keys: list[str], colours: Mapping[str, str] | None) -> dict[str, str]:
    """The colours to draw with: those given (checked to cover every outcome drawn) or the sweep's palette."""
    if colours is None:
        return outcome_palette(result)
    missing = sorted(set(keys) - set(colours))
    if missing:
        raise ValueError(
            f"colours= has no colour for the outcome(s) {', '.join(missing)}; build it with "
            "outcome_palette() over every sweep of the study"
        )
    return dict(colours)


def _pick(result: SweepResult, scenario: int, *, dims: int, what: str) -> tuple[Scenario, np.ndarray]:
    if len(result.varied) != dims:
        raise ValueError(
            f"{what} needs a {dims}-D sweep, found {len(result.varied)} varied parameter(s) "
            f"({', '.join(result.varied)})"
        )
    if not -len(result.scenarios) <= scenario < len(result.scenarios):
        raise ValueError(
            f"scenario index {scenario} is out of range: the sweep has {len(result.scenarios)} scenario(s)"
        )
    return result.scenarios[scenario], np.asarray(result.outcomes[scenario])


def _mark_default(ax: Axes, scenario: Scenario, result: SweepResult) -> Line2D | None:
    """Star at the default point when it lies inside the grid; returns its legend handle."""
    x_name, y_name = result.varied
    x = parameter_default(scenario, x_name, result.overrides)
    y = parameter_default(scenario, y_name, result.overrides)
    if x is None or y is None:
        return None
    x_edges, y_edges = cell_edges(result.axes[0]), cell_edges(result.axes[1])
    if not (min(x_edges) <= x <= max(x_edges) and min(y_edges) <= y <= max(y_edges)):
        return None
    (marker,) = ax.plot(
        [x],
        [y],
        marker="*",
        markersize=16,
        color="black",
        markeredgecolor="white",
        markeredgewidth=1.2,
        linestyle="none",
        label="default",
        gid="default",
    )
    return marker
