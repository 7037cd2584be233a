"""The ``negotiation-sim`` command line: a thin click shell over the Python API.

Every command imports what it needs inside its body, so ``negotiation-sim --help``
starts fast and never imports matplotlib, scipy or nashpy.  Invalid input exits with
status 2 and a located message; tracebacks appear only with ``--debug``.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__

EXIT_INPUT = 2
EXIT_OUTPUT = 1

SET_HELP = "Override a parameter: --set name=value (repeatable)."
FORMAT_CHOICE = click.Choice(["text", "json", "markdown"])


class _Group(click.Group):
    """Click group that turns library errors into messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        from .errors import NegotiationSimError, OutputError

        debug = "--debug" in sys.argv[1:] or bool(ctx.params.get("debug"))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                return super().invoke(ctx)
            except NegotiationSimError as exc:
                if debug:
                    raise
                click.echo(str(exc), err=True)
                code = EXIT_OUTPUT if isinstance(exc, OutputError) else EXIT_INPUT
                ctx.exit(code)
            except (click.exceptions.Exit, click.ClickException, click.Abort):
                raise
            except KeyboardInterrupt:
                click.echo("interrupted", err=True)
                ctx.exit(130)
            except Exception as exc:  # noqa: BLE001 - last line of defence for users
                if debug:
                    raise
                click.echo(f"internal error: {type(exc).__name__}: {exc}\n"
                           "Please report it; run with --debug for the traceback.", err=True)
                ctx.exit(1)
            finally:
                for warning in caught:
                    click.echo(f"warning: {warning.message}", err=True)


def _set_option(func: Callable) -> Callable:
    return click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE", help=SET_HELP)(func)


def _overrides(items: tuple[str, ...]) -> dict[str, float]:
    from .scenario.evaluation import parse_overrides

    return parse_overrides(items)


def _load(path: str):
    from .scenario.loader import load_scenario

    return load_scenario(path)


def _print_warnings(scenario) -> None:
    for problem in scenario.warnings:
        click.echo(str(problem), err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="negotiation-sim")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Game-theory simulator for negotiations.

    Scenario files (YAML) describe players, parameters and a game; the commands
    solve them, compare strategies and explore how results depend on parameters.
    Run `negotiation-sim list` to see the bundled scenarios.
    """
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
def validate(files: tuple[str, ...]) -> None:
    """Check scenario files; report every problem with file:line:column.

    Exits 0 when all files are valid and 2 otherwise.
    """
    from .errors import ScenarioError

    failed = False
    for file in files:
        try:
            scenario = _load(file)
        except ScenarioError as exc:
            failed = True
            click.echo(str(exc), err=True)
            continue
        _print_warnings(scenario)
        kind = scenario.game.kind if scenario.game else "parameters only"
        click.echo(f"{file}: ok ({kind}, {len(scenario.parameters)} parameters)")
    if failed:
        sys.exit(EXIT_INPUT)


@main.command()
@click.argument("file")
@_set_option
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="Output format.")
def show(file: str, overrides: tuple[str, ...], fmt: str) -> None:
    """Show a scenario: players, parameters (with sources), derived values and the game."""
    from .report import game_outline, number, table

    scenario = _load(file)
    _print_warnings(scenario)
    values = _overrides(overrides)
    evaluation = scenario.evaluate(values) if scenario.game is not None else None
    if evaluation is None:
        from .scenario.evaluation import resolve_overrides

        resolve_overrides(scenario, values)
    markdown = fmt == "markdown"
    out = [f"# {scenario.title}" if markdown else scenario.title, f"id: {scenario.id}    file: {scenario.path}"]
    if scenario.description:
        out += ["", scenario.description.strip()]
    if scenario.sources:
        out += ["", "Sources:", *(f"  - {s}" for s in scenario.sources)]
    out += ["", "Players: " + ", ".join(f"{p.label} ({p.id})" for p in scenario.players), ""]
    rows = []
    for name, parameter in scenario.parameters.items():
        value = values.get(name, parameter.value)
        shown = number(value) + (" (set)" if name in values else "")
        span = f"{number(parameter.range[0])} .. {number(parameter.range[1])}" if parameter.range else ""
        rows.append([name, shown, span, parameter.unit, parameter.label])
    out += ["Parameters:" if not markdown else "## Parameters",
            table(["name", "value", "range", "unit", "label"], rows, markdown=markdown)]
    sourced = [(name, p.source or "(no source given)") for name, p in scenario.parameters.items()]
    out += ["", "Parameter sources:" if not markdown else "## Parameter sources"]
    out += [f"{'- ' if markdown else '  '}{name}: {source}" for name, source in sourced]
    if scenario.derived:
        drows = []
        for item in scenario.derived:
            shown = number(float(evaluation.values[item.name])) if evaluation is not None else ""
            drows.append([item.name, shown, item.expression.source])
        out += ["", "Derived:" if not markdown else "## Derived",
                table(["name", "value", "expression"], drows, markdown=markdown)]
    out += ["", "Game:" if not markdown else "## Game"]
    outline = game_outline(scenario, evaluation).rstrip("\n")
    out += [f"```\n{outline}\n```" if markdown else outline]
    click.echo("\n".join(out))


@main.command(name="list")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def list_(directory: str | None) -> None:
    """List scenarios (the bundled ones, or those under DIRECTORY) with id, title and kind."""
    from . import bundled_scenarios_dir
    from .errors import ScenarioError
    from .report import table

    root = Path(directory) if directory else bundled_scenarios_dir()
    if not root.is_dir():
        from .errors import ScenarioError as _E

        raise _E([f"{root}: no such folder"])
    rows = []
    for path in sorted(root.rglob("*.yaml")):
        relative = path.relative_to(root)
        try:
            scenario = _load(str(path))
        except ScenarioError as exc:
            rows.append([str(relative), "-", f"invalid ({len(exc.problems)} problem(s))", "-"])
            continue
        kind = scenario.game.kind if scenario.game else "parameters"
        rows.append([str(relative), scenario.id, scenario.title, kind])
    if not rows:
        click.echo(f"no scenario files (*.yaml) under {root}")
        return
    click.echo(f"Scenarios in {root}:\n")
    click.echo(table(["file", "id", "title", "kind"], rows))


@main.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format (for editors and validators)."""
    from .scenario.json_schema import schema_text

    click.echo(schema_text(), nl=False)


@main.command()
@click.argument("file")
@_set_option
@click.option("--concept", type=click.Choice(["default", "spe", "nash", "all"]), default="default",
              show_default=True,
              help="Equilibrium concept: spe (trees), nash (normal forms; reduced normal form of a tree), all.")
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="text", show_default=True, help="Output format.")
def solve(file: str, overrides: tuple[str, ...], concept: str, fmt: str) -> None:
    """Compute the equilibria of a scenario and explain them."""
    from .analysis.solve import solve as solve_api
    from .report import format_solution

    scenario = _load(file)
    _print_warnings(scenario)
    solution = solve_api(scenario, _overrides(overrides), concept=concept)
    click.echo(format_solution(solution, fmt), nl=False)


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="A.yaml B.yaml...")
@_set_option
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="text", show_default=True, help="Output format.")
def compare(files: tuple[str, ...], overrides: tuple[str, ...], fmt: str) -> None:
    """Compare strategies: equilibrium outcomes and payoffs side by side, with B - A per player."""
    from .analysis.compare import compare as compare_api
    from .analysis.compare import format_comparison
    from .errors import ScenarioError
    from .report import to_json

    if len(files) < 2:
        raise ScenarioError(["compare needs at least two scenario files"])
    scenarios = [_load(f) for f in files]
    for scenario in scenarios:
        _print_warnings(scenario)
    comparison = compare_api(scenarios, _overrides(overrides))
    if fmt == "json":
        click.echo(to_json(comparison.to_dict()))
    else:
        click.echo(format_comparison(comparison, fmt), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
