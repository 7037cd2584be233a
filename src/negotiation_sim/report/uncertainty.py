"""An :class:`~negotiation_sim.analysis.uncertainty_result.UncertaintyResult` as text, Markdown or JSON."""

from __future__ import annotations

import os

from ..analysis.uncertainty_result import ROW_COLUMNS, Share, UncertaintyResult
from ..numbers import number, percent
from .files import write_csv, write_json
from .records import to_json
from .tables import escape_markdown, table

__all__ = ["format_uncertainty", "write_uncertainty_data"]

SOBOL_ROWS = 10
"""Parameters shown per player in the Sobol' table (largest total index first); JSON has all."""


def format_uncertainty(result: UncertaintyResult, fmt: str = "text") -> str:
    """Outcome probabilities, comparison probabilities and Sobol' indices, each with its method.

    Parameters
    ----------
    result : UncertaintyResult
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
    >>> from negotiation_sim.analysis.uncertainty import uncertainty
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
    >>> fixed = {"reward": 3, "punishment": 1, "sucker": 0}
    >>> print(format_uncertainty(uncertainty(sc, samples=100, seed=1, overrides=fixed, sobol=False)).splitlines()[0])
    Monte Carlo over 1 parameter: 100 samples, seed 1
    """
    if fmt == "json":
        return to_json(result.to_record())
    if fmt not in ("text", "markdown"):
        raise ValueError(f"unknown format {fmt!r}; expected text, markdown or json")
    markdown = fmt == "markdown"

    md = escape_markdown if markdown else str  # titles and labels are user text: inert in Markdown

    def heading(text: str) -> str:
        return f"## {text}" if markdown else text

    count = len(result.parameters)
    lines = [
        heading(
            f"Monte Carlo over {count} parameter{'s' * (count != 1)}: {result.samples:,} samples, seed {result.seed}"
        ),
        "Drawn: " + (", ".join(str(p) for p in result.parameters) or "nothing (every parameter is fixed)"),
    ]
    if result.overrides:
        lines.append("Fixed: " + ", ".join(f"{k}={number(v)}" for k, v in result.overrides.items()))
    lines.append("Intervals: 95% Wilson score intervals of each probability.")
    for scenario, shares, invalid in zip(result.scenarios, result.outcomes, result.invalid, strict=True):
        rows = [[o.label, o.key, percent(o.share.probability), _interval(o.share)] for o in shares]
        lines += [
            "",
            heading(f"Outcomes of {md(scenario.title)}"),
            table(["outcome", "id", "probability", "95% interval"], rows, markdown=markdown),
        ]
        if invalid:
            lines.append(f"{invalid} samples had invalid payoffs (outcome 'invalid').")
    if len(result.scenarios) == 2:
        a, b = result.scenarios
        rows = []
        for player, classes in result.comparison.items():
            rows.append(
                [a.player_label(player)]
                + [
                    f"{percent(classes[k].probability)} {_interval(classes[k])}"
                    for k in ("b_better", "equal", "a_better")
                ]
            )
        headers = ["player", "B better", "equal", "A better"]
        lines += [
            "",
            heading("Which approach is better"),
            f"A = {md(a.title)}, B = {md(b.title)}; equal: within the tie tolerance.",
            table(headers, rows, markdown=markdown),
        ]
    if result.sobol:
        quantity = "B - A" if len(result.scenarios) == 2 else "the payoff"
        for player, indices in result.sobol.items():
            ordered = sorted(indices.items(), key=lambda item: -item[1].total)[:SOBOL_ROWS]
            rows = [
                [
                    name,
                    f"{number(s.first, 2)} ± {number(s.first_conf, 1)}",
                    f"{number(s.total, 2)} ± {number(s.total_conf, 1)}",
                ]
                for name, s in ordered
            ]
            label = md(result.scenarios[0].player_label(player))
            lines += [
                "",
                heading(f"Sobol' indices of {label}'s {quantity}"),
                table(["parameter", "first order", "total"], rows, markdown=markdown),
            ]
        lines += [
            "",
            f"Sobol' method: {result.sobol_sampler}; base sample N = {result.sobol_base}, "
            f"{result.sobol_runs:,} model runs (N x (parameters + 2)); ± bootstrap 95% half-widths. "
            "First order: the share of the variance a parameter explains alone; total: with its interactions.",
        ]
    return "\n".join(lines)


def _interval(share: Share) -> str:
    return f"[{percent(share.interval[0])}, {percent(share.interval[1])}]"


def write_uncertainty_data(result: UncertaintyResult, path: str | os.PathLike[str]) -> None:
    """Write the result as JSON (``.json``: :meth:`~UncertaintyResult.to_record`) or CSV rows (``.csv``).

    Parameters
    ----------
    result : UncertaintyResult
    path : path-like
        Ends in ``.json`` or ``.csv``.

    Raises
    ------
    OutputError
        If the file cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.uncertainty import uncertainty
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
    >>> result = uncertainty(sc, samples=50, seed=1, overrides={"reward": 3, "punishment": 1, "sucker": 0}, sobol=False)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_uncertainty_data(result, pathlib.Path(folder) / "mc.csv")
    ...     print((pathlib.Path(folder) / "mc.csv").read_text().splitlines()[0])
    kind,scenario,player,key,probability,low,high,count,first,total
    """
    if str(path).lower().endswith(".json"):
        write_json(path, result.to_record())
    else:
        write_csv(path, result.rows(), list(ROW_COLUMNS))
