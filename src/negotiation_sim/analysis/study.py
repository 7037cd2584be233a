"""A whole study of one scenario or a pair: the data behind ``negotiation-sim report``.

:func:`run_study` solves the scenarios at the defaults (with overrides), compares a pair,
scans every parameter with a range one at a time to find where the outcome (or, for a
pair, who is better off) changes, sweeps the one or two parameters of the maps, and
for a pair computes the tornado of each player.  Everything is vectorised sweeps and
exact solves; formatting is left to :mod:`negotiation_sim.report`, drawing to
:mod:`negotiation_sim.plotting`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import ScenarioError
from ..scenario.expressions import suggest
from ..scenario.schema import Scenario, frozen_map
from ..tolerance import DEFAULT_TOL
from .compare import Comparison, compare
from .solve import Solution, solve
from .sweep import SweepResult, grid_values, sweep
from .tornado import TornadoResult, tornado

__all__ = ["SCAN_POINTS", "OutcomeChange", "ParameterScan", "Study", "run_study"]

SCAN_POINTS = 201
"""Grid points per parameter of the one-at-a-time scan."""

COMPARISON_LABELS = {"a_better": "A better", "equal": "equal", "b_better": "B better"}


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeChange:
    """One place along a parameter's range where the result changes.

    Attributes
    ----------
    at : float
        Where it changes: the middle of the grid step that brackets it.
    bracket : (float, float)
        Neighbouring grid values with different results.
    below, above : str
        The result on each side: an outcome as sweeps name it, or for a comparison one of
        ``a_better``, ``equal``, ``b_better``.
    tie_at_boundary : bool
        At ``at`` itself both results coexist (a player is indifferent there): a single
        grid point of ties between ``below`` and ``above`` is one change, not two.
    """

    at: float
    bracket: tuple[float, float]
    below: str
    above: str
    tie_at_boundary: bool = False


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


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Study:
    """Everything a report states about one scenario or a pair.

    Attributes
    ----------
    scenarios : tuple of Scenario
        One, or two (A, B; differences are B − A).
    overrides : mapping
        Parameters set for the whole study.
    players : tuple of str
        The players the comparison maps, tornados and scans report on.
    solutions : tuple of Solution
        Each scenario at the defaults with the overrides.
    comparison : Comparison or None
        For a pair.
    scans : tuple of ParameterScan
        Every parameter with a range (shared by both scenarios of a pair), in file order.
    outcome_labels : mapping
        Outcome key (as in the scans and the maps) -> label.
    maps : SweepResult or None
        The sweep over the map parameters (None when no parameter has a range).
    maps_chosen : bool
        The map parameters were picked by the study (those nearest to a change), not asked for.
    tornados : tuple of TornadoResult
        For a pair: one per player in ``players``.
    """

    scenarios: tuple[Scenario, ...]
    overrides: Mapping[str, float]
    players: tuple[str, ...]
    solutions: tuple[Solution, ...]
    comparison: Comparison | None
    scans: tuple[ParameterScan, ...]
    outcome_labels: Mapping[str, str]
    maps: SweepResult | None
    maps_chosen: bool
    tornados: tuple[TornadoResult, ...]

    def label(self, key: str) -> str:
        """The human label of an outcome key or comparison class; coexisting outcomes ``a|b`` read "A or B"."""
        if key in COMPARISON_LABELS:
            return COMPARISON_LABELS[key]
        parts = [self.outcome_labels.get(part, part) for part in key.split("|")]
        return " or ".join([parts[0], *(p[:1].lower() + p[1:] if p[1:2].islower() else p for p in parts[1:])])


def run_study(
    scenarios: Sequence[Scenario],
    *,
    overrides: Mapping[str, float] | None = None,
    vary: Mapping[str, Any] | None = None,
    players: Sequence[str] | None = None,
    points: int = 101,
    tol: float = DEFAULT_TOL,
) -> Study:
    """Solve, compare, scan and sweep one scenario or a pair.

    Parameters
    ----------
    scenarios : sequence of Scenario
        One, or two to compare (B − A).
    overrides : mapping, optional
        Parameter name -> value for the whole study.
    vary : mapping, optional
        One or two map parameters -> grid values (or None for the declared range, ``points``
        values).  By default the (up to) two parameters whose nearest change lies closest
        to their value, then those that move the payoffs most.
    players : sequence of str, optional
        The players to report on (default: every player).
    points : int, optional
        Grid points per axis of the maps when ``vary`` gives none.
    tol : float, optional
        Relative tie tolerance.

    Returns
    -------
    Study

    Raises
    ------
    ScenarioError
        For no scenario or more than two, a scenario without a game, an unknown player or
        parameter, more than two map parameters, or invalid overrides.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
    >>> study = run_study([sc], points=11)
    >>> study.maps.varied, [round(c.at, 2) for c in study.scans[0].changes[0]]
    (('p_high', 'price_high'), [0.0, 0.33, 1.0])
    """
    pair = tuple(scenarios)
    if not 1 <= len(pair) <= 2:
        raise ScenarioError([f"a report covers one scenario or two to compare, found {len(pair)}"])
    for scenario in pair:
        if scenario.game is None:
            raise ScenarioError([f"{scenario.path}: has no game (a parameter file for 'extends'); nothing to report"])
    fixed = {k: float(v) for k, v in (overrides or {}).items()}
    solutions = tuple(solve(s, fixed, tol=tol) for s in pair)
    comparison = compare(list(pair), fixed, tol=tol) if len(pair) == 2 else None
    chosen = _players(pair[0], players)
    labels: dict[str, str] = {}
    scans = tuple(_scan(pair, name, fixed, chosen, labels, tol) for name in _ranged(pair))
    maps_chosen = vary is None
    if vary is None:
        # Parameters that change the result, nearest change first; then the widest payoff spans.
        ranked = sorted(scans, key=lambda s: (not s.changes_anything, s.nearest(), -s.widest_span()))
        vary = {s.parameter: None for s in ranked[:2]}
    if len(vary) > 2:
        raise ScenarioError(["a report draws maps over one or two parameters; --vary at most twice"])
    maps = None
    if vary:
        axes = {name: grid_values(pair[0], name, spec, points=points) for name, spec in vary.items()}
        maps = sweep(list(pair), axes, {k: v for k, v in fixed.items() if k not in axes}, tol=tol)
        labels.update(maps.outcome_labels)
    tornados = tuple(tornado(pair[0], pair[1], p, fixed, tol=tol) for p in chosen) if len(pair) == 2 else ()
    return Study(
        scenarios=pair,
        overrides=frozen_map(fixed),
        players=chosen,
        solutions=solutions,
        comparison=comparison,
        scans=scans,
        outcome_labels=frozen_map(labels),
        maps=maps,
        maps_chosen=maps_chosen,
        tornados=tornados,
    )


def _players(scenario: Scenario, players: Sequence[str] | None) -> tuple[str, ...]:
    if players is None:
        return scenario.player_ids
    for player in players:
        if player not in scenario.player_ids:
            raise ScenarioError(
                [
                    f"--player {player}: unknown player{suggest(player, scenario.player_ids)}; "
                    f"players: {', '.join(scenario.player_ids)}"
                ]
            )
    return tuple(players)


def _ranged(pair: tuple[Scenario, ...]) -> list[str]:
    first = pair[0]
    return [n for n, p in first.parameters.items() if p.range is not None and all(n in s.parameters for s in pair)]


def _scan(
    pair: tuple[Scenario, ...],
    name: str,
    fixed: dict[str, float],
    players: tuple[str, ...],
    labels: dict[str, str],
    tol: float,
) -> ParameterScan:
    declared = pair[0].parameters[name]
    others = {k: v for k, v in fixed.items() if k != name}
    grid = grid_values(pair[0], name, points=SCAN_POINTS)
    result = sweep(list(pair), {name: grid}, others, tol=tol)
    labels.update(result.outcome_labels)
    changes = tuple(_changes(grid, np.asarray(outcomes)) for outcomes in result.outcomes)
    comparison: dict[str, tuple[OutcomeChange, ...]] = {}
    span: dict[str, tuple[float, float]] = {}
    scale = np.max([np.abs(v) for part in result.payoffs for v in part.values()], axis=0)
    for player in players:
        values = result.payoffs[0][player]
        if len(pair) == 2:
            values = result.payoffs[1][player] - values
            atol = np.where(scale > 0, tol * scale, tol)
            classes = np.where(values > atol, "b_better", np.where(values < -atol, "a_better", "equal"))
            comparison[player] = _changes(grid, classes)
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


def _changes(grid: np.ndarray, keys: np.ndarray) -> tuple[OutcomeChange, ...]:
    flips = [int(k) for k in np.flatnonzero(keys[1:] != keys[:-1])]
    out: list[OutcomeChange] = []
    k = 0
    while k < len(flips):
        i = flips[k]
        below, middle = str(keys[i]), str(keys[i + 1])
        if k + 1 < len(flips) and flips[k + 1] == i + 1 and _is_tie_of(middle, below, str(keys[i + 2])):
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


def _is_tie_of(middle: str, below: str, above: str) -> bool:
    if middle == "equal":
        return below != above
    parts = set(middle.split("|"))
    return below != above and set(below.split("|")) | set(above.split("|")) <= parts
