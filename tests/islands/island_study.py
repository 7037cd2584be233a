"""The numbers behind docs/explanation/island-model.md, computed with the existing tools.

* ``probabilities`` and ``history_robustness`` are the ``negotiation-sim uncertainty`` runs the
  page shows (``ns.uncertainty`` with the same samples, seed and ``--set``), turned into the
  probability of each claim;
* ``conditional_probabilities`` covers the claims conditioned on ``coop_japan``, which
  ``uncertainty`` does not report: ``sample_ranges`` / ``outcomes_at`` draw every parameter
  uniformly over its declared range with a fixed seed and solve all draws at once with the
  sweep's vectorised backward induction (``sweep_tree``);
* ``change_points`` finds where an outcome changes along one parameter with a key of its own
  (e.g. which approach Japan picks in ``approach_choice``): a grid of exact ``solve`` calls
  brackets every change, bisection narrows it to 1e-9 of the range; the page's thresholds of
  single scenarios and of the comparison are ``negotiation-sim threshold`` runs, checked against
  ``ns.threshold`` in ``test_island_study.py``.

The tests in ``test_island_model.py`` and ``test_island_study.py`` import it; running it
prints the figures quoted in the docs and draws the trade-off map::

    PYTHONPATH=src python tests/islands/island_study.py docs/images/tradeoff_map_islands.png
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

import negotiation_sim as ns
from negotiation_sim.analysis.sweep_tree import sweep_tree
from negotiation_sim.tolerance import DEFAULT_TOL

ISLANDS = ns.bundled_scenarios_dir() / "islands"
HISTORY = ISLANDS / "history"
DEALS = ("deal_two_first", "deal_two_final", "deal_four")
SEED = 20161215  # the Nagato summit
SAMPLES = 20_000
PRE_2020 = {"legal_barrier": 0.0}  # a regime, not an uncertainty: held at 0 before the 2020 amendment


def load(name: str) -> ns.Scenario:
    """A bundled island scenario by its path under ``scenarios/islands``."""
    return ns.load_scenario(ISLANDS / name)


def bare(outcome: str) -> str:
    """``na.deal_four`` -> ``deal_four``."""
    return outcome.rsplit(".", 1)[-1]


def outcome_key(solution: ns.Solution) -> str:
    """The solution's outcomes as one comparable string (sorted, ``|``-joined, like a sweep)."""
    return "|".join(sorted(set(solution.outcomes)))


# --- change points along one parameter -----------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """Where the outcome of ``scenario`` changes along ``parameter`` (others fixed)."""

    parameter: str
    at: float
    below: str
    above: str


def change_points(
    scenario: ns.Scenario,
    parameter: str,
    overrides: Mapping[str, float] | None = None,
    *,
    low: float | None = None,
    high: float | None = None,
    points: int = 201,
    key: Callable[[ns.Solution], str] = outcome_key,
) -> list[Change]:
    """Every value in ``[low, high]`` (default: the declared range) where ``key`` changes.

    A grid of ``points`` exact solves brackets the changes; bisection narrows each bracket to
    1e-9 of the interval. A point where the outcome differs from both sides (a tie exactly at
    the boundary) is skipped by the bisection, which keeps the last value with the lower
    outcome.
    """
    fixed = dict(overrides or {})
    declared = scenario.parameters[parameter].range
    assert declared is not None
    lo = declared[0] if low is None else low
    hi = declared[1] if high is None else high

    def at(value: float) -> str:
        return key(ns.solve(scenario, {**fixed, parameter: float(value)}))

    grid = np.linspace(lo, hi, points)
    found = [at(v) for v in grid]
    changes = []
    for k in range(points - 1):
        if found[k] == found[k + 1]:
            continue
        a, b = float(grid[k]), float(grid[k + 1])
        below = found[k]
        while b - a > 1e-9 * (hi - lo):
            middle = (a + b) / 2
            if at(middle) == below:
                a = middle
            else:
                b = middle
        changes.append(Change(parameter=parameter, at=(a + b) / 2, below=below, above=found[k + 1]))
    return changes


def approach_winner(solution: ns.Solution) -> str:
    """``territory_first``, ``new_approach`` or both (``|``) from an approach_choice solution."""
    return "|".join(sorted({eq.strategies["japan"]["approach"] for eq in solution.equilibria}))


# --- Monte Carlo over the declared ranges --------------------------------------------------------


def sample_ranges(
    scenario: ns.Scenario, n: int = SAMPLES, seed: int = SEED, fixed: Mapping[str, float] | None = None
) -> dict[str, np.ndarray]:
    """``n`` uniform draws of every parameter over its declared range (``fixed`` ones held)."""
    rng = np.random.default_rng(seed)
    held = dict(fixed or {})
    draws: dict[str, np.ndarray] = {}
    for name in sorted(scenario.parameters):  # sorted: the draws do not depend on file order
        if name in held:
            draws[name] = np.full(n, float(held[name]))
            continue
        low, high = scenario.parameters[name].range or (scenario.parameters[name].value,) * 2
        draws[name] = rng.uniform(low, high, n)
    return draws


def outcomes_at(scenario: ns.Scenario, draws: Mapping[str, np.ndarray]) -> np.ndarray:
    """The SPE outcome string (sweep convention) of ``scenario`` at every draw."""
    return sweep_tree(scenario, scenario.evaluate(dict(draws)), tol=DEFAULT_TOL).outcomes.astype(str)


def payoffs_at(scenario: ns.Scenario, draws: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Payoffs under the first SPE of ``scenario`` at every draw."""
    return sweep_tree(scenario, scenario.evaluate(dict(draws)), tol=DEFAULT_TOL).payoffs


def has_transfer(outcomes: np.ndarray) -> np.ndarray:
    """True where some SPE outcome moves islands."""
    return np.array([any(bare(o) in DEALS for o in text.split("|")) for text in outcomes])


def is_only(outcomes: np.ndarray, wanted: str) -> np.ndarray:
    """True where every SPE outcome is ``wanted`` (compared without the import prefix)."""
    return np.array([all(bare(o) == wanted for o in text.split("|")) for text in outcomes])


def share_where(result: ns.UncertaintyResult, scenario: int, claim: Callable[[np.ndarray], np.ndarray]) -> float:
    """Share of the draws of ``result`` whose outcome (of ``scenario``) satisfies ``claim``."""
    shares = result.outcomes[scenario]
    holds = claim(np.array([o.key for o in shares]))
    return float(sum(o.share.count for o, ok in zip(shares, holds, strict=True) if ok) / shares[0].share.total)


def uncertainty_runs(n: int = SAMPLES, seed: int = SEED) -> tuple[ns.UncertaintyResult, ns.UncertaintyResult]:
    """The two ``negotiation-sim uncertainty`` runs the explanation page shows.

    ``territory_first.yaml new_approach.yaml --player japan`` and ``approach_choice.yaml``, both
    with ``--samples n --seed seed --no-sobol --set legal_barrier=0``.
    """
    tf, na, choice = load("territory_first.yaml"), load("new_approach.yaml"), load("approach_choice.yaml")
    pair = ns.uncertainty([tf, na], samples=n, seed=seed, overrides=PRE_2020, player="japan", sobol=False)
    picks = ns.uncertainty(choice, samples=n, seed=seed, overrides=PRE_2020, sobol=False)
    return pair, picks


def probabilities(n: int = SAMPLES, seed: int = SEED) -> dict[str, float]:
    """The probability of each unconditional claim of the explanation page, from ``ns.uncertainty``.

    Every parameter is drawn from its declared distribution (uniform over its range),
    ``legal_barrier`` held at 0, the world before July 2020.
    """
    pair, picks = uncertainty_runs(n, seed)
    better = pair.comparison["japan"]
    only_tf = lambda out: np.array([all(o.startswith("tf.") for o in text.split("|")) for text in out])  # noqa: E731
    only_na = lambda out: np.array([all(o.startswith("na.") for o in text.split("|")) for text in out])  # noqa: E731
    return {
        "tf_impasse": share_where(pair, 0, lambda out: is_only(out, "impasse")),
        "tf_transfer": share_where(pair, 0, has_transfer),
        "tf_backs_down": share_where(pair, 0, lambda out: is_only(out, "cooperation_despite_linkage")),
        "na_cooperation_without_territory": share_where(
            pair, 1, lambda out: is_only(out, "cooperation_without_territory")
        ),
        "na_transfer": share_where(pair, 1, has_transfer),
        "na_exploited": share_where(pair, 1, lambda out: is_only(out, "exploited")),
        "japan_better_under_new_approach": better["b_better"].probability,
        "japan_better_under_territory_first": better["a_better"].probability,
        "japan_equal": better["equal"].probability,
        "japan_picks_territory_first": share_where(picks, 0, only_tf),
        "japan_picks_new_approach": share_where(picks, 0, only_na),
        "choice_transfers": share_where(picks, 0, has_transfer),
    }


def conditional_probabilities(n: int = SAMPLES, seed: int = SEED) -> dict[str, float]:
    """Claims conditioned on ``coop_japan`` (a derived quantity ``uncertainty`` does not report).

    Uniform draws of every parameter over its declared range (``legal_barrier`` held at 0),
    solved with the sweep's vectorised backward induction.
    """
    na = load("new_approach.yaml")
    draws = sample_ranges(na, n, seed, PRE_2020)
    na_out = outcomes_at(na, draws)
    needs = np.asarray(na.evaluate(dict(draws)).values["coop_japan"]) > 0
    na_transfer = has_transfer(na_out)
    return {
        "na_locked_in_at_a_loss": float((is_only(na_out, "cooperation_without_territory") & ~needs).mean()),
        "na_transfer_when_japan_needs_russia": float(na_transfer[needs].mean()),
        "na_transfer_when_japan_does_not": float(na_transfer[~needs].mean()),
    }


# Expected outcome of each history variant (DESIGN §5), as a predicate on outcome strings.
HISTORY_CLAIMS: dict[str, tuple[str, Callable[[np.ndarray], np.ndarray]]] = {
    "1956_declaration.yaml": ("impasse", lambda out: is_only(out, "impasse")),
    "2016_nagato.yaml": ("cooperation without territory", lambda out: is_only(out, "cooperation_without_territory")),
    "2018_singapore.yaml": ("no transfer", lambda out: ~has_transfer(out)),
    "2020_amendment.yaml": ("no transfer", lambda out: ~has_transfer(out)),
    "2022_sanctions.yaml": (
        "no cooperation, no transfer",
        lambda out: is_only(out, "impasse") | is_only(out, "exploited"),
    ),
}


def history_overrides(name: str) -> dict[str, float]:
    """The parameters a history variant sets (held fixed in its robustness run), and legal_barrier."""
    scenario = ns.load_scenario(HISTORY / name)
    base = load("parameters.yaml")
    held = {k: p.value for k, p in scenario.parameters.items() if p.value != base.parameters[k].value}
    held.setdefault("legal_barrier", 0.0)
    return held


def history_robustness(n: int = SAMPLES, seed: int = SEED) -> dict[str, float]:
    """Per history variant: P(its expected outcome) from ``ns.uncertainty`` with the parameters
    it sets held (``--set``) and every other parameter drawn over its declared range."""
    result = {}
    for name, (_, claim) in HISTORY_CLAIMS.items():
        scenario = ns.load_scenario(HISTORY / name)
        run = ns.uncertainty(scenario, samples=n, seed=seed, overrides=history_overrides(name), sobol=False)
        result[name] = share_where(run, 0, claim)
    return result


# --- the trade-off map ----------------------------------------------------------------------------

TRADE_OFF_AXES = (
    ("china_threat", "russia_aid_value"),
    ("china_threat", "linkage_cost"),
    ("china_threat", "us_russia_tension"),
)
"""The two maps of where each approach wins (approach_choice, other parameters at the defaults)."""


def trade_off_shares(x: str, y: str, points: int = 101) -> dict[str, float]:
    """Share of a ``points`` x ``points`` grid over the declared ranges where Japan picks each approach."""
    choice = load("approach_choice.yaml")
    grid = ns.sweep(choice, {x: _axis(choice, x, points), y: _axis(choice, y, points)})
    picks = np.array([_picked(text) for text in grid.outcomes[0].ravel().tolist()])
    return {name: float((picks == name).mean()) for name in ("territory_first", "new_approach", "tie")}


def _axis(scenario: ns.Scenario, name: str, points: int) -> np.ndarray:
    low, high = scenario.parameters[name].range or (0.0, 1.0)
    return np.linspace(low, high, points)


def _picked(text: str) -> str:
    prefixes = {o.split(".", 1)[0] for o in text.split("|")}
    if prefixes == {"tf"}:
        return "territory_first"
    if prefixes == {"na"}:
        return "new_approach"
    return "tie"


def _print_changes(scenario: ns.Scenario, parameter: str, overrides: Mapping[str, float] | None = None) -> None:
    for change in change_points(scenario, parameter, overrides):
        where = dict(overrides or {})
        print(f"  {scenario.id}: {parameter} = {change.at:.6g}: {change.below} -> {change.above}  {where}")


def main(figure: str | None = None) -> None:
    """Print every number the explanation page quotes (and draw the trade-off map to ``figure``)."""
    tf, na, choice = load("territory_first.yaml"), load("new_approach.yaml"), load("approach_choice.yaml")
    print("change points (others at the defaults unless given):")
    for name in ("russia_aid_value", "no_bases_pledge", "china_threat", "linkage_cost", "us_russia_tension"):
        for scenario in (tf, na):
            _print_changes(scenario, name)
    for name in ("russia_aid_value", "no_bases_pledge", "china_threat", "linkage_cost"):
        for change in change_points(choice, name, key=approach_winner):
            print(f"  approach choice: {name} = {change.at:.6g}: {change.below} -> {change.above}")
    _print_changes(na, "upfront_share", {"china_threat": 0.2})
    _print_changes(na, "upfront_share", {"china_threat": 0.2, "trust_gain": 0.9, "no_bases_pledge": 0.9})
    _print_changes(tf, "bastion_value", {"russia_finality_value": 4, "russia_cost_large": 1})
    _print_changes(tf, "us_russia_tension", {"russia_aid_value": 4})
    _print_changes(load("history/1956_declaration.yaml"), "japan_cost_two_final")
    print(f"probabilities over the declared ranges (ns.uncertainty, seed {SEED}, {SAMPLES} draws, legal_barrier 0):")
    for claim, p in {**probabilities(), **conditional_probabilities()}.items():
        print(f"  {claim}: {p:.3f}")
    print("history variants, P(expected outcome) with the other parameters drawn over their ranges:")
    for name, p in history_robustness().items():
        held = " ".join(f"--set {k}={v:g}" for k, v in history_overrides(name).items())
        print(f"  {name} ({HISTORY_CLAIMS[name][0]}): {p:.3f}   {held}")
    print("trade-off maps (approach_choice, 101 x 101 over the declared ranges, other parameters at the defaults):")
    for x, y in TRADE_OFF_AXES:
        shares = ", ".join(f"{k} {v:.1%}" for k, v in trade_off_shares(x, y).items())
        print(f"  {x} x {y}: {shares}")
    if figure is not None:
        from negotiation_sim.plotting import plot_region_map, save_figure

        x, y = TRADE_OFF_AXES[0]
        save_figure(plot_region_map(ns.sweep(choice, {x: None, y: None}), scenario=0), figure)
        print(f"wrote {figure}")


if __name__ == "__main__":  # pragma: no cover
    import sys

    main(sys.argv[1] if len(sys.argv) > 1 else None)
