"""Solve a scenario at one parameter point: the :func:`solve` API and its result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import ScenarioError, SolverError
from ..limits import current_limits
from ..numbers import count_text, number
from ..scenario.schema import DecisionNode, ExtensiveGame, NormalGame, Scenario
from ..tolerance import DEFAULT_TOL, player_tolerances

__all__ = ["CONCEPTS", "Equilibrium", "Solution", "solve"]

CONCEPTS = ("default", "spe", "nash", "all")


@dataclass(frozen=True, slots=True, kw_only=True)
class Equilibrium:
    """One equilibrium in the shape of the JSON contract (DESIGN §3).

    Attributes
    ----------
    concept : {"nash", "subgame-perfect"}
    strategies : dict
        Nash: player -> strategy -> probability.  Subgame-perfect: player -> node -> move.
    payoffs : dict
        Player -> expected payoff.
    path : tuple of str or None
        Subgame-perfect only: ``"node=move"`` along the play.
    outcomes : dict or None
        Subgame-perfect only: outcome id -> probability.
    pareto_efficient : bool or None
        Nash only: no other equilibrium gives every player at least as much and one more.
    """

    concept: str
    strategies: dict[str, dict[str, Any]]
    payoffs: dict[str, float]
    path: tuple[str, ...] | None = None
    outcomes: dict[str, float] | None = None
    pareto_efficient: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready dict of the contract (no rounding)."""
        data: dict[str, Any] = {
            "concept": self.concept,
            "strategies": self.strategies,
            "payoffs": self.payoffs,
        }
        if self.path is not None:
            data["path"] = list(self.path)
        if self.outcomes is not None:
            data["outcomes"] = self.outcomes
        if self.pareto_efficient is not None:
            data["pareto_efficient"] = self.pareto_efficient
        return data


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Solution:
    """The equilibria of a scenario at one parameter point.

    Attributes
    ----------
    scenario : Scenario
    parameters : dict
        Every parameter's value used (defaults with the overrides applied).
    concept : str
        The concept asked for (``default`` resolved to ``spe`` or ``nash``).
    equilibria : tuple of Equilibrium
        Subgame-perfect ones first, in stable order, then Nash ones.
    explanation : tuple of str
        Plain-language sentences: why each mover chose as it did.
    notes : tuple of str
        Caveats (degenerate game, truncated enumeration, ...).
    analysis : dict
        Extra facts: for normal forms ``degenerate``, ``pure_equilibria``, dominated
        strategies and components; for trees ``spe_count`` and ``outcome_distributions``.
    """

    scenario: Scenario
    parameters: dict[str, float]
    concept: str
    equilibria: tuple[Equilibrium, ...]
    explanation: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    analysis: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of DESIGN §3 (plus ``analysis`` and ``notes``).

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
        >>> d = ns.solve(sc).to_dict()
        >>> sorted(d)
        ['analysis', 'equilibria', 'game', 'notes', 'parameters', 'scenario']
        >>> d["equilibria"][0]["payoffs"]
        {'suspect_a': 1.0, 'suspect_b': 1.0}
        """
        game = self.scenario.game
        return {
            "scenario": {"id": self.scenario.id, "title": self.scenario.title, "path": self.scenario.path},
            "parameters": dict(self.parameters),
            "game": {"kind": game.kind if game else None, "players": list(self.scenario.player_ids)},
            "equilibria": [e.to_dict() for e in self.equilibria],
            "analysis": self.analysis,
            "notes": list(self.notes),
        }

    @property
    def outcomes(self) -> list[str]:
        """Distinct outcome ids reached by the subgame-perfect equilibria, in stable order."""
        seen: list[str] = []
        for eq in self.equilibria:
            for outcome in eq.outcomes or {}:
                if outcome not in seen:
                    seen.append(outcome)
        return seen

    def __repr__(self) -> str:
        lines = [f"Solution({self.scenario.id!r}, concept={self.concept!r}, {len(self.equilibria)} equilibria)"]
        for eq in self.equilibria[:10]:
            pay = ", ".join(f"{p}={v:.4g}" for p, v in eq.payoffs.items())
            if eq.outcomes is not None:
                lines.append(f"  {eq.concept}: {' | '.join(eq.outcomes)}  ({pay})")
            else:
                mix = "; ".join(
                    f"{p}: " + ", ".join(f"{s} {q:.3g}" for s, q in strat.items() if q > 0)
                    for p, strat in eq.strategies.items()
                )
                lines.append(f"  {eq.concept}: {mix}  ({pay})")
        if len(self.equilibria) > 10:
            lines.append(f"  ... {len(self.equilibria) - 10} more")
        return "\n".join(lines)


def solve(
    scenario: Scenario,
    overrides: Mapping[str, float] | None = None,
    concept: str = "default",
    *,
    tol: float = DEFAULT_TOL,
) -> Solution:
    """Compute the equilibria of a scenario at its defaults (or with overrides).

    Parameters
    ----------
    scenario : Scenario
        From :func:`negotiation_sim.load_scenario`.
    overrides : mapping, optional
        Parameter name -> number.
    concept : {"default", "spe", "nash", "all"}
        ``default`` is ``spe`` for trees and ``nash`` for normal forms.  ``nash`` on a
        tree solves its reduced normal form (two players), so equilibria that rest on
        non-credible threats show up; ``all`` lists both.
    tol : float, optional
        Relative tie tolerance.

    Returns
    -------
    Solution

    Raises
    ------
    ScenarioError
        For invalid overrides, a scenario without a game, or a concept that does not apply.
    SolverError
        When a limit is exceeded.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> [eq.outcomes for eq in ns.solve(sc).equilibria]
    [{'shared_market': 1.0}]
    """
    if concept not in CONCEPTS:
        raise ScenarioError([f"unknown concept {concept!r}; expected one of {', '.join(CONCEPTS)}"])
    game = scenario.game
    if game is None:
        raise ScenarioError([f"{scenario.path}: has no game to solve (it only declares players and parameters)"])
    evaluation = scenario.evaluate(overrides)
    parameters = {name: float(v) for name, v in evaluation.parameter_values().items()}
    try:
        if isinstance(game, NormalGame):
            if concept == "spe":
                raise ScenarioError([f"{scenario.path}: a normal-form game has no subgames; use --concept nash"])
            return _solve_normal(scenario, evaluation, parameters, tol)
        concept = "spe" if concept == "default" else concept
        return _solve_tree(scenario, game, evaluation, parameters, concept, tol)
    except SolverError as exc:
        if str(exc).startswith(scenario.path):
            raise
        raise SolverError(f"{scenario.path}: {exc}") from None


def _solve_normal(scenario, evaluation, parameters, tol) -> Solution:
    from ..solvers.nash import analyse_bimatrix

    game = scenario.game
    row_player, column_player = game.players
    a = evaluation.matrices[row_player]
    b = evaluation.matrices[column_player]
    result = analyse_bimatrix(a, b, tol=tol)
    names = (game.strategies[row_player], game.strategies[column_player])
    notes = _nash_notes(result)
    equilibria = tuple(
        _mixed(game.players, names, eq, efficient)
        for eq, efficient in zip(
            result.equilibria[: current_limits().max_equilibria], result.pareto_efficient, strict=False
        )
    )
    if result.degenerate:
        notes.append(
            "The game is degenerate (a mixed strategy has more pure best responses than its support "
            "size); the equilibria listed are the extreme points of the equilibrium set."
        )
    if any(len(s.rows) > 1 or len(s.columns) > 1 for s in result.subsets):
        notes.append(
            "Some equilibria lie on continua: any mixture within a maximal Nash subset is also an equilibrium."
        )
    analysis = {
        "degenerate": result.degenerate,
        "pure_equilibria": [{row_player: names[0][i], column_player: names[1][j]} for i, j in result.pure],
        "strictly_dominated": _eliminated(result.strict_elimination, game.players, names),
        "weakly_dominated": _eliminated(result.weak_elimination, game.players, names),
        "maximal_nash_subsets": [list(s.equilibrium_indices) for s in result.subsets],
        "components": [list(c) for c in result.components],
    }
    return Solution(
        scenario=scenario,
        parameters=parameters,
        concept="nash",
        equilibria=equilibria,
        explanation=tuple(_explain_normal(scenario, a, b, equilibria)),
        notes=tuple(notes),
        analysis=analysis,
    )


def _nash_notes(result) -> list[str]:

    notes = []
    if len(result.equilibria) > current_limits().max_equilibria:
        notes.append(
            f"There are {len(result.equilibria)} extreme Nash equilibria; only the first "
            f"{current_limits().max_equilibria} are listed (raise NEGOTIATION_SIM_MAX_EQUILIBRIA to see more)."
        )
    if len(result.equilibria) > current_limits().max_subset_equilibria:
        notes.append(
            f"Maximal Nash subsets were not computed for more than {current_limits().max_subset_equilibria} extreme "
            "equilibria (raise NEGOTIATION_SIM_MAX_SUBSET_EQUILIBRIA)."
        )
    return notes


def _eliminated(elimination, players, names) -> list[dict[str, str]]:
    out = []
    for step in elimination.steps:
        out.append({"player": players[step.player], "strategy": names[step.player][step.strategy]})
    return out


def _mixed(players, names, eq, efficient, concept: str = "nash") -> Equilibrium:
    return Equilibrium(
        concept=concept,
        strategies={
            players[0]: {s: float(p) for s, p in zip(names[0], eq.row, strict=True)},
            players[1]: {s: float(p) for s, p in zip(names[1], eq.column, strict=True)},
        },
        payoffs={players[0]: float(eq.row_payoff), players[1]: float(eq.column_payoff)},
        pareto_efficient=bool(efficient),
    )


def _solve_tree(scenario, game: ExtensiveGame, evaluation, parameters, concept, tol) -> Solution:
    from ..solvers.backward_induction import spe_solve

    payoffs = dict(evaluation.outcome_payoffs)
    probabilities = dict(evaluation.probabilities)
    equilibria: list[Equilibrium] = []
    notes: list[str] = []
    explanation: list[str] = []
    analysis: dict[str, Any] = {}
    if concept in ("spe", "all"):
        result = spe_solve(game, payoffs, probabilities, tol=tol)
        for eq in result.equilibria:
            equilibria.append(
                Equilibrium(
                    concept="subgame-perfect",
                    strategies=eq.strategies,
                    payoffs=eq.payoffs,
                    path=eq.path,
                    outcomes=eq.outcomes,
                )
            )
        analysis["spe_count"] = result.count
        analysis["outcome_distributions"] = result.outcome_distributions
        if result.truncated:
            notes.append(
                f"There are {'' if result.count_is_exact else 'at least '}{count_text(result.count)} "
                "subgame-perfect equilibria; only the first "
                f"{len(result.equilibria)} are listed (raise NEGOTIATION_SIM_MAX_EQUILIBRIA to see more). Their "
                "distinct outcome distributions are in analysis.outcome_distributions."
            )
        elif result.count > 1:
            kinds = len(result.outcome_distributions)
            notes.append(
                f"Ties give {count_text(result.count)} subgame-perfect equilibria "
                f"with {kinds} distinct outcome distribution{'s' if kinds > 1 else ''}."
            )
        if result.equilibria:
            explanation = _explain_tree(scenario, game, payoffs, probabilities, result.equilibria[0], tol)
    if concept in ("nash", "all"):
        from ..games.extensive_form import reduced_normal_form
        from ..solvers.nash import analyse_bimatrix

        if len(game.players) != 2:
            raise SolverError(
                f"--concept {concept} needs the reduced normal form, which is built for two "
                f"players; this game has {len(game.players)}. Use --concept spe."
            )
        try:
            rnf = reduced_normal_form(game, payoffs, probabilities)
            result_nf = analyse_bimatrix(rnf.row_payoffs, rnf.column_payoffs, tol=tol)
        except SolverError as exc:
            if concept == "nash":
                raise SolverError(f"{exc} (--concept spe solves the tree by backward induction)") from None
            notes.append(f"The Nash equilibria of the reduced normal form were not computed: {exc}")
            return Solution(
                scenario=scenario,
                parameters=parameters,
                concept=concept,
                equilibria=tuple(equilibria),
                explanation=tuple(explanation),
                notes=tuple(notes),
                analysis=analysis,
            )
        notes.extend(_nash_notes(result_nf))
        for mixed, efficient in zip(
            result_nf.equilibria[: current_limits().max_equilibria], result_nf.pareto_efficient, strict=False
        ):
            equilibria.append(_mixed(rnf.players, rnf.names, mixed, efficient))
        analysis["reduced_normal_form"] = {
            "strategies": {rnf.players[0]: list(rnf.names[0]), rnf.players[1]: list(rnf.names[1])},
            "payoffs": {
                rnf.players[0]: rnf.row_payoffs.tolist(),
                rnf.players[1]: rnf.column_payoffs.tolist(),
            },
        }
        if concept == "all":
            notes.append(
                "Nash equilibria of the reduced normal form that are not subgame perfect rest on "
                "threats that would not be carried out."
            )
    return Solution(
        scenario=scenario,
        parameters=parameters,
        concept=concept,
        equilibria=tuple(equilibria),
        explanation=tuple(explanation),
        notes=tuple(notes),
        analysis=analysis,
    )


def _continuation(game: ExtensiveGame, start: str, strategies: dict[str, dict[str, str]], probabilities) -> str:
    """Describe where a move leads under the equilibrium continuation (an outcome or a lottery)."""
    reached: dict[str, float] = {}
    stack = [(start, 1.0)]
    while stack:
        node_id, weight = stack.pop()
        if node_id in game.outcomes:
            reached[node_id] = reached.get(node_id, 0.0) + weight
            continue
        node = game.nodes[node_id]
        if isinstance(node, DecisionNode):
            stack.append((node.moves[strategies[node.player][node_id]], weight))
        else:
            for p, branch in zip(np.ravel(probabilities[node_id]), node.branches, strict=True):
                if p > 0:
                    stack.append((branch.next, weight * float(p)))
    if len(reached) == 1:
        return game.label_of(next(iter(reached)))
    ordered = sorted(reached.items(), key=lambda item: -item[1])
    return "a lottery: " + ", ".join(f"{game.label_of(o)} {p:.0%}" for o, p in ordered)


def _explain_tree(scenario, game, payoffs, probabilities, eq, tol) -> list[str]:
    from ..solvers.backward_induction import backward_induction_arrays

    induction = backward_induction_arrays(game, payoffs, probabilities, tol=tol)
    index = {p: k for k, p in enumerate(game.players)}
    atol = player_tolerances([[v[k] for v in payoffs.values()] for k in range(len(game.players))], tol)
    sentences = []
    for step in dict.fromkeys(eq.path):
        node_id, move = step.split("=", 1)
        node = game.nodes[node_id]
        if not isinstance(node, DecisionNode):
            continue
        k = index[node.player]
        who = scenario.player_label(node.player)
        chosen_value = float(induction.values[node.moves[move]][k])
        where = _continuation(game, node.moves[move], eq.strategies, probabilities)
        others = [(m, float(induction.values[t][k])) for m, t in node.moves.items() if m != move]
        if not others:
            sentences.append(f"{who} {move} at {node_id}: the only move.")
            continue
        alt, alt_value = max(others, key=lambda mv: mv[1])
        alt_where = _continuation(game, node.moves[alt], eq.strategies, probabilities)
        relation = "ties with" if abs(chosen_value - alt_value) <= atol[k] else "beats"
        sentences.append(
            f"{who} chooses {move} at {node_id}: {number(chosen_value)} ({where}) {relation} "
            f"{number(alt_value)} for {alt} ({alt_where})."
        )
    return sentences


def _explain_normal(scenario, a, b, equilibria) -> list[str]:
    game = scenario.game
    rp, cp = game.players
    rows, cols = game.strategies[rp], game.strategies[cp]
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
