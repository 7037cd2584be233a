"""One-at-a-time sensitivity of a strategy comparison: the data of a tornado chart.

For two strategies (two scenarios with the same players) :func:`tornado` asks how one
player's payoff difference, B − A, moves as each parameter goes across its declared
range while every other parameter stays at its default (or override); given a single
scenario it asks the same of the player's payoff.  Each parameter is
one vectorised :func:`~negotiation_sim.analysis.sweep.sweep` over a 1-D grid, never a
solve per point.  This module imports neither matplotlib nor scipy nor nashpy;
:func:`negotiation_sim.plotting.plot_tornado` draws the result.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from ..errors import Problem, ScenarioError, SolverError
from ..scenario.expressions import suggest
from ..scenario.schema import Scenario, frozen_map
from ..tolerance import DEFAULT_TOL
from .compare import compare
from .display import data_frame, html_table
from .solve import solve
from .sweep import sweep
from .sweep_grid import check_grid_size
from .ties import game_tolerance

__all__ = ["FINE_POINTS", "TornadoBar", "TornadoResult", "tornado"]

FINE_POINTS = 21
"""Evenly spaced values per range at which the minimum and maximum are looked for."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TornadoBar:
    """How the payoff difference moves across one parameter's range.

    Attributes
    ----------
    parameter : str
        The parameter name.
    label, unit : str
        Its human label (the name when it has none) and unit, for tables and plots.
    low, high : float
        The ends of the range swept (the parameter's declared ``range``).
    difference_low, difference_high : float
        The payoff difference (B − A) with the parameter at ``low`` and at ``high``.
    minimum, maximum : float
        The smallest and largest difference over the range: over ``values`` and a
        :data:`FINE_POINTS`-point scan, plus the baseline point when it lies inside the
        range.  A difference that is not monotonic in the parameter can go beyond both
        ends, so ``minimum <= min(difference_low, difference_high)`` and ``maximum >=
        max(difference_low, difference_high)``.
    values, differences : tuple of float
        The ``points`` evenly spaced parameter values (ends included) and the difference at
        each; with the default ``points=2`` just the two ends.
    """

    parameter: str
    label: str
    unit: str
    low: float
    high: float
    difference_low: float
    difference_high: float
    minimum: float
    maximum: float
    values: tuple[float, ...]
    differences: tuple[float, ...]

    @property
    def swing(self) -> float:
        """``maximum − minimum``: how far the difference moves over the range (the sort key).

        Examples
        --------
        >>> bar = TornadoBar(parameter="cost", label="Cost of delay", unit="utils", low=0.0, high=10.0,
        ...                  difference_low=-3.0, difference_high=2.0, minimum=-4.0, maximum=2.0,
        ...                  values=(0.0, 10.0), differences=(-3.0, 2.0))
        >>> bar.swing
        6.0
        """
        return self.maximum - self.minimum

    @property
    def end_swing(self) -> float:
        """``|difference_high − difference_low|``: the classic tornado bar length.

        Examples
        --------
        >>> bar = TornadoBar(parameter="cost", label="Cost of delay", unit="utils", low=0.0, high=10.0,
        ...                  difference_low=-3.0, difference_high=2.0, minimum=-4.0, maximum=2.0,
        ...                  values=(0.0, 10.0), differences=(-3.0, 2.0))
        >>> bar.end_swing
        5.0
        """
        return abs(self.difference_high - self.difference_low)

    @property
    def display_label(self) -> str:
        """The label with the unit in brackets, e.g. ``"China's assertiveness (0 calm, 1 acute) [index]"``.

        Examples
        --------
        >>> bar = TornadoBar(parameter="cost", label="Cost of delay", unit="utils", low=0.0, high=10.0,
        ...                  difference_low=-3.0, difference_high=2.0, minimum=-4.0, maximum=2.0,
        ...                  values=(0.0, 10.0), differences=(-3.0, 2.0))
        >>> bar.display_label
        'Cost of delay [utils]'
        """
        return f"{self.label} [{self.unit}]" if self.unit else self.label


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class TornadoResult:
    """The one-at-a-time sensitivity of one player's payoff difference (B − A), or payoff.

    Attributes
    ----------
    player : str
        The player id.
    player_label : str
        Its human label.
    scenarios : tuple of Scenario
        ``(scenario_a, scenario_b)``: the bars' "differences" are B − A; or ``(scenario,)``:
        they are the player's payoff in that scenario (see :attr:`measure`).
    baseline : float
        The difference at the defaults with the overrides applied, equal to
        ``compare([a, b], overrides).difference[player]`` (with one scenario: the payoff).
    bars : tuple of TornadoBar
        One per parameter, largest :attr:`TornadoBar.swing` first (ties keep the scenario's
        parameter order).
    overrides : mapping
        The fixed parameter values (a parameter being swept is released from them).
    """

    player: str
    player_label: str
    scenarios: tuple[Scenario, ...]
    baseline: float
    bars: tuple[TornadoBar, ...]
    overrides: Mapping[str, float]

    def __repr__(self) -> str:
        """One line: ``TornadoResult(japan, B - A: 20 parameters, baseline 2.0)``."""
        return (
            f"TornadoResult({self.player}, {self.measure}: {len(self.bars)} parameters, baseline {self.baseline:.4g})"
        )

    def _repr_html_(self) -> str:
        """A compact HTML table of the bars, largest swing first."""
        headers = ["parameter", "low", "high", f"{self.measure} at low", f"{self.measure} at high", "swing"]
        numbers = [(b.low, b.high, b.difference_low, b.difference_high, b.maximum - b.minimum) for b in self.bars]
        rows = [[b.label or b.parameter, *(f"{v:.4g}" for v in n)] for b, n in zip(self.bars, numbers, strict=True)]
        return html_table(headers, rows, caption=f"{self.player_label}: {self.measure}, baseline {self.baseline:.4g}")

    def to_dataframe(self) -> Any:
        """The rows of :meth:`to_rows` as a pandas ``DataFrame``, one per bar.

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
        >>> pd = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
        >>> tornado(pd, None, "suspect_a", parameters=["punishment"]).to_dataframe()["parameter"].tolist()
        ['punishment']
        """
        rows = self.to_rows()
        return data_frame(rows, list(rows[0]) if rows else ["player", "parameter"])

    @property
    def measure(self) -> str:
        """What the bars measure: ``"B - A"`` (two scenarios) or ``"payoff"`` (one).

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> pd = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
        >>> tornado(pd, None, "suspect_a", parameters=["punishment"]).measure
        'payoff'
        """
        return "B - A" if len(self.scenarios) == 2 else "payoff"

    @property
    def titles(self) -> tuple[str, ...]:
        """The scenarios' titles (A, B; or the one scenario's), each falling back to the scenario id.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> islands = ns.bundled_scenarios_dir() / "islands"
        >>> a = ns.load_scenario(islands / "territory_first.yaml")
        >>> b = ns.load_scenario(islands / "new_approach.yaml")
        >>> result = tornado(a, b, "japan", parameters=["japan_cost_two_final"])
        >>> result.titles
        ('Territory-first', 'New approach (cooperation first, territory later)')
        """
        return tuple(s.title or s.id for s in self.scenarios)

    def to_rows(self) -> list[dict[str, Any]]:
        """One flat dict per bar, in bar order, for CSV or JSON.

        Returns
        -------
        list of dict
            Keys ``player``, ``parameter``, ``label``, ``unit``, ``low``, ``high``,
            ``baseline``, ``difference_low``, ``difference_high``, ``minimum``,
            ``maximum`` and ``swing``.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> islands = ns.bundled_scenarios_dir() / "islands"
        >>> a = ns.load_scenario(islands / "territory_first.yaml")
        >>> b = ns.load_scenario(islands / "new_approach.yaml")
        >>> result = tornado(a, b, "japan", parameters=["japan_cost_two_final"])
        >>> row = result.to_rows()[0]
        >>> row["parameter"], row["baseline"], row["difference_low"], row["difference_high"], row["swing"]
        ('japan_cost_two_final', 2.0, -3.0, 2.0, 5.0)
        """
        return [
            {
                "player": self.player,
                "parameter": bar.parameter,
                "label": bar.label,
                "unit": bar.unit,
                "low": bar.low,
                "high": bar.high,
                "baseline": self.baseline,
                "difference_low": bar.difference_low,
                "difference_high": bar.difference_high,
                "minimum": bar.minimum,
                "maximum": bar.maximum,
                "swing": bar.swing,
            }
            for bar in self.bars
        ]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: the scenarios, player, baseline, overrides and the bars.

        Returns
        -------
        dict
            ``{"scenarios": [{"id", "title", "path"}, ...], "player", "player_label",
            "difference": self.measure, "baseline", "overrides", "bars": [...]}``; each bar as in
            :meth:`to_rows` (without the repeated player and baseline) plus ``values`` and
            ``differences``.

        Examples
        --------
        >>> import json
        >>> import negotiation_sim as ns
        >>> islands = ns.bundled_scenarios_dir() / "islands"
        >>> a = ns.load_scenario(islands / "territory_first.yaml")
        >>> b = ns.load_scenario(islands / "new_approach.yaml")
        >>> result = tornado(a, b, "japan", parameters=["japan_cost_two_final"])
        >>> data = json.loads(json.dumps(result.to_dict()))  # JSON-ready
        >>> [s["id"] for s in data["scenarios"]], data["difference"], data["baseline"]
        (['territory-first', 'new-approach'], 'B - A', 2.0)
        >>> data["bars"][0]["values"], data["bars"][0]["differences"]
        ([0.0, 10.0], [-3.0, 2.0])
        """
        bars = []
        for bar, row in zip(self.bars, self.to_rows(), strict=True):
            del row["player"], row["baseline"]
            row["values"] = list(bar.values)
            row["differences"] = list(bar.differences)
            bars.append(row)
        return {
            "scenarios": [{"id": s.id, "title": s.title, "path": s.path} for s in self.scenarios],
            "player": self.player,
            "player_label": self.player_label,
            "difference": self.measure,
            "baseline": self.baseline,
            "overrides": dict(self.overrides),
            "bars": bars,
        }


def tornado(
    scenario_a: Scenario,
    scenario_b: Scenario | None,
    player: str,
    overrides: Mapping[str, float] | None = None,
    *,
    parameters: Sequence[str] | None = None,
    points: int = 2,
    tol: float = DEFAULT_TOL,
) -> TornadoResult:
    """One-at-a-time sensitivity of ``player``'s payoff difference between two strategies.

    The difference is B − A, each payoff taken from the first equilibrium in the solvers'
    stable order, the convention of :func:`~negotiation_sim.analysis.compare.compare` and
    :func:`~negotiation_sim.analysis.sweep.sweep`.  Each parameter in turn goes across its
    declared range (scenario A's ``range``) while the others stay at their defaults with
    ``overrides`` applied; a parameter that is also overridden is released from the
    overrides while it is swept.  Both scenarios are swept together, one vectorised 1-D
    sweep per parameter.

    A bar reports the difference at both ends of the range and, because the difference
    need not be monotonic (an outcome can switch inside the range), its minimum and maximum
    over a :data:`FINE_POINTS`-point scan.  Bars are sorted by ``maximum − minimum``.
    Differences within the tie tolerance are 0.0 and float noise beyond 12 significant
    digits is rounded away, as in :func:`compare`.

    Parameters
    ----------
    scenario_a, scenario_b : Scenario
        The two strategies, with the same players; the difference is B − A.  Each parameter
        is varied in both at once.  With ``scenario_b=None`` the bars are the player's
        payoff in ``scenario_a`` (the "differences" of the result are then payoffs).
    player : str
        The player whose payoff difference is analysed.
    overrides : mapping, optional
        Parameter name -> number, the point around which parameters are varied.
    parameters : sequence of str, optional
        The parameters to vary, in this order before sorting.  By default every parameter
        of scenario A that has a declared range and also exists in scenario B.
    points : int, optional
        Evenly spaced values per range, ends included, reported in each bar's ``values``
        and ``differences`` (at least 2; by default 2, the two ends).  They join the
        :data:`FINE_POINTS` scan for the minimum and maximum.
    tol : float, optional
        Relative tie tolerance.

    Returns
    -------
    TornadoResult

    Raises
    ------
    ScenarioError
        If the players differ, ``player`` is unknown (with a suggestion), a parameter is
        unknown to either scenario or has no declared range, no parameter qualifies, an
        override is invalid, or ``points`` is below 2 or above the grid limit.
    SolverError
        If a solver limit is exceeded.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.tornado import tornado
    >>> islands = ns.bundled_scenarios_dir() / "islands"
    >>> a = ns.load_scenario(islands / "territory_first.yaml")
    >>> b = ns.load_scenario(islands / "new_approach.yaml")
    >>> result = tornado(a, b, "japan")
    >>> result.baseline  # new approach minus territory-first, at the defaults
    2.0
    >>> top = result.bars[0]
    >>> top.parameter, top.difference_low, top.difference_high
    ('japan_cost_two_final', -3.0, 2.0)
    >>> cost = next(bar for bar in result.bars if bar.parameter == "russia_alignment_cost")
    >>> cost.difference_low, cost.difference_high, cost.maximum  # highest inside the range
    (-2.0, -0.75, 2.0)
    >>> [bar.swing for bar in result.bars if bar.parameter == "bastion_value"]
    [0.0]
    """
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or points < 2:
        raise ScenarioError([f"tornado needs at least 2 points per range, found {points!r}"])
    check_grid_size([int(points)])  # before any range is spread out
    scenarios = (scenario_a,) if scenario_b is None else (scenario_a, scenario_b)
    _check_player(scenarios, player)
    names = _parameters(scenarios, parameters)
    fixed = {k: float(v) for k, v in (overrides or {}).items()}
    if scenario_b is None:
        solution = solve(scenario_a, fixed, tol=tol)
        if not solution.equilibria:
            raise SolverError(f"{scenario_a.path}: no equilibrium found at the baseline")
        baseline = float(f"{float(solution.equilibria[0].payoffs[player]):.12g}") + 0.0
    else:
        baseline = compare(list(scenarios), fixed, tol=tol).difference[player]
    bars = []
    for name in names:
        declared = scenario_a.parameters[name]
        # _parameters kept only parameters that declare a range.
        low, high = (float(v) for v in cast("tuple[float, float]", declared.range))
        values = np.linspace(low, high, int(points))
        grid = np.unique(np.concatenate([values, np.linspace(low, high, FINE_POINTS)]))
        others = {k: v for k, v in fixed.items() if k != name}
        result = sweep(list(scenarios), {name: grid}, others, tol=tol)
        atol = game_tolerance(scenarios, player, {**others, name: grid}, tol)
        measured = result.payoffs[-1][player] - (result.payoffs[0][player] if len(scenarios) == 2 else 0.0)
        difference = _clean(measured, atol)
        at = {float(x): float(d) for x, d in zip(grid, difference, strict=True)}
        # Grid points with invalid payoffs (NaN) are left out of the minimum and maximum.
        scanned = [d for d in at.values() if math.isfinite(d)]
        centre = fixed.get(name, declared.value)
        if low <= centre <= high:
            scanned.append(baseline)
        bars.append(
            TornadoBar(
                parameter=name,
                label=declared.display_label,
                unit=declared.unit,
                low=low,
                high=high,
                difference_low=at[float(grid[0])],
                difference_high=at[float(grid[-1])],
                minimum=min(scanned, default=math.nan),
                maximum=max(scanned, default=math.nan),
                values=tuple(float(v) for v in values),
                differences=tuple(at[float(v)] for v in values),
            )
        )
    bars.sort(key=lambda bar: -bar.swing)  # stable: equal swings keep parameter order
    return TornadoResult(
        player=player,
        player_label=scenario_a.player_label(player),
        scenarios=scenarios,
        baseline=baseline,
        bars=tuple(bars),
        overrides=frozen_map(fixed),
    )


def _clean(difference: np.ndarray, atol: np.ndarray) -> list[float]:
    """Zero differences within the player's tie tolerance and round float noise, like :func:`compare`."""
    out = []
    for d, eps in zip(difference.tolist(), np.broadcast_to(atol, difference.shape).tolist(), strict=True):
        if not math.isfinite(d):
            out.append(math.nan)
        else:
            out.append(0.0 if abs(d) <= eps else float(f"{d:.12g}") + 0.0)
    return out


def _check_player(scenarios: tuple[Scenario, ...], player: str) -> None:
    a, b = scenarios[0], scenarios[-1]
    if set(a.player_ids) != set(b.player_ids):
        raise ScenarioError(
            [
                f"scenario '{b.id}' has players {', '.join(b.player_ids)} but '{a.id}' has "
                f"{', '.join(a.player_ids)}; a tornado compares two strategies of the same players"
            ]
        )
    if player not in a.player_ids:
        raise ScenarioError(
            [
                Problem(
                    message=f"unknown player '{player}'{suggest(player, a.player_ids)}",
                    file=a.path,
                    key_path="players",
                )
            ]
        )


def _parameters(scenarios: tuple[Scenario, ...], parameters: Sequence[str] | None) -> list[str]:
    a, b = scenarios[0], scenarios[-1]
    if parameters is None:
        names = [n for n, p in a.parameters.items() if p.range is not None and n in b.parameters]
        if not names:
            which = f"scenario '{a.id}' has" if a is b else f"scenarios '{a.id}' and '{b.id}' share"
            raise ScenarioError([f"{which} no parameter with a declared range to vary"])
        return names
    if isinstance(parameters, str):
        parameters = [parameters]
    problems: list[Problem | str] = []
    for name in parameters:
        for sc in scenarios:
            if name not in sc.parameters:
                problems.append(
                    Problem(
                        message=f"scenario '{sc.id}' has no parameter '{name}'{suggest(name, sc.parameters)}",
                        file=sc.path,
                        key_path=f"parameters.{name}",
                    )
                )
        if name in a.parameters and a.parameters[name].range is None:
            problems.append(
                Problem(
                    message=f"parameter '{name}' declares no range, so a tornado cannot vary it",
                    file=a.path,
                    key_path=f"parameters.{name}",
                )
            )
    if len(set(parameters)) != len(parameters):
        problems.append("a parameter is listed twice in `parameters`")
    if not parameters:
        problems.append("`parameters` is empty; name at least one parameter to vary")
    if problems:
        raise ScenarioError(problems)
    return list(parameters)
