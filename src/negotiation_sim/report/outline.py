"""An outline of a scenario's game: the payoff matrices, or the tree indented."""

from __future__ import annotations

from ..games import GameTree, NormalFormGame, NumericGame
from ..numbers import number
from ..scenario.schema import ChanceNode, DecisionNode, NormalGame, Scenario
from .tables import table

__all__ = ["game_outline"]


def game_outline(scenario: Scenario, evaluation: NumericGame | None = None) -> str:
    """Return an outline of the game: the payoff matrices, or the tree indented.

    Parameters
    ----------
    scenario : Scenario
    evaluation : NormalFormGame or GameTree, optional
        The scenario's numeric game (``scenario.evaluate()``); if given, payoffs are shown
        as numbers, otherwise as expressions.

    Returns
    -------
    str
        A tree marks each node of an information set of two or more nodes
        (``{information set NAME}``) and lists the sets at the end.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "beer_quiche.yaml")
    >>> print(game_outline(sc).splitlines()[-1])
      after_quiche (Receiver): strong_quiche, weak_quiche
    """
    game = scenario.game
    if game is None:
        return "(no game: a parameter library for 'extends')\n"
    if isinstance(game, NormalGame):
        matrices = evaluation.matrices if isinstance(evaluation, NormalFormGame) else None
        rp, cp = game.players
        rows = []
        for i, row_name in enumerate(game.strategies[rp]):
            cells = []
            for j in range(len(game.strategies[cp])):
                if matrices is not None:
                    cells.append(f"{number(float(matrices[rp][i, j]))}, {number(float(matrices[cp][i, j]))}")
                else:
                    cells.append(f"{game.payoffs[rp][i][j].source}, {game.payoffs[cp][i][j].source}")
            rows.append([row_name, *cells])
        header = [f"{scenario.player_label(rp)} \\ {scenario.player_label(cp)}", *game.strategies[cp]]
        return table(header, rows) + f"\n(payoffs: {scenario.player_label(rp)}, {scenario.player_label(cp)})\n"
    tree = evaluation if isinstance(evaluation, GameTree) else None
    groups = game.shared_information_sets()
    shared = {n: s for s, members in groups.items() for n in members}
    lines: list[str] = []
    seen: set[str] = set()
    stack: list[tuple[str, int, str]] = [(game.root, 0, "")]
    while stack:
        node_id, depth, via = stack.pop()
        pad = "  " * depth
        if node_id in game.outcomes:
            outcome = game.outcomes[node_id]
            if tree is not None:
                values = tree.outcome_payoffs[node_id]
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
            mark = f" {{information set {shared[node_id]}}}" if node_id in shared else ""
            lines.append(f"{pad}{via}{node_id} ({scenario.player_label(node.player)}){mark}: {node.label}".rstrip(": "))
            children = [(target, f"{move} -> ") for move, target in node.moves.items()]
        else:
            assert isinstance(node, ChanceNode)
            lines.append(f"{pad}{via}{node_id} (chance): {node.label}".rstrip(": "))
            children = []
            for k, branch in enumerate(node.branches):
                p = number(float(tree.probabilities[node_id][k])) if tree is not None else branch.probability.source
                children.append((branch.next, f"{branch.name} [p={p}] -> "))
        for target, label in reversed(children):
            stack.append((target, depth + 1, label))
    if groups:
        lines += ["", "Information sets (the mover cannot tell these nodes apart):"]
        for set_id, members in groups.items():
            first = game.nodes[members[0]]
            assert isinstance(first, DecisionNode)
            lines.append(f"  {set_id} ({scenario.player_label(first.player)}): {', '.join(members)}")
    return "\n".join(lines) + "\n"
