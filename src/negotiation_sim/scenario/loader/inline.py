"""A scenario written without a file: YAML text (a notebook cell) or a mapping built in Python.

The text or mapping goes through the same checks as a file.  Problems in text are located as
``<string>:line:column``; problems in a mapping have no lines, so they are located by their key
path alone.  ``extends:`` and ``imports:`` name files relative to the working directory, or
bundled scenarios.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping

from ...errors import Problem, ScenarioError
from ...limits import current_limits
from ..schema import Scenario
from ..yaml_reader import Document, Key, key_path_text, parse_yaml_text
from .document import Builder, new_session

__all__ = ["parse_scenario"]

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


def parse_scenario(source: str | Mapping[str, object], name: str | None = None) -> Scenario:
    """Build a scenario from YAML text or from a mapping, without a file.

    Parameters
    ----------
    source : str or mapping
        The scenario as YAML text (what a file would hold), or as a mapping of plain data
        (dicts, lists, text, numbers, booleans, None) with the same keys.
    name : str, optional
        The name used in messages and as :attr:`Scenario.path`; default ``"<string>"`` for
        text and ``"<mapping>"`` for a mapping.  The scenario's ``id`` defaults to it when
        it is a valid id, else to ``"scenario"``.

    Returns
    -------
    Scenario
        The validated scenario; :attr:`Scenario.input_files` lists only the files reached
        through ``extends`` and ``imports`` (relative to the working directory, or bundled
        scenarios such as ``islands/parameters.yaml``).

    Raises
    ------
    ScenarioError
        With every problem found, located as ``<string>:line:column: key.path`` for text
        and as ``<mapping>: key.path`` for a mapping.
    TypeError
        If ``source`` is neither text nor a mapping.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> game = ns.parse_scenario('''
    ... format: negotiation-sim/1
    ... title: Coordination
    ... players: {ann: {label: Ann}, bob: {label: Bob}}
    ... parameters: {bonus: {value: 2, range: [0, 4]}}
    ... game:
    ...   kind: normal
    ...   strategies: {ann: [left, right], bob: [left, right]}
    ...   payoffs:
    ...     ann: [[bonus, 0], [0, 1]]
    ...     bob: [[bonus, 0], [0, 1]]
    ... ''')
    >>> game.title, game.path, game.id
    ('Coordination', '<string>', 'scenario')
    >>> ns.parse_scenario("format: negotiation-sim/1\\ntitle: T\\nplayers: {a: {}}\\nparamters: {}\\n")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    negotiation_sim.errors.ScenarioError: <string>:4:1: paramters: unknown key 'paramters' (did you mean...
    >>> ns.parse_scenario({"format": "negotiation-sim/1", "title": "T", "players": {"a": {"label": ["A"]}}})
    Traceback (most recent call last):
        ...
    negotiation_sim.errors.ScenarioError: <mapping>: players.a.label: expected text, found a list of 1
    """
    if isinstance(source, str):
        shown = "<string>" if name is None else name
        size = len(source.encode("utf-8", errors="surrogatepass"))
        limit = current_limits().max_file_bytes
        if size > limit:
            raise ScenarioError(
                [
                    Problem(
                        message=f"text is {size} bytes; the limit is {limit} "
                        "(raise it with the environment variable NEGOTIATION_SIM_MAX_FILE_BYTES)",
                        file=shown,
                    )
                ]
            )
        document = parse_yaml_text(source.removeprefix("\ufeff"), shown)
    elif isinstance(source, Mapping):
        shown = "<mapping>" if name is None else name
        document = Document(shown, None, located=False)
        problems: list[Problem] = []
        document.data = _plain(source, (), problems, shown, set(), current_limits().max_depth)
        if problems:
            raise ScenarioError(problems)
    else:
        raise TypeError(f"parse_scenario takes YAML text or a mapping, not {type(source).__name__}")
    default_id = shown if _ID.match(shown) else "scenario"
    return Builder(document, None, new_session(), (), default_id=default_id).build()


def _plain(value: object, key: Key, problems: list[Problem], shown: str, active: set[int], depth: int) -> object:
    """``value`` as the plain data a YAML file gives (dicts, lists, str, int, float, bool, None)."""

    def bad(message: str) -> None:
        problems.append(Problem(message=message, file=shown, key_path=key_path_text(key)))

    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            bad(f"expected a finite number, found {number}")
        return number
    if len(key) >= depth:
        bad(f"nests more than {depth} levels deep")
        return None
    if isinstance(value, (Mapping, list, tuple)):
        if id(value) in active:
            bad("contains itself (a mapping or list that refers back to one of its parents)")
            return None
        active.add(id(value))
        try:
            if isinstance(value, Mapping):
                result: dict[object, object] = {}
                for k, v in value.items():
                    if not isinstance(k, (str, int)):  # what YAML keys can be (bool is an int)
                        problems.append(
                            Problem(
                                message=f"keys must be text, found {type(k).__name__} {k!r}",
                                file=shown,
                                key_path=key_path_text(key),
                            )
                        )
                        continue
                    result[k] = _plain(v, key + (str(k),), problems, shown, active, depth)
                return result
            return [_plain(v, key + (i,), problems, shown, active, depth) for i, v in enumerate(value)]
        finally:
            active.discard(id(value))
    bad(f"expected plain data (a mapping, list, text, number, boolean or None), found {type(value).__name__}")
    return None
