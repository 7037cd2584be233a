"""A :class:`~negotiation_sim.analysis.threshold.ThresholdResult` as text, Markdown or JSON."""

from __future__ import annotations

import math

from ..analysis.threshold import ThresholdResult
from ..numbers import number
from .records import to_json
from .tables import escape_markdown, table

__all__ = ["format_threshold", "thresholds_summary"]


def format_threshold(result: ThresholdResult, fmt: str = "text") -> str:
    """Every change point: where, what holds below and above, and whether a player is indifferent there.

    Parameters
    ----------
    result : ThresholdResult
    fmt : {"text", "markdown", "json"}

    Returns
    -------
    str
        Without a trailing newline.

    Raises
    ------
    ValueError
        For an unknown format.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.threshold import threshold
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
    >>> print(format_threshold(threshold(sc, "p_high")).splitlines()[0])
    Posted price with an unknown buyer (chance move): equilibrium outcome over p_high in [0, 1]
    """
    if fmt == "json":
        return to_json(result.to_record())
    if fmt not in ("text", "markdown"):
        raise ValueError(f"unknown format {fmt!r}; expected text, markdown or json")
    markdown = fmt == "markdown"
    md = escape_markdown if markdown else str  # titles and labels are user text: inert in Markdown
    span = f"{result.parameter} in [{number(result.low)}, {number(result.high)}]"
    if result.player is None:
        heading = f"{md(result.scenarios[0].title)}: equilibrium outcome over {span}"
    else:
        heading = f"The better approach for {md(result.scenarios[0].player_label(result.player))} over {span}"
    lines = [f"## {heading}" if markdown else heading, ""]
    if result.player is not None:
        lines += [f"A = {md(result.scenarios[0].title)}, B = {md(result.scenarios[1].title)}.", ""]
    if not result.changes:
        lines.append(f"No change: {md(_label(result, result.start))} over the whole range.")
    else:
        # Shown to the precision of the search: digits beyond it are bisection noise.
        digits = max(0, -math.floor(math.log10(result.precision * (result.high - result.low))))
        rows = [
            [
                number(round(c.at, digits), 12),
                _label(result, c.below),
                _label(result, c.above),
                "yes" if c.tie_at_boundary else "no",
            ]
            for c in result.changes
        ]
        lines.append(table([result.parameter, "below", "above", "tie at the boundary"], rows, markdown=markdown))
        if any(c.tie_at_boundary for c in result.changes):
            meaning = (
                "a player is indifferent and both results are equilibria"
                if result.player is None
                else "the two payoffs are equal"
            )
            lines += ["", f"A tie at the boundary: exactly there {meaning}."]
    fixed = ", ".join(f"{k}={number(v)}" for k, v in result.overrides.items())
    lines += [
        "",
        f"Located to {result.precision:g} of the range: a {result.grid_points}-point grid, then bisection with "
        f"{result.exact_solves} exact solves." + (f" Fixed: {fixed}." if fixed else ""),
    ]
    return "\n".join(lines)


def _label(result: ThresholdResult, key: str) -> str:
    return result.labels.get(key, key)


def thresholds_summary(results: tuple[ThresholdResult, ...] | list[ThresholdResult]) -> str:
    """One line per scenario listing its exact change points (for the summary of a 1-D sweep).

    Parameters
    ----------
    results : sequence of ThresholdResult

    Returns
    -------
    str
        Without a trailing newline; empty for no results.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.threshold import threshold
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
    >>> print(thresholds_summary([threshold(sc, "p_high", bounds=(0.1, 0.9))]))
    Exact change points (to 1e-09 of the range):
      Posted price with an unknown buyer (chance move): p_high = 0.3333333333 (tie at the boundary)
    """
    if not results:
        return ""
    lines = [f"Exact change points (to {results[0].precision:g} of the range):"]
    for result in results:
        digits = max(0, -math.floor(math.log10(result.precision * (result.high - result.low))))
        points = ", ".join(
            f"{result.parameter} = {number(round(c.at, digits), 12)}" + (" (tie at the boundary)" * c.tie_at_boundary)
            for c in result.changes
        )
        lines.append(f"  {result.scenarios[0].title}: {points or 'none'}")
    return "\n".join(lines)
