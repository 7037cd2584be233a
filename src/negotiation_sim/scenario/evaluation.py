"""Turn a scenario's expressions into a numeric game, at one point or over a grid.

:func:`evaluate` returns a :class:`~negotiation_sim.games.NormalFormGame` or a
:class:`~negotiation_sim.games.GameTree`: the numbers the solvers take.  The parameter
and derived values, the invalid-point mask and its problems travel on the game
(:class:`~negotiation_sim.games.NumericGame`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np

from ..errors import ParameterRangeWarning, Problem, ScenarioError, warn
from ..games import NormalFormGame, NumericGame
from .elements import ChanceNode, ExtensiveGame, NormalGame, ScenarioContent
from .expressions import suggest

if TYPE_CHECKING:  # pragma: no cover
    from ..games import Chance, Decision, GameTree

    Evaluation: TypeAlias = NormalFormGame | GameTree | NumericGame
    """What :meth:`Scenario.evaluate` returns: the scenario's numeric game (values only without a game)."""

__all__ = ["Evaluation", "evaluate", "parse_overrides", "resolve_overrides"]


def __getattr__(name: str) -> Any:
    # ``Evaluation`` names GameTree, whose module a normal-form scenario does not otherwise
    # load; the union is built on first use (start-up time).
    if name != "Evaluation":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from ..games import GameTree

    union = NormalFormGame | GameTree | NumericGame
    globals()[name] = union
    return union


PROBABILITY_TOL = 1e-9


def parse_overrides(items: list[str] | tuple[str, ...]) -> dict[str, float]:
    """Parse ``name=value`` strings (the CLI's ``--set``) into a dict.

    Parameters
    ----------
    items : sequence of str
        Each ``name=number``.

    Returns
    -------
    dict
        Name -> float.

    Raises
    ------
    ScenarioError
        If an item has no ``=`` or its value is not a finite number.

    Examples
    --------
    >>> parse_overrides(["china_threat=0.9", "trust_gain = .5"])
    {'china_threat': 0.9, 'trust_gain': 0.5}
    """
    result: dict[str, float] = {}
    problems = []
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            problems.append(Problem(message=f"expected name=value, found {item!r}", key_path="--set"))
            continue
        try:
            value = float(text.strip())
        except ValueError:
            problems.append(Problem(message=f"expected a number, found {text.strip()!r}", key_path=f"--set {name}"))
            continue
        if not math.isfinite(value):
            problems.append(
                Problem(message=f"expected a finite number, found {text.strip()}", key_path=f"--set {name}")
            )
            continue
        result[name] = value
    if problems:
        raise ScenarioError(problems)
    return result


def resolve_overrides(scenario: ScenarioContent, overrides: Mapping[str, object] | None) -> dict[str, np.ndarray]:
    """Check overrides against a scenario and return them as float arrays.

    Unknown names are errors with a suggestion; values outside a parameter's
    declared range are allowed but emit :class:`~negotiation_sim.errors.ParameterRangeWarning`.

    Parameters
    ----------
    scenario : Scenario
        (anything with its ``path``, ``parameters``, ``derived``, ``game`` and ``player_ids``)
        The scenario whose parameters are overridden.
    overrides : mapping or None
        Parameter name -> number or array.

    Returns
    -------
    dict
        Name -> float array.

    Raises
    ------
    ScenarioError
        For an unknown or derived name, or a value that is not numeric or not finite.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
    >>> {name: value.tolist() for name, value in resolve_overrides(sc, {"temptation": [4, 6]}).items()}
    {'temptation': [4.0, 6.0]}
    >>> resolve_overrides(sc, {"temptaton": 6})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    negotiation_sim.errors.ScenarioError: ...unknown parameter 'temptaton' (did you mean 'temptation'?)
    """
    result: dict[str, np.ndarray] = {}
    problems = []
    derived = {d.name for d in scenario.derived}
    for name, value in (overrides or {}).items():
        if name not in scenario.parameters:
            if name in derived:
                message = f"'{name}' is a derived quantity; override the parameters it is computed from"
            else:
                message = f"unknown parameter '{name}'{suggest(name, scenario.parameters)}"
            problems.append(Problem(message=message, file=scenario.path, key_path=f"override {name}"))
            continue
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            problems.append(
                Problem(
                    message=f"expected a number, found {value!r}",
                    file=scenario.path,
                    key_path=f"override {name}",
                )
            )
            continue
        if not np.all(np.isfinite(array)):
            problems.append(Problem(message="expected finite numbers", file=scenario.path, key_path=f"override {name}"))
            continue
        declared = scenario.parameters[name].range
        if declared is not None and array.size and (array.min() < declared[0] or array.max() > declared[1]):
            shown = f"{float(array)}" if array.ndim == 0 else f"values from {array.min()} to {array.max()}"
            warn(
                f"{scenario.path}: parameter '{name}' set to {shown}, outside its declared range "
                f"[{declared[0]:g}, {declared[1]:g}]",
                ParameterRangeWarning,
            )
        result[name] = array
    if problems:
        raise ScenarioError(problems)
    return result


def evaluate(
    scenario: ScenarioContent, overrides: Mapping[str, object] | None = None, *, invalid: str = "raise"
) -> Evaluation:
    """Evaluate a scenario; see :meth:`Scenario.evaluate`.

    With ``invalid="mask"`` NaN/inf payoffs and invalid chance probabilities do not raise:
    the points are flagged in the game's ``invalid`` mask and described in its
    ``problems`` (sweeps use this to return the rest of the grid).

    Parameters
    ----------
    scenario : Scenario
        The scenario to evaluate.
    overrides : mapping, optional
        Parameter name -> number or array; arrays broadcast against each other to one grid.
    invalid : {"raise", "mask"}, optional
        Raise on NaN/inf payoffs and invalid chance probabilities, or flag those points.

    Returns
    -------
    NormalFormGame or GameTree or NumericGame
        The numeric game; parameter and derived values in ``values``.

    Raises
    ------
    ValueError
        If ``invalid`` is neither ``"raise"`` nor ``"mask"``.
    ScenarioError
        For invalid overrides, override arrays that do not broadcast to one grid, or (with
        ``invalid="raise"``) NaN/inf payoffs or invalid chance probabilities.

    Examples
    --------
    >>> import numpy as np
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
    >>> grid = evaluate(sc, {"temptation": np.array([4.0, 6.0])})
    >>> grid.shape, grid.matrices["suspect_a"][1, 0].tolist()
    ((2,), [4.0, 6.0])
    >>> evaluate(sc, invalid="ignore")
    Traceback (most recent call last):
        ...
    ValueError: invalid must be 'raise' or 'mask', not 'ignore'
    """
    if invalid not in ("raise", "mask"):
        raise ValueError(f"invalid must be 'raise' or 'mask', not {invalid!r}")
    given = resolve_overrides(scenario, overrides)
    try:
        shape = np.broadcast_shapes(*(a.shape for a in given.values()))
    except ValueError:
        shapes = ", ".join(f"{k}: {v.shape}" for k, v in given.items())
        raise ScenarioError([f"override arrays do not broadcast to one grid ({shapes})"]) from None
    env: dict[str, np.ndarray] = {}
    for name, parameter in scenario.parameters.items():
        env[name] = np.broadcast_to(given.get(name, np.asarray(parameter.value)), shape)
    for item in scenario.derived:
        env[item.name] = _full(item.expression(env), shape)
    game = scenario.game
    problems: list[Problem] = []
    bad_points = np.zeros(shape, dtype=bool)
    matrices: dict[str, np.ndarray] = {}
    outcome_payoffs: dict[str, np.ndarray] = {}
    probabilities: dict[str, np.ndarray] = {}
    if isinstance(game, NormalGame):
        rows, cols = game.shape
        for player in game.players:
            matrix = np.empty((rows, cols, *shape))
            for i, row in enumerate(game.payoffs[player]):
                for j, cell in enumerate(row):
                    matrix[i, j] = _full(cell(env), shape)
                    bad = ~np.isfinite(matrix[i, j])
                    bad_points |= bad
                    if bad.any():
                        loc = game.cell_locations.get((player, i, j))
                        cell_name = f"{game.strategies[game.players[0]][i]}, {game.strategies[game.players[1]][j]}"
                        problems.append(
                            Problem(
                                message=f"payoff of '{player}' in cell ({cell_name}) = {cell.source!r} is "
                                f"{_first_bad(matrix[i, j], bad)} at {_point(env, scenario, given, bad)}",
                                file=loc.file if loc else scenario.path,
                                line=loc.line if loc else None,
                                column=loc.column if loc else None,
                                key_path=f"game.payoffs.{player}[{i}][{j}]",
                            )
                        )
            matrices[player] = matrix
    elif isinstance(game, ExtensiveGame):
        for outcome_id, outcome in game.outcomes.items():
            values = np.empty((len(game.players), *shape))
            for k, player in enumerate(game.players):
                values[k] = _full(outcome.payoffs[player](env), shape)
                bad = ~np.isfinite(values[k])
                bad_points |= bad
                if bad.any():
                    loc = outcome.location
                    problems.append(
                        Problem(
                            message=f"payoff of '{player}' at outcome '{outcome_id}' = "
                            f"{outcome.payoffs[player].source!r} is {_first_bad(values[k], bad)} "
                            f"at {_point(env, scenario, given, bad)}",
                            file=loc.file if loc else scenario.path,
                            line=loc.line if loc else None,
                            column=loc.column if loc else None,
                            key_path=f"game.outcomes.{outcome_id}.payoffs.{player}",
                        )
                    )
            outcome_payoffs[outcome_id] = values
        for node_id, node in game.nodes.items():
            if isinstance(node, ChanceNode):
                probs = (
                    np.stack([_full(b.probability(env), shape) for b in node.branches])
                    if node.branches
                    else np.zeros((0, *shape))
                )
                loc = node.location
                bad = (
                    ~np.all(np.isfinite(probs), axis=0)
                    | np.any(probs < -PROBABILITY_TOL, axis=0)
                    | (np.abs(probs.sum(axis=0) - 1.0) > 1e-6)
                )
                bad_points |= bad
                if bad.any():
                    index = tuple(np.argwhere(bad)[0]) if shape else ()
                    found = ", ".join(f"{b.name}={probs[(k,) + index]:.6g}" for k, b in enumerate(node.branches))
                    problems.append(
                        Problem(
                            message=f"chance probabilities must be non-negative and sum to 1; found {found} "
                            f"(sum {probs[(slice(None),) + index].sum():.6g}) at {_point(env, scenario, given, bad)}",
                            file=loc.file if loc else scenario.path,
                            line=loc.line if loc else None,
                            column=loc.column if loc else None,
                            key_path=f"game.nodes.{node_id}.chance",
                        )
                    )
                probabilities[node_id] = np.clip(probs, 0.0, None)
    if problems and invalid == "raise":
        raise ScenarioError(problems)
    for array in (*env.values(), *matrices.values(), *outcome_payoffs.values(), *probabilities.values()):
        array.flags.writeable = False
    grid_shape = tuple(shape)
    named_values = MappingProxyType(env)
    parameter_names = tuple(scenario.parameters)
    invalid_mask = bad_points if invalid == "mask" else None
    if game is None:
        return NumericGame(
            players=(),
            grid_shape=grid_shape,
            values=named_values,
            parameter_names=parameter_names,
            invalid=invalid_mask,
            problems=tuple(problems),
        )
    if isinstance(game, NormalGame):
        row_player, column_player = game.players
        return NormalFormGame(
            players=game.players,
            strategies=(game.strategies[row_player], game.strategies[column_player]),
            row_payoffs=matrices[row_player],
            column_payoffs=matrices[column_player],
            grid_shape=grid_shape,
            values=named_values,
            parameter_names=parameter_names,
            invalid=invalid_mask,
            problems=tuple(problems),
        )
    from ..games import Chance, Decision, GameTree, Terminal

    nodes: dict[str, Decision | Chance] = {}
    for node_id, node in game.nodes.items():
        if isinstance(node, ChanceNode):
            nodes[node_id] = Chance(
                id=node_id, moves=node.moves, probabilities=probabilities[node_id], label=node.label
            )
        else:
            nodes[node_id] = Decision(
                id=node_id,
                player=node.player,
                moves=node.moves,
                information_set=node.information_set,
                label=node.label,
            )
    return GameTree(
        players=game.players,
        root=game.root,
        nodes=nodes,
        outcomes={o: Terminal(id=o, payoffs=outcome_payoffs[o], label=game.outcomes[o].label) for o in game.outcomes},
        grid_shape=grid_shape,
        values=named_values,
        parameter_names=parameter_names,
        invalid=invalid_mask,
        problems=tuple(problems),
    )


def _full(value: object, shape: tuple[int, ...]) -> np.ndarray:
    return np.array(np.broadcast_to(np.asarray(value, dtype=float), shape))


def _first_bad(values: np.ndarray, bad: np.ndarray) -> str:
    first = values[tuple(np.argwhere(bad)[0])] if values.ndim else values
    return "NaN" if np.isnan(first) else ("infinite" if first > 0 else "-infinite")


def _point(
    env: Mapping[str, np.ndarray], scenario: ScenarioContent, given: Mapping[str, np.ndarray], bad: np.ndarray
) -> str:
    """Describe the first offending grid point by its parameter values."""
    index = tuple(np.argwhere(bad)[0]) if bad.ndim else ()
    names = [n for n in given if given[n].ndim] or list(scenario.parameters)
    shown = ", ".join(f"{n}={float(env[n][index]):.6g}" for n in names[:8])
    return (shown or "the defaults (no parameters)") + (", ..." if len(names) > 8 else "")
