"""What every command shares: the error-handling group, common options, scenario loading,
output-path checks and the progress bar.

Nothing here imports numpy, matplotlib, scipy or nashpy at module level, so
``negotiation-sim --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..output import os_error_text
from ._stream import abandon_stdout, configure_streams, emit, flush_stdout, terminal_safe

if TYPE_CHECKING:
    from ..scenario.schema import Scenario

EXIT_INPUT = 2
"""Exit status for invalid input (a located message on stderr)."""
EXIT_OUTPUT = 1
"""Exit status for a fault of the environment: an output file or stdout cannot be written."""
EXIT_BROKEN_PIPE = 141
"""Exit status when the reader of stdout went away (128 + SIGPIPE, as a shell reports a killed writer)."""

SET_HELP = "Override a parameter: --set name=value (repeatable)."
FORMAT_CHOICE = click.Choice(["text", "json", "markdown"])
PLOT_TYPES = (".png", ".svg", ".pdf")
DATA_TYPES = (".csv", ".json")
SWEEP_DATA_TYPES = (*DATA_TYPES, ".xlsx")


class Group(click.Group):
    """Click group that turns library errors into messages and exit codes.

    Invalid input exits 2 with a located message; a fault of the environment (an output
    that cannot be written, stdout on a full disk or closed, any other OS error) exits 1
    with what went wrong; a reader that goes away (``| head``) ends the command quietly
    with status 141 (128 + SIGPIPE, as coreutils report it) because output was lost;
    Ctrl-C exits 130.  Only a bug is an "internal error".
    """

    def invoke(self, ctx: click.Context) -> Any:
        from ..errors import NegotiationSimError, OutputError

        configure_streams()
        debug = "--debug" in sys.argv[1:] or bool(ctx.params.get("debug"))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = super().invoke(ctx)
                flush_stdout()
                return result
            except NegotiationSimError as exc:
                if debug:
                    raise
                emit(str(exc), err=True)
                ctx.exit(EXIT_OUTPUT if isinstance(exc, OutputError) else EXIT_INPUT)
            except (click.exceptions.Exit, click.ClickException, click.Abort):
                raise
            except BrokenPipeError:
                abandon_stdout()
                ctx.exit(EXIT_BROKEN_PIPE)
            except KeyboardInterrupt:
                emit("interrupted", err=True)
                ctx.exit(130)
            except OSError as exc:  # the environment, not the input: say what the OS said
                if debug:
                    raise
                where = f"{exc.filename}: " if exc.filename else ""
                emit(f"{where}{os_error_text(exc)}", err=True)
                ctx.exit(EXIT_OUTPUT)
            except Exception as exc:  # the last line of defence: users never see a traceback
                if debug:
                    raise
                emit(
                    f"internal error: {type(exc).__name__}: {exc}\n"
                    "Please report it; run with --debug for the traceback.",
                    err=True,
                )
                ctx.exit(1)
            finally:
                for warning in caught:
                    emit(f"warning: {warning.message}", err=True)


def set_option(func: Callable) -> Callable:
    """Add the repeatable ``--set NAME=VALUE`` option (passed as ``overrides``)."""
    return click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE", help=SET_HELP)(func)


def parse_set(items: tuple[str, ...]) -> dict[str, float]:
    """The ``--set`` values as parameter name -> number (a ScenarioError if malformed)."""
    from ..scenario.evaluation import parse_overrides

    return parse_overrides(items)


def load(path: str) -> Scenario:
    """Load the scenario a command argument names: a file, else a bundled scenario's relative
    path or stem (``islands/new_approach.yaml``, ``new_approach``); a missing file whose name
    resembles a bundled scenario's is refused with "did you mean the bundled scenario ...?"."""
    from ..scenario.loader import load_scenario

    return load_scenario(path)


def print_warnings(scenario: Scenario) -> None:
    """Print a scenario's validation warnings on stderr."""
    for problem in scenario.warnings:
        emit(str(problem), err=True)


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
            self._bar.update(1, terminal_safe(message))

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: Any) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, error, trace)


def check_extension(path: str | None, allowed: tuple[str, ...], option: str) -> None:
    """Refuse an output file whose suffix is not one of ``allowed``."""
    from ..errors import ScenarioError

    if path is not None and Path(path).suffix.lower() not in allowed:
        raise ScenarioError([f"{option} {path}: unsupported file type; use one of {', '.join(allowed)}"])


def check_outputs(*outputs: str | None) -> None:
    """Refuse, before any work, an output path the OS cannot use (a name too long, a folder).

    Raises
    ------
    OutputError
        Naming the path and the OS's reason.
    """
    from ..errors import OutputError

    for output in outputs:
        if output is None:
            continue
        try:
            Path(output).parent.is_dir()
            Path(output).exists()
        except (OSError, ValueError) as exc:
            reason = os_error_text(exc) if isinstance(exc, OSError) else str(exc)
            raise OutputError(f"cannot write {output}: {reason}") from None


def refuse_overwriting_inputs(scenarios: Sequence[Scenario], *outputs: str | None) -> None:
    """An output must never be a file any scenario was read from, ``extends`` and ``imports`` included.

    Files are compared by identity (device and inode), so another spelling, a symbolic link
    or a hard link to an input is refused too.

    Raises
    ------
    ScenarioError
        Naming the output and the scenario that reads it.
    """
    from ..errors import ScenarioError
    from ..scenario.bundled import BUNDLED_SUFFIX, find_bundled, shown_name

    wanted = {}
    for output in outputs:
        identity = _identity(output) if output is not None else None
        if identity is not None:
            wanted[identity] = output
    if not wanted:
        return
    for scenario in scenarios:
        # Scenario.path names a bundled file as "islands/x.yaml (bundled)" and text given
        # without a file as "<string>"; only a real file of its own can be "the input".
        own = find_bundled(scenario.path) if scenario.path.endswith(BUNDLED_SUFFIX) else scenario.path
        own_identity = _identity(str(own)) if own is not None else None
        recorded = scenario.input_files
        if recorded and own_identity != _identity(recorded[0]):
            own_identity = None  # a file that merely bears the name of text given without a file
        for source in input_closure(scenario):
            identity = _identity(source)
            output = wanted.get(identity)  # type: ignore[arg-type]
            if output is None:
                continue
            if identity == own_identity:
                raise ScenarioError([f"{output}: is the input scenario {scenario.path}; choose another output file"])
            raise ScenarioError(
                [
                    f"{output}: is read by {scenario.path} (through extends or imports: "
                    f"{shown_name(source, source)}); choose another output file"
                ]
            )


def input_closure(scenario: Scenario) -> tuple[str, ...]:
    """Every file ``scenario`` was built from: its own, then those reached through extends and imports.

    Uses :attr:`Scenario.input_files` when the loader records it; otherwise follows the
    ``extends`` and ``game.imports`` entries of each file (read with the same safe reader).
    """
    recorded = getattr(scenario, "input_files", ())
    if recorded:
        return tuple(recorded)
    from ..errors import ScenarioError
    from ..scenario.yaml_reader import read_yaml

    seen: dict[Path, None] = {}
    pending = [Path(scenario.path)]
    while pending:
        path = pending.pop()
        try:
            resolved = path.resolve()
            if resolved in seen:
                continue
            data = read_yaml(path).data
        except (OSError, ValueError, ScenarioError):
            continue  # the loader accepted the scenario; a file it could not read was not used
        if not isinstance(data, dict) or "format" not in data:
            continue  # not a scenario (a file that merely bears the name of text given without a file)
        seen[resolved] = None
        game = data.get("game")
        imports = game.get("imports") if isinstance(game, dict) else None
        targets = [data.get("extends"), *(imports.values() if isinstance(imports, dict) else ())]
        pending.extend(path.parent / target for target in targets if isinstance(target, str) and target)
    return tuple(str(p) for p in seen)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def echo_written(*paths: str | None) -> None:
    """Say ``wrote PATH`` for each file written (None: not asked for)."""
    for path in paths:
        if path:
            emit(f"wrote {path}")
