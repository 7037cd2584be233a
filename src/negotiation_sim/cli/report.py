"""The ``report`` command: one self-contained HTML page (or Markdown) of a study."""

from __future__ import annotations

import shlex
import sys

import click

from ._common import (
    Progress,
    check_extension,
    echo_written,
    load,
    parse_set,
    print_warnings,
    refuse_overwriting_inputs,
    set_option,
)


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="A.yaml [B.yaml]")
@set_option
@click.option(
    "--vary",
    "vary",
    multiple=True,
    metavar="NAME[=LO:HI:N]",
    help="Parameter of the maps (once or twice); default: the two whose nearest change is closest.",
)
@click.option("--player", "players", multiple=True, help="Report on this player only (repeatable; default: all).")
@click.option(
    "--samples",
    type=click.IntRange(min=1),
    help="Add a Monte Carlo uncertainty analysis with N samples (outcome and comparison probabilities, Sobol').",
)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Seed of the Monte Carlo run.")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Write the report (.html: one self-contained page; .md: Markdown with an _figures folder).",
)
def report(
    files: tuple[str, ...],
    overrides: tuple[str, ...],
    vary: tuple[str, ...],
    players: tuple[str, ...],
    samples: int | None,
    seed: int,
    output: str,
) -> None:
    """Write one page about a scenario, or two compared (B - A): findings, equilibria,
    where the result changes, maps, tornado, game trees, uncertainty (--samples),
    parameters and their sources.
    """
    from ..errors import ScenarioError
    from ..study_report import REPORT_TYPES, build_report, write_report
    from .sweep import parse_vary

    check_extension(output, REPORT_TYPES, "-o")
    if len(files) > 2:
        raise ScenarioError([f"report takes one scenario or two to compare, found {len(files)}"])
    scenarios = [load(f) for f in files]
    refuse_overwriting_inputs(scenarios, output)
    for scenario in scenarios:
        print_warnings(scenario)
    specs = dict(parse_vary(v) for v in vary)
    if len(specs) != len(vary):
        raise ScenarioError(["--vary names the same parameter twice; vary two different parameters"])
    command = shlex.join(["negotiation-sim", *sys.argv[1:]]) if sys.argv[1:2] == ["report"] else ""
    if not command:
        extra = ["--samples", str(samples), "--seed", str(seed)] if samples else []
        command = shlex.join(
            ["negotiation-sim", "report", *files, *_echo(overrides, vary, players), *extra, "-o", output]
        )
    with Progress(3, "report") as progress:
        page = build_report(
            scenarios,
            command=command,
            overrides=parse_set(overrides),
            vary=specs or None,
            players=players or None,
            samples=samples,
            seed=seed,
            step=progress.step,
        )
    written = write_report(page, output)
    echo_written(*(str(p) for p in written))


def _echo(overrides: tuple[str, ...], vary: tuple[str, ...], players: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for option, values in (("--set", overrides), ("--vary", vary), ("--player", players)):
        for value in values:
            out += [option, value]
    return out
