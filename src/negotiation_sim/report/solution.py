"""The text, Markdown and JSON forms of a :class:`~negotiation_sim.analysis.solve.Solution`.

Probabilities and payoffs are rounded for display only; JSON carries full precision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..analysis.naming import scenario_names
from ..numbers import count_text, number
from ..scenario.schema import ExtensiveGame, NormalGame, Scenario
from ..wording import lottery_text, lower_first
from .records import to_json
from .tables import escape_markdown, table

if TYPE_CHECKING:
    from ..analysis.solution import Equilibrium
    from ..analysis.solve import Solution

__all__ = ["format_solution", "path_branches", "solution_tables"]


def format_solution(solution: Solution, fmt: str = "text") -> str:
    """Format a :class:`~negotiation_sim.analysis.solve.Solution`.

    Parameters
    ----------
    solution : Solution
    fmt : {"text", "markdown", "json"}

    Returns
    -------
    str
    """
    if fmt == "json":
        return to_json(solution.to_dict()) + "\n"
    markdown = fmt == "markdown"
    # In Markdown every text from the scenario is escaped: a title or label cannot add markup.
    md = escape_markdown if markdown else _as_is
    scenario: Scenario = solution.scenario
    game = scenario.game
    heading = f"## {md(scenario.title)}" if markdown else scenario.title
    lines = [heading, ""]
    overrides = {k: v for k, v in solution.parameters.items() if scenario.parameters[k].value != v}
    if overrides:
        lines += [md("With " + ", ".join(f"{k} = {number(v)}" for k, v in overrides.items())), ""]
    for title, headers, rows in solution_tables(solution):
        lines += [f"### {title}" if markdown else title]
        lines += [table(headers, rows, markdown=markdown), *([""] if markdown else []), EFFICIENCY_LEGEND, ""]
        if title.startswith("Subgame-perfect"):
            path = next(e.path for e in solution.equilibria if e.concept == "subgame-perfect")
            branches = path_branches(solution, path or ())
            if len(branches) > 1:
                lines += ["Equilibrium path (one line per branch that chance plays):"]
                lines += [("- " if markdown else "  ") + md(branch) for branch in branches]
                lines += [""]
            else:
                lines += [md("Equilibrium path: " + (branches[0] if branches else "(root is an outcome)")), ""]
    if solution.explanation:
        lines += ["### Why" if markdown else "Why:"]
        lines += [("- " if markdown else "  ") + md(s) for s in solution.explanation]
        lines += [""]
    analysis = solution.analysis
    if isinstance(game, NormalGame):
        facts = []
        for key, name in (("strictly_dominated", "strictly"), ("weakly_dominated", "weakly")):
            removed = analysis.get(key) or []
            if removed:
                facts.append(
                    md(
                        f"Iterated elimination of {name} dominated strategies removes: "
                        + ", ".join(f"{d['strategy']} ({scenario.player_label(d['player'])})" for d in removed)
                    )
                )
        if facts:
            lines += [*facts, ""]
    for note in solution.notes:
        lines += [("> " if markdown else "Note: ") + md(note)]
    return "\n".join(lines).rstrip() + "\n"


def _as_is(text: str) -> str:
    return text


def solution_tables(solution: Solution) -> list[tuple[str, list[str], list[list[str]]]]:
    """The equilibrium tables of a solution: subgame-perfect equilibria, then Nash equilibria.

    Parameters
    ----------
    solution : Solution

    Returns
    -------
    list of (title, headers, rows)
        Cells formatted as text; no table for a concept without equilibria.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
    >>> [(title, rows[0][:5]) for title, _, rows in solution_tables(ns.solve(sc))]
    [('Nash equilibria (1)', ['1', 'defect', 'defect', '1', '1'])]
    """
    scenario: Scenario = solution.scenario
    game = scenario.game
    players = scenario.player_ids
    spe = [e for e in solution.equilibria if e.concept == "subgame-perfect"]
    nash = [e for e in solution.equilibria if e.concept == "nash"]
    tables: list[tuple[str, list[str], list[list[str]]]] = []
    if spe and isinstance(game, ExtensiveGame):
        title = f"Subgame-perfect equilibria ({count_text(solution.analysis.get('spe_count', len(spe)))})"
        rows = []
        for k, eq in enumerate(spe, 1):
            labels = [game.label_of(o) for o in eq.outcomes or {}]
            keep = scenario_names(scenario)
            named = [labels[0], *(lower_first(label, keep) for label in labels[1:])] if labels else []
            outcome = lottery_text(list(zip(named, (eq.outcomes or {}).values(), strict=True)))
            differs = _differences(spe[0].strategies, eq.strategies) if k > 1 else ""
            rows.append([str(k), outcome, *(number(eq.payoffs[p]) for p in players), *_efficiency(eq), differs])
        headers = ["#", "outcome", *(scenario.player_label(p) for p in players), *EFFICIENCY_HEADERS]
        if len(spe) > 1:
            headers.append("differs from #1 at")
        else:
            rows = [r[:-1] for r in rows]
        tables.append((title, headers, rows))
    pbe = [e for e in solution.equilibria if e.concept == "perfect-bayesian"]
    if isinstance(game, ExtensiveGame) and solution.concept == "pbe":
        rows = []
        for k, eq in enumerate(pbe, 1):
            outcome = "; ".join(
                game.label_of(o) + (f" ({number(p)})" if abs(p - 1) > 1e-12 else "")
                for o, p in (eq.outcomes or {}).items()
            )
            ic = {True: "yes", False: "no", None: "-"}[eq.intuitive_criterion]
            rows.append([str(k), outcome, *(number(eq.payoffs[p]) for p in players), eq.kind or "-", ic])
        headers = ["#", "outcome", *(scenario.player_label(p) for p in players), "kind", "intuitive criterion"]
        which = "pure and hybrid" if any(e.kind == "hybrid" for e in pbe) else "pure strategies"
        tables.append((f"Perfect Bayesian equilibria, {which} ({len(pbe)})", headers, rows))
    if nash:
        title = "Nash equilibria" + (" of the reduced normal form" if isinstance(game, ExtensiveGame) else "")
        rows = []
        for k, eq in enumerate(nash, 1):
            cells = []
            for p in players:
                support = [(s, q) for s, q in eq.strategies[p].items() if q > 1e-12]
                cells.append(", ".join(s if abs(q - 1) < 1e-12 else f"{s} {number(q, 3)}" for s, q in support))
            rows.append([str(k), *cells, *(number(eq.payoffs[p]) for p in players), *_efficiency(eq)])
        headers = [
            "#",
            *(scenario.player_label(p) for p in players),
            *(f"payoff {scenario.player_label(p)}" for p in players),
            *EFFICIENCY_HEADERS,
        ]
        tables.append((f"{title} ({len(nash)})", headers, rows))
    return tables


EFFICIENCY_HEADERS = ("Pareto-efficient", "payoff-dominant")
"""Column headers of the two efficiency notions, defined by :data:`EFFICIENCY_LEGEND`."""

EFFICIENCY_LEGEND = (
    "Pareto-efficient: no strategy profile gives a player more and no player less. "
    "Payoff-dominant: not beaten by another equilibrium."
)
"""The sentence under every equilibrium table that defines its two last columns."""


def _efficiency(eq: Equilibrium) -> tuple[str, str]:
    def word(flag: bool | None) -> str:
        return "not checked" if flag is None else ("yes" if flag else "no")

    return word(eq.pareto_efficient), word(eq.payoff_dominant)


def _differences(first: dict[str, dict[str, Any]], other: dict[str, dict[str, Any]]) -> str:
    changed = [
        f"{node}={_move_text(move)}"
        for player, moves in other.items()
        for node, move in moves.items()
        if first.get(player, {}).get(node) != move
    ]
    return ", ".join(changed[:4]) + (", ..." if len(changed) > 4 else "")


def _move_text(move: str | dict[str, float] | None) -> str:
    """A move, a mixture ``a 50% / b 50%`` or ``any`` (a set the player's own strategy never reaches)."""
    if move is None:
        return "any"
    if isinstance(move, str):
        return move
    return " / ".join(f"{m} {q:.0%}" for m, q in move.items() if q > 1e-12)


def path_branches(solution: Solution, path: tuple[str, ...]) -> list[str]:
    """The equilibrium path as text, one line per branch where chance plays several moves.

    A path steps through a chance node once per move it plays; read as one chain it would
    name the chance node twice in a row.  Each branch is written as its own line instead,
    ``node=move (probability %)`` followed by the moves played after it.

    Parameters
    ----------
    solution : Solution
        Of a game tree; supplies the parameter values (for the chance probabilities).
    path : tuple of str
        Steps ``"node=move"`` as in :attr:`~negotiation_sim.analysis.solution.Equilibrium.path`.

    Returns
    -------
    list of str
        One string (``a=x -> b=y``) when no node repeats; else one per branch; empty for an empty path.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> solution = ns.solve(sc)
    >>> path_branches(solution, solution.equilibria[0].path)
    ['entry=enter -> response=accommodate']
    """
    moves: dict[str, list[str]] = {}
    for step in path:
        node, _, move = step.partition("=")
        moves.setdefault(node, []).append(move)
    if all(len(m) == 1 for m in moves.values()):
        return [" -> ".join(path)] if path else []
    from ..games import GameTree
    from ..games.tree import Chance

    tree = solution.scenario.evaluate(solution.parameters)
    assert isinstance(tree, GameTree)

    def walk(node_id: str, prefix: list[str]) -> list[list[str]]:
        node = tree.nodes.get(node_id)
        played = moves.get(node_id) if node is not None else None
        if node is None or not played:
            return [prefix]
        if len(played) == 1:
            return walk(node.moves[played[0]], [*prefix, f"{node_id}={played[0]}"])
        names = list(node.moves)
        out: list[list[str]] = []
        for move in played:
            step = f"{node_id}={move}"
            if isinstance(node, Chance):
                step += f" ({100 * float(node.probabilities[names.index(move)]):.3g}%)"
            out += walk(node.moves[move], [*prefix, step])
        return out

    return [" -> ".join(branch) for branch in walk(tree.root, [])]
