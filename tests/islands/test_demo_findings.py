"""The demo's summary says how robust its findings are, and the shares it states are right."""

from __future__ import annotations

import re

import numpy as np

import negotiation_sim as ns
from negotiation_sim.demo import DEMO_AXES, run_demo

ISLANDS = ns.bundled_scenarios_dir() / "islands"


def test_demo_states_where_each_approach_wins_and_where_the_defaults_hold(tmp_path):
    points = 21
    result = run_demo(tmp_path / "demo", points=points)
    (finding,) = [f for f in result.findings if f.startswith("Over the")]
    numbers = [int(n) / 100 for n in re.findall(r"(\d+)%", finding)]
    assert len(numbers) == 4, finding

    scenarios = [ns.load_scenario(ISLANDS / "territory_first.yaml"), ns.load_scenario(ISLANDS / "new_approach.yaml")]
    axes = {name: np.linspace(*scenarios[1].parameters[name].range, points) for name in DEMO_AXES}
    grid = ns.sweep(scenarios, axes)
    difference = grid.payoffs[1]["japan"] - grid.payoffs[0]["japan"]
    at_defaults = [ns.solve(s).outcomes for s in scenarios]
    expected = [
        (difference > 1e-9).mean(),
        (difference < -1e-9).mean(),
        (grid.outcomes[0] == "|".join(sorted(set(at_defaults[0])))).mean(),
        (grid.outcomes[1] == "|".join(sorted(set(at_defaults[1])))).mean(),
    ]
    assert numbers == [round(float(share), 2) for share in expected]
    # Model 2: territory-first wins somewhere on the demo's map, and the summary says so.
    assert 0 < numbers[1] < 1
    assert finding in (tmp_path / "demo" / "summary.md").read_text(encoding="utf-8")


def test_demo_states_thresholds_and_robustness_from_threshold_and_uncertainty(tmp_path):
    from negotiation_sim.demo import KEY_PARAMETERS, ROBUSTNESS_SEED

    samples = 2000
    result = run_demo(tmp_path / "demo", points=11, samples=samples)
    summary = (tmp_path / "demo" / "summary.md").read_text(encoding="utf-8")
    pair = [ns.load_scenario(ISLANDS / "territory_first.yaml"), ns.load_scenario(ISLANDS / "new_approach.yaml")]
    assert len(result.thresholds) == len(KEY_PARAMETERS)
    for name, sentence in zip(KEY_PARAMETERS, result.thresholds, strict=True):
        assert sentence.startswith(f"`{name}`") and sentence in summary
        found = ns.threshold(pair, name, player="japan")
        for change in found.changes:  # a change at the low end is stated as "only at <low>"
            at_end = change.at - found.low < 1e-6 * (found.high - found.low)
            assert (f"only at {found.low:g}" if at_end else f"{change.at:.4g}") in sentence
    assert "better for Japan: new approach below 0.5625, territory-first above" in result.thresholds[0]
    robust = ns.uncertainty(
        pair, samples=samples, seed=ROBUSTNESS_SEED, overrides={"legal_barrier": 0}, player="japan", sobol=False
    )
    assert f"{samples:,} random draws (seed {ROBUSTNESS_SEED})" in result.robustness[0]
    better = robust.comparison["japan"]["b_better"]
    low, high = better.interval
    assert f"{better.probability:.1%} of draws (95% interval {low:.1%}–{high:.1%})" in result.robustness[-1]
    impasse = next(o.share for o in robust.outcomes[0] if o.key == "impasse")
    assert f"{impasse.probability:.1%}" in result.robustness[1]
    assert f"--samples {samples} --seed {ROBUSTNESS_SEED}" in summary
    assert {"thresholds.json", "robustness.json"} <= {p.name for p in result.files}
