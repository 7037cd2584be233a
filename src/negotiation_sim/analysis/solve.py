"""Solve a scenario at one parameter point: the :func:`solve` API.

A thin dispatcher: evaluate the scenario into its numeric game, call the solver for the
concept (:func:`~negotiation_sim.solvers.nash.nash_solve`,
:func:`~negotiation_sim.solvers.spe.spe_solve`), record each equilibrium in the shape of
the JSON contract (:mod:`.solution`) and add the explanation in words (:mod:`.explain`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ScenarioError, SolverError
from ..games import GameTree, NormalFormGame
from ..numbers import count_text
from ..scenario.schema import Scenario
from ..tolerance import DEFAULT_TOL, player_tolerances
from .explain import explain_normal, explain_tree
from .solution import Equilibrium, Solution

if TYPE_CHECKING:  # the solvers are imported when used
    from ..solvers.nash import NashResult
    from ..solvers.spe import SubgamePerfectEquilibrium

__all__ = ["CONCEPTS", "Equilibrium", "Solution", "solve"]

CONCEPTS = ("default", "spe", "nash", "pbe", "all")


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
    concept : {"default", "spe", "nash", "pbe", "all"}
        ``default`` is ``spe`` for trees and ``nash`` for normal forms.  ``nash`` on a
        tree solves its reduced normal form (two players), so equilibria that rest on
        non-credible threats show up; ``all`` lists both.  ``pbe`` lists the pure-strategy
        perfect Bayesian equilibria of a tree (with information sets).
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
    if scenario.game is None:
        raise ScenarioError([f"{scenario.path}: has no game to solve (it only declares players and parameters)"])
    game = scenario.evaluate(overrides)
    parameters = {name: float(v) for name, v in game.parameter_values().items()}
    try:
        if isinstance(game, NormalFormGame):
            if concept in ("spe", "pbe"):
                raise ScenarioError([f"{scenario.path}: a normal-form game has no subgames; use --concept nash"])
            return _solve_normal(scenario, game, parameters, tol)
        assert isinstance(game, GameTree)
        return _solve_tree(scenario, game, parameters, "spe" if concept == "default" else concept, tol)
    except SolverError as exc:
        if str(exc).startswith(scenario.path):
            raise
        raise SolverError(f"{scenario.path}: {exc}") from None


def _solve_normal(scenario: Scenario, game: NormalFormGame, parameters: dict[str, float], tol: float) -> Solution:
    from ..solvers.nash import nash_solve

    result = nash_solve(game, tol=tol)
    details = result.details
    row_player, column_player = game.players
    names = game.strategies
    equilibria = _nash_records(game.players, names, result)
    notes = list(result.notes)
    if details.degenerate:
        notes.append(
            "The game is degenerate (a mixed strategy has more pure best responses than its support "
            "size); the equilibria listed are the extreme points of the equilibrium set."
        )
    if any(len(s.rows) > 1 or len(s.columns) > 1 for s in details.subsets):
        notes.append(
            "Some equilibria lie on continua: any mixture within a maximal Nash subset is also an equilibrium."
        )

    def eliminated(steps: Any) -> list[dict[str, str]]:
        return [{"player": game.players[s.player], "strategy": names[s.player][s.strategy]} for s in steps]

    analysis = {
        "degenerate": details.degenerate,
        "pure_equilibria": [{row_player: names[0][i], column_player: names[1][j]} for i, j in details.pure],
        "strictly_dominated": eliminated(details.strict_elimination.steps),
        "weakly_dominated": eliminated(details.weak_elimination.steps),
        "maximal_nash_subsets": [list(s.equilibrium_indices) for s in details.subsets],
        "components": [list(c) for c in details.components],
    }
    return Solution(
        scenario=scenario,
        parameters=parameters,
        concept="nash",
        equilibria=equilibria,
        explanation=tuple(explain_normal(scenario, game, equilibria)),
        notes=tuple(notes),
        analysis=analysis,
    )


def _nash_records(
    players: tuple[str, ...], names: tuple[tuple[str, ...], tuple[str, ...]], result: NashResult
) -> tuple[Equilibrium, ...]:
    details = result.details
    return tuple(
        Equilibrium.mixed(players, names, eq, efficient, dominant)
        for eq, efficient, dominant in zip(
            result.equilibria, details.pareto_efficient, details.payoff_dominant, strict=False
        )
    )


def _spe_records(tree: GameTree, found: Sequence[SubgamePerfectEquilibrium], tol: float) -> list[Equilibrium]:
    from ..solvers.efficiency import dominated_by, tree_pareto_frontier

    vectors = np.array([[eq.payoffs[p] for p in tree.players] for eq in found], dtype=float)
    atol = player_tolerances(np.array([t.payoffs for t in tree.outcomes.values()], dtype=float).T, tol)
    perfect = all(len(members) == 1 for members in tree.information_sets().values())
    # With information sets a pure profile is one move per set, not per node: the frontier
    # over nodes would count profiles that do not exist, so efficiency is left unchecked.
    frontier = tree_pareto_frontier(tree, tol=tol) if perfect else None
    return [
        Equilibrium.subgame_perfect(
            eq,
            pareto_efficient=None if frontier is None else not dominated_by(vector, frontier, atol),
            payoff_dominant=not dominated_by(vector, vectors, atol),
        )
        for eq, vector in zip(found, vectors, strict=True)
    ]


def _solve_tree(scenario: Scenario, tree: GameTree, parameters: dict[str, float], concept: str, tol: float) -> Solution:
    equilibria: list[Equilibrium] = []
    notes: list[str] = []
    explanation: list[str] = []
    analysis: dict[str, Any] = {}
    if concept in ("spe", "all"):
        from ..solvers.spe import spe_solve

        result = spe_solve(tree, tol=tol)
        equilibria.extend(_spe_records(tree, result.equilibria, tol))
        analysis["spe_count"] = result.count
        analysis["outcome_distributions"] = [dict(lottery) for lottery in result.outcomes]
        if result.truncated:
            notes.append(
                f"There are {'' if result.count_is_exact else 'at least '}{count_text(result.count)} "
                "subgame-perfect equilibria; only the first "
                f"{len(result.equilibria)} are listed (raise NEGOTIATION_SIM_MAX_EQUILIBRIA to see more). Their "
                "distinct outcome distributions are in analysis.outcome_distributions."
            )
        elif result.count > 1:
            kinds = len(result.outcomes)
            cause = "Nash equilibria of subgames and ties give" if result.notes else "Ties give"
            notes.append(
                f"{cause} {count_text(result.count)} subgame-perfect equilibria "
                f"with {kinds} distinct outcome distribution{'s' if kinds > 1 else ''}."
            )
        notes.extend(result.notes)
        if result.equilibria and result.equilibria[0].reasons:
            for k, spe in enumerate(result.equilibria, 1):
                prefix = f"#{k}: " if len(result.equilibria) > 1 else ""
                explanation.extend(prefix + reason for reason in spe.reasons)
        elif result.equilibria:
            explanation = explain_tree(scenario, tree, result.equilibria[0], tol)
    if concept in ("nash", "all"):
        from ..games import reduced_normal_form
        from ..solvers.nash import nash_solve

        if len(tree.players) != 2:
            raise SolverError(
                f"--concept {concept} needs the reduced normal form, which is built for two "
                f"players; this game has {len(tree.players)}. Use --concept spe."
            )
        try:
            rnf = reduced_normal_form(tree)
            result_nf = nash_solve(rnf.game(), tol=tol)
        except SolverError as exc:
            if concept == "nash":
                raise SolverError(f"{exc} (--concept spe solves the tree by backward induction)") from None
            notes.append(f"The Nash equilibria of the reduced normal form were not computed: {exc}")
        else:
            notes.extend(result_nf.notes)
            equilibria.extend(_nash_records(rnf.players, rnf.names, result_nf))
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
    if concept == "pbe":
        from ..solvers.pbe import pbe_solve

        result_pbe = pbe_solve(tree, tol=tol)
        notes.extend(result_pbe.notes)
        for k, eq in enumerate(result_pbe.equilibria, 1):
            equilibria.append(Equilibrium.perfect_bayesian(eq))
            prefix = f"#{k}: " if len(result_pbe.equilibria) > 1 else ""
            explanation.extend(prefix + reason for reason in eq.reasons)
    return Solution(
        scenario=scenario,
        parameters=parameters,
        concept=concept,
        equilibria=tuple(equilibria),
        explanation=tuple(explanation),
        notes=tuple(notes),
        analysis=analysis,
    )
