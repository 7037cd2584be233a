"""Thresholds: every value of one parameter where the equilibrium outcome changes.

The parameter's range is first scanned on a grid (one vectorised pass); each pair of
neighbouring grid points with different results brackets a change, and every bracket is
then bisected with exact solves at its midpoint (all brackets of a round in one batch,
:func:`~.points.solve_points`) until it is narrower than ``precision`` times the range.
A midpoint whose result differs from both ends splits its bracket in two, so narrow
regions between grid points are found too.

Most changes happen where a player is indifferent: exactly at the boundary several
equilibria coexist.  Such a boundary is reported once, with ``tie_at_boundary=True``,
rather than as two changes around a sliver of ties.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import ScenarioError, ScenarioWarning
from ..scenario.schema import ExtensiveGame, NormalGame, Scenario, frozen_map
from ..tolerance import DEFAULT_TOL
from .points import solve_points
from .sweep import SweepResult, grid_values
from .sweep_tree import OutcomeKeys

__all__ = ["Change", "ThresholdResult", "comparison_classes", "sweep_thresholds", "threshold"]

DEFAULT_PRECISION = 1e-9
"""Bisection stops when a bracket is narrower than this share of the range."""

TIE_SLIVER = 1e-6
"""A region of ties narrower than this share of the range is one boundary, not two changes."""

COMPARISON_CLASSES = ("a_better", "equal", "b_better")

MAX_ROUNDS = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One place where the result changes.

    Attributes
    ----------
    at : float
        The boundary, to within ``precision`` times the range.
    below, above : str
        The result just below and just above: the outcome as sweeps name it (several
        ids joined with ``|`` where equilibria coexist), or for a comparison one of
        ``a_better``, ``equal``, ``b_better``.
    below_ids, above_ids : tuple of str
        The outcome ids of ``below`` and ``above`` (for a comparison, the class).
    tie_at_boundary : bool
        At ``at`` itself a player is indifferent (several equilibria, or equal payoffs).
    """

    at: float
    below: str
    above: str
    below_ids: tuple[str, ...]
    above_ids: tuple[str, ...]
    tie_at_boundary: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ThresholdResult:
    """Every change point of a scenario's outcome (or of a comparison) over one parameter.

    Attributes
    ----------
    scenarios : tuple of Scenario
        One (outcome changes) or two (changes of who is better for ``player``).
    parameter : str
    low, high : float
        The range searched.
    player : str or None
        For two scenarios: whose payoff difference B - A decides.
    changes : tuple of Change
        In increasing order of ``at``.
    start : str
        The result at ``low``.
    labels : mapping
        Outcome (as in ``Change.below``) -> human label.
    overrides : mapping
        Other parameters fixed for the search.
    grid_points : int
        Points of the bracketing grid.
    precision : float
        Share of the range to which each boundary is located.
    exact_solves : int
        Points solved during bisection (each through the exact solvers).
    """

    scenarios: tuple[Scenario, ...]
    parameter: str
    low: float
    high: float
    player: str | None
    changes: tuple[Change, ...]
    start: str
    labels: Mapping[str, str]
    overrides: Mapping[str, float]
    grid_points: int
    precision: float
    exact_solves: int

    def to_record(self) -> dict[str, Any]:
        """The result as JSON data (DESIGN §4: ``parameter`` and ``changes``, plus context).

        Returns
        -------
        dict
            ``parameter``, ``range``, ``scenarios``, ``player``, ``start``, ``changes``
            (``at``, ``below``, ``above``, ``tie_at_boundary``, ``below_ids``,
            ``above_ids``), ``fixed``, ``grid_points``, ``precision``, ``exact_solves``.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
        >>> [round(change["at"], 9) for change in threshold(sc, "p_high").to_record()["changes"]]
        [0.0, 0.333333333, 1.0]
        """
        return {
            "parameter": self.parameter,
            "range": [self.low, self.high],
            "scenarios": [{"id": s.id, "title": s.title, "path": s.path} for s in self.scenarios],
            "player": self.player,
            "start": self.start,
            "changes": [
                {
                    "at": c.at,
                    "below": c.below,
                    "above": c.above,
                    "tie_at_boundary": c.tie_at_boundary,
                    "below_ids": list(c.below_ids),
                    "above_ids": list(c.above_ids),
                }
                for c in self.changes
            ],
            "fixed": dict(self.overrides),
            "grid_points": self.grid_points,
            "precision": self.precision,
            "exact_solves": self.exact_solves,
        }


State = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


def threshold(
    scenario_or_pair: Scenario | Sequence[Scenario],
    parameter: str,
    *,
    player: str | None = None,
    overrides: Mapping[str, float] | None = None,
    bounds: tuple[float, float] | None = None,
    points: int = 201,
    precision: float = DEFAULT_PRECISION,
    tol: float = DEFAULT_TOL,
) -> ThresholdResult:
    """Find every value of ``parameter`` where the equilibrium outcome, or who is better off, changes.

    Parameters
    ----------
    scenario_or_pair : Scenario or (Scenario, Scenario)
        One scenario: changes of its equilibrium outcome.  Two (A, B): changes of the
        sign of ``player``'s payoff difference B - A (``a_better``, ``equal``, ``b_better``).
    parameter : str
        The parameter searched.
    player : str, optional
        Required for two scenarios.
    overrides : mapping, optional
        Other parameters fixed at a value.
    bounds : (low, high), optional
        The interval searched; default the parameter's declared range.
    points : int, optional
        Points of the bracketing grid (default 201).  Two changes closer than the grid
        step are still found when the result between them differs from both sides.
    precision : float, optional
        Each boundary is located to this share of the range (default 1e-9).
    tol : float, optional
        Relative tie tolerance.

    Returns
    -------
    ThresholdResult

    Raises
    ------
    ScenarioError
        For an unknown parameter or player, a parameter without a range and no
        ``bounds``, a missing ``player`` for two scenarios, or invalid settings.

    Examples
    --------
    The seller of ``chance_move.yaml`` switches to the high price once a high-value
    buyer is likely enough (3 for sure against 9 p: p = 1/3), indifferent exactly there;
    at p = 0 and p = 1 one of the buyer types is never drawn, which changes the outcomes
    reached too:

    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
    >>> change = threshold(sc, "p_high").changes[1]
    >>> round(change.at, 9), change.tie_at_boundary
    (0.333333333, True)
    >>> change.below, change.above
    ('sale_low_price_high_value|sale_low_price_low_value', 'no_sale|sale_high_price_high_value')
    """
    scenarios = (scenario_or_pair,) if isinstance(scenario_or_pair, Scenario) else tuple(scenario_or_pair)
    if not 1 <= len(scenarios) <= 2:
        raise ScenarioError([f"threshold takes one scenario or two to compare, found {len(scenarios)}"])
    for item in scenarios:
        if not isinstance(item.game, (NormalGame, ExtensiveGame)):
            raise ScenarioError([f"{item.path}: has no game to analyse (it only declares players and parameters)"])
    fixed = dict(overrides or {})
    if parameter in fixed:
        raise ScenarioError([f"parameter '{parameter}' is both searched and fixed; give it once"])
    if not 0 < precision < 1:
        raise ScenarioError([f"precision must lie between 0 and 1 (a share of the range), found {precision}"])
    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise ScenarioError([f"points must be an integer of at least 2, found {points!r}"])
    grid = grid_values(scenarios[0], parameter, bounds, points=points)
    for scenario in scenarios[1:]:
        grid_values(scenario, parameter, bounds, points=points)
    for scenario in scenarios:
        scenario.evaluate(fixed)
    low, high = float(grid[0]), float(grid[-1])
    if not low < high:
        raise ScenarioError([f"threshold {parameter}: the range must have low < high, found [{low:g}, {high:g}]"])
    labels: dict[str, str] = {}
    alternatives: OutcomeKeys = {}
    state = _state_function(scenarios, parameter, fixed, player, tol, labels, alternatives)
    keys, _ = state(grid)
    brackets = [
        (float(grid[k]), float(grid[k + 1]), str(keys[k]), str(keys[k + 1]))
        for k in range(len(grid) - 1)
        if keys[k] != keys[k + 1]
    ]
    width = precision * (high - low)
    final, solves = _bisect(brackets, state, width)
    changes = _changes(final, state, high - low, alternatives)
    return ThresholdResult(
        scenarios=scenarios,
        parameter=parameter,
        low=low,
        high=high,
        player=player,
        changes=tuple(changes),
        start=str(keys[0]),
        labels=frozen_map(labels),
        overrides=frozen_map({k: float(v) for k, v in fixed.items()}),
        grid_points=len(grid),
        precision=precision,
        exact_solves=solves,
    )


def _state_function(
    scenarios: tuple[Scenario, ...],
    parameter: str,
    fixed: dict[str, float],
    player: str | None,
    tol: float,
    labels: dict[str, str],
    alternatives: OutcomeKeys,
) -> State:
    # Invalid points are reported once, for the grid (the first call); bisection steps stay quiet.
    quiet = itertools.chain([False], itertools.repeat(True))
    if len(scenarios) == 1:
        if player is not None:
            raise ScenarioError(["--player applies to two scenarios (whose payoff difference decides)"])

        def outcome(xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            part = solve_points(scenarios[0], {parameter: xs}, fixed, tol=tol, quiet=next(quiet))
            labels.update(part.labels)
            alternatives.update(part.alternatives)
            return np.asarray(part.outcomes, dtype=str), np.asarray(part.ties, dtype=bool)

        return outcome
    shared = [p for p in scenarios[0].player_ids if p in scenarios[1].player_ids]
    if player is None or player not in shared:
        from ..scenario.expressions import suggest

        found = "no player given" if player is None else f"unknown player '{player}'{suggest(player, shared)}"
        raise ScenarioError(
            [
                f"comparing two scenarios needs the player whose payoffs decide: {found}; "
                f"expected one of {', '.join(shared)}"
            ]
        )
    labels.update(
        {"a_better": f"{scenarios[0].title} better", "equal": "equal", "b_better": f"{scenarios[1].title} better"}
    )
    alternatives.update({key: (key,) for key in ("a_better", "equal", "b_better")})

    def comparison(xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        hush = next(quiet)
        parts = [solve_points(s, {parameter: xs}, fixed, tol=tol, quiet=hush) for s in scenarios]
        return comparison_classes([part.payoffs for part in parts], player, tol)

    return comparison


def comparison_classes(
    payoffs: Sequence[Mapping[str, np.ndarray]], player: str, tol: float
) -> tuple[np.ndarray, np.ndarray]:
    """Who is better off, point by point: the one rule of ``threshold`` and the maps' boundaries.

    Parameters
    ----------
    payoffs : (A's, B's) mappings
        Player -> payoff array (one shape for all) of each scenario.
    player : str
        Whose difference B - A decides.
    tol : float
        Relative tie tolerance, on the largest absolute payoff of both games at each point.

    Returns
    -------
    (keys, equal) : (ndarray of str, ndarray of bool)
        ``a_better``, ``equal`` or ``b_better`` at each point, and where it is ``equal``.

    Examples
    --------
    >>> import numpy as np
    >>> a = {"p": np.array([1.0, 2.0, 3.0])}
    >>> comparison_classes([a, {"p": np.array([2.0, 2.0, 1.0])}], "p", 1e-9)[0].tolist()
    ['b_better', 'equal', 'a_better']
    """
    scale = np.max([np.abs(np.asarray(v, dtype=float)) for part in payoffs for v in part.values()], axis=0)
    atol = np.where(scale > 0, tol * scale, tol)
    difference = np.asarray(payoffs[1][player], dtype=float) - np.asarray(payoffs[0][player], dtype=float)
    code = np.where(difference > atol, 2, np.where(difference < -atol, 0, 1))
    return np.array(COMPARISON_CLASSES)[code], code == 1


def _bisect(
    brackets: list[tuple[float, float, str, str]], state: State, width: float
) -> tuple[list[tuple[float, float, str, str]], int]:
    done = [b for b in brackets if b[1] - b[0] <= width]
    open_ = [b for b in brackets if b[1] - b[0] > width]
    solves = 0
    for _ in range(MAX_ROUNDS):
        if not open_:
            break
        mids = np.array([(lo + hi) / 2 for lo, hi, _, _ in open_])
        keys, _ = state(mids)
        solves += len(mids)
        following = []
        for (lo, hi, below, above), mid, key in zip(open_, mids.tolist(), keys.tolist(), strict=True):
            if key == below:
                following.append((mid, hi, below, above))
            elif key == above:
                following.append((lo, mid, below, above))
            else:
                following += [(lo, mid, below, key), (mid, hi, key, above)]
        done += [b for b in following if b[1] - b[0] <= width]
        open_ = [b for b in following if b[1] - b[0] > width]
    done.extend(open_)  # MAX_ROUNDS halvings cannot leave a bracket wider than any sensible width
    return sorted(done), solves


def _changes(
    final: list[tuple[float, float, str, str]], state: State, span: float, alternatives: OutcomeKeys
) -> list[Change]:
    if not final:
        return []
    at = np.array([(lo + hi) / 2 for lo, hi, _, _ in final])
    keys, _ = state(at)
    merged: list[Change] = []
    for (_, _, below, above), point, key in zip(final, at.tolist(), keys.tolist(), strict=True):
        previous = merged[-1] if merged else None
        # A sliver of ties between two changes is one boundary where a player is indifferent.
        if (
            previous is not None
            and previous.above == below
            and point - previous.at <= TIE_SLIVER * span
            and _is_tie_of(below, previous.below, above, alternatives)
        ):
            merged[-1] = _change((previous.at + point) / 2, previous.below, above, True, alternatives)
            continue
        tie = key not in (below, above) and _is_tie_of(key, below, above, alternatives)
        merged.append(_change(point, below, above, tie, alternatives))
    return merged


def _is_tie_of(middle: str, below: str, above: str, alternatives: OutcomeKeys) -> bool:
    if middle == "equal":
        return True
    # An invalid point (no outcome ids) is never one side of a tie.
    ids, lower, upper = (set(alternatives[key]) for key in (middle, below, above))
    return bool(lower) and bool(upper) and lower <= ids and upper <= ids


def _change(at: float, below: str, above: str, tie: bool, alternatives: OutcomeKeys) -> Change:
    return Change(
        at=at,
        below=below,
        above=above,
        below_ids=alternatives[below],
        above_ids=alternatives[above],
        tie_at_boundary=tie,
    )


def sweep_thresholds(result: SweepResult, *, tol: float = DEFAULT_TOL) -> tuple[ThresholdResult, ...]:
    """The change points of each scenario of a 1-D sweep, over the sweep's interval.

    The sweep's grid only shows between which of its points an outcome changes; this
    locates each change to 1e-9 of the interval, at the sweep's fixed overrides, so tables
    and plots can mark the exact boundaries.

    Parameters
    ----------
    result : SweepResult
        A 1-D sweep.
    tol : float, optional

    Returns
    -------
    tuple of ThresholdResult
        One per scenario of the sweep, in order.

    Raises
    ------
    ValueError
        If the sweep varies more than one parameter.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.sweep import sweep
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
    >>> found, = sweep_thresholds(sweep(sc, {"p_high": [0.1, 0.9]}))
    >>> [round(c.at, 9) for c in found.changes]
    [0.333333333]
    """
    if len(result.varied) != 1:
        raise ValueError(f"sweep_thresholds needs a 1-D sweep, found {len(result.varied)} varied parameters")
    axis = result.axes[0]
    bounds = (float(axis[0]), float(axis[-1]))
    if not bounds[0] < bounds[1]:
        return ()
    with warnings.catch_warnings():  # the sweep has warned about its invalid points already
        warnings.simplefilter("ignore", ScenarioWarning)
        return tuple(
            threshold(s, result.varied[0], overrides=dict(result.overrides), bounds=bounds, tol=tol)
            for s in result.scenarios
        )
