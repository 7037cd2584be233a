"""Turn composed YAML nodes into plain data, refusing everything that is not plain data.

Only text, numbers, booleans, null, lists and mappings pass.  Any other tag is an error, and so
are merge keys, values a tag cannot read (``!!bool maybe``), lone surrogates (which cannot be
printed) and aliases that expand past the value limit.  Values that YAML 1.1 reads in a way few
people expect (``010`` is 8, ``1:30`` is 90) are kept with a warning.
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Problem
from ..limits import current_limits
from .yaml_document import Document, Key, digit_count, key_path_text

__all__ = ["Converter"]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


class Converter:
    """Convert one document's nodes, recording problems and warnings in it."""

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
                value = self.constructor.construct_object(node, deep=True)
            except _CONSTRUCT_ERRORS:
                self._add(node, _unreadable(node), key)
                return None
            return self._checked_scalar(node, value, key)
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
            previous: tuple[str, str] | None = None  # the last key and its plain-text value
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self._add(
                        key_node,
                        "YAML merge keys (<<:) are not supported; write the keys out in full, or share "
                        "definitions between files with 'extends:'",
                        key,
                    )
                    continue
                if not isinstance(key_node, ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                    self._add(key_node, "mapping keys must be plain text", key)
                    continue
                try:
                    name = self.constructor.construct_object(key_node)
                except _CONSTRUCT_ERRORS:  # `!!int abc: 1`, `!!int : 1`, `!!bool maybe: 1`
                    self._add(key_node, _unreadable(key_node, "mapping key"), key)
                    continue
                if isinstance(name, str) and _SURROGATE.search(name):
                    self._add(key_node, _surrogate_message(name), key)
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
                if (
                    node.flow_style
                    and previous is not None
                    and isinstance(value_node, ScalarNode)
                    and value_node.tag == "tag:yaml.org,2002:null"
                    and value_node.value == ""
                ):
                    # `{label: Cost (lives, prestige)}`: the comma ended the label's value.
                    self.document.split_values[key + (name,)] = previous
                result[name] = self.convert(value_node, key + (name,))
                previous = (
                    (name, value_node.value) if isinstance(value_node, ScalarNode) and not value_node.style else None
                )
            return result
        self._add(node, "unsupported YAML node")  # pragma: no cover
        return None

    def _checked_scalar(self, node: ScalarNode, value: object, key: Key) -> object:
        """Refuse text that is not Unicode characters; warn where YAML 1.1 surprises."""
        if isinstance(value, str):
            if _SURROGATE.search(value):
                self._add(node, _surrogate_message(value), key)
                return None
            return value
        if isinstance(value, bool):
            self.document.scalar_text[key] = node.value
            return value
        if not node.style and isinstance(value, (int, float)):  # plain (libyaml says "", PyYAML None)
            written = node.value
            surprise = None
            if _OCTAL.match(written):
                surprise = f"YAML reads {written} as the octal number {value}"
                advice = f"write {written.lstrip('+-0') or '0'} for the decimal number, or quote it for text"
            elif ":" in written:
                surprise = f"YAML reads {written[:40]} as the base-60 number {_short(value)}"
                advice = "quote it if you meant text or a time (e.g. '1:30')"
            if surprise is not None:
                mark = node.start_mark
                self.document.warnings.append(
                    Problem(
                        message=f"{surprise}; {advice}",
                        file=self.document.path,
                        line=mark.line + 1,
                        column=mark.column + 1,
                        key_path=key_path_text(key),
                        severity="warning",
                    )
                )
        return value


_CONSTRUCT_ERRORS = (yaml.YAMLError, ValueError, OverflowError, IndexError, KeyError, TypeError)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_OCTAL = re.compile(r"[-+]?0[0-7_]+\Z")


def _short(value: float) -> str:
    return f"with {digit_count(value)} digits" if isinstance(value, int) and value.bit_length() > 64 else str(value)


def _unreadable(node: ScalarNode, what: str = "value") -> str:
    """Why a tagged scalar cannot be read, without echoing more than a short prefix of it."""
    tag = node.tag.rsplit(":", 1)[-1]
    written = node.value if len(node.value) <= 40 else node.value[:40] + "…"
    expected = {"bool": "true or false", "int": "a whole number", "float": "a number", "null": "null or nothing"}
    return (
        f"cannot read {what} {written!r} as !!{tag}"
        + (f" (expected {expected[tag]})" if tag in expected else "")
        + "; remove the tag or fix the value"
    )


def _surrogate_message(text: str) -> str:
    code = ord(_SURROGATE.search(text).group())  # type: ignore[union-attr]
    return (
        f"contains U+{code:04X}, half of a UTF-16 surrogate pair, which is not a character "
        "(an escape such as \\ud800 in a quoted string?); remove it or write the whole character"
    )
