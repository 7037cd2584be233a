"""One perfect Bayesian equilibrium, as :func:`~negotiation_sim.solvers.pbe.pbe_solve` lists it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..games.outcomes import Lottery

__all__ = ["Belief", "PerfectBayesianEquilibrium"]

Belief = float | tuple[float, float]
"""A probability on the path; the ``(low, high)`` bounds of the supporting beliefs off it."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class PerfectBayesianEquilibrium:
    """One perfect Bayesian equilibrium: pure, or hybrid (:mod:`negotiation_sim.solvers.hybrid`).

    Attributes
    ----------
    strategies : mapping
        Player -> information-set id -> move (every set of the player).
    beliefs : mapping
        Information-set id (sets of two or more nodes) -> node id -> probability on the
        path, or the ``(low, high)`` bounds of the supporting beliefs off it.
    supporting : mapping
        For each off-path set, one belief (node id -> probability) that supports the move.
    off_path : tuple of str
        Sets of two or more nodes reached with probability zero in their smallest subgame.
    kind : str or None
        ``"pooling"``, ``"separating"``, ``"partially pooling"`` or ``"hybrid"`` in a
        signalling game.
    intuitive_criterion : bool or None
        Whether the equilibrium survives Cho and Kreps' Intuitive Criterion (signalling games).
    payoffs : mapping
        Player -> expected payoff.
    outcomes : Lottery
        Where play ends, with probabilities.
    reasons : tuple of str
        Why each player's move is optimal, in plain words.
    mixed : mapping
        Player -> information-set id -> (move -> probability) at the sets where a hybrid
        equilibrium mixes (those sets are then absent from ``strategies``); empty for a
        pure equilibrium.
    """

    strategies: Mapping[str, Mapping[str, str]]
    beliefs: Mapping[str, Mapping[str, Belief]]
    supporting: Mapping[str, Mapping[str, float]]
    off_path: tuple[str, ...]
    kind: str | None
    intuitive_criterion: bool | None
    payoffs: Mapping[str, float]
    outcomes: Lottery
    reasons: tuple[str, ...]
    mixed: Mapping[str, Mapping[str, Mapping[str, float]]] = field(default_factory=dict)

    @property
    def profile(self) -> dict[str, str]:
        """Information-set id -> move, for every player (as :meth:`GameTree.play` reads it).

        The sets where the equilibrium mixes (:attr:`mixed`) are left out.
        """
        return {s: m for moves in self.strategies.values() for s, m in moves.items()}
