"""Turn results into text: plain tables, Markdown and JSON.

Library functions here return strings; only :mod:`negotiation_sim.cli` prints.
Probabilities and payoffs are rounded for display only; JSON carries full precision.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from .numbers import number
from .scenario.schema import ChanceNode, DecisionNode, ExtensiveGame, NormalGame, Scenario

__all__ = ["format_solution", "game_outline", "number", "table", "to_json"]


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, markdown: bool = False) -> str:
    """Render rows as an aligned plain-text table or a Markdown table.

    Examples
    --------
    >>> print(table(["a", "b"], [[1, "x"], [22, "yy"]]))
    a   b
    --  --
    1   x
    22  yy
    """
    cells = [[str(c) for c in row] for row in rows]
    if markdown:
        escape = [[c.replace("|", "\\|") for c in row] for row in cells]
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in escape]
        return "\n".join(lines)
    widths = [max(len(str(h)), *(len(r[k]) for r in cells)) if cells else len(str(h)) for k, h in enumerate(headers)]
    lines = [
        "  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)


def to_json(data: Any) -> str:
    """Serialise a result dict as indented JSON (full precision; NaN, which JSON lacks, as null).

    Parameters
    ----------
    data : object
        Dicts, lists, strings, numbers, booleans and None.

    Returns
    -------
    str

    Examples
    --------
    >>> print(to_json({"a": 1.5, "b": float("nan")}))
    {
      "a": 1.5,
      "b": null
    }
    """
    return json.dumps(_finite(data), indent=2, ensure_ascii=False, allow_nan=False)


def _finite(data: Any) -> Any:
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_finite(v) for v in data]
    return data


def format_solution(solution, fmt: str = "text") -> str:
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
    scenario: Scenario = solution.scenario
    game = scenario.game
    players = scenario.player_ids
    heading = f"## {scenario.title}" if markdown else scenario.title
    lines = [heading, ""]
    overrides = {k: v for k, v in solution.parameters.items() if scenario.parameters[k].value != v}
    if overrides:
        lines += ["With " + ", ".join(f"{k} = {number(v)}" for k, v in overrides.items()), ""]
    spe = [e for e in solution.equilibria if e.concept == "subgame-perfect"]
    nash = [e for e in solution.equilibria if e.concept == "nash"]
    if spe and isinstance(game, ExtensiveGame):
        title = f"Subgame-perfect equilibria ({solution.analysis.get('spe_count', len(spe))})"
        lines += [f"### {title}" if markdown else title]
        rows = []
        for k, eq in enumerate(spe, 1):
            outcome = "; ".join(
                game.label_of(o) + (f" ({number(p)})" if abs(p - 1) > 1e-12 else "")
                for o, p in (eq.outcomes or {}).items()
            )
            differs = _differences(spe[0].strategies, eq.strategies) if k > 1 else ""
            rows.append([k, outcome, *(number(eq.payoffs[p]) for p in players), differs])
        headers = ["#", "outcome", *(scenario.player_label(p) for p in players)]
        if len(spe) > 1:
            headers.append("differs from #1 at")
        else:
            rows = [r[:-1] for r in rows]
        lines += [table(headers, rows, markdown=markdown), ""]
        first = spe[0]
        lines += ["Equilibrium path: " + (" -> ".join(first.path or ()) or "(root is an outcome)"), ""]
    if nash:
        title = "Nash equilibria" + (" of the reduced normal form" if isinstance(game, ExtensiveGame) else "")
        lines += [f"### {title} ({len(nash)})" if markdown else f"{title} ({len(nash)})"]
        rows = []
        for k, eq in enumerate(nash, 1):
            cells = []
            for p in players:
                support = [(s, q) for s, q in eq.strategies[p].items() if q > 1e-12]
                cells.append(", ".join(s if abs(q - 1) < 1e-12 else f"{s} {number(q, 3)}" for s, q in support))
            efficient = "yes" if eq.pareto_efficient else "no"
            rows.append([k, *cells, *(number(eq.payoffs[p]) for p in players), efficient])
        headers = [
            "#",
            *(scenario.player_label(p) for p in players),
            *(f"payoff {scenario.player_label(p)}" for p in players),
            "Pareto-efficient",
        ]
        lines += [table(headers, rows, markdown=markdown), ""]
    if solution.explanation:
        lines += ["### Why" if markdown else "Why:"]
        lines += [("- " if markdown else "  ") + s for s in solution.explanation]
        lines += [""]
    analysis = solution.analysis
    if isinstance(game, NormalGame):
        facts = []
        for key, name in (("strictly_dominated", "strictly"), ("weakly_dominated", "weakly")):
            removed = analysis.get(key) or []
            if removed:
                facts.append(
                    f"Iterated elimination of {name} dominated strategies removes: "
                    + ", ".join(f"{d['strategy']} ({scenario.player_label(d['player'])})" for d in removed)
                )
        if facts:
            lines += [*facts, ""]
    for note in solution.notes:
        lines += [("> " if markdown else "Note: ") + note]
    return "\n".join(lines).rstrip() + "\n"


def _differences(first: dict[str, dict[str, str]], other: dict[str, dict[str, str]]) -> str:
    changed = [
        f"{node}={move}"
        for player, moves in other.items()
        for node, move in moves.items()
        if first.get(player, {}).get(node) != move
    ]
    return ", ".join(changed[:4]) + (", ..." if len(changed) > 4 else "")


def game_outline(scenario: Scenario, evaluation=None) -> str:
    """Return an outline of the game: the payoff matrices, or the tree indented.

    Parameters
    ----------
    scenario : Scenario
    evaluation : Evaluation, optional
        If given, payoffs are shown as numbers; otherwise as expressions.

    Returns
    -------
    str
    """
    game = scenario.game
    if game is None:
        return "(no game: a parameter library for 'extends')\n"
    if isinstance(game, NormalGame):
        rp, cp = game.players
        rows = []
        for i, row_name in enumerate(game.strategies[rp]):
            cells = []
            for j in range(len(game.strategies[cp])):
                if evaluation is not None:
                    cells.append(
                        f"{number(float(evaluation.matrices[rp][i, j]))}, "
                        f"{number(float(evaluation.matrices[cp][i, j]))}"
                    )
                else:
                    cells.append(f"{game.payoffs[rp][i][j].source}, {game.payoffs[cp][i][j].source}")
            rows.append([row_name, *cells])
        header = [f"{scenario.player_label(rp)} \\ {scenario.player_label(cp)}", *game.strategies[cp]]
        return table(header, rows) + f"\n(payoffs: {scenario.player_label(rp)}, {scenario.player_label(cp)})\n"
    lines: list[str] = []
    seen: set[str] = set()
    stack: list[tuple[str, int, str]] = [(game.root, 0, "")]
    while stack:
        node_id, depth, via = stack.pop()
        pad = "  " * depth
        if node_id in game.outcomes:
            outcome = game.outcomes[node_id]
            if evaluation is not None:
                values = evaluation.outcome_payoffs[node_id]
                pays = ", ".join(f"{p}={number(float(values[k]))}" for k, p in enumerate(game.players))
            else:
                pays = ", ".join(f"{p}={e.source}" for p, e in outcome.payoffs.items())
            lines.append(f"{pad}{via}[{node_id}] {outcome.label}: {pays}".rstrip())
            continue
        node = game.nodes[node_id]
        if node_id in seen:
            lines.append(f"{pad}{via}{node_id} (shown above)")
            continue
        seen.add(node_id)
        if isinstance(node, DecisionNode):
            lines.append(f"{pad}{via}{node_id} ({scenario.player_label(node.player)}): {node.label}".rstrip(": "))
            children = [(target, f"{move} -> ") for move, target in node.moves.items()]
        else:
            assert isinstance(node, ChanceNode)
            lines.append(f"{pad}{via}{node_id} (chance): {node.label}".rstrip(": "))
            children = []
            for k, branch in enumerate(node.branches):
                if evaluation is not None:
                    p = number(float(evaluation.probabilities[node_id][k]))
                else:
                    p = branch.probability.source
                children.append((branch.next, f"{branch.name} [p={p}] -> "))
        for target, label in reversed(children):
            stack.append((target, depth + 1, label))
    return "\n".join(lines) + "\n"
