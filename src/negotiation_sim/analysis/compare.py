"""Compare strategies: solve several scenarios at the same parameters, side by side.

A *strategy* here is a whole scenario (for example ``territory_first.yaml`` against
``new_approach.yaml``): :func:`compare` solves each at the same overrides and reports
each player's payoff difference and, in plain words, which strategy each player
prefers and why.  :func:`negotiation_sim.report.format_comparison` renders a
:class:`Comparison` as a text or Markdown table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import Problem, ScenarioError, SolverError
from ..numbers import decimal, percent, signed
from ..scenario.expressions import suggest
from ..scenario.schema import ExtensiveGame, Scenario
from ..tolerance import DEFAULT_TOL, absolute_tol
from ..wording import lottery_text
from .display import html_table
from .naming import mid_sentence
from .solve import Equilibrium, Solution, solve
from .ties import game_tolerance

__all__ = ["Comparison", "compare", "outcome_text", "short_names"]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Comparison:
    """Several scenarios solved at the same parameters.

    Attributes
    ----------
    solutions : tuple of Solution
        One per scenario, in the order given.
    difference : dict
        Player id -> payoff under the last scenario minus payoff under the first (B − A),
        each taken from the solution's first equilibrium.  A difference within the tie
        tolerance is 0.0, and float noise beyond 12 significant digits is rounded away
        (``3.4000000000000004 - 0`` is reported as ``3.4``).
    preferences : dict
        Player id -> one plain sentence: which scenario the player prefers and why.
    """

    solutions: tuple[Solution, ...]
    difference: dict[str, float]
    preferences: dict[str, str]

    @property
    def players(self) -> tuple[str, ...]:
        """Player ids, in the first scenario's order.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> islands = ns.bundled_scenarios_dir() / "islands"
        >>> result = compare([ns.load_scenario(islands / "territory_first.yaml"),
        ...                   ns.load_scenario(islands / "new_approach.yaml")])
        >>> result.players
        ('japan', 'russia')
        """
        return self.solutions[0].scenario.player_ids

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of ``compare --format json`` (DESIGN §3).

        Returns
        -------
        dict
            ``{"scenarios": [<solve object>, ...], "difference": {player: B − A},
            "preferences": {player: sentence}}``.

        Examples
        --------
        >>> import json
        >>> import negotiation_sim as ns
        >>> islands = ns.bundled_scenarios_dir() / "islands"
        >>> result = compare([ns.load_scenario(islands / "territory_first.yaml"),
        ...                   ns.load_scenario(islands / "new_approach.yaml")])
        >>> data = json.loads(json.dumps(result.to_dict()))  # JSON-ready
        >>> list(data), data["difference"]
        (['scenarios', 'difference', 'preferences'], {'japan': 2.0, 'russia': 3.4})
        """
        return {
            "scenarios": [s.to_dict() for s in self.solutions],
            "difference": dict(self.difference),
            "preferences": dict(self.preferences),
        }

    def __repr__(self) -> str:
        """One line: ``Comparison(territory-first -> new-approach: japan +2.0, russia +3.4)``."""
        names = " -> ".join(s.scenario.id for s in self.solutions)
        change = ", ".join(f"{p} {signed(self.difference[p])}" for p in self.players)
        return f"Comparison({names}: {change})"

    def _repr_html_(self) -> str:
        """A compact HTML table: each scenario's first-equilibrium outcome and payoffs, and the difference."""
        first = [_first(s) for s in self.solutions]
        outcomes = [
            outcome_text(s.scenario, eq.outcomes, lower=False)
            if eq.outcomes is not None
            else _profile_text(s.scenario, eq)
            for s, eq in zip(self.solutions, first, strict=True)
        ]
        rows = [["outcome", *outcomes, ""]]
        for player in self.players:
            payoffs = [decimal(eq.payoffs[player]) for eq in first]
            rows.append([self.solutions[0].scenario.player_label(player), *payoffs, signed(self.difference[player])])
        headers = ["", *(s.scenario.title or s.scenario.id for s in self.solutions), "difference"]
        return html_table(headers, rows, caption="Comparison", notes=list(self.preferences.values()))

    def __str__(self) -> str:
        """Payoffs, differences and the preference sentences (``print(comparison)``)."""
        lines = [repr(self)]
        for player in self.players:
            payoffs = " -> ".join(decimal(_first(s).payoffs[player]) for s in self.solutions)
            lines.append(f"  {player}: {payoffs} (difference {signed(self.difference[player])})")
        lines.extend(f"  {sentence}" for sentence in self.preferences.values())
        return "\n".join(lines)


def compare(
    scenarios: Sequence[Scenario],
    overrides: Mapping[str, float] | None = None,
    *,
    each: Sequence[Mapping[str, float] | None] | None = None,
    tol: float = DEFAULT_TOL,
) -> Comparison:
    """Solve several scenarios at the same parameters and compare the players' payoffs.

    Each scenario is solved with :func:`negotiation_sim.analysis.solve.solve` and its
    default concept (subgame perfection for trees, Nash for normal forms).  Payoffs,
    differences and preferences use each solution's first equilibrium; where ties give
    several equilibria with different outcomes the preference sentence says so.

    Parameters
    ----------
    scenarios : sequence of Scenario
        At least two, all with the same player ids (for example two strategies built on
        the same ``extends`` file).
    overrides : mapping, optional
        Parameter name -> number, applied to every scenario.
    each : sequence of mappings, optional
        One mapping (or None) per scenario: overrides for that scenario only, applied over
        ``overrides`` (so one file can be compared with itself at two settings).
    tol : float, optional
        Relative tie tolerance, used by the solvers and to call two payoffs equal.

    Returns
    -------
    Comparison

    Raises
    ------
    ScenarioError
        If fewer than two scenarios are given, their players differ, an override names a
        parameter that one of them lacks (the message names the scenario and suggests the
        nearest name), or a scenario cannot be solved.
    SolverError
        If a solver fails or finds no equilibrium.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.compare import compare
    >>> islands = ns.bundled_scenarios_dir() / "islands"
    >>> a = ns.load_scenario(islands / "territory_first.yaml")
    >>> b = ns.load_scenario(islands / "new_approach.yaml")
    >>> result = compare([a, b])
    >>> result.difference
    {'japan': 2.0, 'russia': 3.4}
    >>> print(result.preferences["japan"])  # doctest: +NORMALIZE_WHITESPACE
    Japan prefers New approach (2.0 vs 0.0): under New approach the play ends in cooperation
    without territory, whereas under Territory-first it ends in impasse (no settlement, limited
    cooperation).
    """
    scenarios = tuple(scenarios)
    if len(scenarios) < 2:
        raise ScenarioError([f"compare needs at least two scenarios, found {len(scenarios)}"])
    _check_players(scenarios)
    per_scenario = list(each) if each is not None else [None] * len(scenarios)
    if len(per_scenario) != len(scenarios):
        raise ScenarioError([f"compare: {len(per_scenario)} sets of overrides for {len(scenarios)} scenarios"])
    settings = [{**(overrides or {}), **(own or {})} for own in per_scenario]
    _check_overrides(scenarios, settings)
    solutions = tuple(solve(sc, setting, tol=tol) for sc, setting in zip(scenarios, settings, strict=True))
    for solution in solutions:
        if not solution.equilibria:
            raise SolverError(f"{solution.scenario.path}: no equilibrium found, nothing to compare")
    players = scenarios[0].player_ids
    first, last = _first(solutions[0]), _first(solutions[-1])
    difference = {}
    # Each player's tie is judged on that player's payoff scale in the games compared.
    atol = {p: float(game_tolerance(scenarios, p, overrides or {}, tol)) for p in players}
    for p, eps in atol.items():
        a, b = float(first.payoffs[p]), float(last.payoffs[p])
        difference[p] = 0.0 if abs(b - a) <= eps else _clean(b - a)
    names = short_names(scenarios)
    preferences = {p: _preference(p, solutions, names, atol[p], tol) for p in players}
    return Comparison(solutions=solutions, difference=difference, preferences=preferences)


# --- checks ------------------------------------------------------------------------------------


def _check_players(scenarios: tuple[Scenario, ...]) -> None:
    reference = scenarios[0]
    problems = []
    for sc in scenarios[1:]:
        if set(sc.player_ids) != set(reference.player_ids):
            problems.append(
                Problem(
                    message=f"scenario '{sc.id}' has players {', '.join(sc.player_ids)} but "
                    f"'{reference.id}' has {', '.join(reference.player_ids)}; compare needs the same "
                    "players in every scenario",
                    file=sc.path,
                    key_path="players",
                )
            )
    if problems:
        raise ScenarioError(problems)


def _check_overrides(scenarios: tuple[Scenario, ...], settings: Sequence[Mapping[str, object]]) -> None:
    """Report every override that some scenario cannot take, naming the scenario."""
    problems = []
    for sc, overrides in zip(scenarios, settings, strict=True):
        derived = {d.name for d in sc.derived}
        for name in overrides:
            if name in sc.parameters:
                continue
            if name in derived:
                detail = f"'{name}' is a derived quantity there; override the parameters it is computed from"
            else:
                detail = f"it has no parameter '{name}'{suggest(name, sc.parameters)}"
            problems.append(
                Problem(
                    message=f"cannot apply --set {name} to scenario '{sc.id}' ({sc.title}): {detail}",
                    file=sc.path,
                    key_path=f"override {name}",
                )
            )
    if problems:
        raise ScenarioError(problems)


# --- preference sentences ----------------------------------------------------------------------


def _first(solution: Solution) -> Equilibrium:
    return solution.equilibria[0]


def _preference(player: str, solutions: tuple[Solution, ...], names: list[str], eps: float, tol: float) -> str:
    who = solutions[0].scenario.player_label(player)
    values = [float(_first(s).payoffs[player]) for s in solutions]
    best = max(values)
    top = [k for k, v in enumerate(values) if best - v <= eps]
    reasons = [_describe(s, names[k]) for k, s in enumerate(solutions)]
    if len(top) == len(solutions):
        both = "both" if len(solutions) == 2 else "all"
        sentence = (
            f"{who} is indifferent between {_join([names[k] for k in top])} ({decimal(best)} under {both}): "
            + _whereas(reasons)
            + "."
        )
    elif len(top) > 1:
        rest = [k for k in range(len(solutions)) if k not in top]
        sentence = (
            f"{who} is indifferent between {_join([names[k] for k in top])} ({decimal(best)} each) and "
            f"prefers them to {_join([names[k] for k in rest])} "
            f"({', '.join(decimal(values[k]) for k in rest)}): " + _whereas(reasons) + "."
        )
    else:
        winner = top[0]
        others = [k for k in range(len(solutions)) if k != winner]
        versus = ", ".join(decimal(values[k]) for k in others)
        order = [winner, *others]
        sentence = (
            f"{who} prefers {names[winner]} ({decimal(values[winner])} vs {versus}): "
            + _whereas([reasons[k] for k in order])
            + "."
        )
    caveats = [c for k, s in enumerate(solutions) if (c := _ambiguity(s, names[k], player, tol))]
    return " ".join([sentence, *caveats])


def _whereas(reasons: list[tuple[str, str, str]]) -> str:
    """Join ``(name, first phrasing, repeated phrasing)`` clauses into one statement."""
    clauses = [f"under {name} {phrase if k == 0 else again}" for k, (name, phrase, again) in enumerate(reasons)]
    if len(clauses) == 2:
        return f"{clauses[0]}, whereas {clauses[1]}"
    return "; ".join(clauses)


def _describe(solution: Solution, name: str) -> tuple[str, str, str]:
    """What happens under one scenario (first equilibrium), phrased for a first and a later clause."""
    eq = _first(solution)
    scenario = solution.scenario
    if eq.outcomes is None:
        text = _profile_text(scenario, eq)
        return name, f"the equilibrium is that {text}", f"it is that {text}"
    text = outcome_text(scenario, eq.outcomes)
    if len(eq.outcomes) == 1 and _starts_with_name(text, scenario):
        # A label written as a clause ("Russia pockets the upfront aid") is not a noun phrase.
        return name, f"the outcome is that {text}", f"it is that {text}"
    return name, f"the play ends in {text}", f"it ends in {text}"


def _ambiguity(solution: Solution, name: str, player: str, tol: float) -> str:
    """A caveat when a scenario has several equilibria that differ for this player or in outcome."""
    eqs = solution.equilibria
    count = int(solution.analysis.get("spe_count", len(eqs)) or len(eqs))
    if count <= 1:
        return ""
    payoffs = [float(e.payoffs[player]) for e in eqs]
    spread = max(payoffs) - min(payoffs) > absolute_tol(payoffs, tol)
    scenario = solution.scenario
    if isinstance(scenario.game, ExtensiveGame):
        distributions = solution.analysis.get("outcome_distributions") or [e.outcomes for e in eqs]
        if len(distributions) <= 1 and not spread:
            return ""
        kinds = "; ".join(outcome_text(scenario, d) for d in distributions)
        text = f"Under {name} ties give {count} subgame-perfect equilibria with different outcomes ({kinds})"
    else:
        text = f"Under {name} there are {count} Nash equilibria"
        if not spread:
            worth = f"all worth {decimal(payoffs[0])} to {scenario.player_label(player)}"
            return f"{text} ({worth}); the first is used."
    if spread:
        text += f", worth {decimal(min(payoffs))} to {decimal(max(payoffs))} to {scenario.player_label(player)}"
    return text + "; the first is used."


def outcome_text(scenario: Scenario, outcomes: Mapping[str, float], *, lower: bool = True) -> str:
    """Name an equilibrium's outcome lottery in words: ``"Strike won 60% / lost 40%"``.

    Parameters
    ----------
    scenario : Scenario
        Supplies the outcome labels (trees) and player names.
    outcomes : mapping
        Outcome id -> probability, as in :attr:`Equilibrium.outcomes`.
    lower : bool, optional
        Lower-case the first letter for use mid-sentence (labels starting with a player's
        name or an acronym are kept), by default True.

    Returns
    -------
    str

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
    >>> outcome_text(sc, {o: 0.5 for o in list(sc.game.outcomes)[:2]}, lower=False)  # doctest: +ELLIPSIS
    '... 50% / ... 50%'
    """
    game = scenario.game
    parts: list[tuple[str, float | None]] = []
    for outcome_id, probability in outcomes.items():
        label = game.label_of(outcome_id) if isinstance(game, ExtensiveGame) else outcome_id
        if lower or parts:  # later labels continue the sentence
            label = mid_sentence(label, scenario)
        parts.append((label, probability))
    return lottery_text(parts)


def _profile_text(scenario: Scenario, eq: Equilibrium) -> str:
    parts = []
    for player, strategy in eq.strategies.items():
        used = {s: float(q) for s, q in strategy.items() if float(q) > 0}
        who = scenario.player_label(player)
        if len(used) == 1:
            parts.append(f"{who} plays {next(iter(used))}")
        else:
            parts.append(f"{who} mixes " + ", ".join(f"{s} {percent(q)}" for s, q in used.items()))
    return _join(parts)


def _starts_with_name(label: str, scenario: Scenario) -> bool:
    words = label.split()
    if not words:
        return False
    names = {p.label for p in scenario.players} | {p.id for p in scenario.players}
    head = words[0]
    return head in names or head.removesuffix("'s") in names


def short_names(scenarios: tuple[Scenario, ...]) -> list[str]:
    """Scenario titles without a trailing parenthetical, made unique if needed.

    Parameters
    ----------
    scenarios : tuple of Scenario

    Returns
    -------
    list of str
        One name per scenario; ids (or numbered titles) where the short titles collide.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> islands = ns.bundled_scenarios_dir() / "islands"
    >>> short_names((ns.load_scenario(islands / "territory_first.yaml"),
    ...              ns.load_scenario(islands / "new_approach.yaml")))
    ['Territory-first', 'New approach']
    """
    names = [re.sub(r"\s*\([^()]*\)\s*$", "", sc.title).strip() or sc.title or sc.id for sc in scenarios]
    if len(set(names)) < len(names):
        ids = [sc.id for sc in scenarios]
        names = ids if len(set(ids)) == len(ids) else [f"{n} (#{k + 1})" for k, n in enumerate(names)]
    return names


# --- numbers -----------------------------------------------------------------------------------


def _clean(value: float) -> float:
    """Round away float noise (``3.4000000000000004`` -> ``3.4``) at 12 significant digits."""
    rounded = float(f"{value:.12g}")
    return rounded + 0.0  # turns -0.0 into 0.0


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
