"""Every resource limit of negotiation-sim, in one frozen object built from the environment.

Untrusted scenario files must not make the tool hang or exhaust memory, so the loader,
the solvers and the sweeps stop at the limits below and say which environment variable
raises each one.  This is the only module that reads the environment: other modules call
:func:`current_limits` when they need a limit (or take a :class:`Limits` argument), so a
test or a user changes a limit by setting the variable, never by patching a module.

Each variable is ``NEGOTIATION_SIM_`` followed by the field name in upper case, for example
``NEGOTIATION_SIM_MAX_FILE_BYTES``.  Values are whole numbers, written as ``1000000``,
``1_000_000`` or ``1e6``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import lru_cache

from .errors import NegotiationSimError

__all__ = ["ENV_PREFIX", "LimitError", "Limits", "current_limits", "env_name"]

ENV_PREFIX = "NEGOTIATION_SIM_"
"""Prefix of every limit's environment variable."""


class LimitError(NegotiationSimError):
    """An environment variable meant to set a limit holds something that is not a whole number."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """The limits in force; each field's environment variable is :func:`env_name` of it.

    Examples
    --------
    >>> Limits().max_tree_nodes
    100000
    >>> env_name("max_file_bytes")
    'NEGOTIATION_SIM_MAX_FILE_BYTES'
    """

    max_file_bytes: int = 1 << 20
    """Largest scenario file read, in bytes (1 MiB)."""
    max_aliases: int = 100
    """Most YAML aliases (``*name``) in one file."""
    max_depth: int = 64
    """Deepest nesting of YAML mappings and lists."""
    max_yaml_nodes: int = 200_000
    """Most YAML values after aliases are expanded."""
    max_expression_length: int = 2_000
    """Longest accepted expression, in characters."""
    max_expression_depth: int = 50
    """Deepest accepted nesting of an expression."""
    max_tree_nodes: int = 100_000
    """Most nodes plus outcomes in one game, imports included."""
    max_unfolded_nodes: int = 5_000_000
    """Largest tree solved, counted after unfolding shared nodes."""
    max_equilibria: int = 1_000
    """Most equilibria listed one by one."""
    max_spe_count: int = 1_000_000
    """Counting of subgame-perfect equilibria beyond those listed stops here."""
    max_value_classes: int = 100_000
    """Most combinations of tied values at a chance node."""
    max_plans: int = 5_000
    """Most reduced strategies per player in a reduced normal form."""
    max_nash_seconds: int = 60
    """Longest estimated time, in seconds, for enumerating the Nash equilibria of one matrix game."""
    max_subset_equilibria: int = 2_000
    """Most extreme equilibria for which maximal Nash subsets are computed."""
    max_mixed_dominance: int = 20_000
    """Most linear systems tried when looking for mixed-strategy dominators."""
    max_grid_points: int = 1_000_000
    """Largest sweep grid."""
    max_samples: int = 10_000_000
    """Most model runs in one uncertainty analysis (Monte Carlo samples plus Sobol' runs)."""
    max_sweep_seconds: int = 60
    """Longest estimated time, in seconds, for solving a sweep's payoff matrices one by one."""

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Build the limits from ``NEGOTIATION_SIM_*`` variables, defaults elsewhere.

        Parameters
        ----------
        environ : mapping, optional
            The environment to read; by default ``os.environ``.

        Returns
        -------
        Limits

        Raises
        ------
        LimitError
            If a variable is set to something other than a whole number of at least 1.

        Examples
        --------
        >>> Limits.from_environment({"NEGOTIATION_SIM_MAX_GRID_POINTS": "1e6"}).max_grid_points
        1000000
        >>> Limits.from_environment({"NEGOTIATION_SIM_MAX_DEPTH": "deep"})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        negotiation_sim.limits.LimitError: NEGOTIATION_SIM_MAX_DEPTH='deep' is not a whole number; ...
        """
        environ = os.environ if environ is None else environ
        values: dict[str, int] = {}
        defaults = cls()
        for field in fields(cls):
            name = env_name(field.name)
            text = environ.get(name)
            if text is not None and text.strip():
                values[field.name] = _whole_number(name, text, getattr(defaults, field.name))
        return cls(**values)


def env_name(field: str) -> str:
    """Return the environment variable that sets the limit ``field``.

    Parameters
    ----------
    field : str
        A field of :class:`Limits`, such as ``"max_grid_points"``.

    Returns
    -------
    str

    Examples
    --------
    >>> env_name("max_plans")
    'NEGOTIATION_SIM_MAX_PLANS'
    """
    return ENV_PREFIX + field.upper()


def current_limits() -> Limits:
    """Return the limits in force now (the environment is looked at on each call).

    The limits are parsed once per distinct set of ``NEGOTIATION_SIM_*`` values: each call
    reads the variables' raw values and reuses the :class:`Limits` built for the same values
    (solvers ask for the limits on every small game).

    Returns
    -------
    Limits

    Raises
    ------
    LimitError
        If a limit variable holds something other than a whole number.

    Examples
    --------
    >>> current_limits().max_equilibria >= 1
    True
    """
    return _parsed(_raw_values())


_NAMES = tuple(ENV_PREFIX + field.name.upper() for field in fields(Limits))


def _raw_values() -> tuple[str | None, ...]:
    """The limit variables' values in ``os.environ`` (None where unset)."""
    return tuple(map(os.environ.get, _NAMES))


@lru_cache(maxsize=16)
def _parsed(values: tuple[str | None, ...]) -> Limits:
    # ``values`` is the cache key only: parsing reads the same environment, at the same moment.
    return Limits.from_environment()


def _whole_number(name: str, text: str, default: int) -> int:
    cleaned = text.strip().replace("_", "")
    value: float | int | None
    try:
        value = int(cleaned)
    except ValueError:
        try:
            value = float(cleaned)
        except ValueError:
            value = None
    if value is None or not math.isfinite(value) or value != int(value):
        raise LimitError(
            f"{name}={text!r} is not a whole number; write for example {name}={default} (the default)"
        ) from None
    if value < 1:
        raise LimitError(f"{name}={text!r} must be at least 1 (the default is {default})")
    return int(value)
