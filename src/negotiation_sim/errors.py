"""Exceptions raised by negotiation-sim.

Every error the library raises on purpose derives from :class:`NegotiationSimError`.
Problems in a scenario file are collected as :class:`Problem` records, so that one
:class:`ScenarioError` can report all of them at once, each located by file, line,
column and key path.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "NegotiationSimError",
    "OutputError",
    "ParameterRangeWarning",
    "Problem",
    "ScenarioError",
    "ScenarioWarning",
    "SolverError",
]


class NegotiationSimError(Exception):
    """Base class of every error negotiation-sim raises on purpose."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One located problem in a scenario (or in the overrides given to it).

    Attributes
    ----------
    message : str
        What was expected and what was found, with a suggestion where one exists.
    file : str or None
        The scenario file, as the user named it (``None`` for command-line input).
    line, column : int or None
        1-based position of the offending YAML node.
    key_path : str
        Dotted path of the offending key, e.g. ``game.nodes.offer.moves``.
    severity : {"error", "warning"}
        Warnings do not stop a scenario from loading.
    """

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    key_path: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        if self.file is None and self.line is None:
            # Not from a file (command-line options, API arguments): no location prefix.
            prefix = "warning: " if self.severity == "warning" else ""
            return f"{self.key_path}: {prefix}{self.message}" if self.key_path else f"{prefix}{self.message}"
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        prefix = "warning: " if self.severity == "warning" else ""
        key = f" {self.key_path}:" if self.key_path else ""
        return f"{where}:{key} {prefix}{self.message}"


class ScenarioError(NegotiationSimError):
    """A scenario (or the overrides given to it) is invalid.

    Parameters
    ----------
    problems : iterable of Problem or str
        All problems found; plain strings become unlocated problems.

    Attributes
    ----------
    problems : tuple of Problem
        Every problem, in file order.
    """

    def __init__(self, problems: Iterable[Problem | str]) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            p if isinstance(p, Problem) else Problem(message=str(p)) for p in problems
        )
        super().__init__("\n".join(str(p) for p in self.problems))


class SolverError(NegotiationSimError):
    """A game cannot be solved as asked (too large, or a limit was reached)."""


class OutputError(NegotiationSimError):
    """An output file cannot be written (missing folder, no permission, ...)."""


class ScenarioWarning(UserWarning):
    """A scenario is valid but something in it is probably unintended."""


class ParameterRangeWarning(ScenarioWarning):
    """A parameter was set outside the range its scenario declares."""


def warn(message: str, category: type[Warning] = ScenarioWarning) -> None:
    """Emit a negotiation-sim warning attributed to the caller's caller.

    Parameters
    ----------
    message : str
        The warning text.
    category : type of Warning, optional
        The warning class, by default :class:`ScenarioWarning`.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn("a parameter is outside its range", ParameterRangeWarning)
    >>> caught[0].category.__name__, str(caught[0].message)
    ('ParameterRangeWarning', 'a parameter is outside its range')
    """
    warnings.warn(message, category, stacklevel=3)
