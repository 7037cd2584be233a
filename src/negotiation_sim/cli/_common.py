"""What every command shares: the error-handling group, common options, scenario loading,
output-path checks and the progress bar.

Nothing here imports numpy, matplotlib, scipy or nashpy at module level, so
``negotiation-sim --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ..scenario.schema import Scenario

EXIT_INPUT = 2
"""Exit status for invalid input (a located message on stderr)."""
EXIT_OUTPUT = 1
"""Exit status when an output file cannot be written."""

SET_HELP = "Override a parameter: --set name=value (repeatable)."
FORMAT_CHOICE = click.Choice(["text", "json", "markdown"])
PLOT_TYPES = (".png", ".svg", ".pdf")
DATA_TYPES = (".csv", ".json")


class Group(click.Group):
    """Click group that turns library errors into messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        from ..errors import NegotiationSimError, OutputError

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


def set_option(func: Callable) -> Callable:
    """Add the repeatable ``--set NAME=VALUE`` option (passed as ``overrides``)."""
    return click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE", help=SET_HELP)(func)


def parse_set(items: tuple[str, ...]) -> dict[str, float]:
    """The ``--set`` values as parameter name -> number (a ScenarioError if malformed)."""
    from ..scenario.evaluation import parse_overrides

    return parse_overrides(items)


def resolve(path: str) -> str:
    """A scenario argument: a file, else a bundled scenario's relative path or id."""
    from .. import bundled_scenarios_dir

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


def load(path: str) -> Scenario:
    """Load the scenario a command argument names (see :func:`resolve`)."""
    from ..scenario.loader import load_scenario

    return load_scenario(resolve(path))


def print_warnings(scenario: Scenario) -> None:
    """Print a scenario's validation warnings on stderr."""
    for problem in scenario.warnings:
        click.echo(str(problem), err=True)


class Progress:
    """A progress bar on stderr, shown only when stderr is a terminal."""

    def __init__(self, total: int, label: str) -> None:
        self._bar = None
        if sys.stderr.isatty():
            self._bar = click.progressbar(
                length=total, label=label, file=sys.stderr, show_eta=False, item_show_func=lambda item: item
            )

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.__enter__()
        return self

    def step(self, message: str) -> None:
        """Advance the bar by one step, showing ``message``."""
        if self._bar is not None:
            self._bar.update(1, message)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: Any) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, error, trace)


def check_extension(path: str | None, allowed: tuple[str, ...], option: str) -> None:
    """Refuse an output file whose suffix is not one of ``allowed``."""
    from ..errors import ScenarioError

    if path is not None and Path(path).suffix.lower() not in allowed:
        raise ScenarioError([f"{option} {path}: unsupported file type; use one of {', '.join(allowed)}"])


def refuse_overwriting_inputs(inputs: tuple[str, ...] | list[str], *outputs: str | None) -> None:
    """An output path must never be one of the input scenarios (the input is never modified)."""
    from ..errors import ScenarioError

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


def echo_written(*paths: str | None) -> None:
    """Say ``wrote PATH`` for each file written (None: not asked for)."""
    for path in paths:
        if path:
            click.echo(f"wrote {path}")
