"""The uncertainty part of a study report: findings, tables and the figure of a Monte Carlo run."""

from __future__ import annotations

from collections.abc import Mapping

from ..analysis.naming import mid_sentence
from ..analysis.study import Study
from ..analysis.uncertainty_result import Share, UncertaintyResult
from ..numbers import number, percent
from .page import Block, Figure, Paragraph, Section, Table

__all__ = ["SOBOL_ROWS", "uncertainty_findings", "uncertainty_section"]

SOBOL_ROWS = 8
"""Parameters per player in the Sobol' table (largest total index first)."""


def uncertainty_findings(study: Study) -> list[str]:
    """Sentences on the Monte Carlo run: the likeliest outcome of each scenario and, for a pair, who is better off.

    Parameters
    ----------
    study : Study

    Returns
    -------
    list of str
        Empty without a run.
    """
    result = study.uncertainty
    if result is None:
        return []
    drawn = f"{len(result.parameters)} parameters drawn from their distributions ({result.samples:,} samples)"
    out = []
    for scenario, shares in zip(result.scenarios, result.outcomes, strict=True):
        if shares:
            top = shares[0]
            outcome = mid_sentence(top.label, scenario)
            out.append(
                f"How sure: with {drawn}, {scenario.title} ends in {outcome} with probability "
                f"{percent(top.share.probability)} {_interval(top.share)}."
            )
    a, b = result.scenarios[0], result.scenarios[-1]
    for player, classes in result.comparison.items():
        better = classes["b_better"]
        out.append(
            f"{a.player_label(player)} is better off under {b.title} than under {a.title} with probability "
            f"{percent(better.probability)} {_interval(better)} over the same draws."
        )
    return out


def uncertainty_section(study: Study, figures: Mapping[str, str]) -> Section | None:
    """The "How sure" section: outcome probabilities, comparison probabilities, Sobol' indices and the figure.

    Parameters
    ----------
    study : Study
    figures : mapping
        Its figure ``uncertainty`` (SVG text), if drawn.

    Returns
    -------
    Section or None
        None without a run.
    """
    result = study.uncertainty
    if result is None:
        return None
    names = ", ".join(f"{p.name} ({p.distribution})" for p in result.parameters) or "none"
    blocks: list[Block] = [
        Paragraph(
            text=f"Monte Carlo over the parameters' distributions: {result.samples:,} samples, seed {result.seed}. "
            f"Drawn: {names}. Intervals are 95% Wilson score intervals."
        )
    ]
    for scenario, shares in zip(result.scenarios, result.outcomes, strict=True):
        blocks.append(
            Table(
                caption=f"Outcomes of {scenario.title}",
                headers=("outcome", "probability", "95% interval"),
                rows=tuple((o.label, percent(o.share.probability), _interval(o.share)) for o in shares),
                row_headers=True,
                numeric=(1,),
            )
        )
    if result.comparison:
        a, b = result.scenarios
        blocks.append(
            Table(
                caption=f"Who is better off: B = {b.title} against A = {a.title}, on the same draws",
                headers=("player", "B better", "equal", "A better"),
                rows=tuple(
                    (a.player_label(p), *(_with_interval(c[k]) for k in ("b_better", "equal", "a_better")))
                    for p, c in result.comparison.items()
                ),
                row_headers=True,
            )
        )
    blocks += _sobol(result)
    svg = figures.get("uncertainty")
    if svg is not None:
        blocks.append(
            Figure(
                name="uncertainty",
                alt="Monte Carlo results: bars of each outcome's probability with 95% intervals"
                + (", histograms of each player's payoff difference B − A" if result.comparison else "")
                + " and Sobol' indices of each parameter.",
                caption="Outcome probabilities, the spread of the payoff (difference) and Sobol' indices.",
                svg=svg,
            )
        )
    return Section(id="uncertainty", heading="How sure the result is", blocks=tuple(blocks))


def _sobol(result: UncertaintyResult) -> list[Block]:
    quantity = "payoff difference B − A" if len(result.scenarios) == 2 else "payoff"
    blocks: list[Block] = []
    for player, indices in result.sobol.items():
        ordered = sorted(indices.items(), key=lambda item: -item[1].total)[:SOBOL_ROWS]
        label = result.scenarios[0].player_label(player)
        blocks.append(
            Table(
                caption=f"Sobol' indices of {label}'s {quantity} (largest total first; ± bootstrap 95%)",
                headers=("parameter", "first order", "total"),
                rows=tuple(
                    (
                        name,
                        f"{number(s.first, 2)} ± {number(s.first_conf, 1)}",
                        f"{number(s.total, 2)} ± {number(s.total_conf, 1)}",
                    )
                    for name, s in ordered
                ),
                row_headers=True,
            )
        )
    if result.sobol:
        blocks.append(
            Paragraph(
                text=f"Sobol' method: {result.sobol_sampler}; {result.sobol_runs:,} model runs. First order: the "
                "share of the variance a parameter explains alone; total: with its interactions."
            )
        )
    return blocks


def _interval(share: Share) -> str:
    low, high = share.interval
    return f"({percent(low)} to {percent(high)})"


def _with_interval(share: Share) -> str:
    return f"{percent(share.probability)} {_interval(share)}"
