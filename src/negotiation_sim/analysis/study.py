"""A whole study of one scenario or a pair: the data behind ``negotiation-sim report``.

:func:`run_study` solves the scenarios at the defaults (with overrides), compares a pair,
scans every parameter with a range one at a time to find where the outcome (or, for a
pair, who is better off) changes (:mod:`.scan`, located exactly by :mod:`.threshold`),
sweeps the one or two parameters of the maps, computes the tornado of each player (of the
payoff, or for a pair of the payoff difference), and on request runs a Monte Carlo
:mod:`.uncertainty` analysis.  Everything is vectorised sweeps and exact solves;
formatting is left to :mod:`negotiation_sim.report`, drawing to :mod:`negotiation_sim.plotting`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ScenarioError
from ..scenario.expressions import suggest
from ..scenario.schema import Scenario, frozen_map
from ..tolerance import DEFAULT_TOL
from ..wording import upper_first
from .compare import Comparison, compare
from .naming import key_words, scenario_names
from .perfect_information import no_grid_reason, require_perfect_information, shared_information_set, solve_imperfect
from .scan import SCAN_POINTS, OutcomeChange, ParameterScan, exact_changes, find_thresholds, scan_parameter
from .solve import Solution, solve
from .sweep import SweepResult, grid_values, sweep
from .sweep_tree import OutcomeKeys
from .threshold import ThresholdResult
from .tornado import TornadoResult, tornado
from .uncertainty import UncertaintyResult, uncertainty

__all__ = ["SCAN_POINTS", "OutcomeChange", "ParameterScan", "Study", "run_study"]
COMPARISON_LABELS = {"a_better": "A better", "equal": "equal", "b_better": "B better"}


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Study:
    """Everything a report states about one scenario or a pair.

    Attributes
    ----------
    scenarios : tuple of Scenario
        One, or two (A, B; differences are B − A).
    overrides : mapping
        Parameters set for the whole study.
    players : tuple of str
        The players the comparison maps, tornados and scans report on.
    solutions : tuple of Solution
        Each scenario at the defaults with the overrides.
    comparison : Comparison or None
        For a pair.
    scans : tuple of ParameterScan
        Every parameter with a range (shared by both scenarios of a pair), in file order.
    outcome_labels : mapping
        Outcome key (as in the scans and the maps) -> label.
    outcome_alternatives : mapping
        Outcome key (as in the scans and the maps) -> the outcome ids it stands for.
    maps : SweepResult or None
        The sweep over the map parameters (None when no parameter has a range).
    maps_chosen : bool
        The map parameters were picked by the study (those nearest to a change), not asked for.
    tornados : tuple of TornadoResult
        One per player in ``players`` (of B − A for a pair); none without ranged parameters.
    thresholds : tuple of ThresholdResult
        The exact change points behind the scans' changes: per parameter that changes
        something, one per scenario whose outcome changes and, for a pair, one per player
        for whom the better strategy changes.
    uncertainty : UncertaintyResult or None
        The Monte Carlo run, when samples were asked for.
    other_solutions : tuple of tuple of Solution
        Per scenario, its solutions under further concepts: for a tree with information
        sets, ``solutions`` holds its perfect Bayesian equilibria and this the subgame-perfect
        and Nash equilibria (as ``solve --concept all``); empty otherwise.
    no_grid : str
        Why scans, maps, tornados and uncertainty were left out (a tree with information
        sets: they need backward induction over a grid); empty when they ran.
    """

    scenarios: tuple[Scenario, ...]
    overrides: Mapping[str, float]
    players: tuple[str, ...]
    solutions: tuple[Solution, ...]
    comparison: Comparison | None
    scans: tuple[ParameterScan, ...]
    outcome_labels: Mapping[str, str]
    outcome_alternatives: Mapping[str, tuple[str, ...]]
    maps: SweepResult | None
    maps_chosen: bool
    tornados: tuple[TornadoResult, ...]
    thresholds: tuple[ThresholdResult, ...] = ()
    uncertainty: UncertaintyResult | None = None
    other_solutions: tuple[tuple[Solution, ...], ...] = ()
    no_grid: str = ""

    def threshold_for(
        self, parameter: str, *, scenario: int | None = None, player: str | None = None
    ) -> ThresholdResult | None:
        """The exact change points of ``parameter`` for one scenario's outcome, or for a player's comparison.

        Parameters
        ----------
        parameter : str
        scenario : int, optional
            Index of the scenario (default 0) whose outcome changes.
        player : str, optional
            For a pair: the player whose better strategy changes (``scenario`` is then ignored).

        Returns
        -------
        ThresholdResult or None
            None where the parameter changes nothing for that scenario or player.
        """
        for result in self.thresholds:
            if result.parameter != parameter or result.player != player:
                continue
            if player is not None or result.scenarios[0] is self.scenarios[scenario or 0]:
                return result
        return None

    def path_solution(self, k: int) -> Solution:
        """The solution of scenario ``k`` whose first equilibrium with a path the tree figure highlights.

        Parameters
        ----------
        k : int
            Index of the scenario.

        Returns
        -------
        Solution
            ``solutions[k]``, unless it has no equilibrium with a path (perfect Bayesian
            equilibria) and one of ``other_solutions[k]`` has (subgame-perfect ones).
        """
        first = self.solutions[k]
        if any(e.path is not None for e in first.equilibria):
            return first
        others = self.other_solutions[k] if self.other_solutions else ()
        return next((s for s in others if any(e.path is not None for e in s.equilibria)), first)

    def label(self, key: str) -> str:
        """The human label of an outcome key or comparison class, starting with a capital.

        A key of several outcome ids reads as the sweep labelled it: alternatives (ties,
        several equilibria) "Either A or b", a chance lottery "A / b (by chance)".
        """
        if key in COMPARISON_LABELS:
            return COMPARISON_LABELS[key]
        names = frozenset().union(*(scenario_names(s) for s in self.scenarios))
        return upper_first(key_words(key, self.outcome_alternatives.get(key, ()), self.outcome_labels, names))


def run_study(
    scenarios: Sequence[Scenario],
    *,
    overrides: Mapping[str, float] | None = None,
    vary: Mapping[str, Any] | None = None,
    players: Sequence[str] | None = None,
    points: int = 101,
    samples: int | None = None,
    seed: int = 0,
    tol: float = DEFAULT_TOL,
) -> Study:
    """Solve, compare, scan and sweep one scenario or a pair.

    Parameters
    ----------
    scenarios : sequence of Scenario
        One, or two to compare (B − A).
    overrides : mapping, optional
        Parameter name -> value for the whole study.
    vary : mapping, optional
        One or two map parameters -> grid values (or None for the declared range, ``points``
        values).  By default the (up to) two parameters whose nearest change lies closest
        to their value, then those that move the payoffs most.
    players : sequence of str, optional
        The players to report on (default: every player).
    points : int, optional
        Grid points per axis of the maps when ``vary`` gives none.
    samples : int, optional
        Run a Monte Carlo uncertainty analysis with this many samples (with Sobol' indices).
    seed : int, optional
        Its seed.
    tol : float, optional
        Relative tie tolerance.

    Returns
    -------
    Study

    Raises
    ------
    ScenarioError
        For no scenario or more than two, a scenario without a game, an unknown player or
        parameter, more than two map parameters, or invalid overrides.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
    >>> study = run_study([sc], points=11)
    >>> study.maps.varied, [round(c.at, 2) for c in study.scans[0].changes[0]]
    (('p_high', 'price_high'), [0.0, 0.33, 1.0])
    """
    pair = tuple(scenarios)
    if not 1 <= len(pair) <= 2:
        raise ScenarioError([f"a report covers one scenario or two to compare, found {len(pair)}"])
    for scenario in pair:
        if scenario.game is None:
            raise ScenarioError([f"{scenario.path}: has no game (a parameter file for 'extends'); nothing to report"])
    fixed = {k: float(v) for k, v in (overrides or {}).items()}
    comparison = compare(list(pair), fixed, tol=tol) if len(pair) == 2 else None
    chosen = _players(pair[0], players)
    if any(shared_information_set(s) is not None for s in pair):
        if vary:
            require_perfect_information(pair, "--vary (the report's maps)")
        if samples:
            require_perfect_information(pair, "--samples (the report's uncertainty analysis)")
        solved = [solve_imperfect(s, fixed, tol) for s in pair]
        return Study(
            scenarios=pair,
            overrides=frozen_map(fixed),
            players=chosen,
            solutions=tuple(first for first, _ in solved),
            comparison=comparison,
            scans=(),
            outcome_labels=frozen_map({}),
            outcome_alternatives=frozen_map({}),
            maps=None,
            maps_chosen=False,
            tornados=(),
            other_solutions=tuple(others for _, others in solved),
            no_grid=no_grid_reason(pair),
        )
    solutions = tuple(solve(s, fixed, tol=tol) for s in pair)
    labels: dict[str, str] = {}
    alternatives: OutcomeKeys = {}
    scans = tuple(scan_parameter(pair, name, fixed, chosen, labels, tol, alternatives) for name in _ranged(pair))
    thresholds = [r for scan in scans for r in find_thresholds(pair, scan, fixed, chosen, tol)]
    for result in thresholds:
        labels.update(result.labels)
        for change in result.changes:
            alternatives.update({change.below: change.below_ids, change.above: change.above_ids})
    scans = tuple(exact_changes(pair, scan, thresholds) for scan in scans)
    maps_chosen = vary is None
    if vary is None:
        # Parameters that change the result, nearest change first; then the widest payoff spans.
        ranked = sorted(scans, key=lambda s: (not s.changes_anything, s.nearest(), -s.widest_span()))
        vary = {s.parameter: None for s in ranked[:2]}
    if len(vary) > 2:
        raise ScenarioError(["a report draws maps over one or two parameters; --vary at most twice"])
    maps = None
    if vary:
        axes = {name: grid_values(pair[0], name, spec, points=points) for name, spec in vary.items()}
        maps = sweep(list(pair), axes, {k: v for k, v in fixed.items() if k not in axes}, tol=tol)
        labels.update(maps.outcome_labels)
        alternatives.update(maps.outcome_alternatives)
    second = pair[1] if len(pair) == 2 else None
    tornados = tuple(tornado(pair[0], second, p, fixed, tol=tol) for p in chosen) if scans else ()
    return Study(
        scenarios=pair,
        overrides=frozen_map(fixed),
        players=chosen,
        solutions=solutions,
        comparison=comparison,
        scans=scans,
        outcome_labels=frozen_map(labels),
        outcome_alternatives=frozen_map(alternatives),
        maps=maps,
        maps_chosen=maps_chosen,
        tornados=tornados,
        thresholds=tuple(thresholds),
        uncertainty=uncertainty(pair, samples=samples, seed=seed, overrides=fixed, tol=tol) if samples else None,
    )


def _players(scenario: Scenario, players: Sequence[str] | None) -> tuple[str, ...]:
    if players is None:
        return scenario.player_ids
    for player in players:
        if player not in scenario.player_ids:
            raise ScenarioError(
                [
                    f"--player {player}: unknown player{suggest(player, scenario.player_ids)}; "
                    f"players: {', '.join(scenario.player_ids)}"
                ]
            )
    return tuple(players)


def _ranged(pair: tuple[Scenario, ...]) -> list[str]:
    first = pair[0]
    return [n for n, p in first.parameters.items() if p.range is not None and all(n in s.parameters for s in pair)]
