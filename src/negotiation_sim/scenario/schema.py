"""The validated, frozen model of a scenario.

:class:`Scenario` is what :func:`negotiation_sim.load_scenario` returns.  It holds
expressions, not numbers: :meth:`Scenario.evaluate` turns them into payoffs at one
parameter point or over a whole grid.  The elements it is made of live in
:mod:`~negotiation_sim.scenario.elements` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import Problem
from .elements import (
    Branch,
    ChanceNode,
    DecisionNode,
    Derived,
    ExtensiveGame,
    Game,
    Location,
    NormalGame,
    Outcome,
    Parameter,
    Player,
    frozen_map,
)
from .evaluation import evaluate

if TYPE_CHECKING:  # pragma: no cover
    from .evaluation import Evaluation

__all__ = [
    "Branch",
    "ChanceNode",
    "DecisionNode",
    "Derived",
    "ExtensiveGame",
    "Game",
    "Location",
    "NormalGame",
    "Outcome",
    "Parameter",
    "Player",
    "Scenario",
    "frozen_map",
]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Scenario:
    """A validated scenario, as loaded from a file.

    Attributes
    ----------
    id, title, description : str
    path : str
        The file it was loaded from.
    sources : tuple of str
    players : tuple of Player
        In file order (for a normal game: row player first).
    parameters : mapping
        Name -> :class:`Parameter`.
    derived : tuple of Derived
        In evaluation order (every derived quantity after those it uses).
    game : NormalGame or ExtensiveGame or None
        ``None`` for a parameter library meant to be extended.
    warnings : tuple of Problem
        Non-fatal problems (for example unreachable nodes).
    input_files : tuple of str
        Resolved paths of every file the scenario was built from: its own file first, then
        each file reached through ``extends`` or ``imports``, transitively (so that a command
        can refuse to overwrite any of them).
    """

    id: str
    title: str
    path: str
    description: str = ""
    sources: tuple[str, ...] = ()
    players: tuple[Player, ...]
    parameters: Mapping[str, Parameter]
    derived: tuple[Derived, ...] = ()
    game: Game | None = None
    warnings: tuple[Problem, ...] = ()
    input_files: tuple[str, ...] = ()

    def __repr__(self) -> str:
        kind = self.game.kind if self.game is not None else "parameters only"
        return (
            f"Scenario(id={self.id!r}, title={self.title!r}, {kind}, players={list(self.player_ids)}, "
            f"{len(self.parameters)} parameters, path={self.path!r})"
        )

    @property
    def player_ids(self) -> tuple[str, ...]:
        """Player ids in order.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
        >>> sc.player_ids
        ('suspect_a', 'suspect_b')
        """
        return tuple(p.id for p in self.players)

    def player_label(self, player_id: str) -> str:
        """The label of a player (its id when it has none).

        Parameters
        ----------
        player_id : str
            A player id.

        Returns
        -------
        str
            The player's label, or ``player_id`` when the player has no label or is unknown.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
        >>> sc.player_label("suspect_a")
        'Suspect A'
        """
        for player in self.players:
            if player.id == player_id:
                return player.label or player.id
        return player_id

    def defaults(self) -> dict[str, float]:
        """Parameter name -> default value.

        Returns
        -------
        dict of str to float
            Every parameter's declared value, in file order.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
        >>> sc.defaults()
        {'temptation': 5.0, 'reward': 3.0, 'punishment': 1.0, 'sucker': 0.0}
        """
        return {name: p.value for name, p in self.parameters.items()}

    def evaluate(self, overrides: Mapping[str, object] | None = None, *, invalid: str = "raise") -> Evaluation:
        """Evaluate the scenario into its numeric game, at a point or over a grid.

        Parameters
        ----------
        overrides : mapping, optional
            Parameter name -> number or array.  Arrays broadcast against each other,
            so ``{"a": np.linspace(0, 1, 5)[:, None], "b": np.linspace(0, 1, 3)}``
            evaluates a 5 x 3 grid in one pass.
        invalid : {"raise", "mask"}, optional
            ``"mask"`` flags NaN/inf payoffs and invalid chance probabilities in the
            game's ``invalid`` mask instead of raising (used by sweeps).

        Returns
        -------
        NormalFormGame or GameTree or NumericGame
            The numeric game (:mod:`negotiation_sim.games`) with payoff arrays ending in
            the grid's shape (none at a single point), and the parameter and derived
            values in ``values``.  A parameter library without a game gives a bare
            :class:`~negotiation_sim.games.NumericGame` carrying the values only.

        Raises
        ------
        ScenarioError
            For an unknown parameter name, a non-numeric value, NaN/inf payoffs or
            invalid chance probabilities (naming the outcome and parameter values).

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
        >>> sc.evaluate().matrices["suspect_a"].tolist()
        [[3.0, 0.0], [5.0, 1.0]]
        >>> import numpy as np
        >>> sc.evaluate({"temptation": np.array([5.0, 6.0])}).matrices["suspect_a"][1, 0].tolist()
        [5.0, 6.0]
        """
        return evaluate(self, overrides, invalid=invalid)
