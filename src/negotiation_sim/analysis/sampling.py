"""Draw parameter samples from the scenarios' declared distributions, chunk by chunk.

Every sample is a point of the unit cube mapped through each parameter's inverse
cumulative distribution function (:func:`from_unit`), so plain Monte Carlo and SALib's
Sobol' design share one transformation.  Monte Carlo draws are made chunk by chunk: chunk
``k`` of a run with seed ``s`` uses its own generator seeded with
``SeedSequence(s, spawn_key=(k,))``, so a chunk's draws depend on the seed, the chunk
index and the chunk size only, never on which process or machine evaluates it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import ScenarioError
from ..scenario.distributions import Distribution
from ..scenario.schema import Parameter, Scenario

__all__ = [
    "CHUNK_SIZE",
    "UncertainParameter",
    "chunk_slices",
    "chunk_uniforms",
    "from_unit",
    "uncertain_parameters",
]

CHUNK_SIZE = 65_536
"""Samples per chunk: large enough for numpy to amortise overheads, small enough that a
chunk of a 20-parameter tree fits comfortably in memory."""


@dataclass(frozen=True, slots=True, kw_only=True)
class UncertainParameter:
    """A parameter that a Monte Carlo run draws.

    Attributes
    ----------
    name : str
    low, high : float
        The declared range.
    distribution : Distribution
        The declared distribution (uniform when none was declared).
    """

    name: str
    low: float
    high: float
    distribution: Distribution

    def __str__(self) -> str:
        return f"{self.name} ~ {self.distribution} on [{self.low:g}, {self.high:g}]"


def uncertain_parameters(scenarios: Sequence[Scenario], fixed: Sequence[str] = ()) -> tuple[UncertainParameter, ...]:
    """The parameters drawn in a Monte Carlo run over ``scenarios``.

    A parameter is drawn when it has a range, its distribution is not ``fixed`` and it
    is not in ``fixed`` (the ``--set`` ones).  Scenarios that share a parameter must
    declare the same range and distribution for it (one draw serves them all).

    Parameters
    ----------
    scenarios : sequence of Scenario
    fixed : sequence of str, optional
        Parameter names held at a given value.

    Returns
    -------
    tuple of UncertainParameter
        In order of first appearance over the scenarios.

    Raises
    ------
    ScenarioError
        If two scenarios declare a shared parameter differently.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
    >>> [str(p) for p in uncertain_parameters([sc], fixed=["win"])]
    ['humiliation ~ uniform on [0.5, 5]', 'crash_cost ~ uniform on [6, 50]']
    """
    found: dict[str, tuple[Parameter, Scenario]] = {}
    problems: list[str] = []
    for scenario in scenarios:
        for name, parameter in scenario.parameters.items():
            if name in found:
                first, where = found[name]
                if (first.range, first.distribution) != (parameter.range, parameter.distribution):
                    problems.append(
                        f"{scenario.path}: parameter '{name}' is declared with range {parameter.range} and "
                        f"distribution {parameter.distribution or 'uniform'} but {where.path} declares range "
                        f"{first.range} and distribution {first.distribution or 'uniform'}; one draw must serve "
                        "both scenarios, so declare it once (e.g. in a shared `extends` file)"
                    )
                continue
            found[name] = (parameter, scenario)
    if problems:
        raise ScenarioError(problems)
    result = []
    for name, (parameter, _) in found.items():
        distribution = parameter.distribution or Distribution(kind="uniform")
        if name in fixed or parameter.range is None or distribution.kind == "fixed":
            continue
        low, high = parameter.range
        result.append(UncertainParameter(name=name, low=low, high=high, distribution=distribution))
    return tuple(result)


def from_unit(parameter: UncertainParameter, unit: np.ndarray) -> np.ndarray:
    """Map points of [0, 1] to values of a parameter (its inverse CDF).

    Parameters
    ----------
    parameter : UncertainParameter
    unit : ndarray
        Values in [0, 1].

    Returns
    -------
    ndarray
        Values in ``[parameter.low, parameter.high]``, same shape as ``unit``.

    Examples
    --------
    >>> import numpy as np
    >>> from negotiation_sim.scenario.distributions import Distribution
    >>> u = np.array([0.0, 0.5, 1.0])
    >>> mode_2 = Distribution(kind="triangular", shape=(("mode", 2.0),))
    >>> triangle = UncertainParameter(name="x", low=0, high=4, distribution=mode_2)
    >>> from_unit(triangle, u).tolist()
    [0.0, 2.0, 4.0]
    >>> bell = Distribution(kind="normal", shape=(("mean", 1.0), ("sd", 0.5)))
    >>> normal = UncertainParameter(name="x", low=0, high=2, distribution=bell)
    >>> round(float(from_unit(normal, np.array([0.5]))[0]), 6)  # truncated symmetrically: the median stays
    1.0
    """
    low, high = parameter.low, parameter.high
    span = high - low
    distribution = parameter.distribution
    unit = np.asarray(unit, dtype=float)
    if distribution.kind == "uniform":
        values = low + unit * span
    elif distribution.kind == "triangular":
        mode = distribution.get("mode")
        split = (mode - low) / span
        rising = low + np.sqrt(unit * span * (mode - low))
        falling = high - np.sqrt((1 - unit) * span * (high - mode))
        values = np.where(unit < split, rising, falling)
    elif distribution.kind == "normal":
        values = _truncated_normal(unit, distribution.get("mean"), distribution.get("sd"), low, high)
    elif distribution.kind == "beta":
        from scipy.special import betaincinv

        values = low + span * betaincinv(distribution.get("a"), distribution.get("b"), unit)
    else:  # pragma: no cover - "fixed" parameters are never drawn
        raise ValueError(f"parameter '{parameter.name}' with distribution '{distribution.kind}' is not drawn")
    return np.clip(values, low, high)


def _truncated_normal(unit: np.ndarray, mean: float, sd: float, low: float, high: float) -> np.ndarray:
    from scipy.special import ndtr, ndtri

    a, b = (low - mean) / sd, (high - mean) / sd
    if a > 0:  # the range lies in the upper tail: work in the mirrored lower tail for precision
        return 2 * mean - _truncated_normal(1 - unit, mean, sd, 2 * mean - high, 2 * mean - low)
    lower, upper = ndtr(a), ndtr(b)
    if upper - lower < 1e-300:
        from scipy.stats import truncnorm

        return np.asarray(truncnorm.ppf(unit, a, b, loc=mean, scale=sd), dtype=float)
    return mean + sd * ndtri(lower + unit * (upper - lower))


def chunk_slices(samples: int, chunk_size: int = CHUNK_SIZE) -> list[slice]:
    """Split ``range(samples)`` into consecutive chunks.

    Parameters
    ----------
    samples : int
    chunk_size : int, optional

    Returns
    -------
    list of slice

    Examples
    --------
    >>> chunk_slices(10, 4)
    [slice(0, 4, None), slice(4, 8, None), slice(8, 10, None)]
    """
    return [slice(start, min(start + chunk_size, samples)) for start in range(0, samples, chunk_size)]


def chunk_uniforms(seed: int, index: int, size: int, dimensions: int) -> np.ndarray:
    """The unit-cube draws of chunk ``index`` of a Monte Carlo run with ``seed``.

    Parameters
    ----------
    seed : int
        The run's seed (non-negative).
    index : int
        The chunk's position in the run.
    size : int
        Samples in the chunk.
    dimensions : int
        Parameters drawn.

    Returns
    -------
    ndarray
        Shape ``(size, dimensions)``, uniform on [0, 1).

    Examples
    --------
    >>> first = chunk_uniforms(7, 0, 3, 2)
    >>> first.shape, bool((chunk_uniforms(7, 0, 3, 2) == first).all())
    ((3, 2), True)
    >>> bool((chunk_uniforms(7, 1, 3, 2) == first).any())  # another chunk, other draws
    False
    """
    generator = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))
    return generator.random((size, dimensions))
