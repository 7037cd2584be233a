"""Monte Carlo uncertainty: exact agreement with solve() on the same draws, seeding, Sobol', Dask."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import negotiation_sim as ns
from negotiation_sim.analysis.compare import compare
from negotiation_sim.analysis.sampling import (
    UncertainParameter,
    chunk_slices,
    chunk_uniforms,
    from_unit,
    uncertain_parameters,
)
from negotiation_sim.analysis.uncertainty import uncertainty
from negotiation_sim.analysis.uncertainty_result import wilson_interval
from negotiation_sim.errors import ScenarioError
from negotiation_sim.scenario.distributions import Distribution

SCENARIOS = ns.bundled_scenarios_dir()


def outcome_at(scenario, point: dict[str, float]) -> str:
    """The outcome key of an independent single-point solve of a tree, in the sweep's convention."""
    solution = ns.solve(scenario, point)
    reached = {o for dist in solution.analysis["outcome_distributions"] for o, p in dist.items() if p > 0}
    return "|".join(sorted(reached))


def load(relative: str):
    return ns.load_scenario(SCENARIOS / relative)


@pytest.fixture(scope="module")
def islands():
    return load("islands/territory_first.yaml"), load("islands/new_approach.yaml")


def draws(scenarios, samples: int, seed: int, chunk_size: int, fixed=()) -> list[dict[str, float]]:
    """The points a run draws, rebuilt from the documented chunk-wise seeding."""
    parameters = uncertain_parameters(scenarios, fixed=list(fixed))
    points = []
    for k, part in enumerate(chunk_slices(samples, chunk_size)):
        unit = chunk_uniforms(seed, k, part.stop - part.start, len(parameters))
        columns = {p.name: from_unit(p, unit[:, j]) for j, p in enumerate(parameters)}
        points += [{name: float(v[i]) for name, v in columns.items()} for i in range(part.stop - part.start)]
    return points


def test_outcome_counts_equal_solve_in_a_loop_on_the_same_draws(islands):
    result = uncertainty(islands, samples=150, seed=11, chunk_size=64, sobol=False)
    points = draws(islands, 150, 11, 64)
    for scenario, shares in zip(islands, result.outcomes, strict=True):
        expected: dict[str, int] = {}
        for point in points:
            key = outcome_at(scenario, point)
            expected[key] = expected.get(key, 0) + 1
        assert {o.key: o.share.count for o in shares} == expected
        assert sum(o.share.probability for o in shares) == pytest.approx(1.0)


def test_comparison_and_differences_equal_compare_in_a_loop(islands):
    result = uncertainty(islands, samples=120, seed=5, chunk_size=50, sobol=False)
    counts = {p: {"b_better": 0, "equal": 0, "a_better": 0} for p in ("japan", "russia")}
    for k, point in enumerate(draws(islands, 120, 5, 50)):
        difference = compare(list(islands), point).difference
        for player in counts:
            d = difference[player]
            counts[player]["b_better" if d > 0 else "a_better" if d < 0 else "equal"] += 1
            assert result.values[player][k] == pytest.approx(d, abs=1e-9)
    for player, classes in counts.items():
        assert {k: v.count for k, v in result.comparison[player].items()} == classes


def test_same_seed_same_numbers_other_seed_other_draws(islands):
    first = uncertainty(islands, samples=3000, seed=2, sobol=False)
    again = uncertainty(islands, samples=3000, seed=2, sobol=False)
    other = uncertainty(islands, samples=3000, seed=3, sobol=False)
    assert first.to_record() == again.to_record()
    assert np.array_equal(first.values["japan"], again.values["japan"])
    assert not np.array_equal(first.values["japan"], other.values["japan"])


def test_overrides_are_not_drawn(islands):
    result = uncertainty(islands, samples=500, seed=1, overrides={"china_threat": 0.2}, sobol=False)
    assert "china_threat" not in [p.name for p in result.parameters]
    assert result.to_record()["fixed"] == {"china_threat": 0.2}


def test_probabilities_sum_to_one_and_intervals_contain_them(islands):
    result = uncertainty(islands, samples=2000, seed=4, sobol=False)
    for player, classes in result.comparison.items():
        assert sum(s.probability for s in classes.values()) == pytest.approx(1.0), player
        for share in classes.values():
            assert share.interval[0] <= share.probability <= share.interval[1]


@pytest.mark.parametrize("count, total", [(0, 10), (10, 10), (3, 10), (500, 1000), (1, 1_000_000)])
def test_wilson_interval_is_inside_unit_interval_and_covers_the_estimate(count, total):
    low, high = wilson_interval(count, total)
    assert 0.0 <= low <= count / total <= high <= 1.0
    assert high - low > 0


def _parameter(kind: str, **shape: float) -> UncertainParameter:
    return UncertainParameter(
        name="x", low=1.0, high=5.0, distribution=Distribution(kind=kind, shape=tuple(shape.items()))
    )


@pytest.mark.parametrize(
    "parameter, mean",
    [
        (_parameter("uniform"), 3.0),
        (_parameter("triangular", mode=2.0), (1 + 5 + 2) / 3),
        (_parameter("beta", a=2.0, b=6.0), 1 + 4 * 2 / 8),
        # Normal(3, 0.5) truncated at 4 sd on each side: the mean stays 3.
        (_parameter("normal", mean=3.0, sd=0.5), 3.0),
    ],
    ids=["uniform", "triangular", "beta", "normal"],
)
def test_draws_follow_their_distribution(parameter, mean):
    values = from_unit(parameter, np.random.default_rng(0).random(200_000))
    assert values.min() >= parameter.low and values.max() <= parameter.high
    assert abs(values.mean() - mean) < 5 * values.std() / math.sqrt(values.size)


def test_truncated_normal_far_in_a_tail_stays_in_range():
    tail = UncertainParameter(
        name="x", low=10.0, high=11.0, distribution=Distribution(kind="normal", shape=(("mean", 0.0), ("sd", 1.0)))
    )
    values = from_unit(tail, np.linspace(0, 1, 101))
    assert np.all((values >= 10) & (values <= 11)) and np.all(np.diff(values) >= 0)


LINEAR = """\
format: negotiation-sim/1
title: Linear payoff
players: {a: {label: A}, b: {label: B}}
parameters:
  x1: {value: 0.5, range: [0, 1]}
  x2: {value: 0.5, range: [0, 1]}
  x3: {value: 0.5, range: [0, 1]}
game:
  kind: extensive
  root: start
  nodes:
    start: {player: a, moves: {only: end}}
  outcomes:
    end: {payoffs: {a: "x1 + 2 * x2", b: 1}}
"""


def test_sobol_indices_of_a_known_linear_model(tmp_path):
    # Y = x1 + 2 x2 with uniform inputs: Var = 1/12 + 4/12, so S1 = S_T = 0.2 and 0.8; x3 does nothing.
    path = tmp_path / "linear.yaml"
    path.write_text(LINEAR, encoding="utf-8")
    result = uncertainty(ns.load_scenario(path), samples=2000, seed=0, sobol_base=1024)
    indices = result.sobol["a"]
    for name, expected in (("x1", 0.2), ("x2", 0.8), ("x3", 0.0)):
        assert indices[name].first == pytest.approx(expected, abs=0.03), name
        assert indices[name].total == pytest.approx(expected, abs=0.03), name
    assert "b" not in result.sobol  # b's payoff is constant: no variance to apportion
    assert result.sobol_runs == 1024 * (3 + 2)
    assert "Saltelli" in result.sobol_sampler


def test_record_is_json_and_follows_the_contract(islands):
    record = uncertainty(islands, samples=1000, seed=9, sobol_base=64).to_record()
    text = json.dumps(record)
    assert json.loads(text)["samples"] == 1000
    assert set(record["comparison"]["japan"]) == {"b_better", "equal", "a_better"}
    assert set(record["outcomes"]) == {"territory-first", "new-approach"}
    share = next(iter(record["outcomes"]["new-approach"].values()))
    assert set(share) >= {"probability", "interval", "outcome_ids"}
    assert set(record["sobol"]["japan"]["china_threat"]) >= {"first", "total"}
    assert record["sobol_method"]["model_runs"] == 64 * (len(uncertain_parameters(islands)) + 2)


def test_to_dataframe(islands):
    frame = uncertainty(islands, samples=500, seed=9, sobol=False).to_dataframe()
    assert set(frame["kind"]) == {"outcome", "comparison"}
    comparison = frame[frame["kind"] == "comparison"]
    assert comparison.groupby("player")["probability"].sum().tolist() == pytest.approx([1.0, 1.0])


def test_progress_reaches_the_total(islands):
    seen = []
    uncertainty(islands, samples=300, seed=1, chunk_size=100, sobol_base=64, progress=lambda d, t: seen.append((d, t)))
    total = 3 + len(chunk_slices(64 * (len(uncertain_parameters(islands)) + 2), 100))
    assert seen[-1] == (total, total) and [d for d, _ in seen] == list(range(1, total + 1))


def test_results_on_a_dask_cluster_equal_the_local_run(islands):
    distributed = pytest.importorskip("distributed")
    local = uncertainty(islands, samples=2500, seed=21, chunk_size=500, sobol_base=64)
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = uncertainty(islands, samples=2500, seed=21, chunk_size=500, sobol_base=64, scheduler=client)
    assert remote.to_record() == local.to_record()
    for player in local.players:
        assert np.array_equal(remote.values[player], local.values[player], equal_nan=True)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"samples": 0}, "samples must be a positive integer"),
        ({"seed": -1}, "seed must be a non-negative integer"),
        ({"player": "japn"}, "did you mean 'japan'"),
        ({"overrides": {"china_thret": 0.5}}, "did you mean 'china_threat'"),
        ({"sobol_base": 100}, "power of two"),
        ({"workers": 2, "scheduler": "tcp://127.0.0.1:1"}, "not both"),
    ],
)
def test_invalid_requests_are_errors(islands, kwargs, message):
    with pytest.raises(ns.NegotiationSimError, match=message):
        uncertainty(islands, **{"samples": 100, **kwargs})


def test_scenarios_must_agree_on_shared_parameters(tmp_path, islands):
    text = (SCENARIOS / "textbook" / "prisoners_dilemma.yaml").read_text()
    changed = tmp_path / "pd.yaml"
    changed.write_text(text.replace("range: [3.5, 10]", "range: [3.5, 9]"), encoding="utf-8")
    with pytest.raises(ScenarioError, match="one draw must serve both scenarios"):
        uncertainty([load("textbook/prisoners_dilemma.yaml"), ns.load_scenario(changed)], samples=10)


def test_samples_with_invalid_payoffs_are_counted_as_invalid(tmp_path):
    path = tmp_path / "sqrt.yaml"
    path.write_text(LINEAR.replace('a: "x1 + 2 * x2"', 'a: "sqrt(x1 - 0.25)"'), encoding="utf-8")
    result = uncertainty(ns.load_scenario(path), samples=4000, seed=2, sobol=False)
    shares = {o.key: o for o in result.outcomes[0]}
    assert set(shares) == {"end", "invalid"}
    assert shares["invalid"].outcome_ids == () and result.invalid == (shares["invalid"].share.count,)
    assert shares["invalid"].share.probability == pytest.approx(0.25, abs=0.03)
    assert int(np.isnan(result.values["a"]).sum()) == result.invalid[0]
