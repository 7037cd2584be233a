"""Commands about scenario files: ``validate``, ``show``, ``list`` and ``schema``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ._common import EXIT_INPUT, load, parse_set, print_warnings, set_option
from ._stream import emit


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
def validate(files: tuple[str, ...]) -> None:
    """Check scenario files; report every problem with file:line:column.

    Also warns where a chance probability leaves [0, 1] somewhere inside the declared
    parameter ranges (the defaults are checked on loading).  Exits 0 when all files are
    valid (warnings included) and 2 otherwise.
    """
    from ..errors import ScenarioError
    from ..report import validation_line
    from ..scenario.chance_ranges import chance_range_warnings

    failed = False
    for file in files:
        try:
            scenario = load(file)
        except ScenarioError as exc:
            failed = True
            emit(str(exc), err=True)
            continue
        print_warnings(scenario)
        for warning in chance_range_warnings(scenario):
            emit(str(warning), err=True)
        emit(validation_line(file, scenario))
    if failed:
        sys.exit(EXIT_INPUT)


@click.command()
@click.argument("file")
@set_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def show(file: str, overrides: tuple[str, ...], fmt: str) -> None:
    """Show a scenario: players, parameters (with sources), derived values and the game."""
    from ..report import scenario_summary

    scenario = load(file)
    print_warnings(scenario)
    values = parse_set(overrides)
    evaluation = scenario.evaluate(values) if scenario.game is not None else None
    if evaluation is None:
        from ..scenario.evaluation import resolve_overrides

        resolve_overrides(scenario, values)
    emit(scenario_summary(scenario, values, evaluation, markdown=fmt == "markdown"))


@click.command(name="list")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def list_(directory: str | None) -> None:
    """List scenarios (the bundled ones, or those under DIRECTORY) with id, title and kind."""
    from .. import bundled_scenarios_dir
    from ..errors import ScenarioError
    from ..report import scenario_listing
    from ..scenario.schema import Scenario

    root = Path(directory) if directory else bundled_scenarios_dir()
    try:
        found = root.is_dir()
    except OSError as exc:  # e.g. a name too long for the file system
        raise ScenarioError([f"{root}: cannot read: {exc.strerror or exc}"]) from None
    if not found:
        raise ScenarioError([f"{root}: no such folder"])
    entries: list[tuple[Path, Scenario | ScenarioError]] = []
    for path in sorted(root.rglob("*.yaml")):
        try:
            entries.append((path.relative_to(root), load(str(path))))
        except ScenarioError as exc:
            entries.append((path.relative_to(root), exc))
    emit(scenario_listing(root, entries, bundled=directory is None))


@click.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format (for editors and validators)."""
    from ..scenario.json_schema import schema_text

    emit(schema_text(), nl=False)
