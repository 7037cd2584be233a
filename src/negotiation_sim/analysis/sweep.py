"""Sensitivity sweeps: solve scenarios over a 1-D or 2-D grid of parameter values.

Payoff expressions are evaluated once over the whole grid with numpy broadcasting, and
the solvers run on arrays (DESIGN §4): backward induction for game trees
(:mod:`.sweep_tree`), pure and 2 x 2 mixed equilibria for normal forms
(:mod:`.sweep_normal`).  Only the few points the vectorised pass cannot settle are
solved one by one (:mod:`negotiation_sim.report.sweep` writes the results).  This module imports neither
matplotlib nor scipy nor nashpy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import Problem, ScenarioError
from ..scenario.schema import ExtensiveGame, NormalGame, Scenario, frozen_map
from ..tolerance import DEFAULT_TOL
from .sweep_grid import DEFAULT_POINTS, check_grid_size, grid_values, mark_invalid, sweep_axes, without_invalid
from .sweep_normal import MIXED, sweep_normal
from .sweep_tree import GridSolution, sweep_tree

__all__ = ["DEFAULT_POINTS", "MIXED", "SweepResult", "grid_values", "sweep"]


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.array(array)
    array.flags.writeable = False
    return array


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class SweepResult:
    """Equilibrium outcomes and payoffs of one or more scenarios over a parameter grid.

    Every per-scenario array has the grid's shape ``tuple(len(axis) for axis in axes)``;
    axis 0 belongs to ``varied[0]``.  All arrays are read-only.

    Attributes
    ----------
    scenarios : tuple of Scenario
        The scenarios swept, each on the same grid.
    varied : tuple of str
        The varied parameter names (one or two).
    axes : tuple of ndarray
        The 1-D grid values of each varied parameter.
    outcomes : tuple of ndarray of str
        Per scenario (same order as ``scenarios``): the equilibrium outcome at each point.
        Trees: the outcome ids any subgame-perfect equilibrium reaches with positive
        probability.  Normal forms: ``"row_strategy,column_strategy"`` for a pure Nash
        equilibrium and ``"mixed"`` for one where a player randomises.  Several are
        joined with ``|`` in sorted order (``"split_0|split_1"``).
    payoffs : tuple of mapping
        Per scenario: player id -> float array, the expected payoff under the first
        equilibrium in the solvers' stable order (the first SPE, or the first of
        :func:`~negotiation_sim.solvers.nash.nash_equilibria`).
    ties : tuple of ndarray of bool
        Per scenario: True where the point has more than one equilibrium.
    valid : tuple of ndarray of bool
        Per scenario: False at grid points whose payoffs or chance probabilities are
        invalid (NaN or infinite); there the outcome is ``""`` (no outcome id is empty)
        and the payoffs are NaN.
    outcome_labels : mapping
        Outcome id (also joined ones that occur) -> human label.  When scenarios share an
        id, the first scenario's label is kept.
    overrides : mapping
        The fixed parameter values applied at every point.
    exact_points_resolved : int
        Tree points re-solved one by one because a tie there changes other players'
        payoffs (the vectorised pass cannot list every SPE outcome there).
    distinct_matrices_solved : int
        Normal forms: distinct payoff matrices solved one by one (games larger than
        2 x 2, and near-degenerate 2 x 2 points).
    """

    scenarios: tuple[Scenario, ...]
    varied: tuple[str, ...]
    axes: tuple[np.ndarray, ...]
    outcomes: tuple[np.ndarray, ...]
    payoffs: tuple[Mapping[str, np.ndarray], ...]
    ties: tuple[np.ndarray, ...]
    valid: tuple[np.ndarray, ...]
    outcome_labels: Mapping[str, str]
    overrides: Mapping[str, float]
    exact_points_resolved: int = 0
    distinct_matrices_solved: int = 0

    def __repr__(self) -> str:
        grid = " x ".join(
            f"{name} {axis[0]:g}..{axis[-1]:g} ({len(axis)})" for name, axis in zip(self.varied, self.axes, strict=True)
        )
        return f"SweepResult({', '.join(s.id for s in self.scenarios)}; {grid})"

    @property
    def shape(self) -> tuple[int, ...]:
        """The grid shape.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> from negotiation_sim.analysis.sweep import sweep
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
        >>> result = sweep(sc, {"pie": [10, 12]})
        >>> result.shape
        (2,)
        """
        return tuple(len(axis) for axis in self.axes)

    def players(self) -> list[str]:
        """Player ids over all scenarios, in order of first appearance.

        Returns
        -------
        list of str
            Each player id once.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> from negotiation_sim.analysis.sweep import sweep
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
        >>> result = sweep(sc, {"pie": [10, 12]})
        >>> result.players()
        ['proposer', 'responder']
        """
        seen: list[str] = []
        for payoffs in self.payoffs:
            seen.extend(p for p in payoffs if p not in seen)
        return seen

    def columns(self) -> list[str]:
        """Column names of :meth:`rows` (and of the CSV and JSON files of a sweep).

        Returns
        -------
        list of str
            The varied parameter names, ``scenario``, ``outcome``, ``payoff_<player>`` for
            every player of :meth:`players`, ``ties`` and ``valid``.

        Raises
        ------
        ScenarioError
            If a varied parameter has the name of another column (``scenario``,
            ``outcome``, ``ties``, ``valid`` or ``payoff_<player>``): its values would be
            lost, so the parameter must be renamed to export the sweep.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> from negotiation_sim.analysis.sweep import sweep
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
        >>> result = sweep(sc, {"pie": [10, 12]})
        >>> result.columns()
        ['pie', 'scenario', 'outcome', 'payoff_proposer', 'payoff_responder', 'ties', 'valid']
        """
        payoff_columns = [f"payoff_{p}" for p in self.players()]
        _refuse_colliding_names(self, {*RESULT_COLUMNS, *payoff_columns})
        return [*self.varied, "scenario", "outcome", *payoff_columns, "ties", "valid"]

    def rows(self) -> list[dict[str, Any]]:
        """One dict per grid point per scenario (scenario by scenario, grid in C order).

        Returns
        -------
        list of dict
            Keys: the varied parameter names, ``scenario`` (id), ``outcome``,
            ``payoff_<player>`` for each player of that scenario, ``ties`` and ``valid``.

        Raises
        ------
        ScenarioError
            If a varied parameter has the name of another column (see :meth:`columns`).

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> from negotiation_sim.analysis.sweep import sweep
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
        >>> row = sweep(sc, {"pie": [10, 12]}).rows()[1]
        >>> list(row)
        ['pie', 'scenario', 'outcome', 'payoff_proposer', 'payoff_responder', 'ties', 'valid']
        >>> row["pie"], row["outcome"], row["payoff_proposer"], row["ties"]
        (12.0, 'split_0|split_1', 12.0, True)
        """
        self.columns()  # refuses parameter names that would overwrite a column
        grid = [g.ravel().tolist() for g in np.meshgrid(*self.axes, indexing="ij")]
        rows: list[dict[str, Any]] = []
        for scenario, outcomes, payoffs, ties, valid in zip(
            self.scenarios, self.outcomes, self.payoffs, self.ties, self.valid, strict=True
        ):
            keys = ["outcome", *(f"payoff_{p}" for p in payoffs), "ties", "valid"]
            columns = [
                outcomes.ravel().tolist(),
                *(v.ravel().tolist() for v in payoffs.values()),
                ties.ravel().tolist(),
                valid.ravel().tolist(),
            ]
            for k in range(len(columns[0])):
                row: dict[str, Any] = {name: grid[n][k] for n, name in enumerate(self.varied)}
                row["scenario"] = scenario.id
                row.update((key, column[k]) for key, column in zip(keys, columns, strict=True))
                rows.append(row)
        return rows

    def to_dict(self) -> dict[str, Any]:
        """The sweep as one record (the object of ``sweep --data FILE.json``).

        Returns
        -------
        dict
            ``varied``, ``axes`` (name -> list of values), ``scenarios`` (id, title,
            path), ``overrides``, ``outcome_labels``, ``exact_points_resolved``,
            ``distinct_matrices_solved``, ``columns`` and ``rows`` (as :meth:`rows`;
            payoffs at invalid grid points, where ``valid`` is false, are NaN, written to
            JSON as null).

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> from negotiation_sim.analysis.sweep import sweep
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
        >>> record = sweep(sc, {"pie": [10, 12]}).to_dict()
        >>> record["axes"], record["rows"][1]["payoff_proposer"]
        ({'pie': [10.0, 12.0]}, 12.0)
        """
        return {
            "varied": list(self.varied),
            "axes": {name: axis.tolist() for name, axis in zip(self.varied, self.axes, strict=True)},
            "scenarios": [{"id": s.id, "title": s.title, "path": s.path} for s in self.scenarios],
            "overrides": dict(self.overrides),
            "outcome_labels": dict(self.outcome_labels),
            "exact_points_resolved": self.exact_points_resolved,
            "distinct_matrices_solved": self.distinct_matrices_solved,
            "columns": self.columns(),
            "rows": self.rows(),
        }


RESULT_COLUMNS = ("scenario", "outcome", "ties", "valid")
"""Columns of every sweep row besides the varied parameters and ``payoff_<player>``."""


def _refuse_colliding_names(result: SweepResult, taken: set[str]) -> None:
    problems = [
        Problem(
            message=(
                f"parameter '{name}' has the name of the sweep result column '{name}', so its values "
                "would be lost in the exported rows; rename the parameter to export this sweep"
            ),
            file=result.scenarios[0].path,
            key_path=f"parameters.{name}",
        )
        for name in result.varied
        if name in taken or name.startswith("payoff_")
    ]
    if problems:
        raise ScenarioError(problems)


def sweep(
    scenario_or_list: Scenario | Sequence[Scenario],
    vary: Mapping[str, object],
    overrides: Mapping[str, float] | None = None,
    *,
    tol: float = DEFAULT_TOL,
) -> SweepResult:
    """Solve one or more scenarios at every point of a 1-D or 2-D parameter grid.

    Payoff expressions are evaluated once over the whole grid with numpy broadcasting;
    game trees are solved by vectorised backward induction, normal forms by vectorised
    pure and 2 x 2 mixed equilibria.  Tree points where a tie changes other players'
    payoffs are re-solved exactly one by one (counted in ``exact_points_resolved``);
    normal forms other than non-degenerate 2 x 2 games are solved once per distinct
    payoff matrix on the grid (counted in ``distinct_matrices_solved``).

    Outcome convention: trees report the outcome ids any subgame-perfect equilibrium
    reaches with positive probability; normal forms report ``"row,column"`` (strategy
    names) for each pure Nash equilibrium and ``"mixed"`` for equilibria in which a
    player randomises.  Several are joined with ``|`` in sorted order.  Payoffs are
    those of the first equilibrium in the solvers' stable order.

    Parameters
    ----------
    scenario_or_list : Scenario or sequence of Scenario
        Each scenario is swept on the same grid (all must have the varied parameters).
    vary : mapping
        One or two parameter names -> 1-D sequence of values (``None``: the parameter's
        declared range with 101 points, from the first scenario).  The first name is
        axis 0 of the grid.
    overrides : mapping, optional
        Other parameters fixed at the given numbers at every point.
    tol : float, optional
        Relative tie tolerance (see :mod:`negotiation_sim.tolerance`).

    Returns
    -------
    SweepResult

    Raises
    ------
    ScenarioError
        For an unknown or derived parameter name (with a suggestion), no or more than two
        varied parameters, invalid values, a grid larger than :data:`MAX_GRID_POINTS`, a
        scenario without a game, or non-finite payoffs at some grid point (the error names
        the first such point).
    SolverError
        If a solver limit is exceeded.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
    >>> result = sweep(sc, {"win": [1, 2], "crash_cost": [10, 20, 30]})
    >>> result.shape
    (2, 3)
    >>> str(result.outcomes[0][0, 0])
    'mixed|straight,swerve|swerve,straight'
    >>> float(result.payoffs[0]["driver_a"][0, 0])  # first equilibrium: (swerve, straight)
    -1.0
    """
    scenarios = _as_scenarios(scenario_or_list)
    varied, axes = sweep_axes(scenarios, vary, overrides)
    shape = tuple(len(axis) for axis in axes)
    check_grid_size(shape)
    grid = {
        name: axis.reshape([-1 if k == n else 1 for k in range(len(axes))])
        for n, (name, axis) in enumerate(zip(varied, axes, strict=True))
    }
    fixed = dict(overrides or {})
    parts: list[GridSolution] = []
    valid: list[np.ndarray] = []
    for scenario in scenarios:
        evaluation = scenario.evaluate({**fixed, **grid}, invalid="mask")
        bad = np.zeros(shape, dtype=bool) if evaluation.invalid is None else np.broadcast_to(evaluation.invalid, shape)
        if bad.any():
            evaluation = without_invalid(scenario, evaluation, bad)
        if isinstance(scenario.game, NormalGame):
            part = sweep_normal(scenario, evaluation, tol=tol)
        else:
            part = sweep_tree(scenario, evaluation, tol=tol)
        if bad.any():
            part = mark_invalid(part, bad)
        parts.append(part)
        valid.append(~bad)
    labels: dict[str, str] = {}
    for part in parts:
        for key, label in part.labels.items():
            labels.setdefault(key, label)
    return SweepResult(
        scenarios=scenarios,
        varied=varied,
        axes=tuple(_frozen(axis) for axis in axes),
        outcomes=tuple(_frozen(part.outcomes.astype(str).reshape(shape)) for part in parts),
        payoffs=tuple(frozen_map({p: _frozen(v.reshape(shape)) for p, v in part.payoffs.items()}) for part in parts),
        ties=tuple(_frozen(part.ties.reshape(shape)) for part in parts),
        valid=tuple(_frozen(v) for v in valid),
        outcome_labels=frozen_map(labels),
        overrides=frozen_map({k: float(v) for k, v in fixed.items()}),
        exact_points_resolved=sum(part.points_resolved for part in parts),
        distinct_matrices_solved=sum(part.matrices_solved for part in parts),
    )


def _as_scenarios(scenario_or_list: Scenario | Iterable[Scenario]) -> tuple[Scenario, ...]:
    items = (scenario_or_list,) if isinstance(scenario_or_list, Scenario) else tuple(scenario_or_list)
    if not items:
        raise ScenarioError(["sweep needs at least one scenario"])
    for item in items:
        if not isinstance(item, Scenario):
            raise TypeError(f"sweep expects Scenario objects (from load_scenario), found {type(item).__name__}")
        if not isinstance(item.game, (NormalGame, ExtensiveGame)):
            raise ScenarioError([f"{item.path}: has no game to sweep (it only declares players and parameters)"])
    return items
