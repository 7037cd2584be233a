"""One parameter moved across its range, the others held: where the outcome, or who is better off, changes.

:func:`scan_parameter` runs one vectorised 1-D sweep of a scenario or a pair and reports
every change between neighbouring grid points (a single grid point of ties between two
results is one change at that point); :func:`exact_changes` replaces those by the exact
change points of :func:`~.threshold.threshold`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from ..scenario.schema import Scenario, frozen_map
from .sweep import grid_values, sweep
from .sweep_tree import OutcomeKeys
from .threshold import ThresholdResult, threshold

__all__ = ["SCAN_POINTS", "OutcomeChange", "ParameterScan", "exact_changes", "find_thresholds", "scan_parameter"]

SCAN_POINTS = 201
"""Grid points per parameter of the one-at-a-time scan."""

_CLASS_IDS: Mapping[str, tuple[str, ...]] = frozen_map({key: (key,) for key in ("a_better", "equal", "b_better")})
"""A comparison class stands for itself (the ``alternatives`` of a comparison's changes)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeChange:
    """One place along a parameter's range where the result changes.

    Attributes
    ----------
    at : float
        Where it changes: exactly (see ``exact``), or the middle of the grid step that brackets it.
    bracket : (float, float)
        Neighbouring grid values with different results.
    below, above : str
        The result on each side: an outcome as sweeps name it, or for a comparison one of
        ``a_better``, ``equal``, ``b_better``.
    tie_at_boundary : bool
        At ``at`` itself both results coexist (a player is indifferent there): a single
        grid point of ties between ``below`` and ``above`` is one change, not two.
    exact : bool
        ``at`` was located by :func:`~.threshold.threshold` (bisection with exact solves, to
        1e-9 of the range) rather than taken from the scan's grid.
    """

    at: float
    bracket: tuple[float, float]
    below: str
    above: str
    tie_at_boundary: bool = False
    exact: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ParameterScan:
    """One parameter moved across its range with every other one held at its value.

    Attributes
    ----------
    parameter : str
    label, unit : str
    low, high, value : float
        The range and the value the other scans hold it at.
    changes : tuple of tuple of OutcomeChange
        Per scenario, where its equilibrium outcome changes.
    comparison : mapping
        A pair: player -> where the sign of B − A changes (empty for one scenario).
    payoff_span : mapping
        Player -> (lowest, highest) over the range of the payoff (one scenario) or of
        B − A (a pair).
    """

    parameter: str
    label: str
    unit: str
    low: float
    high: float
    value: float
    changes: tuple[tuple[OutcomeChange, ...], ...]
    comparison: Mapping[str, tuple[OutcomeChange, ...]]
    payoff_span: Mapping[str, tuple[float, float]]

    @property
    def changes_anything(self) -> bool:
        """Whether any outcome or comparison changes inside the range."""
        return any(self.changes) or any(self.comparison.values())

    def widest_span(self) -> float:
        """The largest ``high - low`` of :attr:`payoff_span` over the players (0 when none is finite)."""
        spans = [high - low for low, high in self.payoff_span.values() if np.isfinite(high - low)]
        return max(spans, default=0.0)

    def nearest(self) -> float:
        """Distance from ``value`` to the nearest change, as a share of the range (inf: none)."""
        points = [c.at for per in (*self.changes, *self.comparison.values()) for c in per]
        if not points:
            return float("inf")
        return min(abs(p - self.value) for p in points) / (self.high - self.low)


def scan_parameter(
    pair: tuple[Scenario, ...],
    name: str,
    fixed: dict[str, float],
    players: tuple[str, ...],
    labels: dict[str, str],
    tol: float,
    alternatives: OutcomeKeys | None = None,
) -> ParameterScan:
    """Sweep one parameter across its declared range (:data:`SCAN_POINTS` values), the others held.

    Parameters
    ----------
    pair : tuple of Scenario
        One scenario, or two (A, B) compared as B − A.
    name : str
        A parameter with a range, in every scenario.
    fixed : dict
        Parameter values held (``name`` itself is released).
    players : tuple of str
        Players whose payoff span (and, for a pair, comparison) is recorded.
    labels : dict
        Updated in place with the sweep's outcome labels.
    tol : float
        Relative tie tolerance.
    alternatives : dict, optional
        Updated in place with the sweep's outcome keys -> the outcome ids they stand for.

    Returns
    -------
    ParameterScan

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
    >>> scan = scan_parameter((sc,), "p_high", {}, sc.player_ids, {}, 1e-9)
    >>> [round(change.at, 4) for change in scan.changes[0]]
    [0.0025, 0.3325, 0.9975]
    """
    declared = pair[0].parameters[name]
    others = {k: v for k, v in fixed.items() if k != name}
    grid = grid_values(pair[0], name, points=SCAN_POINTS)
    result = sweep(list(pair), {name: grid}, others, tol=tol)
    labels.update(result.outcome_labels)
    if alternatives is not None:
        alternatives.update(result.outcome_alternatives)
    changes = tuple(_changes(grid, np.asarray(outcomes), result.outcome_alternatives) for outcomes in result.outcomes)
    comparison: dict[str, tuple[OutcomeChange, ...]] = {}
    span: dict[str, tuple[float, float]] = {}
    scale = np.max([np.abs(v) for part in result.payoffs for v in part.values()], axis=0)
    for player in players:
        values = result.payoffs[0][player]
        if len(pair) == 2:
            values = result.payoffs[1][player] - values
            atol = np.where(scale > 0, tol * scale, tol)
            classes = np.where(values > atol, "b_better", np.where(values < -atol, "a_better", "equal"))
            comparison[player] = _changes(grid, classes, _CLASS_IDS)
        finite = values[np.isfinite(values)]
        span[player] = (float(finite.min()), float(finite.max())) if finite.size else (np.nan, np.nan)
    low, high = declared.range or (float(grid[0]), float(grid[-1]))
    return ParameterScan(
        parameter=name,
        label=declared.display_label,
        unit=declared.unit,
        low=float(low),
        high=float(high),
        value=float(fixed.get(name, declared.value)),
        changes=changes,
        comparison=frozen_map(comparison),
        payoff_span=frozen_map(span),
    )


def find_thresholds(
    pair: tuple[Scenario, ...], scan: ParameterScan, fixed: dict[str, float], players: tuple[str, ...], tol: float
) -> list[ThresholdResult]:
    """Locate a scan's changes exactly: one :func:`~.threshold.threshold` search per scenario or player that changes.

    Parameters
    ----------
    pair : tuple of Scenario
    scan : ParameterScan
        From :func:`scan_parameter` on the same scenarios.
    fixed : dict
        Parameter values held (the scanned parameter is released).
    players : tuple of str
    tol : float

    Returns
    -------
    list of ThresholdResult
        Empty when the scan found no change.
    """
    others = {k: v for k, v in fixed.items() if k != scan.parameter}
    found = [
        threshold(scenario, scan.parameter, overrides=others, tol=tol)
        for scenario, changes in zip(pair, scan.changes, strict=True)
        if changes
    ]
    found += [
        threshold(pair, scan.parameter, player=player, overrides=others, tol=tol)
        for player in players
        if scan.comparison.get(player)
    ]
    return found


def exact_changes(pair: tuple[Scenario, ...], scan: ParameterScan, thresholds: list[ThresholdResult]) -> ParameterScan:
    """The scan with its changes replaced by the exact ones of :func:`find_thresholds` (where there are any).

    Parameters
    ----------
    pair : tuple of Scenario
    scan : ParameterScan
    thresholds : list of ThresholdResult
        Results for any parameters; those of ``scan.parameter`` are used.

    Returns
    -------
    ParameterScan
        Its changes have ``exact=True`` and ``bracket == (at, at)``.
    """

    def located(result: ThresholdResult) -> tuple[OutcomeChange, ...]:
        return tuple(
            OutcomeChange(
                at=c.at,
                bracket=(c.at, c.at),
                below=c.below,
                above=c.above,
                tie_at_boundary=c.tie_at_boundary,
                exact=True,
            )
            for c in result.changes
        )

    mine = [r for r in thresholds if r.parameter == scan.parameter]
    changes = list(scan.changes)
    comparison = dict(scan.comparison)
    for result in mine:
        if result.player is not None:
            comparison[result.player] = located(result)
        else:
            k = next(i for i, scenario in enumerate(pair) if scenario is result.scenarios[0])
            changes[k] = located(result)
    return replace(scan, changes=tuple(changes), comparison=frozen_map(comparison))


def _changes(
    grid: np.ndarray, keys: np.ndarray, alternatives: Mapping[str, tuple[str, ...]]
) -> tuple[OutcomeChange, ...]:
    flips = [int(k) for k in np.flatnonzero(keys[1:] != keys[:-1])]
    out: list[OutcomeChange] = []
    k = 0
    while k < len(flips):
        i = flips[k]
        below, middle = str(keys[i]), str(keys[i + 1])
        if k + 1 < len(flips) and flips[k + 1] == i + 1 and _is_tie_of(middle, below, str(keys[i + 2]), alternatives):
            # One grid point where both sides coexist: the boundary itself.
            above = str(keys[i + 2])
            out.append(
                OutcomeChange(
                    at=float(grid[i + 1]),
                    bracket=(float(grid[i]), float(grid[i + 2])),
                    below=below,
                    above=above,
                    tie_at_boundary=True,
                )
            )
            k += 2
            continue
        out.append(
            OutcomeChange(
                at=float((grid[i] + grid[i + 1]) / 2),
                bracket=(float(grid[i]), float(grid[i + 1])),
                below=below,
                above=middle,
            )
        )
        k += 1
    return tuple(out)


def _is_tie_of(middle: str, below: str, above: str, alternatives: Mapping[str, tuple[str, ...]]) -> bool:
    if middle == "equal":
        return below != above
    # An invalid point (no outcome ids) is never one side of a tie.
    parts, lower, upper = (set(alternatives[key]) for key in (middle, below, above))
    return below != above and bool(lower) and bool(upper) and lower | upper <= parts
