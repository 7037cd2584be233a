"""Refuse alias bombs, deep nesting and too many values before any YAML node is built."""

from __future__ import annotations

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, MappingStartEvent, ScalarEvent

from ..errors import Problem, ScenarioError
from ..limits import current_limits

__all__ = ["check_events"]


def _problem(path: str, message: str, line: int | None = None, column: int | None = None) -> ScenarioError:
    return ScenarioError([Problem(message=message, file=path, line=line, column=column)])


def check_events(text: str, shown: str) -> None:
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
