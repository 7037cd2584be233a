"""Commands that draw: ``tree`` (one game tree) and ``demo`` (the flagship study)."""

from __future__ import annotations

import click

from ._common import (
    PLOT_TYPES,
    Progress,
    check_extension,
    check_outputs,
    load,
    parse_set,
    print_warnings,
    refuse_overwriting_inputs,
    set_option,
)
from ._stream import emit


@click.command()
@click.argument("file")
@set_option
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Write the tree drawing (.png, .svg or .pdf).",
)
def tree(file: str, overrides: tuple[str, ...], output: str) -> None:
    """Draw a game tree with the subgame-perfect path highlighted."""
    from ..analysis.solve import solve as solve_api
    from ..errors import ScenarioError
    from ..plotting import plot_tree, save_figure
    from ..scenario.schema import ExtensiveGame

    check_extension(output, PLOT_TYPES, "-o")
    check_outputs(output)
    scenario = load(file)
    refuse_overwriting_inputs([scenario], output)
    print_warnings(scenario)
    if not isinstance(scenario.game, ExtensiveGame):
        kind = scenario.game.kind if scenario.game else "a parameter file"
        raise ScenarioError([f"{file}: has no game tree to draw (it is {kind}); try `negotiation-sim show`"])
    values = parse_set(overrides)
    solution = solve_api(scenario, values)
    save_figure(plot_tree(scenario, solution, overrides=values), output)
    emit(f"wrote {output}")


@click.command()
@click.option(
    "--out",
    "out",
    default="negotiation-sim-demo",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder to write the study into.",
)
def demo(out: str) -> None:
    """Run the flagship island study: comparison, maps, tornado, trees, a summary and report.html."""
    from ..demo import run_demo

    with Progress(10, "demo") as progress:
        result = run_demo(out, step=progress.step)
    emit(f"Wrote {len(result.files)} files to {result.folder}/ (open report.html or summary.md):")
    for finding in result.findings:
        emit(f"- {finding}")
    emit("Thresholds:")
    for sentence in result.thresholds:
        emit(f"- {sentence}")
    emit("How robust (over the declared ranges): " + result.robustness[0])
    for sentence in result.robustness[1:]:
        emit(f"- {sentence}")
