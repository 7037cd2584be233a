"""Shared look of the plots: colour-blind-safe palettes, labels and figure creation.

Only :class:`matplotlib.figure.Figure` is used, never pyplot, so plotting leaves no global
state behind and works in any backend (or none).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.transforms import offset_copy

from ..analysis.naming import mid_sentence
from ..analysis.sweep_result import SweepResult
from ..analysis.sweep_tree import OUTCOME_SEPARATOR
from ..analysis.uncertainty_result import UncertaintyResult
from ..numbers import number
from ..scenario.schema import ExtensiveGame, Scenario
from ..wording import either_text

OKABE_ITO = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
)
"""Okabe & Ito (2008), "Color Universal Design": eight colours distinguishable with any
common colour-vision deficiency."""

REGION_COLOURS = (*OKABE_ITO[:7], "#999999", "#882255", "#44AA99", "#DDCC77", "#332288", "#AA4499")
"""Fill colours for outcome regions: Okabe–Ito without black, then grey and Paul Tol's
muted colours for games with many outcomes."""

PLAYER_COLOURS = ("#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")
PLAYER_STYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (1, 1)))

DIVERGING_CMAP = "RdBu"
"""Differences: red below zero (A better), blue above (B better); readable without
red–green discrimination."""

HIGHLIGHT = "#D55E00"
"""The equilibrium path of a game tree (vermillion)."""

LOW_COLOUR = "#56B4E9"
HIGH_COLOUR = "#E69F00"


def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """Return ``(figure, axes)``: the given axes and its (root) figure, or a new constrained-layout figure."""
    if ax is not None:
        return root_figure(ax), ax
    figure = Figure(figsize=figsize, layout="constrained")
    return figure, figure.add_subplot()


def root_figure(ax: Axes) -> Figure:
    """The top-level figure an axes belongs to (through any subfigures)."""
    figure: Any = ax.figure
    while figure is not None and not isinstance(figure, Figure):
        figure = figure.figure  # a SubFigure's parent chain ends at the root Figure
    if figure is None:  # pragma: no cover - an Axes always belongs to a figure
        raise ValueError("the axes given with ax= belongs to no figure")
    return figure


def legend_below(ax: Axes, handles: Sequence[Artist], *, ncols: int = 1, title: str | None = None) -> Legend:
    """A frameless legend under the axes, clear of the tick labels and the (wrapped) x label."""
    lines = ax.get_xlabel().count("\n") + 1 if ax.get_xlabel() else 0
    below = offset_copy(ax.transAxes, fig=root_figure(ax), x=0, y=-(24 + 13 * lines), units="points")
    return ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=below,
        fontsize=8,
        ncols=ncols,
        frameon=False,
        title=title,
        title_fontsize=9,
    )


def grow_for_legends(figure: Figure, *, rounds: int = 6) -> None:
    """Make a figure taller so that its axes keep the height they have without their legends.

    A legend placed below its axes (:func:`legend_below`) takes its room out of a fixed-size
    figure: constrained layout squashes the plot.  This measures each visible axes with its
    legend hidden, then grows the figure until every axes is at least that tall again.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        A figure with a layout engine (constrained layout, as :func:`new_axes` makes).
    rounds : int, optional
        Layout passes at most; a single axes needs one, a grid of rows a few.
    """
    legends = [legend for ax in figure.axes if ax.get_visible() and (legend := ax.get_legend()) is not None]
    if not legends:
        return
    for legend in legends:
        legend.set_visible(False)
    figure.draw_without_rendering()
    wanted = {ax: _height(ax) for ax in figure.axes if ax.get_visible()}
    for legend in legends:
        legend.set_visible(True)
    for _ in range(rounds):
        figure.draw_without_rendering()
        short = max(height - _height(ax) for ax, height in wanted.items())
        if short < 0.02:  # inches
            return
        figure.set_size_inches(figure.get_figwidth(), figure.get_figheight() + short)


def _height(ax: Axes) -> float:
    return float(ax.get_position().height) * root_figure(ax).get_figheight()


def with_overrides(title: str, overrides: Mapping[str, float]) -> str:
    """A title followed by the parameter values that made the figure: ``"… (with china_threat = 0.8)"``.

    Parameters
    ----------
    title : str
    overrides : mapping of str to float
        Parameter id -> value set with ``--set`` (or ``overrides=``); empty for none.

    Returns
    -------
    str
        ``title`` alone when there are no overrides.

    Examples
    --------
    >>> with_overrides("New approach", {"china_threat": 0.8, "linkage_cost": 2.0})
    'New approach (with china_threat = 0.8, linkage_cost = 2)'
    >>> with_overrides("New approach", {})
    'New approach'
    """
    if not overrides:
        return title
    return f"{title} (with {', '.join(f'{name} = {number(float(v))}' for name, v in overrides.items())})"


def solution_overrides(scenario: Scenario, parameters: Mapping[str, float]) -> dict[str, float]:
    """The parameters whose value differs from the scenario's default (what a solution was overridden with)."""
    return {
        name: float(value)
        for name, value in parameters.items()
        if name in scenario.parameters and float(scenario.parameters[name].value) != float(value)
    }


def wrap(text: str, width: int) -> str:
    """Wrap a long label onto several lines of at most ``width`` characters."""
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text


def parameter_label(scenario: Scenario, name: str, width: int = 70) -> str:
    """``"<label> [<unit>]"`` of a parameter, wrapped, e.g. ``"China's assertiveness (0 calm, 1 acute) [index]"``."""
    parameter = scenario.parameters.get(name)
    if parameter is None:
        return name
    text = parameter.display_label + (f" [{parameter.unit}]" if parameter.unit else "")
    return wrap(text, width)


def parameter_default(scenario: Scenario, name: str, overrides: Mapping[str, float]) -> float | None:
    """The value a parameter takes when it is not varied: its override, else its default."""
    if name in overrides:
        return float(overrides[name])
    parameter = scenario.parameters.get(name)
    return None if parameter is None else float(parameter.value)


def outcome_label(ids: Sequence[str], labels: Mapping[str, str], scenario: Scenario | None = None) -> str:
    """Human label of the outcome ids at a point.

    Several ids take the sweep's label of their key when ``labels`` has one (it says
    whether they are alternatives, ``"Either A or b"``, or a chance lottery, ``"A / b (by
    chance)"``); otherwise they read ``"Either A or b"``.
    """
    key = OUTCOME_SEPARATOR.join(ids)
    if len(ids) > 1 and key in labels:
        return labels[key]
    names = []
    for part in ids:
        if part in labels:
            names.append(labels[part])
        elif scenario is not None and isinstance(scenario.game, ExtensiveGame):
            names.append(scenario.game.label_of(part))
        else:
            names.append(part)
    if len(names) == 1:
        return names[0]
    return either_text([mid_sentence(n, scenario) for n in names], capital=True)


def outcome_order(keys: Sequence[str], alternatives: Mapping[str, Sequence[str]], scenario: Scenario) -> list[str]:
    """Outcome keys in the scenario's outcome order, single outcomes before ties.

    ``alternatives`` maps each key to the outcome ids it stands for (a sweep's
    ``outcome_alternatives``).
    """
    order = list(scenario.game.outcomes) if isinstance(scenario.game, ExtensiveGame) else []
    rank = {o: k for k, o in enumerate(order)}

    def key(item: str) -> tuple[int, int, str]:
        parts = alternatives.get(item, (item,))
        return (len(parts) > 1, min((rank.get(p, len(rank)) for p in parts), default=len(rank)), item)

    return sorted(set(keys), key=key)


def outcome_palette(
    results: SweepResult | UncertaintyResult | Sequence[SweepResult | UncertaintyResult],
) -> dict[str, str]:
    """One fill colour per outcome key over every figure of a study, so an outcome keeps its colour.

    The outcome keys found in all the sweeps and uncertainty runs (all their scenarios) are
    put in one study-wide order — single outcomes before ties; single outcomes in the order
    their scenarios declare them (the first scenario first), then any others by id; ties by
    id; an uncertainty run's ``"invalid"`` samples last — and coloured in that order from a
    colour-blind-safe palette (:data:`REGION_COLOURS`, repeated only beyond 13 outcomes).
    Pass the result as ``colours=`` to each region map, 1-D plot or outcome-probability
    chart of the study.

    Parameters
    ----------
    results : SweepResult, UncertaintyResult or sequence of them
        The sweeps and Monte Carlo runs of one study (e.g. each facet of a faceted sweep,
        or a report's maps and its uncertainty run).

    Returns
    -------
    dict
        Outcome key (as in ``SweepResult.outcomes`` and ``OutcomeShare.key``) -> colour
        ``"#RRGGBB"``.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> islands = ns.bundled_scenarios_dir() / "islands"
    >>> pair = [ns.load_scenario(islands / f) for f in ("territory_first.yaml", "new_approach.yaml")]
    >>> palette = outcome_palette(ns.sweep(pair, {"china_threat": [0.0, 0.5, 1.0]}))
    >>> palette["impasse"] != palette["exploited"]
    True
    """
    runs = [results] if isinstance(results, SweepResult | UncertaintyResult) else list(results)
    found: set[str] = set()
    alternatives: dict[str, tuple[str, ...]] = {}
    declared: list[str] = []
    unnamed: set[str] = set()  # keys that stand for no outcome (an uncertainty run's invalid samples)
    for result in runs:
        if isinstance(result, UncertaintyResult):
            for shares in result.outcomes:
                found.update(share.key for share in shares)
                alternatives.update({share.key: share.outcome_ids for share in shares if share.outcome_ids})
                unnamed.update(share.key for share in shares if not share.outcome_ids)
        else:
            for outcomes in result.outcomes:
                found.update(str(key) for key in np.unique(np.asarray(outcomes)))
            alternatives.update({k: tuple(v) for k, v in result.outcome_alternatives.items()})
        for scenario in result.scenarios:
            if isinstance(scenario.game, ExtensiveGame):
                declared += [o for o in scenario.game.outcomes if o not in declared]
    rank = {outcome: k for k, outcome in enumerate(declared)}

    def order(key: str) -> tuple[int, int, str]:
        if key in unnamed and key not in alternatives:
            return (2, 0, key)
        tie = len(alternatives.get(key, (key,))) > 1
        return (int(tie), len(rank) if tie else rank.get(key, len(rank)), key)

    return {key: REGION_COLOURS[k % len(REGION_COLOURS)] for k, key in enumerate(sorted(found, key=order))}


def short_title(scenario: Scenario) -> str:
    """The scenario title without a trailing parenthetical ("New approach (…)" -> "New approach")."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", scenario.title).strip() or scenario.title or scenario.id


def cell_edges(axis: np.ndarray) -> np.ndarray:
    """Edges of the cells centred on the grid values (midpoints; half a step beyond the ends)."""
    axis = np.asarray(axis, dtype=float)
    if axis.size == 1:
        return np.array([axis[0] - 0.5, axis[0] + 0.5])
    middle = (axis[1:] + axis[:-1]) / 2
    return np.concatenate([[axis[0] - (middle[0] - axis[0])], middle, [axis[-1] + (axis[-1] - middle[-1])]])
