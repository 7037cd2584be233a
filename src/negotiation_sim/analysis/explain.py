"""The explanation in words of a solution: why each mover chose as it did."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from ..games import Decision, GameTree, NormalFormGame
from ..numbers import number
from ..scenario.schema import Scenario
from ..tolerance import player_tolerances
from .solution import Equilibrium

if TYPE_CHECKING:  # the solvers are imported when used
    from ..solvers.spe import SubgamePerfectEquilibrium

__all__ = ["explain_normal", "explain_tree"]


def _where(tree: GameTree, start: str, profile: Mapping[str, str]) -> str:
    """Where a move leads under the equilibrium continuation: an outcome, or a lottery."""
    lottery = tree.play(profile, start=start).outcomes
    if len(lottery) == 1:
        return tree.label_of(lottery[0][0])
    ordered = sorted(lottery, key=lambda item: -item[1])
    return "a lottery: " + ", ".join(f"{tree.label_of(o)} {p:.0%}" for o, p in ordered)


def explain_tree(scenario: Scenario, tree: GameTree, eq: SubgamePerfectEquilibrium, tol: float) -> list[str]:
    """Why each mover on the path of a subgame-perfect equilibrium chose as it did.

    Parameters
    ----------
    scenario : Scenario
        For the players' labels.
    tree : GameTree
        The evaluated tree at one point.
    eq : SubgamePerfectEquilibrium
        The equilibrium to explain.
    tol : float
        Relative tie tolerance (a move "ties with" the best alternative within it).

    Returns
    -------
    list of str
        One sentence per decision on the path.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.solvers.spe import spe_solve
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> tree = sc.evaluate()
    >>> explain_tree(sc, tree, spe_solve(tree).equilibria[0], 1e-9)[1]
    'Incumbent chooses accommodate at response: 4 (Market shared) beats -2 for fight (Price war).'
    """
    from ..solvers.backward_induction import backward_induction_solve

    induction = backward_induction_solve(tree, tol=tol)
    index = {p: k for k, p in enumerate(tree.players)}
    atol = player_tolerances([[v[k] for v in tree.outcome_payoffs.values()] for k in range(len(tree.players))], tol)
    profile = {info_set: move for moves in eq.strategies.values() for info_set, move in moves.items()}
    sentences = []
    for node_id, move in dict.fromkeys(eq.path):
        node = tree.nodes[node_id]
        if not isinstance(node, Decision):
            continue
        k = index[node.player]
        who = scenario.player_label(node.player)
        chosen_value = float(induction.values[node.moves[move]][k])
        where = _where(tree, node.moves[move], profile)
        others = [(m, float(induction.values[t][k])) for m, t in node.moves.items() if m != move]
        if not others:
            sentences.append(f"{who} {move} at {node_id}: the only move.")
            continue
        alt, alt_value = max(others, key=lambda mv: mv[1])
        alt_where = _where(tree, node.moves[alt], profile)
        relation = "ties with" if abs(chosen_value - alt_value) <= atol[k] else "beats"
        sentences.append(
            f"{who} chooses {move} at {node_id}: {number(chosen_value)} ({where}) {relation} "
            f"{number(alt_value)} for {alt} ({alt_where})."
        )
    return sentences


def explain_normal(scenario: Scenario, game: NormalFormGame, equilibria: tuple[Equilibrium, ...]) -> list[str]:
    """Why each Nash equilibrium of a normal-form game is one, in words.

    Parameters
    ----------
    scenario : Scenario
        For the players' labels.
    game : NormalFormGame
        At one point.
    equilibria : tuple of Equilibrium
        The equilibria to explain.

    Returns
    -------
    list of str
        One sentence per equilibrium.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
    >>> explain_normal(sc, sc.evaluate(), ns.solve(sc).equilibria)[0].split(";")[0]
    '(defect, defect): Suspect A gets 1 from defect against defect, at least the 0 of cooperate'
    """
    rp, cp = game.players
    rows, cols = game.strategies
    a, b = game.row_payoffs, game.column_payoffs
    sentences = []
    for eq in equilibria:
        x = np.array(list(eq.strategies[rp].values()))
        y = np.array(list(eq.strategies[cp].values()))
        if np.count_nonzero(x) == 1 and np.count_nonzero(y) == 1:
            i, j = int(np.argmax(x)), int(np.argmax(y))
            alt_i = max((r for r in range(len(rows)) if r != i), key=lambda r: a[r, j], default=None)
            alt_j = max((c for c in range(len(cols)) if c != j), key=lambda c: b[i, c], default=None)
            parts = []
            if alt_i is not None:
                parts.append(
                    f"{scenario.player_label(rp)} gets {number(a[i, j])} from {rows[i]} against "
                    f"{cols[j]}, at least the {number(a[alt_i, j])} of {rows[alt_i]}"
                )
            if alt_j is not None:
                parts.append(
                    f"{scenario.player_label(cp)} gets {number(b[i, j])} from {cols[j]}, at least the "
                    f"{number(b[i, alt_j])} of {cols[alt_j]}"
                )
            reason = "; ".join(parts) if parts else "each player has a single strategy"
            sentences.append(f"({rows[i]}, {cols[j]}): {reason}.")
        else:
            sentences.append(
                f"Mixed equilibrium: each player mixes so that the other is indifferent among the strategies "
                f"it uses ({scenario.player_label(rp)} expects {number(eq.payoffs[rp])}, "
                f"{scenario.player_label(cp)} {number(eq.payoffs[cp])})."
            )
    return sentences
