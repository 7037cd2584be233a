"""Parameter distributions for Monte Carlo analyses (``distribution:`` in a parameter).

A parameter with a declared ``range`` is uncertain over it: uniformly by default, or as
declared with ``distribution:``, either a kind name (``uniform``, ``fixed``) or a mapping
with ``kind:`` and that kind's shape keys::

    trust_gain:
      value: 0.3
      range: [0, 0.9]
      distribution: {kind: triangular, mode: 0.3}

Kinds: ``uniform`` (over ``range``), ``triangular`` (``mode:`` inside ``range``),
``normal`` (``mean:`` and ``sd:``, truncated to ``range``), ``beta`` (``a:`` and ``b:``,
scaled to ``range``) and ``fixed`` (never sampled: the parameter keeps its value).  A
parameter without a range is fixed.  This module validates declarations; sampling lives
in :mod:`negotiation_sim.analysis.sampling`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from .expressions import suggest
from .yaml_reader import describe_value

__all__ = ["DISTRIBUTION_KINDS", "Distribution", "parse_distribution"]

DistributionKind = Literal["uniform", "triangular", "normal", "beta", "fixed"]

DISTRIBUTION_KINDS: dict[str, tuple[str, ...]] = {
    "uniform": (),
    "triangular": ("mode",),
    "normal": ("mean", "sd"),
    "beta": ("a", "b"),
    "fixed": (),
}
"""Each distribution kind -> the shape keys it requires (and accepts)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Distribution:
    """How a parameter is drawn in a Monte Carlo analysis.

    Attributes
    ----------
    kind : {"uniform", "triangular", "normal", "beta", "fixed"}
    shape : tuple of (str, float)
        The kind's shape values in the order of :data:`DISTRIBUTION_KINDS` (``mode``;
        ``mean`` and ``sd``; ``a`` and ``b``; none for ``uniform`` and ``fixed``).

    Examples
    --------
    >>> d = Distribution(kind="normal", shape=(("mean", 0.5), ("sd", 0.1)))
    >>> d.get("sd"), str(d)
    (0.1, 'normal(mean=0.5, sd=0.1)')
    """

    kind: DistributionKind = "uniform"
    shape: tuple[tuple[str, float], ...] = ()

    def get(self, name: str) -> float:
        """The shape value ``name`` (e.g. ``"mode"``).

        Parameters
        ----------
        name : str
            A shape key of this kind.

        Returns
        -------
        float

        Raises
        ------
        KeyError
            If the kind has no such shape key.

        Examples
        --------
        >>> Distribution(kind="triangular", shape=(("mode", 2.0),)).get("mode")
        2.0
        """
        for key, value in self.shape:
            if key == name:
                return value
        raise KeyError(name)

    def __str__(self) -> str:
        if not self.shape:
            return self.kind
        return f"{self.kind}({', '.join(f'{k}={v:g}' for k, v in self.shape)})"


Report = Callable[[tuple[str | int, ...], str], None]
"""Error callback of the loader: ``(key path, message)``."""


def parse_distribution(
    spec: object,
    *,
    value: float,
    bounds: tuple[float, float] | None,
    key: tuple[str | int, ...],
    report: Report,
) -> Distribution | None:
    """Validate a parameter's ``distribution:`` entry against its value and range.

    Parameters
    ----------
    spec : object
        The YAML value: a kind name, or a mapping with ``kind`` and the kind's shape keys.
    value : float
        The parameter's default value (a ``fixed`` parameter keeps it).
    bounds : (low, high) or None
        The parameter's declared ``range``; every kind but ``fixed`` needs one.
    key : tuple
        Key path of the ``distribution`` entry, for located errors.
    report : callable
        Called as ``report(key_path, message)`` for each problem found.

    Returns
    -------
    Distribution or None
        ``None`` when the entry is invalid (every problem was reported).

    Examples
    --------
    >>> problems = []
    >>> def report(key, message):
    ...     problems.append((".".join(map(str, key)), message))
    >>> parse_distribution({"kind": "triangular", "mode": 0.2}, value=0.5, bounds=(0, 1), key=("d",), report=report)
    Distribution(kind='triangular', shape=(('mode', 0.2),))
    >>> parse_distribution({"kind": "beta", "a": 2}, value=0.5, bounds=(0, 1), key=("d",), report=report)
    >>> problems
    [('d', "distribution 'beta' needs 'a' and 'b'; missing 'b'")]
    """
    if isinstance(spec, str):
        spec = {"kind": spec}
    if not isinstance(spec, dict):
        report(key, f"expected a distribution kind ({_kinds()}) or a mapping with 'kind', found {describe_value(spec)}")
        return None
    kind = spec.get("kind", "uniform")
    if kind not in DISTRIBUTION_KINDS:
        where = key + ("kind",) if "kind" in spec else key
        shown = f"'{kind}'" if isinstance(kind, str) else describe_value(kind)
        report(
            where,
            f"unknown distribution kind {shown}{suggest(str(kind), DISTRIBUTION_KINDS)}; expected one of {_kinds()}",
        )
        return None
    needed = DISTRIBUTION_KINDS[kind]
    problems = 0
    for extra in spec:
        if extra != "kind" and extra not in needed:
            accepted = f"it takes {_names(needed)}" if needed else "it takes no other keys"
            report(key + (extra,), f"unknown key '{extra}' for distribution '{kind}'; {accepted}")
            problems += 1
    missing = [name for name in needed if name not in spec]
    if missing:
        report(key, f"distribution '{kind}' needs {_names(needed)}; missing {_names(missing)}")
        return None
    shape: list[tuple[str, float]] = []
    for name in needed:
        number = spec[name]
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(float(number)):
            report(key + (name,), f"expected a finite number, found {describe_value(number)}")
            problems += 1
            continue
        shape.append((name, float(number)))
    if problems:
        return None
    if kind != "fixed" and bounds is None:
        report(key, f"distribution '{kind}' needs the parameter's 'range' (the interval it is drawn from)")
        return None
    distribution = Distribution(kind=kind, shape=tuple(shape))
    message = _check_shape(distribution, bounds)
    if message is not None:
        report(key + (message[0],), message[1])
        return None
    return distribution


def _check_shape(distribution: Distribution, bounds: tuple[float, float] | None) -> tuple[str, str] | None:
    kind = distribution.kind
    if kind == "triangular":
        assert bounds is not None
        mode = distribution.get("mode")
        if not bounds[0] <= mode <= bounds[1]:
            return "mode", f"mode {mode:g} lies outside the range [{bounds[0]:g}, {bounds[1]:g}]"
    elif kind == "normal":
        if distribution.get("sd") <= 0:
            return "sd", f"sd must be positive, found {distribution.get('sd'):g}"
    elif kind == "beta":
        for name in ("a", "b"):
            if distribution.get(name) <= 0:
                return name, f"{name} must be positive, found {distribution.get(name):g}"
    return None


def _kinds() -> str:
    return ", ".join(DISTRIBUTION_KINDS)


def _names(names: tuple[str, ...] | list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else " and ".join(quoted)
