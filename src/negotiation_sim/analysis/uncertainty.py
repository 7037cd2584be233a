"""Monte Carlo uncertainty: how likely each outcome is, and which approach is better, over
the parameters' declared distributions; Sobol' indices of the payoff difference.

Samples are evaluated in chunks (:data:`~.sampling.CHUNK_SIZE` points each), each chunk in
one vectorised pass of the sweep machinery (:func:`~.points.solve_points`): no Python loop
over samples.  Chunk ``k`` draws its points from its own seeded generator and the chunk
results are reduced in chunk order, so a run's numbers depend on the seed alone, whether
the chunks run here or on a Dask cluster (:mod:`.dask_backend`).
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import ScenarioError
from ..limits import current_limits
from ..scenario.schema import ExtensiveGame, NormalGame, Scenario, frozen_map
from ..tolerance import DEFAULT_TOL
from .dask_backend import Progress, run_chunks
from .points import solve_points
from .sampling import CHUNK_SIZE, UncertainParameter, chunk_slices, chunk_uniforms, from_unit, uncertain_parameters
from .sweep_grid import INVALID
from .uncertainty_result import COMPARISON_KEYS, OutcomeShare, Share, SobolIndex, UncertaintyResult

__all__ = ["MAX_SOBOL_BASE", "UncertaintyResult", "uncertainty"]

MAX_SOBOL_BASE = 4096
"""Largest default base sample N of the Sobol' design (it costs N(D + 2) model runs)."""

INVALID_KEY = "invalid"
"""Outcome key of samples whose payoffs are NaN or infinite (no outcome id is written so)."""
INVALID_LABEL = "invalid payoffs (NaN or infinite)"

SOBOL_SAMPLER = (
    "SALib.sample.sobol (Saltelli's scheme for first-order and total indices on a scrambled "
    "Sobol' sequence; second-order indices off), analysed with SALib.analyze.sobol"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Model:
    """Everything a chunk needs (picklable, so it can travel to a Dask worker)."""

    scenarios: tuple[Scenario, ...]
    parameters: tuple[UncertainParameter, ...]
    overrides: Mapping[str, float]
    players: tuple[str, ...]
    tol: float

    def solve(self, unit: np.ndarray) -> tuple[list[Any], dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Solve every scenario at the points ``unit`` (rows of the unit cube)."""
        values = {p.name: from_unit(p, unit[:, k]) for k, p in enumerate(self.parameters)}
        if not values:  # nothing drawn: one batch of identical points
            name = next(iter(self.scenarios[0].parameters))
            values = {name: np.full(len(unit), self.overrides.get(name, self.scenarios[0].parameters[name].value))}
        fixed = {k: v for k, v in self.overrides.items() if k not in values}
        parts = [solve_points(s, values, fixed, tol=self.tol, quiet=True) for s in self.scenarios]
        if len(parts) == 1:
            quantity = {p: np.asarray(parts[0].payoffs[p], dtype=float) for p in self.players}
            return parts, quantity, {}
        first, second = parts
        scale = np.max([np.abs(np.asarray(v, dtype=float)) for part in parts for v in part.payoffs.values()], axis=0)
        atol = np.where(scale > 0, self.tol * scale, self.tol)
        quantity, classes = {}, {}
        for p in self.players:
            difference = np.asarray(second.payoffs[p], dtype=float) - np.asarray(first.payoffs[p], dtype=float)
            quantity[p] = difference
            code = np.where(difference > atol, 0, np.where(difference < -atol, 2, 1))
            classes[p] = np.where(np.isnan(difference), -1, code)
        return parts, quantity, classes


def _monte_carlo_chunk(model: _Model, seed: int, index: int, size: int) -> dict[str, Any]:
    unit = chunk_uniforms(seed, index, size, len(model.parameters))
    parts, quantity, classes = model.solve(unit)
    # Few distinct outcome strings: hashing them beats sorting 65,536 of them.
    counts = [dict(Counter(str(o) for o in part.outcomes.tolist())) for part in parts]
    return {
        "counts": counts,
        "labels": [part.labels for part in parts],
        "alternatives": [part.alternatives for part in parts],
        "values": quantity,
        "classes": {p: np.bincount(c[c >= 0], minlength=3) for p, c in classes.items()},
    }


def _model_chunk(model: _Model, unit: np.ndarray) -> dict[str, np.ndarray]:
    return model.solve(unit)[1]


def uncertainty(
    scenario_or_pair: Scenario | Sequence[Scenario],
    *,
    samples: int = 10_000,
    seed: int = 0,
    overrides: Mapping[str, float] | None = None,
    player: str | None = None,
    sobol: bool = True,
    sobol_base: int | None = None,
    chunk_size: int = CHUNK_SIZE,
    workers: int | None = None,
    scheduler: object = None,
    progress: Progress | None = None,
    tol: float = DEFAULT_TOL,
) -> UncertaintyResult:
    """Monte Carlo over the parameters' distributions: outcome and comparison probabilities, Sobol' indices.

    Every parameter with a ``range`` is drawn from its ``distribution:`` (uniform over the
    range by default) except ``fixed`` ones and those in ``overrides``.  For two scenarios
    A and B the same draws serve both, and for each player the run counts where B's
    equilibrium payoff beats A's, ties it (within the tie tolerance on the payoff scale of
    the two equilibria) or falls short.  Sobol' first-order and total indices of B - A
    (of the payoff itself for one scenario) come from SALib's Sobol' design (Saltelli's
    scheme, N(D + 2) model runs for D drawn parameters), evaluated the same way.

    Parameters
    ----------
    scenario_or_pair : Scenario or (Scenario, Scenario)
        A, or A and B.
    samples : int, optional
        Monte Carlo samples (default 10 000).
    seed : int, optional
        Seed of the run (non-negative); the same seed gives the same numbers anywhere.
    overrides : mapping, optional
        Parameters fixed at a value (not drawn).
    player : str, optional
        Analyse only this player (default: every player the scenarios share).
    sobol : bool, optional
        Compute Sobol' indices (default True).
    sobol_base : int, optional
        SALib's base sample N, a power of two; default: the largest power of two with
        N(D + 2) <= ``samples``, between 64 and :data:`MAX_SOBOL_BASE`.
    chunk_size : int, optional
        Samples per vectorised chunk.
    workers : int, optional
        Run the chunks on a local Dask cluster with this many workers.
    scheduler : str or distributed.Client, optional
        Run the chunks on an existing Dask cluster.
    progress : callable, optional
        Called as ``progress(done, total)`` after each chunk (Monte Carlo, then Sobol').
    tol : float, optional
        Relative tie tolerance.

    Returns
    -------
    UncertaintyResult

    Raises
    ------
    ScenarioError
        For an unknown override or player, scenarios without a game, more than two
        scenarios, shared parameters declared differently, invalid sizes, or more model runs
        than ``current_limits().max_samples`` (``NEGOTIATION_SIM_MAX_SAMPLES``).
    NegotiationSimError
        If Dask is asked for and cannot run.

    References
    ----------
    Saltelli, A. et al. (2010). Variance based sensitivity analysis of model output.
    *Computer Physics Communications* 181(2), 259-270.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
    >>> result = uncertainty(sc, samples=2000, seed=3, sobol=False)
    >>> [(o.key, o.share.probability) for o in result.outcomes[0]]
    [('mixed|straight,swerve|swerve,straight', 1.0)]
    """
    scenarios = _scenarios(scenario_or_pair)
    fixed = dict(overrides or {})
    for scenario in scenarios:
        scenario.evaluate(fixed)  # unknown names and invalid values fail here, located
    _check_count("samples", samples)
    _check_count("chunk_size", chunk_size)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ScenarioError([f"seed must be a non-negative integer, found {seed!r}"])
    parameters = uncertain_parameters(scenarios, fixed=list(fixed))
    players = _players(scenarios, player)
    model = _Model(scenarios=scenarios, parameters=parameters, overrides=frozen_map(fixed), players=players, tol=tol)

    base = _sobol_base(sobol_base, samples, len(parameters)) if sobol and parameters else 0
    _check_runs(samples, base * (len(parameters) + 2))  # before anything is allocated
    slices = chunk_slices(samples, chunk_size)
    design = _sobol_design(parameters, base, seed) if base else None
    model_slices = chunk_slices(len(design), chunk_size) if design is not None else []
    total = len(slices) + len(model_slices)

    def step(offset: int) -> Progress | None:
        return None if progress is None else (lambda done, _: progress(offset + done, total))

    chunks = run_chunks(
        _monte_carlo_chunk,
        [(model, int(seed), k, s.stop - s.start) for k, s in enumerate(slices)],
        workers=workers,
        scheduler=scheduler,
        progress=step(0),
    )
    indices: dict[str, dict[str, SobolIndex]] = {}
    if design is not None:
        tasks = [(model, design[s]) for s in model_slices]
        outputs = run_chunks(_model_chunk, tasks, workers=workers, scheduler=scheduler, progress=step(len(slices)))
        for p in players:
            found = _sobol_indices(parameters, base, np.concatenate([o[p] for o in outputs]), seed)
            if found is not None:
                indices[p] = found
    return _reduce(
        model, chunks, samples, int(seed), chunk_size, indices, base, len(design) if design is not None else 0
    )


def _reduce(
    model: _Model,
    chunks: list[dict[str, Any]],
    samples: int,
    seed: int,
    chunk_size: int,
    sobol: dict[str, dict[str, SobolIndex]],
    base: int,
    runs: int,
) -> UncertaintyResult:
    outcomes = []
    invalid = []
    for k in range(len(model.scenarios)):
        counts: dict[str, int] = {}
        labels: dict[str, str] = {}
        alternatives: dict[str, tuple[str, ...]] = {}
        for chunk in chunks:
            for key, n in chunk["counts"][k].items():
                counts[key] = counts.get(key, 0) + n
            labels.update(chunk["labels"][k])
            alternatives.update(chunk["alternatives"][k])
        # Invalid samples (NaN/inf payoffs) have the empty outcome; they are listed as "invalid".
        named = {(INVALID_KEY if key == INVALID else key): n for key, n in counts.items()}
        ordered = sorted(named.items(), key=lambda item: (-item[1], item[0]))
        outcomes.append(
            tuple(
                OutcomeShare(
                    key=key,
                    outcome_ids=() if key == INVALID_KEY else alternatives[key],
                    label=INVALID_LABEL if key == INVALID_KEY else labels.get(key, key),
                    share=Share.of(n, samples),
                )
                for key, n in ordered
            )
        )
        invalid.append(named.get(INVALID_KEY, 0))
    comparison = {}
    if len(model.scenarios) == 2:
        for p in model.players:
            found = np.sum([chunk["classes"][p] for chunk in chunks], axis=0)
            valid = int(found.sum())
            comparison[p] = frozen_map(
                {key: Share.of(int(n), valid) for key, n in zip(COMPARISON_KEYS, found, strict=True)}
            )
    values = {}
    for p in model.players:
        array = np.concatenate([chunk["values"][p] for chunk in chunks])
        array.flags.writeable = False
        values[p] = array
    return UncertaintyResult(
        scenarios=model.scenarios,
        samples=samples,
        seed=seed,
        chunk_size=chunk_size,
        parameters=model.parameters,
        overrides=model.overrides,
        players=model.players,
        outcomes=tuple(outcomes),
        comparison=frozen_map(comparison),
        values=frozen_map(values),
        sobol=frozen_map({p: frozen_map(v) for p, v in sobol.items()}),
        sobol_sampler=SOBOL_SAMPLER if base else "",
        sobol_base=base,
        sobol_runs=runs,
        invalid=tuple(invalid),
    )


def _scenarios(scenario_or_pair: Scenario | Sequence[Scenario]) -> tuple[Scenario, ...]:
    items = (scenario_or_pair,) if isinstance(scenario_or_pair, Scenario) else tuple(scenario_or_pair)
    if not 1 <= len(items) <= 2:
        raise ScenarioError([f"uncertainty analyses one scenario or compares two, found {len(items)}"])
    for item in items:
        if not isinstance(item, Scenario):
            raise TypeError(f"uncertainty expects Scenario objects (from load_scenario), found {type(item).__name__}")
        if not isinstance(item.game, (NormalGame, ExtensiveGame)):
            raise ScenarioError([f"{item.path}: has no game to analyse (it only declares players and parameters)"])
    return items


def _players(scenarios: tuple[Scenario, ...], player: str | None) -> tuple[str, ...]:
    shared = [p for p in scenarios[0].player_ids if all(p in s.player_ids for s in scenarios)]
    if player is None:
        if not shared:
            raise ScenarioError(["the two scenarios share no player, so their payoffs cannot be compared"])
        return tuple(shared)
    if player not in shared:
        from ..scenario.expressions import suggest

        raise ScenarioError(
            [f"unknown player '{player}'{suggest(player, shared)}; expected one of {', '.join(shared)}"]
        )
    return (player,)


def _check_count(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ScenarioError([f"{name} must be a positive integer, found {value!r}"])


def _check_runs(samples: int, sobol_runs: int) -> None:
    limit = current_limits().max_samples
    if samples + sobol_runs > limit:
        raise ScenarioError(
            [
                f"the analysis needs {samples + sobol_runs:,} model runs ({samples:,} samples + {sobol_runs:,} "
                f"Sobol' runs), above the limit of {limit:,}; use fewer samples or a smaller sobol_base, or "
                "raise the limit with the environment variable NEGOTIATION_SIM_MAX_SAMPLES"
            ]
        )


def _sobol_base(requested: int | None, samples: int, dimensions: int) -> int:
    if requested is not None:
        _check_count("sobol_base", requested)
        if requested & (requested - 1):
            raise ScenarioError([f"sobol_base must be a power of two (Sobol' sequences need it), found {requested}"])
        return int(requested)
    fit = max(1, samples // (dimensions + 2))
    return int(min(MAX_SOBOL_BASE, max(64, 2 ** int(math.log2(fit)))))


def _problem(parameters: tuple[UncertainParameter, ...]) -> dict[str, Any]:
    return {
        "num_vars": len(parameters),
        "names": [p.name for p in parameters],
        "bounds": [[0.0, 1.0]] * len(parameters),
    }


def _sobol_design(parameters: tuple[UncertainParameter, ...], base: int, seed: int) -> np.ndarray:
    from SALib.sample import sobol as sobol_sample

    return np.asarray(sobol_sample.sample(_problem(parameters), base, calc_second_order=False, seed=seed))


def _sobol_indices(
    parameters: tuple[UncertainParameter, ...], base: int, output: np.ndarray, seed: int
) -> dict[str, SobolIndex] | None:
    """SALib's indices, or None where they are undefined (a constant or invalid output)."""
    if not np.all(np.isfinite(output)) or np.ptp(output) <= 0:
        return None
    from SALib.analyze import sobol as sobol_analyze

    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        found = sobol_analyze.analyze(_problem(parameters), output, calc_second_order=False, seed=seed)
    return {
        p.name: SobolIndex(
            first=float(found["S1"][k]),
            total=float(found["ST"][k]),
            first_conf=float(found["S1_conf"][k]),
            total_conf=float(found["ST_conf"][k]),
        )
        for k, p in enumerate(parameters)
    }
