"""The side-by-side table of a :class:`~negotiation_sim.analysis.compare.Comparison`."""

from __future__ import annotations

from ..analysis.compare import Comparison, outcome_text, short_names
from ..analysis.solve import Equilibrium, Solution
from ..numbers import decimal, number, percent, signed
from .tables import escape_markdown, numeric_table

__all__ = ["FORMATS", "comparison_table", "format_comparison"]

FORMATS = ("text", "markdown")
"""The formats :func:`format_comparison` accepts."""


def format_comparison(comparison: Comparison, fmt: str = "text") -> str:
    """Render a comparison as a side-by-side table followed by the preference sentences.

    Parameters
    ----------
    comparison : Comparison
        From :func:`~negotiation_sim.analysis.compare.compare`.
    fmt : {"text", "markdown"}
        ``text``: an aligned plain-text table; ``markdown``: a Markdown table and a
        bullet list.

    Returns
    -------
    str
        Rows are the equilibrium outcome(s) and each player's payoff; the columns are the
        scenarios and the difference (last minus first).  Ends with a newline, like
        :func:`~negotiation_sim.report.format_solution`.

    Raises
    ------
    ValueError
        For an unknown ``fmt``.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.compare import compare
    >>> islands = ns.bundled_scenarios_dir() / "islands"
    >>> result = compare([ns.load_scenario(islands / "territory_first.yaml"),
    ...                   ns.load_scenario(islands / "new_approach.yaml")])
    >>> print(format_comparison(result, "text").splitlines()[2])
    outcome  Impasse (no settlement, limited cooperation)  Cooperation without territory
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    header, rows, footnotes = comparison_table(comparison)
    sentences = list(comparison.preferences.values())
    settings = _settings(comparison)
    if fmt == "markdown":
        # Scenario columns hold outcome labels and payoffs, so they stay left-aligned; the
        # difference column holds only numbers.
        lines = [*(escape_markdown(line) for line in settings), *([""] if settings else [])]
        lines.append(numeric_table(header, rows, markdown=True))
        lines.extend(["", *(escape_markdown(note) for note in footnotes)] if footnotes else [])
        lines.append("")
        lines.extend(f"- {escape_markdown(s)}" for s in sentences)
        return "\n".join(lines) + "\n"
    lines = [*settings, *([""] if settings else []), numeric_table(header, rows)]
    lines.extend(footnotes)
    lines.append("")
    lines.extend(sentences)
    return "\n".join(lines) + "\n"


def _settings(comparison: Comparison) -> list[str]:
    """The overrides each scenario was solved with, as ``solve`` lists them (none: no line)."""
    changed = [
        {k: v for k, v in s.parameters.items() if k in s.scenario.parameters and s.scenario.parameters[k].value != v}
        for s in comparison.solutions
    ]
    if not any(changed):
        return []
    if all(c == changed[0] for c in changed):
        return [_with(changed[0])]
    names = short_names(tuple(s.scenario for s in comparison.solutions))
    return [
        f"{name}: {_with(c, 'with')}" if c else f"{name}: at the defaults"
        for name, c in zip(names, changed, strict=True)
    ]


def _with(values: dict[str, float], word: str = "With") -> str:
    return f"{word} " + ", ".join(f"{k} = {number(v)}" for k, v in values.items())


def comparison_table(comparison: Comparison) -> tuple[list[str], list[list[str]], list[str]]:
    """The cells of the side-by-side table: headers, rows and footnotes.

    Parameters
    ----------
    comparison : Comparison

    Returns
    -------
    (list of str, list of list of str, list of str)
        Headers (a blank corner, the scenarios' short names, the difference), one row for
        the outcome and one per player, and footnotes for cells marked ``*``.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.compare import compare
    >>> islands = ns.bundled_scenarios_dir() / "islands"
    >>> result = compare([ns.load_scenario(islands / "territory_first.yaml"),
    ...                   ns.load_scenario(islands / "new_approach.yaml")])
    >>> comparison_table(result)[1][1]
    ['Japan', '0.0', '2.0', '+2.0']
    """
    solutions = comparison.solutions
    names = short_names(tuple(s.scenario for s in solutions))
    diff_header = "difference" if len(solutions) == 2 else "last − first"
    header = ["", *names, diff_header]
    outcome_cells = []
    footnotes = []
    marked = False
    for solution in solutions:
        eq = solution.equilibria[0]
        if eq.outcomes is not None:
            cell = outcome_text(solution.scenario, eq.outcomes, lower=False)
        else:
            cell = _profile_cell(eq)
        if _is_ambiguous(solution):
            cell += " *"
            marked = True
        outcome_cells.append(cell)
    kind = "outcome" if any(s.equilibria[0].outcomes is not None for s in solutions) else "equilibrium"
    rows = [[kind, *outcome_cells, ""]]
    for player in comparison.players:
        label = solutions[0].scenario.player_label(player)
        rows.append(
            [
                label,
                *(decimal(s.equilibria[0].payoffs[player]) for s in solutions),
                signed(comparison.difference[player]),
            ]
        )
    if marked:
        footnotes.append("* several equilibria that differ; the table shows the first (see the notes below).")
    return header, rows, footnotes


def _is_ambiguous(solution: Solution) -> bool:
    """Whether the equilibria differ in outcome or payoffs (so "the first" is a choice)."""
    eqs = solution.equilibria
    if len(solution.analysis.get("outcome_distributions") or [None]) > 1:
        return True
    return any(
        e.payoffs != eqs[0].payoffs or (e.outcomes is None and e.strategies != eqs[0].strategies) for e in eqs[1:]
    )


def _profile_cell(eq: Equilibrium) -> str:
    parts = []
    for strategy in eq.strategies.values():
        used = {s: float(q) for s, q in strategy.items() if float(q) > 0}
        if len(used) == 1:
            parts.append(next(iter(used)))
        else:
            parts.append(" ".join(f"{s} {percent(q)}" for s, q in used.items()))
    return "(" + ", ".join(parts) + ")"
