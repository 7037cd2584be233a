"""Commands that explore parameters: ``sweep`` (a 1-D or 2-D grid, and facets) and ``tornado``."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ._common import (
    DATA_TYPES,
    PLOT_TYPES,
    SWEEP_DATA_TYPES,
    Progress,
    check_extension,
    check_outputs,
    echo_written,
    load,
    parse_set,
    print_warnings,
    refuse_overwriting_inputs,
    set_option,
)
from ._stream import emit

if TYPE_CHECKING:
    from ..analysis.boundaries import MapBoundaries
    from ..analysis.threshold import ThresholdResult
    from ..scenario.schema import Scenario


def check_player(player: str, scenarios: list[Scenario]) -> None:
    """Refuse a ``--player`` that is not a player of every scenario (a ScenarioError naming the file)."""
    from ..errors import ScenarioError
    from ..scenario.expressions import suggest

    for scenario in scenarios:
        if player not in scenario.player_ids:
            players = scenario.player_ids
            where = "unknown player" if scenario is scenarios[0] else f"not a player of {scenario.path}"
            raise ScenarioError(
                [f"--player {player}: {where}{suggest(player, players)}; players: {', '.join(players)}"]
            )


def parse_vary(text: str) -> tuple[str, tuple[float, float, int] | None]:
    """Read ``--vary NAME`` or ``--vary NAME=LO:HI[:N]`` (a ScenarioError if malformed)."""
    from ..errors import ScenarioError

    name, sep, spec = text.partition("=")
    name = name.strip()
    if not name:
        raise ScenarioError([f"--vary expects NAME or NAME=LO:HI:N, found {text!r}"])
    if not sep:
        return name, None
    parts = spec.split(":")
    try:
        low, high = float(parts[0]), float(parts[1])
        points = int(parts[2]) if len(parts) == 3 else 101
        valid = len(parts) in (2, 3)
    except (ValueError, IndexError):
        valid = False
    if not valid:
        raise ScenarioError([f"--vary {name}: expected LO:HI or LO:HI:N (e.g. {name}=0:1:51), found {spec!r}"])
    if not (math.isfinite(low) and math.isfinite(high)) or low >= high or points < 2:
        raise ScenarioError([f"--vary {name}: expected finite LO < HI and N >= 2, found {spec!r}"])
    return name, (low, high, points)


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option(
    "--vary",
    "vary",
    multiple=True,
    required=True,
    metavar="NAME[=LO:HI:N]",
    help="Parameter to sweep (up to three; a third becomes facets, 5 values by default); "
    "default: its declared range, 101 points.",
)
@set_option
@click.option("--player", help="Player whose payoff difference (last file - first) the 2-D map shows.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), help="Write a plot (.png, .svg or .pdf).")
@click.option(
    "--data",
    type=click.Path(dir_okay=False),
    help="Write every grid point (.csv, .json, or .xlsx with the 'excel' extra).",
)
@click.option(
    "--workers", type=click.IntRange(min=1), help="Solve blocks of the grid on a local Dask cluster with N workers."
)
@click.option("--scheduler", metavar="ADDRESS", help="Solve blocks of the grid on an existing Dask cluster.")
def sweep(
    files: tuple[str, ...],
    vary: tuple[str, ...],
    overrides: tuple[str, ...],
    player: str | None,
    output: str | None,
    data: str | None,
    workers: int | None,
    scheduler: str | None,
) -> None:
    """Solve scenarios over a 1-D or 2-D parameter grid (vectorised).

    Prints how much of the grid each outcome covers; -o draws payoff curves (1-D),
    an outcome-region map (2-D), or with two files and --player the map of where
    each strategy is better for that player.
    """
    from ..analysis.sweep import grid_values
    from ..analysis.sweep import sweep as sweep_api
    from ..errors import ScenarioError
    from ..report import sweep_summary, write_sweep_csv, write_sweep_json, write_sweep_xlsx

    check_extension(output, PLOT_TYPES, "-o")
    check_extension(data, SWEEP_DATA_TYPES, "--data")
    check_outputs(output, data)
    scenarios = [load(f) for f in files]
    from ..analysis.perfect_information import require_perfect_information

    require_perfect_information(scenarios, "sweep")
    refuse_overwriting_inputs(scenarios, output, data)
    for scenario in scenarios:
        print_warnings(scenario)
    specs = [parse_vary(v) for v in vary]
    if len(specs) > 3:
        raise ScenarioError(["--vary can be given at most three times (a 1-D or 2-D sweep, and facets)"])
    names = [name for name, _ in specs]
    for name in names:
        if names.count(name) > 1:
            raise ScenarioError([f"--vary {name} is given twice; vary different parameters"])
    if player is not None:
        check_player(player, scenarios)
    values = parse_set(overrides)
    if len(specs) == 3:
        check_extension(data, DATA_TYPES, "--data")  # facets are written as CSV or JSON
        _faceted_sweep(scenarios, specs, values, player, output, data, workers, scheduler)
        return
    with Progress(2 + bool(output) + bool(data), "sweeping") as progress:
        axes = {}
        for name, spec in specs:
            axes[name] = grid_values(scenarios[0], name, spec)
        progress.step("grid")
        if workers is None and scheduler is None:
            result = sweep_api(scenarios, vary=axes, overrides=values)
        else:
            from ..analysis.grid_runs import sweep_in_chunks

            result = sweep_in_chunks(scenarios, axes, values, workers=workers, scheduler=scheduler)
        progress.step("solved")
        thresholds: tuple[ThresholdResult, ...] = ()
        maps: list[MapBoundaries] = []
        if len(specs) == 1:
            from ..analysis.threshold import sweep_thresholds

            thresholds = sweep_thresholds(result)
        else:
            from ..analysis.boundaries import map_boundaries

            comparing = player is not None and len(scenarios) > 1
            maps = [map_boundaries(result, player=player)] if comparing else []
            maps += [map_boundaries(result, scenario=k) for k in range(len(scenarios)) if not comparing]
        if data:
            writers = {".json": write_sweep_json, ".xlsx": write_sweep_xlsx}
            writers.get(Path(data).suffix.lower(), write_sweep_csv)(result, data)
            progress.step(f"wrote {data}")
        if output:
            from ..plotting import plot_sweep, save_figure

            figure = plot_sweep(result, player)
            if thresholds:
                from ..plotting import mark_sweep_thresholds

                mark_sweep_thresholds(figure, thresholds)
            save_figure(figure, output)
            progress.step(f"wrote {output}")
    emit(sweep_summary(result))
    if thresholds:
        from ..report import thresholds_summary

        emit("\n" + thresholds_summary(thresholds))
    if maps:
        from ..report import boundaries_summary

        emit("\n" + boundaries_summary(maps))
    echo_written(data, output)


def _faceted_sweep(
    scenarios: list[Scenario],
    specs: list[tuple[str, tuple[float, float, int] | None]],
    values: dict[str, float],
    player: str | None,
    output: str | None,
    data: str | None,
    workers: int | None,
    scheduler: str | None,
) -> None:
    """``sweep`` with a third ``--vary``: one sweep per value of the third parameter."""
    from ..analysis.grid_runs import sweep_facets
    from ..analysis.sweep import grid_values
    from ..report import facets_summary, write_facets_data

    (first, first_spec), (second, second_spec), (facet, facet_spec) = specs
    axes = {
        first: grid_values(scenarios[0], first, first_spec),
        second: grid_values(scenarios[0], second, second_spec),
        facet: grid_values(scenarios[0], facet, facet_spec, points=5),
    }
    result = sweep_facets(scenarios, axes, values, workers=workers, scheduler=scheduler)
    if data:
        write_facets_data(result, data)
    if output:
        from ..plotting import plot_facets, save_figure

        save_figure(plot_facets(result, player=player), output)
    emit(facets_summary(result))
    echo_written(data, output)


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="A.yaml [B.yaml]")
@click.option(
    "--player", required=True, help="Player whose payoff difference (B - A), or payoff with one file, is analysed."
)
@set_option
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False),
    help="Write the tornado chart (.png, .svg or .pdf).",
)
@click.option("--data", type=click.Path(dir_okay=False), help="Write the bars (.csv or .json).")
def tornado(
    files: tuple[str, ...], player: str, overrides: tuple[str, ...], output: str | None, data: str | None
) -> None:
    """One-at-a-time sensitivity: how B - A for a player moves as each parameter crosses its range.

    Each parameter is varied in both scenarios at once.  With one file, the player's payoff
    in that scenario is analysed instead.
    """
    from ..analysis.tornado import tornado as tornado_api
    from ..errors import ScenarioError
    from ..report import tornado_summary, write_tornado_data

    if len(files) > 2:
        raise ScenarioError([f"tornado takes one or two scenario files, found {len(files)}"])
    check_extension(output, PLOT_TYPES, "-o")
    check_extension(data, DATA_TYPES, "--data")
    check_outputs(output, data)
    scenarios = [load(f) for f in files]
    from ..analysis.perfect_information import require_perfect_information

    require_perfect_information(scenarios, "tornado")
    refuse_overwriting_inputs(scenarios, output, data)
    second = scenarios[1] if len(scenarios) == 2 else None
    result = tornado_api(scenarios[0], second, player, parse_set(overrides))
    if data:
        write_tornado_data(result, data)
    if output:
        from ..plotting import plot_tornado, save_figure

        save_figure(plot_tornado(result), output)
    emit(tornado_summary(result))
    echo_written(data, output)
