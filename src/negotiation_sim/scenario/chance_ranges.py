"""Chance probabilities over the declared parameter ranges, not only at the defaults.

Loading a scenario checks its chance probabilities at the defaults.  A probability written as
an expression (``p_storm``, ``1 - 2 * share``) can still leave [0, 1] elsewhere inside the
ranges a sweep or an uncertainty run will explore; :func:`chance_range_warnings` finds such
points before those runs mark them invalid.  The parameters a chance node depends on
(directly or through derived quantities) are varied over: each alone across its range (the
others at their defaults, as a 1-D sweep does), every corner of their box (a random choice
of corners when there are too many), and a uniform random sample of the box — all in one
vectorised evaluation.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np

from ..errors import Problem
from .elements import ChanceNode, ExtensiveGame, ScenarioContent
from .evaluation import PROBABILITY_TOL

__all__ = ["chance_range_warnings"]

SUM_TOL = 1e-6
"""How far chance probabilities may sum from 1 (as in evaluation)."""

_LINE_POINTS = 21
_SHOWN_PARAMETERS = 8


def chance_range_warnings(
    scenario: ScenarioContent, *, samples: int = 2048, max_corners: int = 4096, seed: int = 0
) -> tuple[Problem, ...]:
    """Warn where chance probabilities leave [0, 1] (or stop summing to 1) inside the declared ranges.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario (its defaults are valid).
    samples : int, optional
        Uniform random points drawn from the box of the ranges.
    max_corners : int, optional
        Every corner of the box is checked when there are at most this many; otherwise this
        many corners drawn at random.
    seed : int, optional
        Seed of the random points, so that the same scenario always gives the same warning.

    Returns
    -------
    tuple of Problem
        One warning per chance node, located at the node and naming the first offending
        point found (parameter values; those left out are at their defaults).  Empty when
        every point checked is valid or the scenario has no chance node.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.parse_scenario('''
    ... format: negotiation-sim/1
    ... title: Storm
    ... players: {a: {}}
    ... parameters: {p_storm: {value: 0.5, range: [0, 2]}}
    ... game:
    ...   kind: extensive
    ...   root: weather
    ...   nodes:
    ...     weather: {chance: {storm: {probability: p_storm, next: wet}, calm: {probability: 1 - p_storm, next: dry}}}
    ...   outcomes: {wet: {payoffs: {a: 0}}, dry: {payoffs: {a: 1}}}
    ... ''')
    >>> (warning,) = chance_range_warnings(sc)
    >>> warning.line, warning.key_path, warning.severity
    (10, 'game.nodes.weather.chance', 'warning')
    >>> print(warning.message.split(";")[0])
    chance probabilities leave [0, 1] inside the declared parameter ranges: storm=1.1, calm=-0.1 at p_storm=1.1
    >>> chance_range_warnings(ns.load_scenario("textbook/chance_move.yaml"))
    ()
    """
    game = scenario.game
    if not isinstance(game, ExtensiveGame):
        return ()
    nodes = [node for node in game.nodes.values() if isinstance(node, ChanceNode) and node.branches]
    if not nodes:
        return ()
    used = _parameters_used(scenario, nodes)
    ranges = {
        name: p.range for name, p in scenario.parameters.items() if name in used and p.range and p.range[0] < p.range[1]
    }
    if not ranges:
        return ()
    points = _box_points(scenario, ranges, samples=samples, max_corners=max_corners, seed=seed)
    count = len(next(iter(points.values())))
    env: dict[str, np.ndarray] = {
        name: np.broadcast_to(points.get(name, np.asarray(p.value, dtype=float)), (count,))
        for name, p in scenario.parameters.items()
    }
    for item in scenario.derived:
        env[item.name] = np.broadcast_to(np.asarray(item.expression(env), dtype=float), (count,))
    warnings = []
    for node in nodes:
        probs = np.stack(
            [np.broadcast_to(np.asarray(b.probability(env), dtype=float), (count,)) for b in node.branches]
        )
        finite = np.all(np.isfinite(probs), axis=0)
        outside = np.any((probs < -PROBABILITY_TOL) | (probs > 1 + PROBABILITY_TOL), axis=0)
        off_sum = np.abs(probs.sum(axis=0) - 1.0) > SUM_TOL
        bad = ~finite | outside | off_sum
        if not bad.any():
            continue
        k = int(np.argmax(bad))
        if not finite[k]:
            what = "are not finite numbers"
        elif outside[k]:
            what = "leave [0, 1]"
        else:
            what = "do not sum to 1"
        found = ", ".join(f"{b.name}={probs[i, k]:.6g}" for i, b in enumerate(node.branches))
        if off_sum[k] and finite[k]:
            found += f" (sum {probs[:, k].sum():.6g})"
        location = node.location
        warnings.append(
            Problem(
                message=f"chance probabilities {what} inside the declared parameter ranges: {found} at "
                f"{_point(scenario, points, k)}; the defaults are valid, so this is only a warning, but sweeps "
                "and uncertainty runs over these ranges will report such points as invalid (narrow the ranges, "
                "or keep the probabilities in [0, 1], e.g. with clip(x, 0, 1) and 1 - clip(x, 0, 1))",
                file=location.file if location else scenario.path,
                line=location.line if location else None,
                column=location.column if location else None,
                key_path=f"game.nodes.{node.id}.chance",
                severity="warning",
            )
        )
    return tuple(warnings)


def _parameters_used(scenario: ScenarioContent, nodes: list[ChanceNode]) -> set[str]:
    """Parameters the nodes' probabilities read, directly or through derived quantities."""
    derived = {d.name: d.expression for d in scenario.derived}
    seen: set[str] = set()
    pending = [name for node in nodes for branch in node.branches for name in branch.probability.names]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in derived:
            pending.extend(derived[name].names)
    return seen & set(scenario.parameters)


def _box_points(
    scenario: ScenarioContent,
    ranges: Mapping[str, tuple[float, float]],
    *,
    samples: int,
    max_corners: int,
    seed: int,
) -> dict[str, np.ndarray]:
    """Points of the box, first one parameter at a time, then the corners, then random ones."""
    names = list(ranges)
    low = np.array([ranges[n][0] for n in names])
    high = np.array([ranges[n][1] for n in names])
    defaults = np.array([scenario.parameters[n].value for n in names])
    lines = []
    for i in range(len(names)):
        line = np.tile(defaults, (_LINE_POINTS, 1))
        line[:, i] = np.linspace(low[i], high[i], _LINE_POINTS)
        lines.append(line)
    rng = np.random.default_rng(seed)
    if len(names) <= max_corners.bit_length() - 1:
        picks = np.array(list(itertools.product((0, 1), repeat=len(names))), dtype=bool)
    else:
        picks = rng.integers(0, 2, size=(max_corners, len(names))).astype(bool)
    corners = np.where(picks, high, low)
    random = low + rng.random((max(0, samples), len(names))) * (high - low)
    table = np.concatenate([*lines, corners, random])
    return {name: table[:, i] for i, name in enumerate(names)}


def _point(scenario: ScenarioContent, points: Mapping[str, np.ndarray], k: int) -> str:
    """The parameters of point ``k`` that differ from their defaults."""
    changed = [
        f"{name}={float(values[k]):.6g}"
        for name, values in points.items()
        if float(values[k]) != scenario.parameters[name].value
    ]
    shown = ", ".join(changed[:_SHOWN_PARAMETERS]) + (", ..." if len(changed) > _SHOWN_PARAMETERS else "")
    if len(changed) < len(points):
        shown += " (the other parameters at their defaults)"
    return shown
