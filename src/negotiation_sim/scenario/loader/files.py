"""The files one scenario is built from: ``extends`` and ``imports`` targets, each read once.

A :class:`LoadSession` lives for one call of :func:`load_scenario`.  It resolves the path a
file names (relative to the naming file, else a bundled scenario of that name), refuses
cycles, NUL characters, over-long names and symbolic-link loops with a located message,
reads every file at most once (a file imported fifty times is parsed once) and never
repeats the content of a file that is not a scenario (an ``extends:`` pointing at a dotfile
must not print its secrets).
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

from ...errors import ScenarioError
from ..bundled import bundled_hint, find_bundled, shown_name
from ..schema import Scenario
from ..yaml_reader import Key, describe_value
from .report import FileReport

__all__ = ["Build", "LoadSession", "shown_path"]

Build = Callable[[Path, str, "LoadSession", tuple[Path, ...]], Scenario]
"""Read, check and build one file: (path, name shown in messages, session, files being built)."""

_SHOWN_LIMIT = 80


def shown_path(text: str) -> str:
    """A path as shown in a message: quoted, control characters escaped, long names shortened.

    Parameters
    ----------
    text : str
        The path as written.

    Returns
    -------
    str

    Examples
    --------
    >>> shown_path("base.yaml")
    "'base.yaml'"
    >>> shown_path("a" * 5000)
    "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…' (5000 characters)"
    """
    if len(text) <= _SHOWN_LIMIT:
        return repr(text)
    return f"{text[:60]!r}"[:-1] + f"…' ({len(text)} characters)"


def _not_a_folder(path: Path) -> Path | None:
    """The first parent of ``path`` that exists but is a file, if any."""
    for parent in reversed(path.parents):
        try:
            if parent.exists() and not parent.is_dir():
                return parent
        except (OSError, ValueError):
            return None
    return None


class LoadSession:
    """Every file read while one scenario is loaded, each built once.

    Parameters
    ----------
    build : callable
        Builds one file into a :class:`Scenario` (or raises :class:`ScenarioError`).
    """

    def __init__(self, build: Build) -> None:
        self._build = build
        self._built: dict[Path, Scenario | ScenarioError] = {}
        self._reported: set[Path] = set()

    def load(
        self, report: FileReport, value: object, key: Key, how: str, folder: Path, stack: tuple[Path, ...]
    ) -> Scenario | None:
        """Load the file that ``value`` (a path relative to ``folder``, or a bundled scenario) names.

        A path relative to ``folder`` wins when it exists; otherwise ``value`` may name a
        bundled scenario (:func:`~negotiation_sim.scenario.bundled.find_bundled`).

        Parameters
        ----------
        report : FileReport
            The naming file's report: problems are located at ``key`` in it.
        value : object
            The path as written in the file.
        key : tuple
            Where it was written (``("extends",)``, ``("game", "imports", prefix)``).
        how : str
            ``"extends"`` or ``"import"``, for messages.
        folder : Path
            The folder of the naming file (the working directory for text given without a file).
        stack : tuple of Path
            Resolved paths of the files being built (for cycles).

        Returns
        -------
        Scenario or None
            None after recording why the file cannot be used.
        """
        if not isinstance(value, str) or not value:
            report.error(key, f"expected a relative path to a scenario file, found {describe_value(value)}")
            return None
        if "\0" in value:
            report.error(key, f"{how} names a path with a NUL character in it; write the file's name without it")
            return None
        target = folder / value
        try:
            missing = not (target.exists() or target.is_symlink())
        except (OSError, ValueError):
            missing = False  # the checks below say what is wrong
        bundled = find_bundled(value) if missing else None
        if bundled is not None:
            target = bundled
        shown = shown_path(value) if len(value) > _SHOWN_LIMIT else repr(shown_name(target, str(target)))
        try:
            resolved = target.resolve()
            is_file = target.is_file()
        except RuntimeError:  # Python < 3.13: a symbolic-link loop while resolving
            report.error(key, f"{how} names {shown}, which goes round a loop of symbolic links")
            return None
        except (OSError, ValueError) as exc:
            reason = "a loop of symbolic links" if getattr(exc, "errno", None) == errno.ELOOP else None
            reason = reason or getattr(exc, "strerror", None) or type(exc).__name__
            report.error(key, f"{how} names {shown}, which cannot be opened ({reason})")
            return None
        if resolved in stack:
            chain = " -> ".join(p.name for p in stack[stack.index(resolved) :]) + f" -> {target.name}"
            report.error(key, f"{how} cycle: {chain}")
            return None
        if not is_file:
            blocker = _not_a_folder(target)
            if blocker is not None:
                report.error(key, f"{how} names {shown}, but {blocker.name!r} is a file, not a folder")
            elif len(value) > _SHOWN_LIMIT or len(target.name) > 255:
                report.error(key, f"{how} names {shown}, which is not a file (is the name too long?)")
            else:
                hint = bundled_hint(value) if missing else ""
                report.error(key, f"{how} names {shown}, which is not a file{hint}")
            return None
        result = self._built.get(resolved)
        if result is None:
            try:
                result = self._build(target, str(target), self, stack)
            except ScenarioError as exc:
                result = exc
            self._built[resolved] = result
        if isinstance(result, ScenarioError):
            report.error(key, f"the file this {how} is invalid (its problems follow)")
            if resolved not in self._reported:  # once, however often the file is named
                self._reported.add(resolved)
                report.problems.extend(result.problems)
            return None
        report.inputs.extend(result.input_files)
        return result
