"""The words of ``negotiation-sim demo``: its findings and ``summary.md``."""

from __future__ import annotations

from collections.abc import Sequence

from ..analysis.compare import Comparison, outcome_text
from ..analysis.naming import key_words, mid_sentence, scenario_names
from ..analysis.solve import Equilibrium, Solution
from ..analysis.threshold import ThresholdResult
from ..analysis.tornado import TornadoResult
from ..analysis.uncertainty_result import Share, UncertaintyResult
from ..numbers import number
from ..scenario.schema import ExtensiveGame, Scenario
from ..wording import either_text, upper_first
from .comparison import format_comparison

__all__ = ["demo_findings", "demo_summary", "robustness_findings", "threshold_findings"]


def demo_findings(
    *,
    territory_first: Solution,
    new_approach: Solution,
    coop_japan: float,
    share_better: float,
    axes: Sequence[str],
    points: int,
    bars: TornadoResult,
    share_worse: float | None = None,
    share_at_defaults: tuple[float, float] | None = None,
) -> list[str]:
    """State the island study's findings in plain sentences.

    Parameters
    ----------
    territory_first, new_approach : Solution
        The two strategies solved at the defaults.
    coop_japan : float
        Japan's value of cooperation with Russia at the defaults (the ``coop_japan`` derived value).
    share_better : float
        Share of the grid points where the new approach pays Japan more.
    axes : sequence of str
        The two parameters of the grid.
    points : int
        Grid points per axis.
    bars : TornadoResult
        Japan's tornado (new approach − territory-first).
    share_worse : float, optional
        Share of the grid points where territory-first pays Japan more.
    share_at_defaults : (float, float), optional
        Share of the grid points where territory-first and the new approach reach the outcome(s)
        they reach at the defaults (how robust the findings are over the grid).

    Returns
    -------
    list of str
    """
    tf_first = territory_first.equilibria[0]
    na_first = new_approach.equilibria[0]
    japan_na = na_first.payoffs["japan"]
    japan_tf = tf_first.payoffs["japan"]
    offer = na_first.strategies["russia"].get("offer", "none")
    findings = [
        f"At the defaults Japan gets {number(japan_na)} under the new approach against {number(japan_tf)} "
        f"under territory-first; the new approach ends in {_outcome(new_approach.scenario, na_first)}, "
        f"territory-first in {_outcome(territory_first.scenario, tf_first)}.",
        "Equilibrium path of the new approach: "
        + " → ".join(na_first.path or ())
        + ". "
        + (
            f"Russia offers {offer}: Japan values cooperation with Russia at {number(coop_japan)} "
            "(coop_japan > 0, the China motive), so its threat to walk away after a refusal is not credible "
            "— the hold-up."
            if offer == "none" and coop_japan > 0
            else f"Russia offers {offer}."
        ),
        f"Over the {points} × {points} grid of {axes[0]} × {axes[1]}, the new approach pays Japan "
        f"more than territory-first on {share_better:.0%} of the points"
        + (f" and less on {share_worse:.0%}" if share_worse is not None else "")
        + (
            f"; the outcomes at the defaults hold on {share_at_defaults[0]:.0%} of the grid under "
            f"territory-first and {share_at_defaults[1]:.0%} under the new approach (how robust the findings "
            "above are to these two parameters; the other parameters stay at their defaults)"
            if share_at_defaults is not None
            else ""
        )
        + ".",
    ]
    top = bars.bars[0] if bars.bars else None
    if top is not None:
        findings.append(
            f"The comparison is most sensitive to {mid_sentence(top.label, bars.scenarios[0]) or top.parameter}: "
            "across its range Japan's "
            f"payoff difference (new approach − territory-first) moves between {number(top.minimum)} and "
            f"{number(top.maximum)} (baseline {number(bars.baseline)})."
        )
    return findings


def _outcome(scenario: Scenario, equilibrium: Equilibrium) -> str:
    assert isinstance(scenario.game, ExtensiveGame) and equilibrium.outcomes is not None
    return outcome_text(scenario, equilibrium.outcomes)


def demo_summary(
    findings: Sequence[str],
    comparison: Comparison,
    *,
    thresholds: Sequence[str] = (),
    robustness: Sequence[str] = (),
    command: str = "",
) -> str:
    """The demo's ``summary.md``: findings, the comparison table and links to the figures.

    Parameters
    ----------
    findings : sequence of str
        From :func:`demo_findings`.
    comparison : Comparison
        The two strategies compared at the defaults.
    thresholds : sequence of str, optional
        From :func:`threshold_findings` (section "Thresholds").
    robustness : sequence of str, optional
        From :func:`robustness_findings` (section "How robust the findings are").
    command : str, optional
        The ``negotiation-sim uncertainty`` command that reproduces ``robustness``.

    Returns
    -------
    str
        Markdown, ending with a newline.
    """
    lines = [
        "# The island negotiation: new approach vs territory-first",
        "",
        "Generated by `negotiation-sim demo` from the bundled scenarios `islands/territory_first.yaml` "
        "and `islands/new_approach.yaml` (see them with `negotiation-sim show territory_first` and "
        "`negotiation-sim show new_approach`).",
        "",
        "## Findings",
        "",
        *(f"- {f}" for f in findings),
        "",
        *(
            [
                "## Thresholds",
                "",
                "Where the outcome, and the approach that pays Japan more, change along each key parameter "
                "(the others at their defaults; bracketed on a 201-point grid, then bisected with exact solves "
                "to 1e-9 of the range, as `negotiation-sim threshold`; data in `thresholds.json`):",
                "",
                *(f"- {t}" for t in thresholds),
                "",
            ]
            if thresholds
            else []
        ),
        *(
            [
                "## How robust the findings are",
                "",
                robustness[0],
                "",
                *(f"- {r}" for r in robustness[1:]),
                "",
                *([f"Reproduce: `{command}` (data in `robustness.json`).", ""] if command else []),
            ]
            if robustness
            else []
        ),
        "## The comparison at the defaults",
        "",
        format_comparison(comparison, "markdown").strip(),
        "",
        "## Where each strategy leads",
        "",
        "Outcome regions over China's assertiveness and US–Russia tension (the default point is marked; "
        "black lines are the boundaries, bisected along the grid lines):",
        "",
        "![Territory-first regions](regions_territory_first.png)",
        "![New approach regions](regions_new_approach.png)",
        "",
        "Japan's payoff under the new approach minus territory-first (black: where the better approach "
        "changes, bisected along the grid lines):",
        "",
        "![Comparison map for Japan](comparison_map_japan.png)",
        "",
        "## Which parameters matter",
        "",
        "![Tornado chart for Japan](tornado_japan.png)",
        "",
        "## The game trees (equilibrium path highlighted)",
        "",
        "![Territory-first tree](tree_territory_first.png)",
        "![New approach tree](tree_new_approach.png)",
        "",
        "Data: `sweep.csv` (every grid point, both strategies), `comparison.json`. The whole study on one "
        "self-contained page, with every parameter's source: `report.html`.",
        "The model and its limits are explained in the project's documentation "
        "(docs/explanation/island-model.md in the source repository).",
        "",
    ]
    return "\n".join(lines)


def threshold_findings(changes: Sequence[ThresholdResult]) -> list[str]:
    """One sentence per parameter: where each approach's outcome and Japan's better approach change.

    Parameters
    ----------
    changes : sequence of ThresholdResult
        Per parameter, in this order: the comparison (two scenarios, a player), then each
        scenario alone, all over the same parameter.

    Returns
    -------
    list of str
        One sentence per parameter.

    Raises
    ------
    ValueError
        If ``changes`` is not made of such triples.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> islands = ns.bundled_scenarios_dir() / "islands"
    >>> a = ns.load_scenario(islands / "territory_first.yaml")
    >>> b = ns.load_scenario(islands / "new_approach.yaml")
    >>> found = [ns.threshold([a, b], "russia_aid_value", player="japan")]
    >>> found += [ns.threshold(s, "russia_aid_value") for s in (a, b)]
    >>> print(threshold_findings(found)[0])  # doctest: +NORMALIZE_WHITESPACE
    `russia_aid_value` (default 3, range 0.5–6): territory-first: from impasse (no settlement,
    limited cooperation) to two islands first, claim to the rest kept open, full cooperation at
    3.84; new approach: no change; better for Japan: new approach below 3.84, territory-first above.
    """
    if len(changes) % 3:
        raise ValueError("threshold_findings takes triples: the comparison, then each scenario")
    sentences = []
    for k in range(0, len(changes), 3):
        comparison, *alone = changes[k : k + 3]
        name = comparison.parameter
        parameter = comparison.scenarios[0].parameters[name]
        parts = [f"{_short(result.scenarios[0])}: {_outcome_changes(result)}" for result in alone]
        short = [_short(s) for s in comparison.scenarios]
        classes = {"a_better": short[0], "b_better": short[1], "equal": "neither (equal payoffs)"}
        who = comparison.scenarios[0].player_label(comparison.player or "")
        sentences.append(
            f"`{name}` (default {number(parameter.value)}, range {number(comparison.low)}–{number(comparison.high)}): "
            + "; ".join(parts)
            + f"; better for {who}: "
            + _pieces(comparison, classes)
            + "."
        )
    return sentences


def robustness_findings(result: UncertaintyResult, solutions: Sequence[Solution], player: str) -> list[str]:
    """How often the findings at the defaults hold over the declared ranges, with 95% intervals.

    Parameters
    ----------
    result : UncertaintyResult
        A Monte Carlo run of the two scenarios (A, B) for ``player``.
    solutions : (Solution, Solution)
        A and B solved at the defaults.
    player : str
        Whose better approach is judged.

    Returns
    -------
    list of str
        The run (samples, seed, what was held fixed), then one sentence per scenario and
        one for the comparison.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> islands = ns.bundled_scenarios_dir() / "islands"
    >>> pair = [ns.load_scenario(islands / f) for f in ("territory_first.yaml", "new_approach.yaml")]
    >>> run = ns.uncertainty(pair, samples=2000, seed=1, player="japan", sobol=False)
    >>> robustness_findings(run, [ns.solve(s) for s in pair], "japan")[1][:45]
    'Territory-first ends in impasse (no settlemen'
    """
    fixed = ", ".join(f"`{k}` = {number(v)}" for k, v in result.overrides.items())
    sentences = [
        f"{result.samples:,} random draws (seed {result.seed}) of the {len(result.parameters)} parameters with a "
        "declared range, each from its declared distribution (uniform over the range unless stated)"
        + (f", {fixed} held fixed" if fixed else "")
        + "; the share of draws where a finding holds, with its 95% interval. Uniform draws over wide ranges are "
        "not beliefs: read a share as how much of the declared parameter space supports the finding."
    ]
    for k, solution in enumerate(solutions):
        ids = tuple(sorted(set(solution.outcomes)))
        found = [o.share for o in result.outcomes[k] if o.outcome_ids == ids]
        total = result.samples - (result.invalid[k] if result.invalid else 0)
        share = found[0] if found else Share.of(0, total)
        scenario = result.scenarios[k]
        assert isinstance(scenario.game, ExtensiveGame)
        # Each equilibrium's chance lottery ("no sale 50% / ..."); several equilibria are alternatives.
        lotteries = [outcome_text(scenario, eq.outcomes) for eq in solution.equilibria if eq.outcomes]
        ends = either_text(list(dict.fromkeys(lotteries)))
        sentences.append(
            f"{upper_first(_short(scenario))} ends in {ends} at the defaults; over the ranges {_share(share)}."
        )
    classes = result.comparison[player]
    payoffs = [solution.equilibria[0].payoffs[player] for solution in solutions]
    short = [_short(s) for s in result.scenarios]
    at_defaults = short[1] if payoffs[1] > payoffs[0] else short[0] if payoffs[0] > payoffs[1] else "neither"
    who = result.scenarios[0].player_label(player)
    sentences.append(
        f"Better for {who}: {at_defaults} at the defaults; over the ranges {short[1]} in "
        f"{_share(classes['b_better'])}, {short[0]} in {_share(classes['a_better'])}, equal in "
        f"{_share(classes['equal'])}."
    )
    return sentences


def _share(share: Share) -> str:
    low, high = share.interval
    return f"{share.probability:.1%} of draws (95% interval {low:.1%}–{high:.1%})"


def _short(scenario: Scenario) -> str:
    """The scenario's short title as it reads mid-sentence ("the new approach", "territory-first")."""
    return mid_sentence(scenario.title.split(" (")[0], scenario)


def _key_label(result: ThresholdResult, key: str, ids: tuple[str, ...]) -> str:
    # Mid-sentence ("from … to …"): a label keeps its capital when it starts with a name; a key
    # of several ids reads as a tie ("either … or …") or a chance lottery ("… / … (by chance)").
    names = frozenset().union(*(scenario_names(s) for s in result.scenarios))
    return key_words(key, ids, result.labels, names)


def _outcome_changes(result: ThresholdResult) -> str:
    if not result.changes:
        return "no change"
    steps = [
        f"from {_key_label(result, c.below, c.below_ids)} to {_key_label(result, c.above, c.above_ids)} "
        f"at {number(c.at)}" + (" (indifferent there)" if c.tie_at_boundary and len(result.changes) > 1 else "")
        for c in result.changes
    ]
    return ", then ".join(steps)


def _pieces(result: ThresholdResult, classes: dict[str, str]) -> str:
    if not result.changes:
        return f"{classes[result.start]} over the whole range"
    span = result.high - result.low
    pieces = []
    first = result.changes[0]
    if first.at - result.low <= 10 * result.precision * span:
        pieces.append(f"{classes[first.below]} only at {number(result.low)}")
    else:
        pieces.append(f"{classes[first.below]} below {number(first.at)}")
    for before, after in zip(result.changes, result.changes[1:], strict=False):
        pieces.append(f"{classes[before.above]} from {number(before.at)} to {number(after.at)}")
    pieces.append(f"{classes[result.changes[-1].above]} above")
    return ", ".join(pieces)
