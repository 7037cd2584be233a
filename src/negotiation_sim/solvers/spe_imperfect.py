"""Every subgame-perfect equilibrium of a tree with information sets, as one result.

:func:`~negotiation_sim.solvers.spe.spe_solve` hands a tree with an information set of
two or more nodes to :func:`imperfect_spe_solve`, which solves it subgame by subgame
(:mod:`negotiation_sim.solvers.spe_subgames`) and lists the equilibria in the one result
type, with the reasons in words.
"""

from __future__ import annotations

from ..games import GameTree
from ..limits import current_limits
from ..tolerance import DEFAULT_TOL
from .result import SolverResult
from .spe_result import SubgamePerfectEquilibrium
from .spe_subgames import behaviour_play, full_behaviour, solve_subgames, subgame_reasons

__all__ = ["imperfect_spe_solve"]

_NOTE = (
    "A subgame with imperfect information is played at an extreme Nash equilibrium of its reduced "
    "normal form; where such a subgame has a continuum of equilibria, only their extreme points are combined."
)


def imperfect_spe_solve(
    tree: GameTree, *, tol: float = DEFAULT_TOL, limit: int | None = None
) -> SolverResult[SubgamePerfectEquilibrium, None]:
    """Every subgame-perfect equilibrium of a tree with information sets.

    Parameters
    ----------
    tree : GameTree
        At one parameter point, with well-formed information sets and perfect recall.
    tol : float, optional
        Relative tie tolerance.
    limit : int, optional
        Most equilibria listed, by default the ``max_equilibria`` limit.

    Returns
    -------
    SolverResult
        ``method="spe"``; the equilibria in stable order (the first takes, in every subgame,
        the first equilibrium found there), their exact count and every distinct outcome
        lottery in ``outcomes``.

    Raises
    ------
    InformationSetError
        If the information sets are malformed or recall is imperfect.
    SolverError
        See :func:`~negotiation_sim.solvers.spe_subgames.solve_subgames`.

    Examples
    --------
    In the bundled Bayesian battle of the sexes the only subgame is the whole game, so its
    subgame-perfect equilibria are its Nash equilibria:

    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "bayesian_battle_of_the_sexes.yaml")
    >>> result = imperfect_spe_solve(sc.evaluate())
    >>> result.count >= 1, result.method
    (True, 'spe')
    """
    limit = current_limits().max_equilibria if limit is None else limit
    solutions = solve_subgames(tree, tol=tol)
    top = solutions[tree.root]
    owner = {s: tree.nodes[members[0]].player for s, members in tree.information_sets().items()}  # type: ignore[union-attr]
    found = []
    for solution in top[:limit]:
        behaviour = full_behaviour(tree, solutions, solution)
        strategies: dict[str, dict[str, str]] = {p: {} for p in tree.players}
        mixed: dict[str, dict[str, dict[str, float] | None]] = {}
        for set_id, moves in behaviour.items():
            player = owner[set_id]
            pure = None if moves is None else [m for m, w in moves.items() if w >= 1 - 1e-12]
            if pure:
                strategies[player][set_id] = pure[0]
            else:
                mixed.setdefault(player, {})[set_id] = moves
        found.append(
            SubgamePerfectEquilibrium(
                strategies=strategies,
                path=behaviour_play(tree, behaviour),
                outcomes=tuple(solution.lottery.items()),
                payoffs={p: float(v) for p, v in zip(tree.players, solution.value, strict=True)},
                mixed=mixed,
                reasons=tuple(subgame_reasons(tree, solutions, solution, tol)),
            )
        )
    distributions: list[tuple[tuple[str, float], ...]] = []
    for solution in top:
        lottery = tuple(solution.lottery.items())
        if lottery not in distributions:
            distributions.append(lottery)
    imperfect = any(s.imperfect for subgame in solutions.values() for s in subgame)
    return SolverResult(
        method="spe",
        equilibria=tuple(found),
        count=len(top),
        truncated=len(top) > limit,
        outcomes=tuple(distributions),
        notes=(_NOTE,) if imperfect else (),
        details=None,
    )
