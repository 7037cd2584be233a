"""Read YAML safely, keeping the line and column of every node.

The reader accepts only plain data (mappings, sequences, strings, numbers,
booleans, null).  Any other tag — ``!!python/object`` and friends included — is an
error, and so are files that are too large, not UTF-8, binary, or that nest or
alias too much (the "billion laughs" alias bomb is refused before it expands).
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from yaml.nodes import Node

from ..errors import Problem, ScenarioError
from ..limits import current_limits
from .yaml_document import Document, Key, describe_value, digit_count, key_path_text
from .yaml_limits import check_events
from .yaml_values import Converter

__all__ = [
    "Document",
    "Key",
    "describe_value",
    "digit_count",
    "key_path_text",
    "parse_yaml_text",
    "read_text",
    "read_yaml",
]


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
    return parse_yaml_text(read_text(path, shown), shown)


def read_text(path: str | os.PathLike[str], shown: str | None = None) -> str:
    """Read a scenario file's text: a regular UTF-8 text file within the size limit.

    Parameters
    ----------
    path : path-like
        The file to read.
    shown : str, optional
        The name used in messages (default: ``str(path)``).

    Returns
    -------
    str
        The decoded text (a UTF-8 byte-order mark is dropped).

    Raises
    ------
    ScenarioError
        If the path is missing, a folder, below a file, not a regular file, too large,
        binary or not UTF-8.  Messages never repeat the file's content.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> read_text(ns.bundled_scenarios_dir() / "textbook" / "stag_hunt.yaml").startswith("format:")
    True
    """
    shown = str(path) if shown is None else shown
    file = Path(path)
    try:
        exists, is_dir, is_file = file.exists(), file.is_dir(), file.is_file()
    except (OSError, ValueError) as exc:  # e.g. a file name too long for the system
        raise _problem(shown[:200], f"cannot open: {getattr(exc, 'strerror', None) or exc}") from None
    if not exists:
        if file.is_symlink():
            raise _problem(shown, "is a symbolic link that leads nowhere (a loop of links, or a missing target)")
        for parent in file.parents:
            try:
                if parent.exists() and not parent.is_dir():
                    raise _problem(shown, f"{str(parent)!r} is a file, not a folder")
            except (OSError, ValueError):
                break
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
    return text


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
        check_events(text, shown)
        node = _compose(text)
    except ScenarioError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"invalid YAML: {exc.problem or exc.context}"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise _problem(shown, message + _advice(text, exc.problem or "", mark), line, col) from None
    except yaml.YAMLError as exc:
        raise _problem(shown, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise _problem(shown, f"YAML nests too deeply (limit {current_limits().max_depth})") from None
    document = Document(shown, None)
    if node is None:
        raise _problem(shown, "is empty; expected a scenario mapping", 1, 1)
    converter = Converter(document)
    document.data = converter.convert(node, ())
    if converter.problems:
        raise ScenarioError(converter.problems)
    return document


def _advice(text: str, problem: str, mark: yaml.Mark | None) -> str:
    """How to fix the usual causes of a YAML syntax error: tabs and indentation."""
    lines = text.splitlines()
    here = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    indent = here[: len(here) - len(here.lstrip(" \t"))]
    if "'\\t'" in problem or "\t" in indent:
        return "; YAML indents with spaces, not tabs: replace the tab at the start of this line with spaces"
    if problem.startswith(("expected <block end>", "mapping values are not allowed", "did not find expected")):
        return (
            "; check the indentation of this line against the line above (the keys of one mapping start "
            "in the same column), or quote a value that contains ': '"
        )
    return ""


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
