"""A YAML document as plain data plus the position of every value, and how values are named in messages."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..errors import Problem

__all__ = ["Document", "Key", "describe_value", "digit_count", "key_path_text"]

Key = tuple[str | int, ...]


@dataclass(slots=True)
class Document:
    """A YAML document as plain Python data plus the position of every value.

    Attributes
    ----------
    path : str
        The file as the user named it.
    data : object
        Plain data (dict, list, str, int, float, bool, None).
    marks : dict
        Key path tuple -> (line, column) of the value, 1-based.
    key_marks : dict
        Key path tuple -> (line, column) of the mapping key that holds the value.
    scalar_text : dict
        Key path tuple -> the text as written, for values YAML read as booleans (``yes``).
    warnings : list of Problem
        Values YAML 1.1 reads differently than most people expect (``010`` is 8).
    split_values : dict
        Key path of a key written without a value after a comma inside ``{ }`` -> the key and
        plain value before it (``{label: Cost (lives, prestige)}`` splits the label in two).
    located : bool
        False for data that never was text (a mapping built in Python): problems are then
        located by key path alone, with no line or column.
    """

    path: str
    data: object
    marks: dict[Key, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Key, tuple[int, int]] = field(default_factory=dict)
    scalar_text: dict[Key, str] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    split_values: dict[Key, tuple[str, str]] = field(default_factory=dict)
    located: bool = True

    def where(self, key: Key, *, at_key: bool = False) -> tuple[int | None, int | None]:
        """Return the (line, column) of ``key``, or of its nearest located parent.

        Parameters
        ----------
        key : tuple of str or int
            A key path such as ``("game", "nodes", "offer")``.
        at_key : bool, optional
            Locate the mapping key that holds the value rather than the value itself.

        Returns
        -------
        tuple of (int or None, int or None)
            1-based line and column.

        Examples
        --------
        >>> from negotiation_sim.scenario.yaml_reader import parse_yaml_text
        >>> document = parse_yaml_text("a: 1\\nb: [2, 3]\\n")
        >>> document.where(("b", 1)), document.where(("b",), at_key=True)
        ((2, 8), (2, 1))
        >>> document.where(("missing",))  # falls back to the document itself
        (1, 1)
        """
        if not self.located:
            return None, None
        table = self.key_marks if at_key else self.marks
        probe = tuple(key)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.marks:
                return self.marks[probe]
            probe = probe[:-1]
        return self.marks.get((), (1, 1))


def key_path_text(key: Key) -> str:
    """``("game", "nodes", "a", 0)`` -> ``game.nodes.a[0]`` (the key path shown in messages).

    Parameters
    ----------
    key : tuple of str or int
        Mapping keys and list indices from the document root.

    Returns
    -------
    str

    Examples
    --------
    >>> key_path_text(("game", "payoffs", "japan", 1, 0))
    'game.payoffs.japan[1][0]'
    """
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + str(part)
    return text


def describe_value(value: object) -> str:
    """Say what kind of YAML value was found, for "expected ..., found ..." messages.

    Parameters
    ----------
    value : object
        Plain data as read from YAML.

    Returns
    -------
    str

    Examples
    --------
    >>> describe_value([1, 2]), describe_value(True), describe_value("x")
    ('a list of 2', 'a boolean (true)', "the text 'x'")
    """
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        try:
            float(value)
        except OverflowError:
            return f"a number too large for a float ({digit_count(value)} digits)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return type(value).__name__


def digit_count(value: int) -> str:
    """The number of decimal digits of ``value``, exact up to 4,000 digits, estimated beyond.

    Python refuses to write integers of more than 4,300 digits as text, so a huge literal
    (``0xfff…`` or ``1:2:3:…`` in YAML 1.1) is described by its size, never converted.

    Parameters
    ----------
    value : int

    Returns
    -------
    str

    Examples
    --------
    >>> digit_count(12345), digit_count(16**6000)
    ('5', 'about 7225')
    """
    magnitude = abs(value)
    if magnitude.bit_length() <= 13_000:
        return str(len(str(magnitude)))
    return f"about {int((magnitude.bit_length() - 1) * math.log10(2)) + 1}"
