"""Figures of an :class:`~negotiation_sim.analysis.uncertainty_result.UncertaintyResult`:
outcome-probability bars, the histogram of the payoff difference, and Sobol' bars."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..analysis.uncertainty_result import UncertaintyResult
from ._style import (
    HIGH_COLOUR,
    LOW_COLOUR,
    legend_below,
    new_axes,
    outcome_label,
    outcome_palette,
    short_title,
    with_overrides,
    wrap,
)

__all__ = ["plot_outcome_probabilities", "plot_payoff_difference", "plot_sobol", "plot_uncertainty"]


def plot_outcome_probabilities(
    result: UncertaintyResult,
    *,
    scenario: int = 0,
    ax: Axes | None = None,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """Horizontal bars: the probability of each equilibrium outcome, with 95% intervals.

    Parameters
    ----------
    result : UncertaintyResult
    scenario : int, optional
        Which scenario of the result (0 for A, 1 for B).
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; by default a new figure.
    colours : mapping of str to str, optional
        Outcome key -> colour shared by the figures of a study (:func:`outcome_palette`
        over its sweeps and this run); by default the palette of this run alone, the same
        for both scenarios.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    IndexError
        If the result has no such scenario.
    ValueError
        If ``colours`` lacks an outcome of the scenario.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.uncertainty import uncertainty
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "islands" / "new_approach.yaml")
    >>> fig = plot_outcome_probabilities(uncertainty(sc, samples=500, seed=1, sobol=False))
    >>> fig.axes[0].get_xlabel()
    'Probability over 500 samples (bars: 95% interval)'
    """
    shares = result.outcomes[scenario]
    chosen = result.scenarios[scenario]
    figure, ax = new_axes(ax, (8.5, 1.6 + 0.45 * max(len(shares), 1)))
    palette = outcome_palette(result) if colours is None else colours
    missing = sorted({s.key for s in shares} - set(palette))
    if missing:
        raise ValueError(
            f"colours= has no colour for the outcome(s) {', '.join(missing)}; build it with "
            "outcome_palette() over every sweep and uncertainty run of the study"
        )
    positions = np.arange(len(shares))[::-1].astype(float)
    for y, share in zip(positions, shares, strict=True):
        p, (low, high) = share.share.probability, share.share.interval
        ax.barh(y, p, height=0.6, color=palette[share.key], edgecolor="black", linewidth=0.5)
        ax.errorbar(p, y, xerr=[[p - low], [high - p]], fmt="none", ecolor="black", capsize=3, linewidth=1)
        ax.annotate(f"{p:.1%}", (high, y), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(positions, [wrap(outcome_label((s.key,), {s.key: s.label}, chosen), 45) for s in shares], fontsize=8)
    ax.set_xlim(0, 1.12)
    ax.set_xlabel(f"Probability over {result.samples:,} samples (bars: 95% interval)")
    title = f"{short_title(chosen)}: equilibrium outcomes under uncertainty"
    ax.set_title(wrap(with_overrides(title, result.overrides), 80), fontsize=10)
    return figure


def plot_payoff_difference(result: UncertaintyResult, player: str, *, bins: int = 60, ax: Axes | None = None) -> Figure:
    """Histogram of B's payoff minus A's for a player over the samples (the payoff for one scenario).

    Bars left of zero (A better) and right of it (B better) take the colours of the
    diverging palette; the text gives P(B better), P(equal) and P(A better).

    Parameters
    ----------
    result : UncertaintyResult
    player : str
        One of ``result.players``.
    bins : int, optional
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    KeyError
        If the player was not analysed.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.uncertainty import uncertainty
    >>> islands = ns.bundled_scenarios_dir() / "islands"
    >>> pair = [ns.load_scenario(islands / n) for n in ("territory_first.yaml", "new_approach.yaml")]
    >>> fig = plot_payoff_difference(uncertainty(pair, samples=500, seed=1, sobol=False), "japan")
    >>> fig.axes[0].get_xlabel()
    'Japan payoff difference (B − A)'
    """
    values = np.asarray(result.values[player], dtype=float)
    values = values[np.isfinite(values)]
    figure, ax = new_axes(ax, (8.5, 4.2))
    label = _player_label(result, player)
    if values.size:
        _, edges, _ = ax.hist(values, bins=bins, color="0.6", edgecolor="white", linewidth=0.3)
        pair = len(result.scenarios) == 2
        for left, right, patch in zip(edges[:-1], edges[1:], ax.containers[-1], strict=True):
            if pair and right <= 0:
                patch.set_facecolor("#B2182B")
            elif pair and left >= 0:
                patch.set_facecolor("#2166AC")
    if len(result.scenarios) == 2:
        ax.axvline(0.0, color="black", linewidth=1)
        shares = result.comparison[player]
        a, b = (short_title(s) for s in result.scenarios)
        text = "\n".join(
            f"{name}: {shares[key].probability:.1%} [{shares[key].interval[0]:.1%}, {shares[key].interval[1]:.1%}]"
            for key, name in (("b_better", f"{b} better"), ("equal", "equal"), ("a_better", f"{a} better"))
        )
        ax.text(0.02, 0.97, text, transform=ax.transAxes, va="top", fontsize=8, family="monospace")
        ax.set_xlabel(f"{label} payoff difference (B − A)")
        title = f"{b} (B) against {a} (A) over {result.samples:,} samples"
        ax.set_title(wrap(with_overrides(title, result.overrides), 80), fontsize=10)
    else:
        ax.set_xlabel(f"{label} payoff")
        title = f"{short_title(result.scenarios[0])} over {result.samples:,} samples"
        ax.set_title(wrap(with_overrides(title, result.overrides), 80), fontsize=10)
    ax.set_ylabel("Samples")
    return figure


def plot_sobol(
    result: UncertaintyResult, player: str, *, ax: Axes | None = None, max_bars: int | None = None
) -> Figure:
    """Paired bars: Sobol' first-order and total indices of each parameter, largest total first.

    Parameters
    ----------
    result : UncertaintyResult
        With Sobol' indices for ``player``.
    player : str
    ax : matplotlib.axes.Axes, optional
    max_bars : int, optional
        Draw only the parameters with the largest total indices.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    KeyError
        If the result has no Sobol' indices for the player.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.uncertainty import uncertainty
    >>> islands = ns.bundled_scenarios_dir() / "islands"
    >>> pair = [ns.load_scenario(islands / n) for n in ("territory_first.yaml", "new_approach.yaml")]
    >>> fig = plot_sobol(uncertainty(pair, samples=500, seed=1, sobol_base=64), "japan", max_bars=5)
    >>> len(fig.axes[0].get_yticks())
    5
    """
    if player not in result.sobol:
        raise KeyError(f"no Sobol' indices for '{player}' (not computed, or the quantity does not vary)")
    indices = sorted(result.sobol[player].items(), key=lambda item: -item[1].total)
    if max_bars is not None:
        indices = indices[:max_bars]
    figure, ax = new_axes(ax, (8.5, 1.8 + 0.45 * max(len(indices), 1)))
    positions = np.arange(len(indices))[::-1].astype(float)
    height = 0.36
    for y, (_, index) in zip(positions, indices, strict=True):
        ax.barh(y + height / 2, index.first, height, color=LOW_COLOUR, xerr=index.first_conf, capsize=2)
        ax.barh(y - height / 2, index.total, height, color=HIGH_COLOUR, xerr=index.total_conf, capsize=2)
    scenario = result.scenarios[0]
    names = [
        wrap(scenario.parameters[name].display_label if name in scenario.parameters else name, 45)
        for name, _ in indices
    ]
    ax.set_yticks(positions, names, fontsize=8)
    ax.axvline(0.0, color="0.5", linewidth=0.8)
    quantity = "payoff difference (B − A)" if len(result.scenarios) == 2 else "payoff"
    ax.set_xlabel(f"Share of the variance of {_player_label(result, player)}'s {quantity}")
    ax.set_title(f"Sobol' indices ({result.sobol_runs:,} model runs, base N = {result.sobol_base})", fontsize=10)
    legend_below(
        ax,
        [
            Patch(color=LOW_COLOUR, label="first order (alone)"),
            Patch(color=HIGH_COLOUR, label="total (with interactions)"),
        ],
        ncols=2,
    )
    return figure


def plot_uncertainty(
    result: UncertaintyResult, player: str | None = None, *, colours: Mapping[str, str] | None = None
) -> Figure:
    """All the figures of a result on one page: outcome bars per scenario, then per player
    the payoff-difference histogram and the Sobol' bars.

    Parameters
    ----------
    result : UncertaintyResult
    player : str, optional
        Draw only this player's histogram and Sobol' bars (default: every analysed player).
    colours : mapping of str to str, optional
        Outcome key -> colour shared by the figures of a study (:func:`outcome_palette`);
        by default the palette of this run, so an outcome has one colour in both panels.

    Returns
    -------
    matplotlib.figure.Figure
        One row of panels for the outcomes, one per player.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.uncertainty import uncertainty
    >>> islands = ns.bundled_scenarios_dir() / "islands"
    >>> pair = [ns.load_scenario(islands / n) for n in ("territory_first.yaml", "new_approach.yaml")]
    >>> fig = plot_uncertainty(uncertainty(pair, samples=500, seed=1, sobol_base=64), "japan")
    >>> len([ax for ax in fig.axes if ax.get_visible()])
    4
    """
    players = list(result.players) if player is None else [player]
    figure = Figure(figsize=(17, 5.2 * (1 + len(players))), layout="constrained")
    rows = figure.subfigures(1 + len(players), 1, squeeze=False).ravel()
    top = rows[0].subplots(1, 2, squeeze=False).ravel()
    palette = outcome_palette(result) if colours is None else colours
    for index, ax in enumerate(top):
        if index < len(result.scenarios):
            plot_outcome_probabilities(result, scenario=index, ax=ax, colours=palette)
        else:
            ax.set_visible(False)
    for row, name in zip(rows[1:], players, strict=True):
        left, right = row.subplots(1, 2, squeeze=False).ravel()
        plot_payoff_difference(result, name, ax=left)
        if name in result.sobol:
            plot_sobol(result, name, ax=right, max_bars=10)
        else:
            right.set_visible(False)
    return figure


def _player_label(result: UncertaintyResult, player: str) -> str:
    for scenario in result.scenarios:
        if player in scenario.player_ids:
            return scenario.player_label(player)
    return player
