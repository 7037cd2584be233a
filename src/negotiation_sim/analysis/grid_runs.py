"""Large sweeps: a grid split into chunks that may run on Dask, and a third varied
parameter as facets (one 1-D or 2-D sweep per value of the third).

Each chunk is an ordinary :func:`~.sweep.sweep` over a block of rows of the grid (or over
one facet value), so every point is solved exactly as in a single sweep; the blocks are
joined in order, so the result does not depend on where the chunks ran.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import ScenarioError
from ..scenario.schema import Scenario, frozen_map
from ..tolerance import DEFAULT_TOL
from .dask_backend import Progress, run_chunks
from .sweep import SweepResult, sweep
from .sweep_grid import check_grid_size, grid_values

__all__ = ["FacetedSweep", "sweep_facets", "sweep_in_chunks"]

ROWS_PER_CHUNK = 8
"""Rows of axis 0 per chunk of a chunked sweep (101 x 101 -> 13 chunks)."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class FacetedSweep:
    """Sweeps over one or two parameters, repeated for each value of a third (the facet).

    Attributes
    ----------
    facet : str
        The third varied parameter.
    values : ndarray
        Its values, one per sweep.
    sweeps : tuple of SweepResult
        ``sweeps[k]`` is the sweep with ``facet`` fixed at ``values[k]``.
    """

    facet: str
    values: np.ndarray
    sweeps: tuple[SweepResult, ...]

    def columns(self) -> list[str]:
        """Column names of :meth:`rows`: the sweep's columns with the facet after the varied parameters.

        Returns
        -------
        list of str

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
        >>> faceted = sweep_facets(sc, {"win": [1, 2], "crash_cost": [10, 20], "humiliation": [1, 3]})
        >>> faceted.columns()[:4]
        ['win', 'crash_cost', 'humiliation', 'scenario']
        """
        base = self.sweeps[0].columns()
        varied = len(self.sweeps[0].varied)
        return [*base[:varied], self.facet, *base[varied:]]

    def rows(self) -> list[dict[str, Any]]:
        """One dict per point per scenario per facet value (facet by facet).

        Returns
        -------
        list of dict

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
        >>> faceted = sweep_facets(sc, {"win": [1, 2], "crash_cost": [10, 20], "humiliation": [1, 3]})
        >>> len(faceted.rows()), faceted.rows()[-1]["humiliation"]
        (8, 3.0)
        """
        order = self.columns()
        rows = []
        for value, result in zip(self.values.tolist(), self.sweeps, strict=True):
            for row in result.rows():
                row[self.facet] = float(value)
                rows.append({key: row[key] for key in order if key in row})
        return rows


def sweep_in_chunks(
    scenario_or_list: Scenario | Sequence[Scenario],
    vary: Mapping[str, object],
    overrides: Mapping[str, float] | None = None,
    *,
    workers: int | None = None,
    scheduler: object = None,
    rows_per_chunk: int = ROWS_PER_CHUNK,
    progress: Progress | None = None,
    tol: float = DEFAULT_TOL,
) -> SweepResult:
    """:func:`~.sweep.sweep` split into blocks of rows, run here or on a Dask cluster.

    Parameters
    ----------
    scenario_or_list, vary, overrides, tol
        As for :func:`~.sweep.sweep` (one or two varied parameters).
    workers : int, optional
        Run the blocks on a local Dask cluster with this many workers.
    scheduler : str or distributed.Client, optional
        Run the blocks on an existing Dask cluster.
    rows_per_chunk : int, optional
        Values of the first varied parameter per block.
    progress : callable, optional
        Called as ``progress(done, total)`` after each block.

    Returns
    -------
    SweepResult
        Equal to ``sweep(scenario_or_list, vary, overrides)``.

    Raises
    ------
    ScenarioError
        As :func:`~.sweep.sweep`.
    NegotiationSimError
        If Dask is asked for and cannot run.

    Examples
    --------
    >>> import numpy as np
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
    >>> vary = {"win": np.linspace(1, 5, 7), "crash_cost": [10, 20, 30]}
    >>> whole, blocks = sweep(sc, vary), sweep_in_chunks(sc, vary, rows_per_chunk=2)
    >>> bool((whole.outcomes[0] == blocks.outcomes[0]).all()), blocks.shape
    (True, (7, 3))
    """
    scenarios = (scenario_or_list,) if isinstance(scenario_or_list, Scenario) else tuple(scenario_or_list)
    names = list(vary)
    axes = {name: _axis(scenarios, name, vary[name]) for name in names}
    check_grid_size([len(axis) for axis in axes.values()])
    first = axes[names[0]]
    blocks = [first[start : start + rows_per_chunk] for start in range(0, len(first), max(1, rows_per_chunk))]
    tasks = [(scenarios, {**axes, names[0]: block}, dict(overrides or {}), tol) for block in blocks]
    parts = run_chunks(_sweep_block, tasks, workers=workers, scheduler=scheduler, progress=progress)
    return _join(parts)


def sweep_facets(
    scenario_or_list: Scenario | Sequence[Scenario],
    vary: Mapping[str, object],
    overrides: Mapping[str, float] | None = None,
    *,
    workers: int | None = None,
    scheduler: object = None,
    progress: Progress | None = None,
    tol: float = DEFAULT_TOL,
) -> FacetedSweep:
    """Sweep two or three parameters; the last of three becomes facets (one sweep per value).

    Parameters
    ----------
    scenario_or_list : Scenario or sequence of Scenario
    vary : mapping
        Two or three names -> values (``None``: the declared range; a facet parameter
        declared this way gets 5 values).
    overrides : mapping, optional
    workers, scheduler : optional
        Run the facets on Dask (see :func:`sweep_in_chunks`).
    progress : callable, optional
        Called as ``progress(done, total)`` after each facet.
    tol : float, optional

    Returns
    -------
    FacetedSweep

    Raises
    ------
    ScenarioError
        For fewer than two or more than three names, and as :func:`~.sweep.sweep`.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
    >>> faceted = sweep_facets(sc, {"win": [1, 2], "crash_cost": [10, 20], "humiliation": None})
    >>> faceted.facet, faceted.values.tolist()
    ('humiliation', [0.5, 1.625, 2.75, 3.875, 5.0])
    """
    scenarios = (scenario_or_list,) if isinstance(scenario_or_list, Scenario) else tuple(scenario_or_list)
    names = list(vary)
    if not 2 <= len(names) <= 3:
        raise ScenarioError([f"a faceted sweep varies two or three parameters, found {len(names)}"])
    facet = names[-1]
    fixed = dict(overrides or {})
    if facet in fixed:
        raise ScenarioError([f"parameter '{facet}' is both varied and fixed in the overrides; give it once"])
    values = _axis(scenarios, facet, vary[facet], points=5)
    inner = {name: vary[name] for name in names[:-1]}
    check_grid_size([len(values), *(len(_axis(scenarios, name, vary[name])) for name in inner)])
    tasks = [(scenarios, inner, {**fixed, facet: float(v)}, tol) for v in values]
    sweeps = run_chunks(_sweep_block, tasks, workers=workers, scheduler=scheduler, progress=progress)
    frozen = np.array(values)
    frozen.flags.writeable = False
    return FacetedSweep(facet=facet, values=frozen, sweeps=tuple(sweeps))


def _sweep_block(
    scenarios: tuple[Scenario, ...], vary: dict[str, Any], overrides: dict[str, float], tol: float
) -> SweepResult:
    return sweep(scenarios, vary, overrides, tol=tol)


def _axis(scenarios: tuple[Scenario, ...], name: str, values: object, points: int | None = None) -> np.ndarray:
    if values is None:
        if not scenarios:
            raise ScenarioError(["sweep needs at least one scenario"])
        return grid_values(scenarios[0], name) if points is None else grid_values(scenarios[0], name, points=points)
    try:
        axis = np.array(values, dtype=float)
    except (TypeError, ValueError):
        raise ScenarioError([f"vary {name}: expected a 1-D sequence of numbers, found {values!r}"]) from None
    if axis.ndim != 1 or axis.size == 0 or not np.all(np.isfinite(axis)):
        raise ScenarioError([f"vary {name}: expected a non-empty 1-D sequence of finite numbers"])
    return axis


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.array(array)
    array.flags.writeable = False
    return array


def _join(parts: list[SweepResult]) -> SweepResult:
    first = parts[0]
    if len(parts) == 1:
        return first
    labels: dict[str, str] = {}
    alternatives: dict[str, tuple[str, ...]] = {}
    for part in parts:
        for key, label in part.outcome_labels.items():
            labels.setdefault(key, label)
        for key, ids in part.outcome_alternatives.items():
            alternatives.setdefault(key, ids)
    count = len(first.scenarios)
    return SweepResult(
        scenarios=first.scenarios,
        varied=first.varied,
        axes=(_frozen(np.concatenate([p.axes[0] for p in parts])), *first.axes[1:]),
        outcomes=tuple(_frozen(np.concatenate([p.outcomes[k] for p in parts])) for k in range(count)),
        payoffs=tuple(
            frozen_map({player: _frozen(np.concatenate([p.payoffs[k][player] for p in parts])) for player in values})
            for k, values in enumerate(first.payoffs)
        ),
        ties=tuple(_frozen(np.concatenate([p.ties[k] for p in parts])) for k in range(count)),
        valid=tuple(_frozen(np.concatenate([p.valid[k] for p in parts])) for k in range(count)),
        outcome_labels=frozen_map(labels),
        outcome_alternatives=frozen_map(alternatives),
        overrides=first.overrides,
        exact_points_resolved=sum(p.exact_points_resolved for p in parts),
        distinct_matrices_solved=sum(p.distinct_matrices_solved for p in parts),
    )
