"""One subgame-perfect equilibrium: the record :func:`~negotiation_sim.solvers.spe.spe_solve` lists."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..games import Lottery

__all__ = ["SubgamePerfectEquilibrium"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SubgamePerfectEquilibrium:
    """One subgame-perfect equilibrium at a parameter point.

    Attributes
    ----------
    strategies : dict
        Player id -> information-set id (the node id for a singleton) -> chosen move, at
        every reachable information set where the equilibrium picks one move.
    path : tuple of (str, str)
        ``(node id, move)`` along the equilibrium play (chance moves included); where a
        subgame's equilibrium mixes, every move played with positive probability.
    outcomes : Lottery
        ``(outcome id, probability)`` of ending there, in the game's outcome order.
    payoffs : dict
        Player id -> expected payoff.
    mixed : dict
        Player id -> information-set id -> (move -> probability) where the Nash equilibrium
        of a subgame with imperfect information mixes, or ``None`` where the player's own
        strategy in that subgame never reaches the set (any move completes it).  Empty
        for a tree with perfect information.
    reasons : tuple of str
        Why play goes as it does, subgame by subgame (trees with information sets only).
    """

    strategies: dict[str, dict[str, str]]
    path: tuple[tuple[str, str], ...]
    outcomes: Lottery
    payoffs: dict[str, float]
    mixed: dict[str, dict[str, dict[str, float] | None]] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()
