"""The result of a sweep: outcomes and payoffs of scenarios over a parameter grid."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import Problem, ScenarioError
from ..scenario.schema import Scenario
from .display import data_frame, html_table

__all__ = ["RESULT_COLUMNS", "SweepResult", "frozen_array"]


def frozen_array(array: np.ndarray) -> np.ndarray:
    """A read-only copy of ``array``.

    Parameters
    ----------
    array : numpy.ndarray

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> frozen_array(np.zeros(2)).flags.writeable
    False
    """
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
        joined with ``|`` in sorted order (``"split_0|split_1"``): the *key* written to CSV
        cells; :attr:`outcome_alternatives` says which outcome ids a key stands for.
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
    outcome_alternatives : mapping
        Every outcome key that occurs -> the outcome ids it stands for (several when tied,
        none at invalid points), so that no caller splits a key (DESIGN §4).
    overrides : mapping
        The fixed parameter values applied at every point.
    exact_points_resolved : int
        Tree points re-solved one by one because a tie there changes other players'
        payoffs (the vectorised pass cannot list every SPE outcome there).
    distinct_matrices_solved : int
        Normal forms: distinct payoff matrices solved one by one (games larger than
        5 x 5, and the few small-game points the batched enumeration leaves).
    """

    scenarios: tuple[Scenario, ...]
    varied: tuple[str, ...]
    axes: tuple[np.ndarray, ...]
    outcomes: tuple[np.ndarray, ...]
    payoffs: tuple[Mapping[str, np.ndarray], ...]
    ties: tuple[np.ndarray, ...]
    valid: tuple[np.ndarray, ...]
    outcome_labels: Mapping[str, str]
    outcome_alternatives: Mapping[str, tuple[str, ...]]
    overrides: Mapping[str, float]
    exact_points_resolved: int = 0
    distinct_matrices_solved: int = 0

    def __repr__(self) -> str:
        grid = " x ".join(
            f"{name} {axis[0]:g}..{axis[-1]:g} ({len(axis)})" for name, axis in zip(self.varied, self.axes, strict=True)
        )
        return f"SweepResult({', '.join(s.id for s in self.scenarios)}; {grid})"

    def _repr_html_(self) -> str:
        """A compact HTML table: each scenario's outcomes and their share of the grid."""
        rows = []
        for scenario, outcomes in zip(self.scenarios, self.outcomes, strict=True):
            keys, counts = np.unique(outcomes, return_counts=True)
            for k in np.argsort(-counts, kind="stable"):
                key = str(keys[k])
                share = f"{100 * counts[k] / outcomes.size:.1f}%"
                rows.append([scenario.title or scenario.id, self.outcome_labels.get(key, key), key, share])
        return html_table(["scenario", "outcome", "id", "share of grid"], rows, caption=repr(self))

    def to_dataframe(self) -> Any:
        """The rows of :meth:`rows` as a pandas ``DataFrame`` (columns of :meth:`columns`).

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        ImportError
            If pandas (the optional extra ``pandas``) is not installed.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> from negotiation_sim.analysis.sweep import sweep
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
        >>> sweep(sc, {"pie": [10, 12]}).to_dataframe().shape
        (2, 7)
        """
        return data_frame(self.rows(), self.columns())

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

    def outcome_ids(self, key: str) -> tuple[str, ...]:
        """The outcome ids an outcome key stands for.

        Parameters
        ----------
        key : str
            A value of :attr:`outcomes`.

        Returns
        -------
        tuple of str
            One id, or several when the point has tied outcomes (sorted).

        Raises
        ------
        KeyError
            If ``key`` does not occur in this sweep.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> from negotiation_sim.analysis.sweep import sweep
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
        >>> result = sweep(sc, {"pie": [10, 12]})
        >>> result.outcome_ids(str(result.outcomes[0][1]))
        ('split_0', 'split_1')
        """
        return self.outcome_alternatives[key]

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
