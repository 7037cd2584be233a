"""The tables of a study report: parameters, payoff matrices, equilibria, change points, sensitivity."""

from __future__ import annotations

from ..analysis.compare import Comparison, short_names
from ..analysis.solve import Solution
from ..analysis.study import OutcomeChange, ParameterScan, Study
from ..games.normal_form import NormalFormGame
from ..numbers import number
from ..scenario.schema import NormalGame, Scenario
from .comparison import comparison_table
from .page import Table
from .solution import solution_tables

__all__ = [
    "change_table",
    "comparison_page_table",
    "equilibrium_tables",
    "matrix_table",
    "parameter_table",
    "sensitivity_table",
]


def parameter_table(study: Study) -> Table:
    """Every parameter: name, label, value used, range, unit and source.

    Parameters
    ----------
    study : Study

    Returns
    -------
    Table
        For a pair, parameters of either scenario; a value or source that differs between
        them is shown as ``A: … / B: …``.
    """
    names = list(dict.fromkeys(n for s in study.scenarios for n in s.parameters))
    short = short_names(study.scenarios) if len(study.scenarios) == 2 else [""]
    rows = []
    for name in names:
        declared = [
            (tag, s.parameters[name]) for tag, s in zip(short, study.scenarios, strict=True) if name in s.parameters
        ]
        first = declared[0][1]
        values = [(tag, study.overrides.get(name, p.value)) for tag, p in declared]
        value = _either([(t, number(v)) for t, v in values]) + (" (set)" if name in study.overrides else "")
        span = f"{number(first.range[0])} to {number(first.range[1])}" if first.range else "no range"
        source = _either([(t, p.source or "no source given") for t, p in declared])
        rows.append((name, first.label or "", value, span, first.unit or "", source))
    return Table(
        caption="Parameters (value used in this report; range swept)",
        headers=("name", "label", "value", "range", "unit", "source"),
        rows=tuple(rows),
        row_headers=True,
    )


def _either(pairs: list[tuple[str, str]]) -> str:
    if len({v for _, v in pairs}) <= 1:
        return pairs[0][1]
    return " / ".join(f"{tag}: {v}" for tag, v in pairs)


def matrix_table(scenario: Scenario, solution: Solution) -> Table:
    """The payoff matrix of a two-player normal-form game at the parameter values of ``solution``.

    Parameters
    ----------
    scenario : Scenario
        With a normal-form game.
    solution : Solution
        Supplies the parameter values.

    Returns
    -------
    Table
        Rows: the row player's strategies; cells ``row payoff, column payoff``.
    """
    game = scenario.game
    assert isinstance(game, NormalGame)
    evaluation = scenario.evaluate(solution.parameters)
    assert isinstance(evaluation, NormalFormGame)
    row_player, column_player = game.players
    rows = []
    for i, name in enumerate(game.strategies[row_player]):
        row_payoffs = evaluation.matrices[row_player][i]
        column_payoffs = evaluation.matrices[column_player][i]
        cells = [
            f"{number(float(row_payoffs[j]))}, {number(float(column_payoffs[j]))}"
            for j in range(len(game.strategies[column_player]))
        ]
        rows.append((name, *cells))
    corner = f"{scenario.player_label(row_player)} \\ {scenario.player_label(column_player)}"
    return Table(
        caption=f"Payoffs of {scenario.title} ({scenario.player_label(row_player)}, "
        f"{scenario.player_label(column_player)})",
        headers=(corner, *game.strategies[column_player]),
        rows=tuple(rows),
        row_headers=True,
    )


def equilibrium_tables(solution: Solution) -> list[Table]:
    """The equilibrium tables of a solution (see :func:`~negotiation_sim.report.solution.solution_tables`).

    Parameters
    ----------
    solution : Solution

    Returns
    -------
    list of Table
    """
    out = []
    for title, headers, rows in solution_tables(solution):
        numeric = tuple(k for k, h in enumerate(headers) if k > 0 and rows and all(_is_number(r[k]) for r in rows))
        out.append(Table(caption=title, headers=tuple(headers), rows=tuple(tuple(r) for r in rows), numeric=numeric))
    return out


def comparison_page_table(comparison: Comparison) -> tuple[Table, list[str]]:
    """The side-by-side comparison table and its footnotes.

    Parameters
    ----------
    comparison : Comparison

    Returns
    -------
    (Table, list of str)
    """
    headers, rows, footnotes = comparison_table(comparison)
    table = Table(
        caption="Equilibrium outcome and payoffs at the defaults, side by side",
        headers=tuple(headers[:1] or [""]) + tuple(headers[1:]),
        rows=tuple(tuple(r) for r in rows),
        row_headers=True,
        numeric=(len(headers) - 1,),
    )
    return table, footnotes


def change_table(study: Study) -> Table | None:
    """Where each parameter, moved alone across its range, changes the outcome (None: nowhere).

    Parameters
    ----------
    study : Study

    Returns
    -------
    Table or None
        One row per parameter that changes something; a column per scenario and, for a
        pair, per player (who is better off).
    """
    pair = len(study.scenarios) == 2
    names = short_names(study.scenarios) if pair else [study.scenarios[0].title]
    headers = ["parameter", "value", "range"]
    headers += [f"outcome of {n}" if pair else "outcome" for n in names]
    if pair:
        headers += [f"better for {study.scenarios[0].player_label(p)}" for p in study.players]
    rows = []
    for scan in study.scans:
        if not scan.changes_anything:
            continue
        cells = [_describe(study, scan, changes) for changes in scan.changes]
        if pair:
            cells += [_describe(study, scan, scan.comparison.get(p, ())) for p in study.players]
        rows.append((scan.label, number(scan.value), f"{number(scan.low)} to {number(scan.high)}", *cells))
    if not rows:
        return None
    exact = all(c.exact for scan in study.scans for per in (*scan.changes, *scan.comparison.values()) for c in per)
    return Table(
        caption="Where the result changes when one parameter moves across its range (others at their values)"
        + ("; each point located by bisection with exact solves to 1e-9 of the range" if exact else ""),
        headers=tuple(headers),
        rows=tuple(rows),
        row_headers=True,
    )


def _describe(study: Study, scan: ParameterScan, changes: tuple[OutcomeChange, ...]) -> str:
    if not changes:
        return "no change"
    parts = []
    for change in changes:
        arrow = f"{study.label(change.below)} → {study.label(change.above)}"
        where = f"at {number(_snap(change.at, scan))}" + (" (tie there)" if change.tie_at_boundary else "")
        parts.append(f"{where}: {arrow}")
    return "; ".join(parts)


def sensitivity_table(study: Study, *, limit: int = 12) -> Table | None:
    """One scenario: how far each player's payoff moves as each parameter crosses its range.

    Parameters
    ----------
    study : Study
    limit : int, optional
        Show at most this many parameters, the widest spans first.

    Returns
    -------
    Table or None
        None when no parameter has a range.
    """
    if not study.scans:
        return None
    scenario = study.scenarios[0]

    ranked = sorted(study.scans, key=lambda scan: scan.widest_span(), reverse=True)[:limit]
    rows = tuple(
        (
            scan.label,
            f"{number(scan.low)} to {number(scan.high)}",
            *(_span(*scan.payoff_span[p]) for p in study.players),
        )
        for scan in ranked
    )
    more = len(study.scans) - len(ranked)
    return Table(
        caption="Equilibrium payoffs as each parameter moves alone across its range"
        + (f" ({more} parameters with smaller effects not shown)" if more > 0 else ""),
        headers=("parameter", "range", *(f"{scenario.player_label(p)} payoff" for p in study.players)),
        rows=rows,
        row_headers=True,
    )


def _snap(at: float, scan: ParameterScan) -> float:
    """A change within 1e-6 of the range from an end is at that end (bisection stops 1e-9 short)."""
    width = scan.high - scan.low
    for end in (scan.low, scan.high):
        if abs(at - end) <= 1e-6 * width:
            return end
    return at


def _span(low: float, high: float) -> str:
    return f"{number(low)} (no change)" if number(low) == number(high) else f"{number(low)} to {number(high)}"


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
