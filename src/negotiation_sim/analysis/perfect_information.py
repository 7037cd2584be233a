"""Which analyses need perfect information, and the error that says so.

Sweeps, change points, tornados and Monte Carlo runs solve a tree by backward induction
over a grid of parameter values, which needs every information set to be a single node.
A tree with information sets is solved at one point with ``solve --concept pbe|spe|nash``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..errors import Problem, ScenarioError, SolverError
from ..scenario.bundled import BUNDLED_SUFFIX
from ..scenario.schema import ExtensiveGame, Scenario
from .solve import Solution, solve

__all__ = ["no_grid_reason", "require_perfect_information", "shared_information_set", "solve_imperfect"]


def shared_information_set(scenario: Scenario) -> tuple[str, tuple[str, ...]] | None:
    """The first information set of a scenario's tree that holds more than one node.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    tuple or None
        ``(set id, node ids)``; None for a tree with perfect information or a normal-form game.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> folder = ns.bundled_scenarios_dir() / "textbook"
    >>> shared_information_set(ns.load_scenario(folder / "beer_quiche.yaml"))
    ('after_beer', ('strong_beer', 'weak_beer'))
    >>> shared_information_set(ns.load_scenario(folder / "entry_deterrence.yaml")) is None
    True
    """
    game = scenario.game
    if not isinstance(game, ExtensiveGame):
        return None
    return next(iter(game.shared_information_sets().items()), None)


def require_perfect_information(scenarios: Sequence[Scenario], command: str) -> None:
    """Refuse a grid analysis of a tree with information sets, saying what to use instead.

    Parameters
    ----------
    scenarios : sequence of Scenario
    command : str
        The command (or report section) that needs perfect information, e.g. ``"sweep"``.

    Raises
    ------
    ScenarioError
        Naming the command, the file, the information set and its nodes, and the
        ``solve --concept pbe|spe|nash`` alternative.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "beer_quiche.yaml")
    >>> try:
    ...     require_perfect_information([sc], "sweep")
    ... except ns.ScenarioError as exc:
    ...     print(str(exc).split(";")[0].split(": ", 2)[2])
    sweep needs perfect information (it uses backward induction over a grid of parameter values)
    """
    for scenario in scenarios:
        found = shared_information_set(scenario)
        if found is None:
            continue
        set_id, members = found
        name = scenario.path.removesuffix(BUNDLED_SUFFIX)  # as the user names it on the command line
        message = (
            f"{command} needs perfect information (it uses backward induction over a grid of parameter "
            f"values); information set '{set_id}' holds the nodes {', '.join(members)}. Solve it at chosen "
            f"values instead: negotiation-sim solve {name} --concept pbe|spe|nash --set NAME=VALUE"
        )
        key = f"game.nodes.{members[1]}.information_set"
        raise ScenarioError([Problem(message=message, file=scenario.path, key_path=key)])


def no_grid_reason(scenarios: Sequence[Scenario]) -> str:
    """The sentence a report gives for leaving out its maps, change points, tornados and uncertainty.

    Parameters
    ----------
    scenarios : sequence of Scenario
        At least one has a tree with an information set of several nodes.

    Returns
    -------
    str
        Empty when every scenario has perfect information.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "beer_quiche.yaml")
    >>> no_grid_reason([sc]).split("; ")[1].split(".")[0]
    "in Beer or quiche (a signalling game) the information set 'after_beer' holds the nodes strong_beer, weak_beer"
    """
    for scenario in scenarios:
        found = shared_information_set(scenario)
        if found is not None:
            set_id, members = found
            return (
                "Maps, change points, tornado charts and uncertainty are left out: they solve the game by "
                "backward induction over a grid of parameter values, which needs perfect information; in "
                f"{scenario.title} the information set '{set_id}' holds the nodes {', '.join(members)}. "
                "Solve it at other values with negotiation-sim solve --concept pbe|spe|nash --set NAME=VALUE."
            )
    return ""


def solve_imperfect(
    scenario: Scenario, overrides: Mapping[str, float], tol: float
) -> tuple[Solution, tuple[Solution, ...]]:
    """Solve a scenario under every concept that applies to a tree with information sets.

    Parameters
    ----------
    scenario : Scenario
    overrides : mapping
        Parameter name -> value.
    tol : float
        Relative tie tolerance.

    Returns
    -------
    tuple
        The main solution (perfect Bayesian equilibria, or subgame-perfect ones where the
        PBE solver does not apply) and the others: subgame-perfect and Nash equilibria of
        the reduced normal form as ``solve --concept all`` gives them (subgame-perfect only
        beyond two players).  A scenario with perfect information gets its default solution
        and no others.

    Raises
    ------
    ScenarioError, SolverError
        As :func:`~negotiation_sim.analysis.solve.solve` for the subgame-perfect equilibria.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "beer_quiche.yaml")
    >>> main, others = solve_imperfect(sc, {}, 1e-9)
    >>> main.concept, [s.concept for s in others]
    ('pbe', ['all'])
    """
    if shared_information_set(scenario) is None:
        return solve(scenario, overrides, tol=tol), ()
    try:
        others = solve(scenario, overrides, "all", tol=tol)
    except SolverError:  # the reduced normal form is built for two players only
        others = solve(scenario, overrides, "spe", tol=tol)
    try:
        bayesian = solve(scenario, overrides, "pbe", tol=tol)
    except (ScenarioError, SolverError):
        return others, ()
    if not bayesian.equilibria:
        return others, ()
    return bayesian, (others,)
