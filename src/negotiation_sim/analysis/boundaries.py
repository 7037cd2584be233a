"""Boundaries of a 2-D sweep: where the outcome (or who is better off) changes on the map.

A 2-D sweep only says between which neighbouring grid points the result changes.  Each
such grid edge is bisected with exact solves along the edge (all edges of a round in one
batch, :func:`~.points.solve_points`), with the rule :func:`~.threshold.threshold` uses, so
a boundary crossing a grid line sits where ``threshold`` along that line puts it.  Within
each grid cell the crossings on its edges are joined into line segments (two crossings:
one segment; three or four, where regions meet: each joined to their centre), which is
what the region and comparison maps draw.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import ScenarioError
from ..scenario.schema import Scenario
from ..tolerance import DEFAULT_TOL
from .points import solve_points
from .sweep import SweepResult
from .threshold import COMPARISON_CLASSES, comparison_classes

__all__ = ["Crossing", "MapBoundaries", "map_boundaries"]

DEFAULT_MAP_PRECISION = 1e-6
"""Bisection along a grid edge stops below this share of the parameter's range."""

MAX_ROUNDS = 60

Point = tuple[float, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class Crossing:
    """Where a boundary crosses one grid line.

    Attributes
    ----------
    x, y : float
        The crossing (one of them a grid value, the other bisected).
    along : str
        The parameter bisected (the first or second varied parameter).
    below, above : str
        The result on the lower and upper side along ``along``.
    """

    x: float
    y: float
    along: str
    below: str
    above: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MapBoundaries:
    """The boundaries of one region map (or of a comparison map) of a 2-D sweep.

    Attributes
    ----------
    varied : (str, str)
        The x and y parameters.
    scenarios : tuple of Scenario
        One (outcome regions) or two (A, B: who is better for ``player``).
    player : str or None
    crossings : tuple of Crossing
        One per grid edge whose two ends differ.
    segments : tuple of ((x0, y0), (x1, y1))
        The boundary lines, cell by cell.
    labels : dict
        Result key -> label (outcome labels, or the comparison classes).
    precision : float
        Share of each range to which the crossings are located.
    exact_solves : int
        Points solved during bisection.
    """

    varied: tuple[str, str]
    scenarios: tuple[Scenario, ...]
    player: str | None
    crossings: tuple[Crossing, ...]
    segments: tuple[tuple[Point, Point], ...]
    labels: dict[str, str]
    precision: float
    exact_solves: int

    def pairs(self) -> dict[tuple[str, str], list[Crossing]]:
        """The crossings grouped by the two results they separate (in sorted order).

        Returns
        -------
        dict
            ``(key, key)`` -> crossings, ordered by the number of crossings, most first.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> from negotiation_sim.analysis.sweep import sweep
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "islands" / "territory_first.yaml")
        >>> grid = sweep(sc, {"china_threat": [0.1, 0.5, 0.8], "russia_aid_value": [1, 6]})
        >>> {pair: len(found) for pair, found in map_boundaries(grid).pairs().items()}
        {('deal_two_first', 'impasse'): 3}
        """
        grouped: dict[tuple[str, str], list[Crossing]] = defaultdict(list)
        for crossing in self.crossings:
            low, high = sorted((crossing.below, crossing.above))
            grouped[(low, high)].append(crossing)
        return dict(sorted(grouped.items(), key=lambda item: -len(item[1])))


def map_boundaries(
    result: SweepResult,
    *,
    scenario: int = 0,
    player: str | None = None,
    precision: float = DEFAULT_MAP_PRECISION,
    tol: float = DEFAULT_TOL,
) -> MapBoundaries:
    """Locate the boundaries of a 2-D sweep's outcome regions, or of its comparison map.

    Grid edges with an invalid end (NaN or infinite payoffs) are left out; midpoints that
    turn out invalid count as a change from the lower end.

    Parameters
    ----------
    result : SweepResult
        A 2-D sweep.
    scenario : int, optional
        Whose outcome regions (ignored when ``player`` is given).
    player : str, optional
        Locate instead where ``player``'s better strategy changes between the first (A)
        and the last (B) scenario (``a_better``, ``equal``, ``b_better``, the rule of
        :func:`~.threshold.threshold`).
    precision : float, optional
        Share of each range to which crossings are bisected (default 1e-6).
    tol : float, optional
        Relative tie tolerance.

    Returns
    -------
    MapBoundaries

    Raises
    ------
    ValueError
        If the sweep is not 2-D, ``scenario`` is out of range, ``player`` is unknown or
        there is only one scenario to compare.

    Examples
    --------
    Territory-first wins two islands first once Russia's value of aid makes cooperation
    worth more than the islands cost it (``russia_aid_value`` = 5.24 - 2 ``china_threat``):

    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.sweep import sweep
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "islands" / "territory_first.yaml")
    >>> grid = sweep(sc, {"china_threat": [0.2, 0.6], "russia_aid_value": [1, 6]})
    >>> [(round(c.x, 3), round(c.y, 3)) for c in map_boundaries(grid).crossings]
    [(0.2, 4.84), (0.6, 4.04)]
    """
    if len(result.varied) != 2:
        raise ValueError(f"map_boundaries needs a 2-D sweep, found {len(result.varied)} varied parameter(s)")
    x_name, y_name = result.varied
    x = np.asarray(result.axes[0], dtype=float)
    y = np.asarray(result.axes[1], dtype=float)
    fixed = dict(result.overrides)
    if player is None:
        if not -len(result.scenarios) <= scenario < len(result.scenarios):
            raise ValueError(f"scenario index {scenario} is out of range: the sweep has {len(result.scenarios)}")
        chosen: tuple[Scenario, ...] = (result.scenarios[scenario],)
        keys = np.asarray(result.outcomes[scenario]).astype(str)
        valid = np.asarray(result.valid[scenario], dtype=bool)
        labels = dict(result.outcome_labels)
    else:
        if len(result.scenarios) < 2:
            raise ValueError("comparison boundaries need a sweep of two scenarios (A and B)")
        first, last = result.payoffs[0], result.payoffs[-1]
        if player not in first or player not in last:
            raise ValueError(f"unknown player {player!r}; the scenarios' players are {', '.join(result.players())}")
        chosen = (result.scenarios[0], result.scenarios[-1])
        keys = comparison_classes([first, last], player, tol)[0]
        valid = np.asarray(result.valid[0], dtype=bool) & np.asarray(result.valid[-1], dtype=bool)
        names = (chosen[0].title, chosen[1].title)
        labels = dict(zip(COMPARISON_CLASSES, (f"{names[0]} better", "equal", f"{names[1]} better"), strict=True))

    def state(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        values = {x_name: xs, y_name: ys}
        parts = [solve_points(s, values, fixed, tol=tol, quiet=True) for s in chosen]
        if player is None:
            labels.update({k: v for k, v in parts[0].labels.items() if k not in labels})
            return np.asarray(parts[0].outcomes).astype(str)
        return comparison_classes([part.payoffs for part in parts], player, tol)[0]

    # Grid edges whose ends differ: along x (between columns i, i+1 at row j) and along y.
    edges: list[tuple[str, int, int]] = []
    # An edge with an invalid end (NaN or infinite payoffs) has no boundary to locate.
    along_x = np.argwhere((keys[:-1, :] != keys[1:, :]) & valid[:-1, :] & valid[1:, :])
    along_y = np.argwhere((keys[:, :-1] != keys[:, 1:]) & valid[:, :-1] & valid[:, 1:])
    edges += [("x", int(i), int(j)) for i, j in along_x]
    edges += [("y", int(i), int(j)) for i, j in along_y]
    crossings, solves = _bisect_edges(edges, keys, x, y, (x_name, y_name), state, precision)
    return MapBoundaries(
        varied=(x_name, y_name),
        scenarios=chosen,
        player=player,
        crossings=tuple(crossings.values()),
        segments=tuple(_segments(crossings, x, y)),
        labels=labels,
        precision=precision,
        exact_solves=solves,
    )


def _bisect_edges(
    edges: list[tuple[str, int, int]],
    keys: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    names: tuple[str, str],
    state: Callable[[np.ndarray, np.ndarray], np.ndarray],
    precision: float,
) -> tuple[dict[tuple[str, int, int], Crossing], int]:
    """Bisect every edge at once; each converges on the first change from its lower end."""
    if not edges:
        return {}, 0
    along_x = np.array([edge[0] == "x" for edge in edges])
    i = np.array([edge[1] for edge in edges])
    j = np.array([edge[2] for edge in edges])
    lo = np.where(along_x, x[i], y[j])
    hi = np.where(along_x, x[np.minimum(i + 1, len(x) - 1)], y[np.minimum(j + 1, len(y) - 1)])
    fixed_at = np.where(along_x, y[j], x[i])
    below = keys[i, j]
    above = np.where(along_x, keys[np.minimum(i + 1, len(x) - 1), j], keys[i, np.minimum(j + 1, len(y) - 1)])
    width = np.where(along_x, precision * (x[-1] - x[0]), precision * (y[-1] - y[0]))
    solves = 0
    for _ in range(MAX_ROUNDS):
        open_ = hi - lo > width
        if not open_.any():
            break
        mid = (lo + hi) / 2
        xs = np.where(along_x, mid, fixed_at)[open_]
        ys = np.where(along_x, fixed_at, mid)[open_]
        try:
            found = state(xs, ys)
        except ScenarioError:  # every midpoint invalid: stop refining, keep the brackets found so far
            break
        solves += len(found)
        same = np.zeros(len(edges), dtype=bool)
        same[open_] = found == below[open_]
        lo = np.where(open_ & same, mid, lo)
        hi = np.where(open_ & ~same, mid, hi)
    at = (lo + hi) / 2
    crossings = {}
    for k, edge in enumerate(edges):
        px, py = (at[k], fixed_at[k]) if along_x[k] else (fixed_at[k], at[k])
        crossings[edge] = Crossing(
            x=float(px), y=float(py), along=names[0 if along_x[k] else 1], below=str(below[k]), above=str(above[k])
        )
    return crossings, solves


def _segments(
    crossings: dict[tuple[str, int, int], Crossing], x: np.ndarray, y: np.ndarray
) -> list[tuple[Point, Point]]:
    """Join the crossings on each grid cell's four edges into line segments."""
    cells: dict[tuple[int, int], list[Point]] = defaultdict(list)
    for (along, i, j), crossing in crossings.items():
        point = (crossing.x, crossing.y)
        # An edge along x at row j borders the cells (i, j-1) and (i, j); along y at column i, (i-1, j) and (i, j).
        neighbours = [(i, j - 1), (i, j)] if along == "x" else [(i - 1, j), (i, j)]
        for ci, cj in neighbours:
            if 0 <= ci < len(x) - 1 and 0 <= cj < len(y) - 1:
                cells[(ci, cj)].append(point)
    segments: list[tuple[Point, Point]] = []
    for _, points in sorted(cells.items()):
        if len(points) == 2:
            segments.append((points[0], points[1]))
        elif len(points) > 2:
            centre = (float(np.mean([p[0] for p in points])), float(np.mean([p[1] for p in points])))
            segments += [(point, centre) for point in points]
    return segments
