"""Commands that ask how robust a result is: ``threshold`` (where it changes) and
``uncertainty`` (how likely it is over the parameters' distributions)."""

from __future__ import annotations

import sys
from typing import Any

import click

from ._common import (
    FORMAT_CHOICE,
    PLOT_TYPES,
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
from .sweep import parse_vary

DATA_FILES = (".json", ".csv")


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="A.yaml [B.yaml]")
@click.option("--vary", required=True, metavar="NAME[=LO:HI]", help="Parameter searched; default: its declared range.")
@click.option("--player", help="With two files: the player whose payoff difference (B - A) decides.")
@set_option
@click.option(
    "--points", type=click.IntRange(min=2), default=201, show_default=True, help="Points of the bracketing grid."
)
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="text", show_default=True, help="Output format.")
def threshold(
    files: tuple[str, ...], vary: str, player: str | None, overrides: tuple[str, ...], points: int, fmt: str
) -> None:
    """Find every value of a parameter where the equilibrium outcome changes.

    With two files and --player: where the better of the two approaches changes for
    that player.  Each change is bracketed on a grid, then bisected with exact solves
    to 1e-9 of the range; a tie at the boundary (a player indifferent there) is said.
    """
    from ..analysis.threshold import threshold as threshold_api
    from ..errors import ScenarioError
    from ..report import format_threshold

    if len(files) > 2:
        raise ScenarioError([f"threshold takes one scenario or two to compare, found {len(files)} files"])
    scenarios = [load(f) for f in files]
    from ..analysis.perfect_information import require_perfect_information

    require_perfect_information(scenarios, "threshold")
    for scenario in scenarios:
        print_warnings(scenario)
    name, spec = parse_vary(vary)
    bounds = None if spec is None else (spec[0], spec[1])
    result = threshold_api(scenarios, name, player=player, overrides=parse_set(overrides), bounds=bounds, points=points)
    emit(format_threshold(result, fmt))


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="A.yaml [B.yaml]")
@click.option("--samples", type=click.IntRange(min=1), default=10_000, show_default=True, help="Monte Carlo samples.")
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Seed: the same seed gives the same numbers anywhere.",
)
@click.option("--player", help="Analyse only this player (default: every shared player).")
@set_option
@click.option("--no-sobol", is_flag=True, help="Skip the Sobol' indices.")
@click.option(
    "--sobol-base",
    type=click.IntRange(min=1),
    help="SALib's base sample N (a power of two); N x (parameters + 2) model runs.",
)
@click.option("--workers", type=click.IntRange(min=1), help="Run the chunks on a local Dask cluster with N workers.")
@click.option(
    "--scheduler", metavar="ADDRESS", help="Run the chunks on an existing Dask cluster (e.g. tcp://10.0.0.5:8786)."
)
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="text", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the figures (.png, .svg or .pdf).")
@click.option("--data", type=click.Path(dir_okay=False), help="Write the result (.json, or .csv rows).")
def uncertainty(
    files: tuple[str, ...],
    samples: int,
    seed: int,
    player: str | None,
    overrides: tuple[str, ...],
    no_sobol: bool,
    sobol_base: int | None,
    workers: int | None,
    scheduler: str | None,
    fmt: str,
    output: str | None,
    data: str | None,
) -> None:
    """How likely each outcome is, and which of two approaches is better, over the parameters' distributions.

    Every parameter with a range is drawn from its `distribution:` (uniform over the
    range by default) except those fixed with --set.  With two files, per player:
    P(B better), P(equal), P(A better) with 95% intervals, and the Sobol' indices of
    the payoff difference (SALib, Saltelli's scheme).
    """
    from ..analysis.uncertainty import uncertainty as uncertainty_api
    from ..errors import ScenarioError
    from ..report import format_uncertainty

    if len(files) > 2:
        raise ScenarioError([f"uncertainty takes one scenario or two to compare, found {len(files)} files"])
    check_extension(output, PLOT_TYPES, "-o")
    check_extension(data, DATA_FILES, "--data")
    check_outputs(output, data)
    scenarios = [load(f) for f in files]
    from ..analysis.perfect_information import require_perfect_information

    require_perfect_information(scenarios, "uncertainty")
    refuse_overwriting_inputs(scenarios, output, data)
    for scenario in scenarios:
        print_warnings(scenario)
    with _ChunkBar("sampling") as bar:
        result = uncertainty_api(
            scenarios,
            samples=samples,
            seed=seed,
            overrides=parse_set(overrides),
            player=player,
            sobol=not no_sobol,
            sobol_base=sobol_base,
            workers=workers,
            scheduler=scheduler,
            progress=bar.update,
        )
    if data:
        from ..report import write_uncertainty_data

        write_uncertainty_data(result, data)
    if output:
        from ..plotting import plot_uncertainty, save_figure

        save_figure(plot_uncertainty(result), output)
    emit(format_uncertainty(result, fmt))
    echo_written(data, output)


class _ChunkBar:
    """A progress bar over chunks on stderr (only on a terminal), sized at the first report."""

    def __init__(self, label: str) -> None:
        self._label = label
        self._bar: Any = None
        self._done = 0
        self._show = sys.stderr.isatty()

    def __enter__(self) -> _ChunkBar:
        return self

    def update(self, done: int, total: int) -> None:
        if not self._show:
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label=self._label, file=sys.stderr, show_eta=True)
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
