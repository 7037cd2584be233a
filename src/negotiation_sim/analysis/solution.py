"""The result of :func:`~negotiation_sim.analysis.solve.solve`: equilibria in the shape of the JSON contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..numbers import number, percent
from ..scenario.schema import ExtensiveGame, Scenario
from ..wording import lottery_text
from .display import html_table

if TYPE_CHECKING:  # the solvers are imported when used
    from ..solvers.mixed import MixedEquilibrium
    from ..solvers.pbe_result import PerfectBayesianEquilibrium
    from ..solvers.spe import SubgamePerfectEquilibrium

__all__ = ["Equilibrium", "Solution"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Equilibrium:
    """One equilibrium in the shape of the JSON contract (DESIGN §3).

    Attributes
    ----------
    concept : {"nash", "subgame-perfect"}
    strategies : dict
        Nash: player -> strategy -> probability.  Subgame-perfect: player -> information set
        (the node for a singleton) -> move, or, where a subgame with imperfect information is
        played at a mixed equilibrium, move -> probability (``None`` where any move will do).
    payoffs : dict
        Player -> expected payoff.
    path : tuple of str or None
        Subgame-perfect only: ``"node=move"`` along the play.
    outcomes : dict or None
        Subgame-perfect only: outcome id -> probability.
    pareto_efficient : bool or None
        No strategy profile gives some player more and no player less: for a normal form
        every profile of mixed strategies, for a tree every profile of pure strategies
        (chance in expectation); ``None`` where the check could not be made exactly
        (see :mod:`negotiation_sim.solvers.efficiency`).
    payoff_dominant : bool or None
        No other equilibrium of the same concept gives some player more and no player less.
    """

    concept: str
    strategies: dict[str, dict[str, Any]]
    payoffs: dict[str, float]
    path: tuple[str, ...] | None = None
    outcomes: dict[str, float] | None = None
    pareto_efficient: bool | None = None
    payoff_dominant: bool | None = None
    beliefs: dict[str, dict[str, Any]] | None = None
    off_path: tuple[str, ...] | None = None
    kind: str | None = None
    intuitive_criterion: bool | None = None

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
        data["pareto_efficient"] = self.pareto_efficient
        data["payoff_dominant"] = self.payoff_dominant
        if self.concept == "perfect-bayesian":
            data["beliefs"] = self.beliefs
            data["off_path"] = list(self.off_path or ())
            data["kind"] = self.kind
            data["intuitive_criterion"] = self.intuitive_criterion
        return data

    @classmethod
    def perfect_bayesian(cls, equilibrium: PerfectBayesianEquilibrium) -> Equilibrium:
        """The record of a perfect Bayesian equilibrium (off-path beliefs as ``[low, high]``).

        Parameters
        ----------
        equilibrium : PerfectBayesianEquilibrium

        Returns
        -------
        Equilibrium

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> from negotiation_sim.solvers.pbe import pbe_solve
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "beer_quiche.yaml")
        >>> record = Equilibrium.perfect_bayesian(pbe_solve(sc.evaluate()).equilibria[1]).to_dict()
        >>> record["beliefs"]["after_quiche"], record["kind"], record["intuitive_criterion"]
        ({'strong_quiche': [0.0, 0.5], 'weak_quiche': [0.5, 1.0]}, 'pooling', True)
        """
        return cls(
            concept="perfect-bayesian",
            strategies={
                p: {**moves, **{s: dict(b) for s, b in equilibrium.mixed.get(p, {}).items()}}
                for p, moves in equilibrium.strategies.items()
            },
            payoffs=dict(equilibrium.payoffs),
            outcomes=dict(equilibrium.outcomes),
            beliefs={
                s: {n: list(b) if isinstance(b, tuple) else b for n, b in nodes.items()}
                for s, nodes in equilibrium.beliefs.items()
            },
            off_path=equilibrium.off_path,
            kind=equilibrium.kind,
            intuitive_criterion=equilibrium.intuitive_criterion,
        )

    @classmethod
    def subgame_perfect(
        cls,
        equilibrium: SubgamePerfectEquilibrium,
        *,
        pareto_efficient: bool | None = None,
        payoff_dominant: bool | None = None,
    ) -> Equilibrium:
        """The record of a subgame-perfect equilibrium (path steps as ``"node=move"``).

        Parameters
        ----------
        equilibrium : SubgamePerfectEquilibrium
        pareto_efficient, payoff_dominant : bool or None, optional
            See the class attributes.

        Returns
        -------
        Equilibrium

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> from negotiation_sim.solvers.spe import spe_solve
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
        >>> Equilibrium.subgame_perfect(spe_solve(sc.evaluate()).equilibria[0]).path
        ('entry=enter', 'response=accommodate')
        """
        return cls(
            concept="subgame-perfect",
            strategies={p: {**moves, **equilibrium.mixed.get(p, {})} for p, moves in equilibrium.strategies.items()},
            payoffs=equilibrium.payoffs,
            path=tuple(f"{node}={move}" for node, move in equilibrium.path),
            outcomes=dict(equilibrium.outcomes),
            pareto_efficient=pareto_efficient,
            payoff_dominant=payoff_dominant,
        )

    @classmethod
    def mixed(
        cls,
        players: tuple[str, ...],
        strategies: tuple[tuple[str, ...], tuple[str, ...]],
        equilibrium: MixedEquilibrium,
        efficient: bool,
        dominant: bool | None = None,
    ) -> Equilibrium:
        """The record of a Nash equilibrium in mixed strategies.

        Parameters
        ----------
        players : tuple of two str
        strategies : tuple of two tuples of str
            The row and column player's strategy names.
        equilibrium : MixedEquilibrium
        efficient : bool
            Whether it is Pareto-efficient (no mixed profile gives some player more and no
            player less).
        dominant : bool or None, optional
            Whether it is payoff-dominant (no other equilibrium beats it).

        Returns
        -------
        Equilibrium

        Examples
        --------
        >>> import numpy as np
        >>> from negotiation_sim.solvers.mixed import MixedEquilibrium
        >>> eq = MixedEquilibrium(row=np.array([1.0]), column=np.array([1.0]), row_payoff=2.0, column_payoff=3.0)
        >>> Equilibrium.mixed(("r", "c"), (("x",), ("y",)), eq, True).payoffs
        {'r': 2.0, 'c': 3.0}
        """
        return cls(
            concept="nash",
            strategies={
                players[0]: {s: float(p) for s, p in zip(strategies[0], equilibrium.row, strict=True)},
                players[1]: {s: float(p) for s, p in zip(strategies[1], equilibrium.column, strict=True)},
            },
            payoffs={players[0]: float(equilibrium.row_payoff), players[1]: float(equilibrium.column_payoff)},
            pareto_efficient=bool(efficient),
            payoff_dominant=None if dominant is None else bool(dominant),
        )


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
        """One line: ``Solution(prisoners-dilemma: 1 Nash equilibrium)``."""
        return f"Solution({self.scenario.id}: {self._count()})"

    def _count(self) -> str:
        kinds = sorted({e.concept for e in self.equilibria})
        concept = {"nash": "Nash ", "subgame-perfect": "subgame-perfect "}.get(kinds[0], "") if len(kinds) == 1 else ""
        n = len(self.equilibria)
        return f"{n} {concept}equilibri{'um' if n == 1 else 'a'}"

    def _repr_html_(self) -> str:
        """A compact HTML table of the equilibria (Jupyter's display)."""
        players = list(self.scenario.player_ids)
        rows = []
        for k, eq in enumerate(self.equilibria[:50], 1):
            if eq.outcomes is not None:
                what = lottery_text([(self._label(o), p) for o, p in eq.outcomes.items()])
            else:
                what = "; ".join(
                    ", ".join(s if q == 1 else f"{s} {percent(q)}" for s, q in strat.items() if q > 0)
                    for strat in eq.strategies.values()
                )
            flags = ["-" if f is None else ("yes" if f else "no") for f in (eq.pareto_efficient, eq.payoff_dominant)]
            rows.append([k, eq.concept, what, *(number(eq.payoffs[p]) for p in players), *flags])
        headers = ["#", "concept", "outcome or strategies", *map(self.scenario.player_label, players)]
        headers += ["Pareto-efficient", "payoff-dominant"]
        notes = list(self.notes)
        if len(self.equilibria) > 50:
            notes.insert(0, f"... {len(self.equilibria) - 50} more equilibria")
        return html_table(headers, rows, caption=f"{self.scenario.title}: {self._count()}", notes=notes)

    def _label(self, outcome_id: str) -> str:
        game = self.scenario.game
        return game.label_of(outcome_id) if isinstance(game, ExtensiveGame) else outcome_id

    def __str__(self) -> str:
        """The equilibria, one per line (``print(solution)``)."""
        lines = [repr(self)]
        for eq in self.equilibria[:10]:
            pay = ", ".join(f"{p}={v:.4g}" for p, v in eq.payoffs.items())
            if eq.outcomes is not None:
                lottery = lottery_text([(o, p) for o, p in eq.outcomes.items()])
                lines.append(f"  {eq.concept}: {lottery}  ({pay})")
            else:
                mix = "; ".join(
                    f"{p}: " + ", ".join(f"{s} {q:.3g}" for s, q in strat.items() if q > 0)
                    for p, strat in eq.strategies.items()
                )
                lines.append(f"  {eq.concept}: {mix}  ({pay})")
        if len(self.equilibria) > 10:
            lines.append(f"  ... {len(self.equilibria) - 10} more")
        return "\n".join(lines)
