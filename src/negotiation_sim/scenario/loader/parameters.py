"""The ``players``, ``parameters`` and ``derived`` sections of a scenario file.

Each function reads one section, merges it over what the extended file (``base``)
declared, and records its problems in the file's :class:`FileReport`.
"""

from __future__ import annotations

import keyword
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TypedDict

from ..expressions import FUNCTIONS
from ..schema import Derived, Parameter, Player, Scenario
from ..yaml_reader import Key, describe_value
from .report import FileReport, is_number

if TYPE_CHECKING:
    from ..distributions import Distribution

__all__ = ["PARAMETER_KEYS", "PLAYER_KEYS", "meanings", "read_derived", "read_parameters", "read_players"]

PARAMETER_KEYS = ("value", "range", "label", "unit", "source", "distribution")
PLAYER_KEYS = ("label",)


class _ParameterFields(TypedDict):
    """The fields of one parameter while its spec is read (inherited, then overridden)."""

    value: object
    range: tuple[float, float] | None
    label: str
    unit: str
    source: str


def read_players(report: FileReport, value: object, base: Scenario | None) -> tuple[Player, ...]:
    """Read ``players:`` over the extended file's players.

    Parameters
    ----------
    report : FileReport
        Where problems are recorded.
    value : object
        The section as read from YAML (None when absent).
    base : Scenario or None
        The extended scenario.

    Returns
    -------
    tuple of Player
        Inherited players first, then this file's, in file order.
    """
    players: dict[str, Player] = {p.id: p for p in base.players} if base else {}
    if value is None:
        if not players:
            report.error((), "missing required key 'players' (e.g. players: {japan: {label: Japan}})")
        return tuple(players.values())
    mapping = report.mapping(value, ("players",), "players")
    for player_id, spec in (mapping or {}).items():
        key = ("players", player_id)
        if not report.identifier(player_id, key, "player id"):
            continue
        label = player_id
        if isinstance(spec, str):
            label = spec
        elif isinstance(spec, dict):
            report.check_keys(spec, PLAYER_KEYS, key)
            label = report.text(spec, "label", key) or player_id
        elif spec is not None:
            report.error(key, f"expected a mapping such as {{label: ...}}, found {describe_value(spec)}")
        players[player_id] = Player(id=player_id, label=label)
    if mapping is not None and not players:
        report.error(("players",), "expected at least one player")
    return tuple(players.values())


def read_parameters(report: FileReport, value: object, base: Scenario | None) -> dict[str, Parameter]:
    """Read ``parameters:`` over the extended file's parameters.

    A parameter named like a derived quantity of the extended file is an error: the derived
    quantity would silently win in payoffs while ``--set`` and sweeps changed the parameter.

    Parameters
    ----------
    report : FileReport
        Where problems are recorded.
    value : object
        The section as read from YAML (None when absent).
    base : Scenario or None
        The extended scenario.

    Returns
    -------
    dict of str to Parameter
        Inherited parameters (overridden where this file says so), then new ones.
    """
    parameters: dict[str, Parameter] = dict(base.parameters) if base else {}
    if value is None:
        return parameters
    inherited_derived = {d.name: d for d in base.derived} if base else {}
    mapping = report.mapping(value, ("parameters",), "parameters")
    for name, spec in (mapping or {}).items():
        key = ("parameters", name)
        if not report.identifier(name, key, "parameter name"):
            continue
        if name in FUNCTIONS or keyword.iskeyword(name):
            report.error(
                key,
                f"'{name}' is a reserved word (a function name or Python keyword); choose another parameter name",
                at_key=True,
            )
            continue
        shadowed = inherited_derived.get(name)
        if shadowed is not None:
            where = f" in {shadowed.location}" if shadowed.location is not None else " in the extended file"
            report.error(
                key,
                f"'{name}' is a derived quantity{where}; a parameter of the same name would be silently "
                "replaced by it — rename the parameter, or override the derived quantity under 'derived:'",
                at_key=True,
            )
            continue
        parameter = _parameter(report, name, spec, key, parameters.get(name))
        if parameter is not None:
            parameters[name] = parameter
        else:  # declared, but invalid: uses of it are not "unknown names" too
            report.declared.add(name)
    return parameters


def _parameter(report: FileReport, name: str, spec: object, key: Key, inherited: Parameter | None) -> Parameter | None:
    fields: _ParameterFields = {
        "value": inherited.value if inherited else None,
        "range": inherited.range if inherited else None,
        "label": inherited.label if inherited else "",
        "unit": inherited.unit if inherited else "",
        "source": inherited.source if inherited else "",
    }
    if is_number(spec):
        fields["value"] = spec
    elif isinstance(spec, dict):
        report.check_keys(spec, PARAMETER_KEYS, key)
        if "value" in spec:
            fields["value"] = spec["value"]
        elif inherited is None:
            report.error(key, "missing required key 'value'")
            return None
        if "range" in spec:
            fields["range"] = read_range(report, spec["range"], key + ("range",))
        for text_key in ("label", "unit", "source"):
            if text_key in spec:
                fields[text_key] = report.text(spec, text_key, key)
    else:
        report.error(key, f"expected a number or a mapping with 'value', found {describe_value(spec)}")
        return None
    number = fields["value"]
    value_key = key + ("value",) if isinstance(spec, dict) and "value" in spec else key
    if not is_number(number) or not math.isfinite(float(number)):  # type: ignore[arg-type]
        report.error(value_key, f"expected a finite number, found {describe_value(number)}")
        return None
    low_high = fields["range"]
    number = float(number)  # type: ignore[arg-type]
    if low_high is not None and not (low_high[0] <= number <= low_high[1]):
        report.error(value_key, f"value {fields['value']} lies outside its range [{low_high[0]:g}, {low_high[1]:g}]")
    return Parameter(
        name=name,
        value=number,
        range=low_high,
        label=fields["label"],
        unit=fields["unit"],
        source=fields["source"],
        distribution=_distribution(report, spec, inherited, number, low_high, key),
        location=report.location(value_key),
    )


def _distribution(
    report: FileReport,
    spec: object,
    inherited: Parameter | None,
    number: float,
    bounds: tuple[float, float] | None,
    key: Key,
) -> Distribution | None:
    """The parameter's ``distribution:`` (inherited when this file does not give one)."""
    if not (isinstance(spec, dict) and "distribution" in spec):
        return inherited.distribution if inherited else None
    from ..distributions import parse_distribution  # only scenarios that declare one pay its import

    return parse_distribution(
        spec["distribution"], value=number, bounds=bounds, key=key + ("distribution",), report=report.error
    )


def read_range(report: FileReport, value: object, key: Key) -> tuple[float, float] | None:
    """Read a ``range: [low, high]`` with finite numbers and ``low < high``.

    Parameters
    ----------
    report : FileReport
        Where problems are recorded.
    value : object
        The range as read from YAML.
    key : tuple
        Its key path.

    Returns
    -------
    tuple of float or None
        ``(low, high)``, or None after recording a problem.
    """
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(is_number(v) for v in value)
        and all(math.isfinite(float(v)) for v in value)
    ):
        low, high = float(value[0]), float(value[1])
        if low < high:
            return (low, high)
        report.error(key, f"range must be [low, high] with low < high, found [{value[0]}, {value[1]}]")
        return None
    found = describe_value(value)
    if isinstance(value, list):
        found = ", ".join(describe_value(v) for v in value) if len(value) <= 3 else found
    report.error(key, f"expected a range [low, high] of two numbers, found {found}")
    return None


def read_derived(
    report: FileReport, value: object, base: Scenario | None, parameters: Mapping[str, Parameter]
) -> list[Derived]:
    """Read ``derived:`` over the extended file's derived quantities.

    Parameters
    ----------
    report : FileReport
        Where problems are recorded.
    value : object
        The section as read from YAML (None when absent).
    base : Scenario or None
        The extended scenario.
    parameters : mapping
        The parameters in force (a derived quantity may not take a parameter's name).

    Returns
    -------
    list of Derived
        In evaluation order: every quantity after those it uses.  Every name declared here
        is added to ``report.declared``, including those whose expression failed to parse
        (so that uses of them do not cascade into "unknown name" problems).
    """
    entries: dict[str, Derived] = {d.name: d for d in base.derived} if base else {}
    raw: dict[str, tuple[object, Key]] = {}
    if value is not None:
        mapping = report.mapping(value, ("derived",), "derived quantities (name: expression)")
        for name, text in (mapping or {}).items():
            key: Key = ("derived", name)
            if not report.identifier(name, key, "derived name"):
                continue
            if name in parameters:
                report.error(key, f"'{name}' is already a parameter; derived names must differ", at_key=True)
                continue
            if name in FUNCTIONS or keyword.iskeyword(name):
                report.error(
                    key,
                    f"'{name}' is a reserved word (a function name or Python keyword); choose another name",
                    at_key=True,
                )
                continue
            raw[name] = (text, key)
    report.declared.update(raw)
    known = frozenset(parameters) | frozenset(entries) | frozenset(raw)
    for name, (text, key) in raw.items():
        expression = report.expression(text, key, known)
        if expression is not None:
            entries[name] = Derived(name=name, expression=expression, location=report.location(key))
    return _in_evaluation_order(report, entries)


def _in_evaluation_order(report: FileReport, entries: dict[str, Derived]) -> list[Derived]:
    # Depth-first, iteratively: a chain of thousands of derived names must not recurse.
    ordered: list[Derived] = []
    state: dict[str, int] = {}
    for start in entries:
        if state.get(start) == 2:
            continue
        state[start] = 1
        trail = [start]
        pending = [iter(sorted(entries[start].expression.names))]
        while pending:
            dep = next(pending[-1], None)
            if dep is None:
                pending.pop()
                done = trail.pop()
                state[done] = 2
                ordered.append(entries[done])
                continue
            if dep not in entries or state.get(dep) == 2:
                continue
            if state.get(dep) == 1:
                cycle = " -> ".join(trail[trail.index(dep) :] + [dep])
                report.error(("derived", dep), f"derived quantities refer to each other in a cycle: {cycle}")
                continue
            state[dep] = 1
            trail.append(dep)
            pending.append(iter(sorted(entries[dep].expression.names)))
    return ordered


def meanings(parameters: Mapping[str, Parameter], derived: Sequence[Derived]) -> dict[str, str]:
    """Name -> a digest of what the name means in one scenario.

    A parameter means itself; a derived quantity means its text together with the meaning
    of every name it uses, transitively, so two quantities that read alike but depend on
    different definitions differ.  ``derived`` is in evaluation order, so one pass suffices.

    Parameters
    ----------
    parameters : mapping
        The scenario's parameters.
    derived : sequence of Derived
        Its derived quantities, in evaluation order.

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> from negotiation_sim.scenario.expressions import parse_expression
    >>> p = {"p": Parameter(name="p", value=1.0)}
    >>> def chain(k):
    ...     d = parse_expression("k+1")
    ...     return [Derived(name="k", expression=parse_expression(k)), Derived(name="d", expression=d)]
    >>> meanings(p, chain("p*2"))["d"] == meanings(p, chain("p*-5"))["d"]
    False
    >>> meanings(p, chain("p*2"))["d"] == meanings(p, chain("p*2"))["d"]
    True
    """
    import hashlib  # here, not at the top: loading a scenario without derived values skips it

    meaning = {name: f"parameter {name}" for name in parameters}
    for item in derived:
        digest = hashlib.blake2b(item.expression.source.encode("utf-8", "surrogatepass"), digest_size=16)
        for name in sorted(item.expression.names):
            digest.update(f"\0{name}={meaning.get(name, '?')}".encode("utf-8", "surrogatepass"))
        meaning[item.name] = digest.hexdigest()
    return meaning
