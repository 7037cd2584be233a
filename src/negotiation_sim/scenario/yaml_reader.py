"""Read YAML safely, keeping the line and column of every node.

The reader accepts only plain data (mappings, sequences, strings, numbers,
booleans, null).  Any other tag — ``!!python/object`` and friends included — is an
error, and so are files that are too large, not UTF-8, binary, or that nest or
alias too much (the "billion laughs" alias bomb is refused before it expands).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, MappingStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Problem, ScenarioError
from ..limits import current_limits

__all__ = ["Document", "read_yaml"]


Key = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


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
    """

    path: str
    data: object
    marks: dict[Key, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Key, tuple[int, int]] = field(default_factory=dict)

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
        >>> document = parse_yaml_text("a: 1\\nb: [2, 3]\\n")
        >>> document.where(("b", 1)), document.where(("b",), at_key=True)
        ((2, 8), (2, 1))
        >>> document.where(("missing",))  # falls back to the document itself
        (1, 1)
        """
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
            return f"a number too large for a float ({len(str(value))} digits)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return type(value).__name__


def _problem(path: str, message: str, line: int | None = None, column: int | None = None) -> ScenarioError:
    return ScenarioError([Problem(message=message, file=path, line=line, column=column)])


def read_yaml(path: str | os.PathLike[str]) -> Document:
    """Read one YAML file into a :class:`Document`.

    Parameters
    ----------
    path : path-like
        The file to read.

    Returns
    -------
    Document
        Its data and the position of every value.

    Raises
    ------
    ScenarioError
        If the path is missing or a folder, the file is too large, binary, not UTF-8,
        not valid YAML, uses a non-data tag, or exceeds the alias, depth or size limits.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> document = read_yaml(ns.bundled_scenarios_dir() / "textbook" / "stag_hunt.yaml")
    >>> document.data["format"]
    'negotiation-sim/1'
    """
    shown = str(path)
    file = Path(path)
    try:
        exists, is_dir, is_file = file.exists(), file.is_dir(), file.is_file()
    except (OSError, ValueError) as exc:  # e.g. a file name too long for the system
        raise _problem(shown[:200], f"cannot open: {getattr(exc, 'strerror', None) or exc}") from None
    if not exists:
        raise _problem(shown, "no such file")
    if is_dir:
        raise _problem(shown, "is a folder; expected a scenario file (.yaml)")
    if not is_file:  # a named pipe or device would block the reader or never end
        raise _problem(shown, "is not a regular file (a pipe or device?); expected a scenario file (.yaml)")
    try:
        size = file.stat().st_size
        if size > current_limits().max_file_bytes:
            raise _problem(
                shown,
                f"file is {size} bytes; the limit is {current_limits().max_file_bytes} "
                "(raise it with the environment variable NEGOTIATION_SIM_MAX_FILE_BYTES)",
            )
        with file.open("rb") as handle:
            raw = handle.read(current_limits().max_file_bytes + 1)
    except OSError as exc:
        raise _problem(shown, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > current_limits().max_file_bytes:
        raise _problem(shown, f"file is larger than the limit of {current_limits().max_file_bytes} bytes")
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        line = raw[:at].count(b"\n") + 1
        column = at - (raw.rfind(b"\n", 0, at) + 1) + 1
        raise _problem(shown, "looks like a binary file (it contains NUL bytes); expected YAML text", line, column)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _problem(
            shown,
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            line,
            column,
        ) from None
    return parse_yaml_text(text, shown)


def parse_yaml_text(text: str, shown: str = "<string>") -> Document:
    """Parse YAML text into a :class:`Document` (see :func:`read_yaml`).

    Parameters
    ----------
    text : str
        The YAML text.
    shown : str, optional
        The name used for the text in error messages and :attr:`Document.path`.

    Returns
    -------
    Document
        Its data and the position of every value.

    Raises
    ------
    ScenarioError
        If the text is empty, not valid YAML, uses a non-data tag, or exceeds the alias,
        depth or size limits.

    Examples
    --------
    >>> parse_yaml_text("players: [a, b]\\n").data
    {'players': ['a', 'b']}
    >>> parse_yaml_text("a: [1, 2\\n")
    Traceback (most recent call last):
        ...
    negotiation_sim.errors.ScenarioError: <string>:2:1: invalid YAML: expected ',' or ']', but got '<stream end>'
    """
    try:
        _check_events(text, shown)
        node = _compose(text)
    except ScenarioError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"invalid YAML: {exc.problem or exc.context}"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise _problem(shown, message, line, col) from None
    except yaml.YAMLError as exc:
        raise _problem(shown, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise _problem(shown, f"YAML nests too deeply (limit {current_limits().max_depth})") from None
    document = Document(shown, None)
    if node is None:
        raise _problem(shown, "is empty; expected a scenario mapping", 1, 1)
    converter = _Converter(document)
    document.data = converter.convert(node, ())
    if converter.problems:
        raise ScenarioError(converter.problems)
    return document


def _compose(text: str) -> Node | None:
    """Compose the node graph with libyaml when PyYAML has it (several times faster on large
    files); if libyaml rejects the text, the pure-Python composer runs to raise the error, so
    messages do not depend on whether libyaml is installed."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _check_events(text: str, shown: str) -> None:
    """Refuse alias bombs, deep nesting and too many values before any node is built.

    libyaml's parser (when PyYAML has it) makes this pre-pass fast on large files; if it
    rejects the text, the pure-Python parser runs instead, so error messages do not depend
    on whether libyaml is installed.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            _scan_events(text, shown, fast)
            return
        except yaml.YAMLError:
            pass
    _scan_events(text, shown, yaml.SafeLoader)


def _scan_events(text: str, shown: str, loader: type) -> None:
    limits = current_limits()
    aliases = depth = 0
    # Count the values written in the file (mapping keys excluded, aliases not expanded: the
    # converter counts expansions) so that a huge file is refused after reading max_yaml_nodes
    # values rather than after composing all of it.
    values = 0
    children: list[list[int]] = []  # per open collection: [is_mapping, children seen]
    open_anchors: list[str | None] = []
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (ScalarEvent, CollectionStartEvent, AliasEvent)):
            is_key = bool(children) and children[-1][0] == 1 and children[-1][1] % 2 == 0
            if children:
                children[-1][1] += 1
            if isinstance(event, AliasEvent) and event.anchor in open_anchors:
                mark = event.start_mark
                raise _problem(
                    shown,
                    f"alias *{event.anchor} refers to a list or mapping that contains it (a recursive structure)",
                    mark.line + 1,
                    mark.column + 1,
                )
            if not is_key and not isinstance(event, AliasEvent):
                values += 1
                if values > limits.max_yaml_nodes:
                    mark = event.start_mark
                    raise _problem(
                        shown,
                        f"more than {limits.max_yaml_nodes} YAML values after expanding aliases "
                        "(raise the limit with NEGOTIATION_SIM_MAX_YAML_NODES)",
                        mark.line + 1,
                        mark.column + 1,
                    )
        if isinstance(event, CollectionStartEvent):
            children.append([int(isinstance(event, MappingStartEvent)), 0])
            open_anchors.append(event.anchor)
        elif isinstance(event, CollectionEndEvent) and children:
            children.pop()
            open_anchors.pop()
        if isinstance(event, AliasEvent):
            aliases += 1
            if aliases > limits.max_aliases:
                mark = event.start_mark
                raise _problem(
                    shown,
                    f"more than {limits.max_aliases} YAML aliases (*name); the limit guards against "
                    "alias bombs (raise it with NEGOTIATION_SIM_MAX_ALIASES)",
                    mark.line + 1,
                    mark.column + 1,
                )
        elif isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > limits.max_depth:
                mark = event.start_mark
                raise _problem(
                    shown,
                    f"mappings and lists nest more than {limits.max_depth} levels deep "
                    "(raise the limit with NEGOTIATION_SIM_MAX_DEPTH)",
                    mark.line + 1,
                    mark.column + 1,
                )
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


class _Converter:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.count = 0
        self.max_values = current_limits().max_yaml_nodes
        self.constructor = yaml.SafeLoader("")

    def _add(self, node: Node, message: str, key: Key = ()) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(
                message=message,
                file=self.document.path,
                line=mark.line + 1,
                column=mark.column + 1,
                key_path=key_path_text(key),
            )
        )

    def convert(self, node: Node, key: Key) -> object:
        self.count += 1
        if self.count > self.max_values:
            if self.count == self.max_values + 1:
                self._add(
                    node,
                    f"more than {self.max_values} YAML values after expanding aliases "
                    "(raise the limit with NEGOTIATION_SIM_MAX_YAML_NODES)",
                )
            return None
        self.document.marks.setdefault(key, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, ScalarNode):
            if node.tag not in _PLAIN_TAGS:
                self._add(
                    node,
                    f"unsupported YAML tag {node.tag!r}; only plain data "
                    "(text, numbers, true/false, null, lists, mappings) is allowed",
                    key,
                )
                return None
            try:
                return self.constructor.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError, IndexError) as exc:  # IndexError: `!!int` alone
                self._add(node, f"cannot read value: {exc}", key)
                return None
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self._add(node, f"unsupported YAML tag {node.tag!r} on a list", key)
                return None
            return [self.convert(item, key + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                self._add(node, f"unsupported YAML tag {node.tag!r} on a mapping", key)
                return None
            result: dict[object, object] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                    self._add(key_node, "mapping keys must be plain text", key)
                    continue
                try:
                    name = self.constructor.construct_object(key_node)
                except (yaml.YAMLError, ValueError, OverflowError, IndexError) as exc:  # `!!int abc: 1`, `!!int : 1`
                    self._add(key_node, f"cannot read mapping key: {exc}", key)
                    continue
                if not isinstance(name, str):
                    # YAML reads `1:` or `yes:` as a number or boolean; keys here are names.
                    name = str(key_node.value)
                if name in result:
                    line = self.document.key_marks[key + (name,)][0]
                    self._add(key_node, f"duplicate key '{name}' (first defined on line {line})", (*key, name))
                    continue
                self.document.key_marks[key + (name,)] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                result[name] = self.convert(value_node, key + (name,))
            return result
        self._add(node, "unsupported YAML node")  # pragma: no cover
        return None
