"""The result of a Monte Carlo uncertainty analysis, as data (see :func:`.uncertainty.uncertainty`)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..scenario.schema import Scenario
from .sampling import UncertainParameter

__all__ = [
    "COMPARISON_KEYS",
    "ROW_COLUMNS",
    "OutcomeShare",
    "Share",
    "SobolIndex",
    "UncertaintyResult",
    "wilson_interval",
]

COMPARISON_KEYS = ("b_better", "equal", "a_better")
"""The three comparison classes, in the order of the JSON contract."""

Z_95 = 1.959963984540054
"""The two-sided 95% quantile of the standard normal distribution."""


def wilson_interval(count: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion (95% by default).

    Unlike the normal approximation it stays inside [0, 1] and is not empty when the
    count is 0 or ``total``.

    Parameters
    ----------
    count, total : int
        Successes and trials (``total`` > 0).
    z : float, optional
        Normal quantile of the confidence level.

    Returns
    -------
    (float, float)

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *Journal of the American Statistical Association* 22(158), 209-212.

    Examples
    --------
    >>> [round(x, 4) for x in wilson_interval(0, 100)]
    [0.0, 0.037]
    >>> [round(x, 4) for x in wilson_interval(50, 100)]
    [0.4038, 0.5962]
    """
    if total <= 0:
        return (math.nan, math.nan)
    p = count / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    low = 0.0 if count == 0 else max(0.0, centre - half)  # exact ends where rounding could miss them
    high = 1.0 if count == total else min(1.0, centre + half)
    return (low, high)


@dataclass(frozen=True, slots=True, kw_only=True)
class Share:
    """How often something happened in the samples.

    Attributes
    ----------
    count, total : int
        Samples where it happened, and valid samples.
    probability : float
        ``count / total``.
    interval : (float, float)
        95% Wilson score interval of the probability.
    """

    count: int
    total: int
    probability: float
    interval: tuple[float, float]

    @classmethod
    def of(cls, count: int, total: int) -> Share:
        """The share ``count`` of ``total`` with its interval.

        Parameters
        ----------
        count, total : int

        Returns
        -------
        Share

        Examples
        --------
        >>> Share.of(1, 4).probability
        0.25
        """
        return cls(
            count=count,
            total=total,
            probability=count / total if total else math.nan,
            interval=wilson_interval(count, total),
        )

    def record(self) -> dict[str, Any]:
        """``{"probability": p, "interval": [lo, hi], "count": k}`` for JSON.

        Returns
        -------
        dict

        Examples
        --------
        >>> Share.of(0, 10).record()["interval"][0]
        0.0
        """
        return {"probability": self.probability, "interval": list(self.interval), "count": self.count}


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeShare:
    """How often an equilibrium outcome occurred.

    Attributes
    ----------
    key : str
        The outcome as the sweep names it (ids joined with ``|`` where several SPE or
        Nash equilibria coexist); kept as the JSON key.
    outcome_ids : tuple of str
        The outcome ids (one, or several for ties).
    label : str
    share : Share
    """

    key: str
    outcome_ids: tuple[str, ...]
    label: str
    share: Share


@dataclass(frozen=True, slots=True, kw_only=True)
class SobolIndex:
    """Sobol' indices of one parameter, with SALib's bootstrap 95% half-widths."""

    first: float
    total: float
    first_conf: float
    total_conf: float


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class UncertaintyResult:
    """Outcome probabilities, comparison probabilities and Sobol' indices of a Monte Carlo run.

    Attributes
    ----------
    scenarios : tuple of Scenario
        One (A) or two (A, B).
    samples, seed, chunk_size : int
        The run: identical numbers for the same three, wherever the chunks ran.
    parameters : tuple of UncertainParameter
        The parameters drawn (others stay at their values or the fixed overrides).
    overrides : mapping
        Parameters fixed by the caller.
    players : tuple of str
        The players analysed.
    outcomes : tuple of tuple of OutcomeShare
        Per scenario, the outcomes by decreasing probability.
    comparison : mapping
        Two scenarios: player -> ``{"b_better", "equal", "a_better"}`` -> Share (equal:
        within the tie tolerance on the payoff scale of the two equilibria).  Empty for
        one scenario.
    values : mapping
        Player -> float array over the samples: B's payoff minus A's (two scenarios), or
        the payoff (one scenario); NaN where a scenario's payoffs are invalid.
    sobol : mapping
        Player -> parameter -> SobolIndex of the quantity in ``values`` (empty when not
        computed, or when that quantity does not vary).
    sobol_sampler : str
        Which sampler and design produced ``sobol`` ("" when not computed).
    sobol_base, sobol_runs : int
        SALib's base sample size N and the model runs N(D + 2) it evaluated.
    invalid : tuple of int
        Per scenario, samples with invalid payoffs (outcome ``"invalid"``).
    """

    scenarios: tuple[Scenario, ...]
    samples: int
    seed: int
    chunk_size: int
    parameters: tuple[UncertainParameter, ...]
    overrides: Mapping[str, float]
    players: tuple[str, ...]
    outcomes: tuple[tuple[OutcomeShare, ...], ...]
    comparison: Mapping[str, Mapping[str, Share]]
    values: Mapping[str, np.ndarray]
    sobol: Mapping[str, Mapping[str, SobolIndex]]
    sobol_sampler: str = ""
    sobol_base: int = 0
    sobol_runs: int = 0
    invalid: tuple[int, ...] = ()

    def __repr__(self) -> str:
        return f"UncertaintyResult({', '.join(s.id for s in self.scenarios)}; {self.samples} samples, seed {self.seed})"

    def to_record(self) -> dict[str, Any]:
        """The result as plain JSON data (DESIGN §4 contract, plus counts and labels).

        Returns
        -------
        dict
            ``samples``, ``seed``, ``scenarios``, ``parameters`` (name -> distribution),
            ``fixed``, ``outcomes`` (scenario id -> outcome -> probability, interval, count,
            ``outcome_ids``, ``label``), ``comparison`` (player -> class -> probability,
            interval, count; ``null`` for one scenario), ``sobol`` (player -> parameter ->
            ``first``, ``total``, ``first_conf``, ``total_conf``), ``sobol_method`` and
            ``invalid``.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> from negotiation_sim.analysis.uncertainty import uncertainty
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
        >>> fixed = {"reward": 3, "punishment": 1, "sucker": 0}  # only the temptation is drawn
        >>> record = uncertainty(sc, samples=100, seed=1, overrides=fixed, sobol=False).to_record()
        >>> record["outcomes"]["prisoners-dilemma"]["defect,defect"]["probability"]
        1.0
        """
        return {
            "samples": self.samples,
            "seed": self.seed,
            "chunk_size": self.chunk_size,
            "scenarios": [{"id": s.id, "title": s.title, "path": s.path} for s in self.scenarios],
            "parameters": {
                p.name: {"distribution": str(p.distribution), "range": [p.low, p.high]} for p in self.parameters
            },
            "fixed": dict(self.overrides),
            "outcomes": {
                scenario.id: {
                    o.key: {**o.share.record(), "outcome_ids": list(o.outcome_ids), "label": o.label} for o in shares
                }
                for scenario, shares in zip(self.scenarios, self.outcomes, strict=True)
            },
            "comparison": (
                {p: {k: v.record() for k, v in classes.items()} for p, classes in self.comparison.items()}
                if len(self.scenarios) == 2
                else None
            ),
            "sobol": {
                p: {
                    name: {"first": s.first, "total": s.total, "first_conf": s.first_conf, "total_conf": s.total_conf}
                    for name, s in indices.items()
                }
                for p, indices in self.sobol.items()
            },
            "sobol_method": {
                "sampler": self.sobol_sampler,
                "base_samples": self.sobol_base,
                "model_runs": self.sobol_runs,
            },
            "invalid": {s.id: n for s, n in zip(self.scenarios, self.invalid, strict=True)},
        }

    def rows(self) -> list[dict[str, Any]]:
        """The probabilities and indices as tidy rows (see :meth:`to_dataframe` for the columns).

        Returns
        -------
        list of dict
            One per outcome of each scenario, per comparison class of each player and per
            Sobol' index pair; keys :data:`ROW_COLUMNS`.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> from negotiation_sim.analysis.uncertainty import uncertainty
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
        >>> fixed = {"reward": 3, "punishment": 1, "sucker": 0}  # only the temptation is drawn
        >>> row = uncertainty(sc, samples=100, seed=1, overrides=fixed, sobol=False).rows()[0]
        >>> row["kind"], row["key"], row["count"]
        ('outcome', 'defect,defect', 100)
        """
        rows: list[dict[str, Any]] = []
        for scenario, shares in zip(self.scenarios, self.outcomes, strict=True):
            rows += [_row("outcome", scenario.id, "", o.key, o.share) for o in shares]
        for player, classes in self.comparison.items():
            rows += [_row("comparison", "", player, key, share) for key, share in classes.items()]
        for player, indices in self.sobol.items():
            for name, s in indices.items():
                empty = dict.fromkeys(("probability", "low", "high"), math.nan)
                rows.append(
                    {"kind": "sobol", "scenario": "", "player": player, "key": name, **empty, "count": None}
                    | {"first": s.first, "total": s.total}
                )
        return rows

    def to_dataframe(self) -> Any:
        """The probabilities and indices as one tidy pandas DataFrame (needs pandas).

        Returns
        -------
        pandas.DataFrame
            Columns ``kind`` (``outcome``, ``comparison`` or ``sobol``), ``scenario``,
            ``player``, ``key`` (outcome, comparison class or parameter), ``probability``,
            ``low``, ``high`` (the 95% interval), ``count``, ``first`` and ``total`` (NaN
            or empty where not applicable).

        Raises
        ------
        ImportError
            If pandas is not installed (``pip install 'negotiation-sim[dataframe]'``).

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> from negotiation_sim.analysis.uncertainty import uncertainty
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
        >>> fixed = {"reward": 3, "punishment": 1, "sucker": 0}  # only the temptation is drawn
        >>> frame = uncertainty(sc, samples=100, seed=1, overrides=fixed, sobol=False).to_dataframe()
        >>> frame[["kind", "key", "probability"]].values.tolist()
        [['outcome', 'defect,defect', 1.0]]
        """
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=list(ROW_COLUMNS))


ROW_COLUMNS = ("kind", "scenario", "player", "key", "probability", "low", "high", "count", "first", "total")
"""Columns of :meth:`UncertaintyResult.rows` and :meth:`UncertaintyResult.to_dataframe`."""


def _row(kind: str, scenario: str, player: str, key: str, share: Share) -> dict[str, Any]:
    return {
        "kind": kind,
        "scenario": scenario,
        "player": player,
        "key": key,
        "probability": share.probability,
        "low": share.interval[0],
        "high": share.interval[1],
        "count": share.count,
        "first": math.nan,
        "total": math.nan,
    }
