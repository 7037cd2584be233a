"""Nash equilibria of a two-player tree with information sets, as behaviour strategies.

The tree's reduced normal form is solved exactly (every extreme equilibrium, the bimatrix
solver of :mod:`negotiation_sim.solvers.nash`), and each mixed equilibrium becomes a
behaviour strategy per information set (Kuhn 1953; the game must have perfect recall):
the probability of a move at a set is the weight of the plans that choose it among the
plans that do not rule the set out.  A set every plan in the mixture rules out has no
behaviour (``None``): the player never reaches it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..games.information import check_information_sets
from ..games.outcomes import Lottery
from ..games.reduced import ReducedNormalForm, reduced_normal_form
from ..games.tree import GameTree
from ..tolerance import DEFAULT_TOL
from .mixed import MixedEquilibrium
from .nash import BimatrixAnalysis, nash_solve
from .result import SolverResult

__all__ = ["BehaviourEquilibrium", "behaviour_of", "tree_nash_solve"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BehaviourEquilibrium:
    """One Nash equilibrium of a tree in behaviour strategies.

    Attributes
    ----------
    strategies : mapping
        Player -> information-set id -> (move -> probability), or ``None`` at a set the
        player's own strategy never reaches.
    outcomes : Lottery
        Where play ends, with probabilities.
    payoffs : mapping
        Player -> expected payoff.
    """

    strategies: Mapping[str, Mapping[str, Mapping[str, float] | None]]
    outcomes: Lottery
    payoffs: Mapping[str, float]


def behaviour_of(tree: GameTree, reduced: ReducedNormalForm, equilibrium: MixedEquilibrium) -> BehaviourEquilibrium:
    """Turn a mixed equilibrium of the reduced normal form into behaviour strategies.

    Parameters
    ----------
    tree : GameTree
        The tree ``reduced`` was built from.
    reduced : ReducedNormalForm
    equilibrium : MixedEquilibrium

    Returns
    -------
    BehaviourEquilibrium

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> game = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml").evaluate()
    >>> rnf = reduced_normal_form(game)
    >>> eq = nash_solve(rnf.game()).equilibria[0]
    >>> behaviour_of(game, rnf, eq).strategies["incumbent"]
    {'response': {'fight': 0.0, 'accommodate': 1.0}}
    """
    sets = tree.information_sets()
    strategies: dict[str, dict[str, dict[str, float] | None]] = {}
    for player, plans, weights in zip(
        reduced.players, reduced.plans, (equilibrium.row, equilibrium.column), strict=True
    ):
        own = [s for s, members in sets.items() if getattr(tree.nodes[members[0]], "player", None) == player]
        per_set: dict[str, dict[str, float] | None] = {}
        for set_id in own:
            moves = list(tree.nodes[sets[set_id][0]].moves)
            mass = {m: 0.0 for m in moves}
            for plan, w in zip(plans, weights, strict=True):
                if set_id in plan:
                    mass[plan[set_id]] += float(w)
            total = sum(mass.values())
            per_set[set_id] = {m: v / total for m, v in mass.items()} if total > 0 else None
        strategies[player] = per_set
    reached: dict[str, float] = {}
    for row_plan, p in zip(reduced.plans[0], equilibrium.row, strict=True):
        for column_plan, q in zip(reduced.plans[1], equilibrium.column, strict=True):
            if p * q > 0:
                for outcome, r in tree.play({**row_plan, **column_plan}).outcomes:
                    reached[outcome] = reached.get(outcome, 0.0) + float(p * q) * r
    lottery = tuple((o, reached[o]) for o in tree.outcomes if reached.get(o, 0.0) > 0)
    payoffs = dict(zip(reduced.players, (equilibrium.row_payoff, equilibrium.column_payoff), strict=True))
    return BehaviourEquilibrium(strategies=strategies, outcomes=lottery, payoffs=payoffs)


def tree_nash_solve(
    tree: GameTree, *, tol: float = DEFAULT_TOL, limit: int | None = None
) -> SolverResult[BehaviourEquilibrium, BimatrixAnalysis]:
    """Every extreme Nash equilibrium of a two-player tree, in behaviour strategies.

    Parameters
    ----------
    tree : GameTree
        Two players, one parameter point, perfect recall.
    tol : float, optional
    limit : int, optional
        Most equilibria listed (the ``max_equilibria`` limit by default).

    Returns
    -------
    SolverResult
        ``method="nash-tree"``; ``details`` the analysis of the reduced normal form.

    Raises
    ------
    InformationSetError
        If the sets are malformed or recall is imperfect.
    SolverError
        If the game has not two players or the reduced normal form is too large.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> game = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml").evaluate()
    >>> [e.outcomes for e in tree_nash_solve(game).equilibria]
    [(('shared_market', 1.0),), (('monopoly', 1.0),), (('monopoly', 1.0),)]
    """
    check_information_sets(tree)
    reduced = reduced_normal_form(tree)
    result = nash_solve(reduced.game(), tol=tol, limit=limit)
    return SolverResult(
        method="nash-tree",
        equilibria=tuple(behaviour_of(tree, reduced, e) for e in result.equilibria),
        count=result.count,
        truncated=result.truncated,
        notes=result.notes,
        details=result.details,
    )
