"""Structure of the uncertainty figures: outcome bars, difference histogram, Sobol' bars."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from negotiation_sim.analysis.uncertainty import uncertainty
from negotiation_sim.plotting import plot_outcome_probabilities, plot_payoff_difference, plot_sobol


@pytest.fixture(scope="module")
def result(territory_first, new_approach):
    return uncertainty([territory_first, new_approach], samples=2000, seed=3, sobol_base=64)


def test_one_bar_per_outcome_with_its_probability(result):
    for index in (0, 1):
        ax = plot_outcome_probabilities(result, scenario=index).axes[0]
        widths = sorted(round(p.get_width(), 12) for p in ax.patches)
        assert widths == sorted(round(o.share.probability, 12) for o in result.outcomes[index])
        assert len(ax.get_yticklabels()) == len(result.outcomes[index])


def test_histogram_counts_every_valid_sample_and_marks_zero(result):
    ax = plot_payoff_difference(result, "japan").axes[0]
    assert sum(p.get_height() for p in ax.patches) == result.samples - result.invalid[0] - result.invalid[1]
    assert any(list(line.get_xdata()) == [0.0, 0.0] for line in ax.lines)
    assert "better" in ax.texts[0].get_text()


def test_sobol_bars_two_per_parameter_largest_total_first(result):
    ax = plot_sobol(result, "japan").axes[0]
    bars = [p for p in ax.patches if p.get_height() > 0]
    assert len(bars) == 2 * len(result.sobol["japan"])
    ticks = sorted(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels()), strict=True))
    top = ticks[-1][1]
    largest = max(result.sobol["japan"].items(), key=lambda item: item[1].total)[0]
    assert top.replace("\n", " ") == result.scenarios[0].parameters[largest].display_label
    assert "model runs" in ax.get_title()


def test_draws_into_a_given_axes(result):
    figure = Figure()
    axes = figure.subplots(1, 3)
    assert plot_outcome_probabilities(result, ax=axes[0]) is figure
    assert plot_payoff_difference(result, "russia", ax=axes[1]) is figure
    assert plot_sobol(result, "russia", ax=axes[2]) is figure


def test_sobol_without_indices_is_a_clear_error(territory_first):
    single = uncertainty(territory_first, samples=200, seed=0, sobol=False)
    with pytest.raises(KeyError, match="no Sobol' indices"):
        plot_sobol(single, "japan")


def test_thresholds_are_marked_on_a_sweep_plot():
    import negotiation_sim as ns
    from negotiation_sim.analysis.sweep import sweep
    from negotiation_sim.analysis.threshold import threshold
    from negotiation_sim.plotting import mark_thresholds, plot_sweep_1d

    scenario = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
    ax = plot_sweep_1d(sweep(scenario, {"p_high": None})).axes[0]
    found = threshold(scenario, "p_high")
    lines = mark_thresholds(ax, found)
    assert [line.get_xdata()[0] for line in lines] == [c.at for c in found.changes]
    assert sum("p_high =" in t.get_text() for t in ax.texts) == len(found.changes)
