"""The ``negotiation-sim`` command line: a thin click shell over the Python API.

Every command imports what it needs inside its body, so ``negotiation-sim --help``
starts fast and never imports matplotlib, scipy or nashpy.  Invalid input exits with
status 2 and a located message; tracebacks appear only with ``--debug``.
"""

from __future__ import annotations

import contextlib
import math
import os
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
            except BrokenPipeError:
                # The reader went away (e.g. `| head`): stop quietly, as other Unix tools do.
                with contextlib.suppress(OSError):
                    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces the closed pipe
                ctx.exit(0)
            except KeyboardInterrupt:
                click.echo("interrupted", err=True)
                ctx.exit(130)
            except Exception as exc:  # the last line of defence: users never see a traceback
                if debug:
                    raise
                click.echo(
                    f"internal error: {type(exc).__name__}: {exc}\n"
                    "Please report it; run with --debug for the traceback.",
                    err=True,
                )
                ctx.exit(1)
            finally:
                for warning in caught:
                    click.echo(f"warning: {warning.message}", err=True)


def _set_option(func: Callable) -> Callable:
    return click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE", help=SET_HELP)(func)


def _overrides(items: tuple[str, ...]) -> dict[str, float]:
    from .scenario.evaluation import parse_overrides

    return parse_overrides(items)


def _resolve(path: str) -> str:
    """A scenario argument: a file, else a bundled scenario's relative path or id."""
    from . import bundled_scenarios_dir

    try:
        if Path(path).exists():
            return path
        bundled = bundled_scenarios_dir()
        for candidate in (bundled / path, bundled / f"{path}.yaml"):
            if candidate.is_file():
                return str(candidate)
        if "/" not in path and "\\" not in path:
            stem = path.replace("-", "_")
            matches = sorted(bundled.rglob(f"{stem}.yaml"))
            if len(matches) == 1:
                return str(matches[0])
    except OSError:
        pass
    return path


def _load(path: str):
    from .scenario.loader import load_scenario

    return load_scenario(_resolve(path))


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
    from .report import game_outline, number, table

    scenario = _load(file)
    _print_warnings(scenario)
    values = _overrides(overrides)
    evaluation = scenario.evaluate(values) if scenario.game is not None else None
    if evaluation is None:
        from .scenario.evaluation import resolve_overrides

        resolve_overrides(scenario, values)
    markdown = fmt == "markdown"
    out = [
        f"# {scenario.title}" if markdown else scenario.title,
        f"id: {scenario.id}    file: {scenario.path}",
    ]
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
    out += [
        "Parameters:" if not markdown else "## Parameters",
        table(["name", "value", "range", "unit", "label"], rows, markdown=markdown),
    ]
    sourced = [(name, p.source or "(no source given)") for name, p in scenario.parameters.items()]
    out += ["", "Parameter sources:" if not markdown else "## Parameter sources"]
    out += [f"{'- ' if markdown else '  '}{name}: {source}" for name, source in sourced]
    if scenario.derived:
        drows = []
        for item in scenario.derived:
            shown = number(float(evaluation.values[item.name])) if evaluation is not None else ""
            drows.append([item.name, shown, item.expression.source])
        out += [
            "",
            "Derived:" if not markdown else "## Derived",
            table(["name", "value", "expression"], drows, markdown=markdown),
        ]
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
    try:
        found = root.is_dir()
    except OSError as exc:  # e.g. a name too long for the file system
        raise ScenarioError([f"{root}: cannot read: {exc.strerror or exc}"]) from None
    if not found:
        raise ScenarioError([f"{root}: no such folder"])
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
@click.option(
    "--concept",
    type=click.Choice(["default", "spe", "nash", "all"]),
    default="default",
    show_default=True,
    help="Equilibrium concept: spe (trees), nash (normal forms; reduced normal form of a tree), all.",
)
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


class _Progress:
    """A progress bar on stderr, shown only when stderr is a terminal."""

    def __init__(self, total: int, label: str) -> None:
        self._bar = None
        if sys.stderr.isatty():
            self._bar = click.progressbar(
                length=total, label=label, file=sys.stderr, show_eta=False, item_show_func=lambda item: item
            )

    def __enter__(self) -> _Progress:
        if self._bar is not None:
            self._bar.__enter__()
        return self

    def step(self, message: str) -> None:
        if self._bar is not None:
            self._bar.update(1, message)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: Any) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, error, trace)


def _parse_vary(text: str) -> tuple[str, tuple[float, float, int] | None]:
    from .errors import ScenarioError

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


def _check_extension(path: str | None, allowed: tuple[str, ...], option: str) -> None:
    from .errors import ScenarioError

    if path is not None and Path(path).suffix.lower() not in allowed:
        raise ScenarioError([f"{option} {path}: unsupported file type; use one of {', '.join(allowed)}"])


def _refuse_overwriting_inputs(inputs: tuple[str, ...] | list[str], *outputs: str | None) -> None:
    """An output path must never be one of the input scenarios (the input is never modified)."""
    from .errors import ScenarioError

    for output in outputs:
        if output is None or not Path(output).exists():
            continue
        for source in inputs:
            try:
                same = Path(source).exists() and Path(output).samefile(source)
            except OSError:
                same = False
            if same:
                raise ScenarioError([f"{output}: is the input scenario {source}; choose another output file"])


PLOT_TYPES = (".png", ".svg", ".pdf")
DATA_TYPES = (".csv", ".json")


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option(
    "--vary",
    "vary",
    multiple=True,
    required=True,
    metavar="NAME[=LO:HI:N]",
    help="Parameter to sweep (one or two); default: its declared range, 101 points.",
)
@_set_option
@click.option("--player", help="Player whose payoff difference (last file - first) the 2-D map shows.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), help="Write a plot (.png, .svg or .pdf).")
@click.option("--data", type=click.Path(dir_okay=False), help="Write every grid point (.csv or .json).")
def sweep(
    files: tuple[str, ...],
    vary: tuple[str, ...],
    overrides: tuple[str, ...],
    player: str | None,
    output: str | None,
    data: str | None,
) -> None:
    """Solve scenarios over a 1-D or 2-D parameter grid (vectorised).

    Prints how much of the grid each outcome covers; -o draws payoff curves (1-D),
    an outcome-region map (2-D), or with two files and --player the map of where
    each strategy is better for that player.
    """
    from .analysis.sweep import grid_values
    from .analysis.sweep import sweep as sweep_api
    from .errors import ScenarioError

    _check_extension(output, PLOT_TYPES, "-o")
    _check_extension(data, DATA_TYPES, "--data")
    _refuse_overwriting_inputs(files, output, data)
    scenarios = [_load(f) for f in files]
    for scenario in scenarios:
        _print_warnings(scenario)
    specs = [_parse_vary(v) for v in vary]
    if len(specs) > 2:
        raise ScenarioError(["--vary can be given at most twice (a 1-D or 2-D sweep)"])
    if len(specs) == 2 and specs[0][0] == specs[1][0]:
        raise ScenarioError([f"--vary {specs[0][0]} is given twice; vary two different parameters"])
    if player is not None and player not in scenarios[0].player_ids:
        from .scenario.expressions import suggest

        raise ScenarioError(
            [
                f"--player {player}: unknown player{suggest(player, scenarios[0].player_ids)}; "
                f"players: {', '.join(scenarios[0].player_ids)}"
            ]
        )
    values = _overrides(overrides)
    with _Progress(2 + bool(output) + bool(data), "sweeping") as progress:
        axes = {}
        for name, spec in specs:
            axes[name] = grid_values(scenarios[0], name, spec)
        progress.step("grid")
        result = sweep_api(scenarios, vary=axes, overrides=values)
        progress.step("solved")
        if data:
            (result.to_json if data.lower().endswith(".json") else result.to_csv)(data)
            progress.step(f"wrote {data}")
        if output:
            _save_sweep_plot(result, player, output)
            progress.step(f"wrote {output}")
    click.echo(_sweep_summary(result))
    for path in (data, output):
        if path:
            click.echo(f"wrote {path}")


def _save_sweep_plot(result, player: str | None, output: str) -> None:
    from matplotlib.figure import Figure

    from .plotting import plot_comparison_map, plot_region_map, plot_sweep_1d, save_figure

    count = len(result.scenarios)
    if len(result.varied) == 2 and count >= 2 and player is not None:
        fig = plot_comparison_map(result, player)
    else:
        fig = Figure(figsize=(7.5 * min(count, 2), 5.2 * ((count + 1) // 2)), layout="constrained")
        axes = fig.subplots((count + 1) // 2, min(count, 2), squeeze=False).ravel()
        draw = plot_region_map if len(result.varied) == 2 else plot_sweep_1d
        for k in range(count):
            draw(result, scenario=k, ax=axes[k])
        for extra in axes[count:]:
            extra.set_visible(False)
    save_figure(fig, output)


def _sweep_summary(result) -> str:
    from collections import Counter

    from .report import table

    lines = []
    grid = " x ".join(
        f"{name} {axis[0]:g}..{axis[-1]:g} ({len(axis)})" for name, axis in zip(result.varied, result.axes, strict=True)
    )
    lines.append(f"Sweep over {grid}: {result.outcomes[0].size} points per scenario")
    for k, scenario in enumerate(result.scenarios):
        counts = Counter(result.outcomes[k].ravel().tolist())
        total = result.outcomes[k].size
        rows = [[result.outcome_labels.get(o, o), o, f"{n / total:.1%}"] for o, n in counts.most_common()]
        lines += ["", scenario.title, table(["outcome", "id", "share of grid"], rows)]
    return "\n".join(lines)


@main.command()
@click.argument("files", nargs=2, metavar="A.yaml B.yaml")
@click.option("--player", required=True, help="Player whose payoff difference (B - A) is analysed.")
@_set_option
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False),
    help="Write the tornado chart (.png, .svg or .pdf).",
)
@click.option("--data", type=click.Path(dir_okay=False), help="Write the bars (.csv or .json).")
def tornado(
    files: tuple[str, str], player: str, overrides: tuple[str, ...], output: str | None, data: str | None
) -> None:
    """One-at-a-time sensitivity: how B - A for a player moves as each parameter crosses its range."""
    from .analysis.tornado import tornado as tornado_api
    from .output import write_text
    from .report import number, table, to_json

    _check_extension(output, PLOT_TYPES, "-o")
    _check_extension(data, DATA_TYPES, "--data")
    _refuse_overwriting_inputs(files, output, data)
    first, second = (_load(f) for f in files)
    result = tornado_api(first, second, player, _overrides(overrides))
    rows = result.to_rows()
    if data:
        if data.lower().endswith(".json"):
            write_text(data, to_json(result.to_dict()) + "\n")
        else:
            import csv
            import io

            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["parameter"], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            write_text(data, buffer.getvalue())
    if output:
        from .plotting import plot_tornado, save_figure

        save_figure(plot_tornado(result), output)
    click.echo(
        f"{first.player_label(player)}'s payoff difference ({second.title} - {first.title}) "
        f"at the defaults: {number(result.baseline)}"
    )
    click.echo(
        table(
            ["parameter", "low", "high", "difference at low", "difference at high", "min", "max"],
            [
                [
                    b.parameter,
                    number(b.low),
                    number(b.high),
                    number(b.difference_low),
                    number(b.difference_high),
                    number(b.minimum),
                    number(b.maximum),
                ]
                for b in result.bars
            ],
        )
    )
    for path in (data, output):
        if path:
            click.echo(f"wrote {path}")


@main.command()
@click.argument("file")
@_set_option
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
    from .analysis.solve import solve as solve_api
    from .errors import ScenarioError
    from .plotting import plot_tree, save_figure
    from .scenario.schema import ExtensiveGame

    _check_extension(output, PLOT_TYPES, "-o")
    _refuse_overwriting_inputs([file], output)
    scenario = _load(file)
    _print_warnings(scenario)
    if not isinstance(scenario.game, ExtensiveGame):
        kind = scenario.game.kind if scenario.game else "a parameter file"
        raise ScenarioError([f"{file}: has no game tree to draw (it is {kind}); try `negotiation-sim show`"])
    values = _overrides(overrides)
    solution = solve_api(scenario, values)
    save_figure(plot_tree(scenario, solution, overrides=values), output)
    click.echo(f"wrote {output}")


@main.command()
@click.option(
    "--out",
    "out",
    default="negotiation-sim-demo",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder to write the study into.",
)
def demo(out: str) -> None:
    """Run the flagship island study: comparison, maps, tornado, trees and a summary."""
    from .demo import run_demo

    with _Progress(7, "demo") as progress:
        result = run_demo(out, step=progress.step)
    click.echo(f"Wrote {len(result.files)} files to {result.folder}/ (open summary.md):")
    for finding in result.findings:
        click.echo(f"- {finding}")


if __name__ == "__main__":  # pragma: no cover
    main()
