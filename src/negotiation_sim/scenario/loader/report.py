"""Collect the located problems found while one scenario file is read.

Every section of the loader reports through a :class:`FileReport`: it turns a key path in
the file into ``file:line:column`` and keeps errors and warnings apart, so that all the
problems of a file can be raised together.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from ...errors import Problem
from ...limits import current_limits
from ..expressions import Expression, ExpressionError, parse_expression, suggest
from ..schema import Location
from ..yaml_reader import Document, Key, describe_value, key_path_text

__all__ = ["IDENTIFIER", "FileReport", "in_file_order", "is_number"]

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
"""What a player, parameter, node, move or strategy name must look like."""


def is_number(value: object) -> bool:
    """Whether ``value`` is an int or float (not a boolean) that converts to a float.

    Parameters
    ----------
    value : object
        Plain data as read from YAML.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_number(2), is_number(1.5), is_number(True), is_number(10**400), is_number("1")
    (True, True, False, False, False)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        float(value)
    except OverflowError:
        return False
    return True


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """Sort problems by file (first seen first), line and column; stable otherwise.

    Parameters
    ----------
    problems : list of Problem

    Returns
    -------
    list of Problem

    Examples
    --------
    >>> found = [Problem(message="b", file="f", line=3), Problem(message="a", file="f", line=1)]
    >>> [p.message for p in in_file_order(found)]
    ['a', 'b']
    """
    files: dict[str | None, int] = {}
    for p in problems:
        files.setdefault(p.file, len(files))
    return sorted(problems, key=lambda p: (files[p.file], p.line or 0, p.column or 0))


class FileReport:
    """The problems of one file, each located through the file's :class:`Document`.

    Parameters
    ----------
    document : Document
        The file as read, with the position of every value.
    """

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = list(document.warnings)
        self.limits = current_limits()
        """The limits in force, read once for the whole file."""
        self.declared: set[str] = set()
        """Parameter and derived names declared in the file, whether or not their definition was valid."""
        self.inputs: list[str] = []
        """Resolved paths of the files this one was built from (extends, imports), transitively."""

    def error(self, key: Key, message: str, *, at_key: bool = False, severity: str = "error") -> None:
        """Record a problem at ``key`` (the mapping key itself with ``at_key``)."""
        line, column = self.doc.where(key, at_key=at_key)
        problem = Problem(
            message=message,
            file=self.doc.path,
            line=line,
            column=column,
            key_path=key_path_text(key),
            severity=severity,
        )
        (self.warnings if severity == "warning" else self.problems).append(problem)

    def location(self, key: Key) -> Location:
        """Where the value at ``key`` was written."""
        line, column = self.doc.where(key)
        return Location(file=self.doc.path, line=line, column=column)

    def mapping(self, value: object, key: Key, what: str) -> dict | None:
        """``value`` if it is a mapping; otherwise record "expected {what}" and return None."""
        if isinstance(value, dict):
            return value
        self.error(key, f"expected {what} (a mapping), found {describe_value(value)}")
        return None

    def check_keys(self, mapping: dict, allowed: tuple[str, ...], key: Key) -> None:
        """Record every key of ``mapping`` not in ``allowed``, suggesting the nearest."""
        for name in mapping:
            if name in allowed:
                continue
            split = self.doc.split_values.get(key + (name,))
            if split is not None:
                self.error(
                    key + (name,),
                    f"unknown key '{name}': inside {{ }} a comma ends a value, so YAML read '{name}' as a key; "
                    f'quote the value: {split[0]}: "{split[1]}, {name}"',
                    at_key=True,
                )
                continue
            self.error(
                key + (name,),
                f"unknown key '{name}'{suggest(name, allowed)}; allowed: {', '.join(allowed)}",
                at_key=True,
            )

    def identifier(self, name: object, key: Key, what: str) -> bool:
        """Whether ``name`` is a valid identifier; record why not (booleans named as such)."""
        if isinstance(name, str) and IDENTIFIER.match(name):
            return True
        written = self.doc.scalar_text.get(key)
        if isinstance(name, bool) and written is not None:
            self.error(
                key,
                f"{what} {written} was read by YAML as the boolean {str(name).lower()} (YAML reads yes, no, "
                f"on, off, true and false as booleans); quote it: '{written}'",
            )
            return False
        self.error(
            key,
            f"{what} '{name}' is not a valid name; use letters, digits and '_' and start with a letter",
            at_key=True,
        )
        return False

    def text(self, mapping: dict, name: str, key: Key, *, required: bool = False) -> str:
        """The text at ``mapping[name]`` ("" when absent); numbers are written back as text."""
        value = mapping.get(name)
        if value is None:
            if required:
                self.error(key, f"missing required key '{name}'")
            return ""
        if isinstance(value, str):
            return value
        if is_number(value):
            return str(value)
        self.error(key + (name,), f"expected text, found {describe_value(value)}")
        return ""

    def expression(self, value: object, key: Key, known: Collection[str] | None) -> Expression | None:
        """Parse an expression; on failure record the problem (pointing into the text) and return None."""
        try:
            return parse_expression(value, known, limits=self.limits)
        except ExpressionError as exc:
            line, column = self.doc.where(key)
            if exc.offset is not None and isinstance(value, str) and line is not None:
                message = f"{exc} (at character {exc.offset + 1} of {value!r})"
            else:
                message = str(exc)
            self.problems.append(
                Problem(
                    message=message,
                    file=self.doc.path,
                    line=line,
                    column=column,
                    key_path=key_path_text(key),
                )
            )
            return None
