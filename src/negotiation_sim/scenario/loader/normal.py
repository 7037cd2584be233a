"""A ``game:`` section of ``kind: normal``: two players' strategies and payoff matrices."""

from __future__ import annotations

from collections.abc import Collection
from typing import cast

from ..expressions import Expression, suggest
from ..schema import Location, NormalGame, frozen_map
from ..yaml_reader import describe_value
from .report import FileReport

__all__ = ["NORMAL_KEYS", "read_normal_game"]

NORMAL_KEYS = ("kind", "strategies", "payoffs")


def read_normal_game(
    report: FileReport, game: dict, player_ids: tuple[str, ...], known: Collection[str]
) -> NormalGame | None:
    """Read a normal-form game: ``strategies`` per player and one payoff matrix per player.

    Parameters
    ----------
    report : FileReport
        Where problems are recorded.
    game : dict
        The ``game:`` mapping.
    player_ids : tuple of str
        The scenario's players (exactly two for a normal form).
    known : collection of str
        Names the payoff expressions may use.

    Returns
    -------
    NormalGame or None
        None after recording problems.
    """
    if len(player_ids) != 2:
        report.error(("players",), f"a normal-form game needs exactly two players, found {len(player_ids)}")
        return None
    strategies = _strategies(report, game, player_ids)
    matrices = report.mapping(game.get("payoffs"), ("game", "payoffs"), "one payoff matrix per player")
    if matrices is None or strategies is None:
        return None
    rows, cols = (len(strategies[p]) for p in player_ids)
    for name in matrices:
        if name not in player_ids:
            report.error(("game", "payoffs", name), f"unknown player '{name}'{suggest(name, player_ids)}", at_key=True)
    payoffs: dict[str, tuple[tuple[Expression | None, ...], ...]] = {}
    cells: dict[tuple[str, int, int], Location] = {}
    ok = True
    for player in player_ids:
        key = ("game", "payoffs", player)
        if player not in matrices:
            report.error(("game", "payoffs"), f"payoffs missing for player '{player}'")
            ok = False
            continue
        matrix = matrices[player]
        if (
            not isinstance(matrix, list)
            or len(matrix) != rows
            or not all(isinstance(r, list) and len(r) == cols for r in matrix)
        ):
            found = (
                f"{len(matrix)} rows of lengths {[len(r) if isinstance(r, list) else '?' for r in matrix]}"
                if isinstance(matrix, list)
                else describe_value(matrix)
            )
            report.error(
                key,
                f"expected a {rows}x{cols} matrix ({rows} rows for "
                f"{', '.join(strategies[player_ids[0]])}; {cols} entries each for "
                f"{', '.join(strategies[player_ids[1]])}), found {found}",
            )
            ok = False
            continue
        parsed_rows = []
        for i, row in enumerate(matrix):
            parsed = []
            for j, cell in enumerate(row):
                parsed.append(report.expression(cell, key + (i, j), known))
                cells[(player, i, j)] = report.location(key + (i, j))
            parsed_rows.append(tuple(parsed))
        payoffs[player] = tuple(parsed_rows)
    if not ok or report.problems:
        return None
    return NormalGame(
        players=(player_ids[0], player_ids[1]),
        strategies=frozen_map(strategies),
        # A cell that failed to parse recorded a problem and returned above, so no cell is None here.
        payoffs=frozen_map(cast("dict[str, tuple[tuple[Expression, ...], ...]]", payoffs)),
        cell_locations=frozen_map(cells),
    )


def _strategies(report: FileReport, game: dict, player_ids: tuple[str, ...]) -> dict[str, tuple[str, ...]] | None:
    """Strategy names per player, or None when any list is unusable (no cascade into the matrices)."""
    raw = report.mapping(game.get("strategies"), ("game", "strategies"), "strategies per player")
    if raw is None:
        return None
    for name in raw:
        if name not in player_ids:
            report.error(
                ("game", "strategies", name), f"unknown player '{name}'{suggest(name, player_ids)}", at_key=True
            )
    strategies: dict[str, tuple[str, ...]] = {}
    ok = True
    for player in player_ids:
        key = ("game", "strategies", player)
        names = raw.get(player)
        if not isinstance(names, list) or not names:
            report.error(
                key if player in raw else ("game", "strategies"),
                f"expected a non-empty list of strategy names for player '{player}', found {describe_value(names)}",
            )
            ok = False
            continue
        seen: list[str] = []
        for i, name in enumerate(names):
            if not report.identifier(name, key + (i,), "strategy name"):
                ok = False
            elif name in seen:
                report.error(key + (i,), f"duplicate strategy '{name}'")
                ok = False
            else:
                seen.append(name)
        strategies[player] = tuple(seen)
    return strategies if ok else None
