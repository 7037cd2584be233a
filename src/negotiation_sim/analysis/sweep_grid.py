"""Grid points of a sweep: axes, the size limit (checked before anything is allocated), and
grid points whose payoffs are invalid.

Used by :func:`negotiation_sim.analysis.sweep.sweep`; :func:`grid_values` is re-exported there.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import Problem, ScenarioError, ScenarioWarning, warn
from ..games import NormalFormGame
from ..limits import current_limits
from ..scenario.expressions import suggest
from ..scenario.schema import Scenario
from .sweep_tree import GridSolution

__all__ = [
    "DEFAULT_POINTS",
    "INVALID",
    "check_grid_size",
    "grid_values",
    "invalid_label",
    "mark_invalid",
    "sweep_axes",
    "without_invalid",
]


DEFAULT_POINTS = 101
"""Points per axis when an axis is built from a parameter's declared range."""


def check_grid_size(counts: Sequence[int]) -> None:
    """Refuse a grid with more points than the limit, before anything is allocated.

    Parameters
    ----------
    counts : sequence of int
        Points per axis.

    Raises
    ------
    ScenarioError
        If the product of ``counts`` exceeds ``current_limits().max_grid_points``
        (environment variable ``NEGOTIATION_SIM_MAX_GRID_POINTS``).

    Examples
    --------
    >>> check_grid_size([101, 101])
    >>> check_grid_size([10**9])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    negotiation_sim.errors.ScenarioError: the sweep grid has 1,000,000,000 points (1000000000), above ...
    """
    size = math.prod(int(c) for c in counts)
    limit = current_limits().max_grid_points
    if size > limit:
        raise ScenarioError(
            [
                f"the sweep grid has {size:,} points ({' x '.join(str(int(c)) for c in counts)}), above the "
                f"limit of {limit:,} grid points; use fewer points or raise the limit with the environment "
                "variable NEGOTIATION_SIM_MAX_GRID_POINTS"
            ]
        )


def grid_values(
    scenario: Scenario,
    name: str,
    spec: Sequence[float] | None = None,
    points: int = DEFAULT_POINTS,
) -> np.ndarray:
    """Evenly spaced values of one parameter, for a sweep axis.

    Parameters
    ----------
    scenario : Scenario
    name : str
        A parameter of ``scenario``.
    spec : (low, high) or (low, high, n), optional
        Explicit bounds (and number of points); by default the parameter's declared ``range``.
    points : int, optional
        Number of points when ``spec`` does not give one, by default 101.

    Returns
    -------
    ndarray
        ``numpy.linspace(low, high, n)``.

    Raises
    ------
    ScenarioError
        For an unknown parameter, a parameter without a declared range when no ``spec``
        is given, an invalid ``spec``, or more points than the grid limit (see
        :func:`check_grid_size`; checked before the axis is allocated).

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
    >>> grid_values(sc, "win", points=3).tolist()
    [0.5, 2.75, 5.0]
    >>> grid_values(sc, "win", (1, 2, 5)).tolist()
    [1.0, 1.25, 1.5, 1.75, 2.0]
    """
    _check_names(scenario, [name])
    where = f"vary {name}"
    if spec is None:
        declared = scenario.parameters[name].range
        if declared is None:
            raise ScenarioError(
                [
                    _problem(
                        scenario,
                        where,
                        f"parameter '{name}' declares no range; give the sweep bounds explicitly "
                        "as (low, high, points)",
                    )
                ]
            )
        bounds: tuple[float, ...] = declared
        count: object = points
    else:
        values = tuple(spec)
        if len(values) not in (2, 3):
            raise ScenarioError(
                [_problem(scenario, where, f"expected (low, high) or (low, high, points), found {spec!r}")]
            )
        bounds = values[:2]
        count = values[2] if len(values) == 3 else points
    try:
        low, high = (float(v) for v in bounds)
    except (TypeError, ValueError):
        raise ScenarioError([_problem(scenario, where, f"bounds must be numbers, found {spec!r}")]) from None
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ScenarioError([_problem(scenario, where, f"bounds must be finite, found {low}, {high}")])
    if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or count < 1:
        raise ScenarioError(
            [_problem(scenario, where, f"the number of points must be a positive integer, found {count!r}")]
        )
    check_grid_size([int(count)])  # before linspace allocates
    return np.linspace(low, high, int(count))


INVALID = ""
"""Outcome recorded at invalid grid points (NaN/inf payoffs, invalid chance probabilities).

Empty, so it can never be mistaken for an outcome id; :attr:`SweepResult.valid` is the flag
to test."""


def without_invalid(scenario: Scenario, game: Any, bad: np.ndarray, *, allow_all: bool = False) -> Any:
    """Warn about invalid grid points and neutralise them so the rest of the grid solves.

    ``game`` is the scenario's numeric game over the grid (a NormalFormGame or GameTree);
    the returned game has neutral payoffs (0) and uniform chance probabilities at ``bad``.
    When every point is invalid this raises the problems, unless ``allow_all`` (a batch of
    points inside a larger search, such as the midpoints of a bisection).
    """
    if bad.all() and not allow_all:
        raise ScenarioError(list(game.problems))
    shown = "; ".join(p.message for p in game.problems[:3])
    advice = (
        " (`negotiation-sim validate` names the parameter values where a probability leaves [0, 1])"
        if _chance_only(game.problems)
        else ""
    )
    warn(
        f"{scenario.path}: {int(bad.sum())} of {bad.size} grid points have {invalid_label(game.problems)} "
        f"and are reported as not valid, with no outcome and NaN payoffs{advice}: {shown}",
        ScenarioWarning,
    )

    def clean(array: np.ndarray, fill: float) -> np.ndarray:
        out = np.array(array)
        out[..., bad] = fill
        out.flags.writeable = False
        return out

    if isinstance(game, NormalFormGame):
        return dataclasses.replace(
            game, row_payoffs=clean(game.row_payoffs, 0.0), column_payoffs=clean(game.column_payoffs, 0.0)
        )
    from ..games import Chance, Terminal  # not at the top: trees load on first use

    nodes = {
        n: (
            dataclasses.replace(node, probabilities=clean(node.probabilities, 1.0 / max(1, len(node.moves))))
            if isinstance(node, Chance)
            else node
        )
        for n, node in game.nodes.items()
    }
    outcomes = {o: Terminal(id=o, payoffs=clean(t.payoffs, 0.0), label=t.label) for o, t in game.outcomes.items()}
    return dataclasses.replace(game, nodes=nodes, outcomes=outcomes)


def _chance_only(problems: Sequence[Problem]) -> bool:
    return bool(problems) and all(p.key_path.endswith(".chance") for p in problems)


def invalid_label(problems: Sequence[Problem]) -> str:
    """What made grid points invalid, from the evaluation's problems (the label of :data:`INVALID`).

    Parameters
    ----------
    problems : sequence of Problem
        The problems of an evaluation with ``invalid="mask"``.

    Returns
    -------
    str

    Examples
    --------
    >>> invalid_label([Problem(message="...", key_path="game.nodes.weather.chance")])
    'invalid chance probabilities (outside [0, 1] or not summing to 1)'
    >>> invalid_label([Problem(message="...", key_path="game.outcomes.deal.payoffs.japan")])
    'invalid payoffs (NaN or infinite)'
    """
    if _chance_only(problems):
        return "invalid chance probabilities (outside [0, 1] or not summing to 1)"
    if any(p.key_path.endswith(".chance") for p in problems):
        return "invalid payoffs (NaN or infinite) or chance probabilities"
    return "invalid payoffs (NaN or infinite)"


def mark_invalid(part: GridSolution, bad: np.ndarray, label: str = "invalid payoffs (NaN or infinite)") -> GridSolution:
    """Record the outcome :data:`INVALID` (labelled ``label``) and NaN payoffs at the ``bad`` points."""
    flat = bad.ravel()
    outcomes = np.array(part.outcomes, dtype=object).reshape(-1)
    outcomes[flat] = INVALID
    payoffs = {p: np.where(flat, np.nan, np.asarray(v, dtype=float).reshape(-1)) for p, v in part.payoffs.items()}
    ties = np.where(flat, False, np.asarray(part.ties).reshape(-1))
    labels = {**part.labels, INVALID: label}
    alternatives = {**part.alternatives, INVALID: ()}
    return dataclasses.replace(
        part,
        outcomes=outcomes.reshape(np.shape(part.outcomes)),
        payoffs={p: v.reshape(np.shape(part.outcomes)) for p, v in payoffs.items()},
        ties=ties.reshape(np.shape(part.outcomes)),
        labels=labels,
        alternatives=alternatives,
    )


def _problem(scenario: Scenario, key_path: str, message: str) -> Problem:
    return Problem(message=message, file=scenario.path, key_path=key_path)


def _check_names(scenario: Scenario, names: Sequence[str]) -> None:
    derived = {d.name for d in scenario.derived}
    problems = []
    for name in names:
        if name in scenario.parameters:
            continue
        if name in derived:
            message = f"'{name}' is a derived quantity; vary the parameters it is computed from"
        else:
            message = f"unknown parameter '{name}'{suggest(name, scenario.parameters)}"
        problems.append(_problem(scenario, f"vary {name}", message))
    if problems:
        raise ScenarioError(problems)


def sweep_axes(
    scenarios: tuple[Scenario, ...], vary: Mapping[str, object], overrides: Mapping[str, float] | None
) -> tuple[tuple[str, ...], tuple[np.ndarray, ...]]:
    varied = tuple(vary)
    if not 1 <= len(varied) <= 2:
        raise ScenarioError(
            [
                f"a sweep varies one or two parameters, found {len(varied)}"
                + (f" ({', '.join(varied)})" if varied else "")
            ]
        )
    for scenario in scenarios:
        _check_names(scenario, varied)
    for name, value in (overrides or {}).items():
        if name in vary:
            raise ScenarioError([f"parameter '{name}' is both varied and fixed in the overrides; give it once"])
        if np.ndim(value) != 0:
            raise ScenarioError([f"override '{name}' must be a single number (vary it with `vary` instead)"])
    axes = []
    for name in varied:
        values = vary[name]
        if values is None:
            axes.append(grid_values(scenarios[0], name))
            continue
        try:
            axis = np.array(values, dtype=float)
        except (TypeError, ValueError):
            raise ScenarioError([f"vary {name}: expected a 1-D sequence of numbers, found {values!r}"]) from None
        if axis.ndim != 1 or axis.size == 0:
            raise ScenarioError(
                [f"vary {name}: expected a non-empty 1-D sequence of numbers, found an array of shape {axis.shape}"]
            )
        if not np.all(np.isfinite(axis)):
            raise ScenarioError([f"vary {name}: expected finite numbers"])
        axes.append(axis)
    return varied, tuple(axes)
