"""Structure of the tornado chart."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from negotiation_sim.analysis.tornado import tornado
from negotiation_sim.plotting import plot_tornado


@pytest.fixture(scope="module")
def result(territory_first, new_approach):
    return tornado(territory_first, new_approach, "japan")


def _bars(ax):
    return [p for p in ax.patches if str(p.get_gid()).startswith("bar:")]


def test_one_bar_pair_per_parameter_sorted_by_swing(result):
    ax = plot_tornado(result).axes[0]
    bars = _bars(ax)
    assert len(bars) == 2 * len(result.bars)
    # Top to bottom: y positions decrease in the order of result.bars (largest swing first).
    centre = {}
    for patch in bars:
        _, name, _ = patch.get_gid().split(":")
        centre.setdefault(name, []).append(patch.get_y() + patch.get_height() / 2)
    order = sorted(centre, key=lambda name: -sum(centre[name]))
    assert order == [bar.parameter for bar in result.bars]
    swings = [bar.swing for bar in result.bars]
    assert swings == sorted(swings, reverse=True)


def test_bars_start_at_baseline_and_reach_the_ends(result):
    ax = plot_tornado(result).axes[0]
    by_gid = {p.get_gid(): p for p in _bars(ax)}
    for bar in result.bars:
        low, high = by_gid[f"bar:{bar.parameter}:low"], by_gid[f"bar:{bar.parameter}:high"]
        assert low.get_x() == pytest.approx(result.baseline)
        assert low.get_x() + low.get_width() == pytest.approx(bar.difference_low)
        assert high.get_x() + high.get_width() == pytest.approx(bar.difference_high)
    assert len({p.get_facecolor() for p in by_gid.values() if p.get_gid().endswith(":low")}) == 1
    assert len({p.get_facecolor() for p in by_gid.values() if p.get_gid().endswith(":high")}) == 1


def test_labels_lines_and_legend(result):
    ax = plot_tornado(result).axes[0]
    assert ax.get_xlabel() == "Japan payoff difference (B − A)"
    ticks = [" ".join(t.get_text().split()) for t in ax.get_yticklabels()]
    assert ticks == [bar.display_label for bar in result.bars]
    assert (
        ticks[1] == "China's assertiveness (0 calm, 1 acute) [index]"
        or "China's assertiveness (0 calm, 1 acute) [index]" in ticks
    )
    (baseline,) = [line for line in ax.lines if line.get_gid() == "baseline"]
    assert baseline.get_xdata()[0] == result.baseline
    assert any(line.get_gid() == "zero" for line in ax.lines)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:2] == ["parameter at the low end of its range", "parameter at the high end of its range"]


def test_max_bars_and_given_axes(result):
    fig = Figure()
    ax = fig.add_subplot()
    assert plot_tornado(result, ax=ax, max_bars=3) is fig
    assert len(_bars(ax)) == 6


def test_title_notes_and_labels_stay_inside_the_figure(result):
    """The title says what the bar-end numbers are; no text is clipped at the figure's edges."""
    from negotiation_sim.plotting.tornado import BAR_END_NOTE, NO_EFFECT

    figure = plot_tornado(result)
    ax = figure.axes[0]
    assert BAR_END_NOTE in ax.get_title()
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    box = figure.bbox
    inside_axes = ax.get_window_extent(renderer)
    notes = [t for t in ax.texts if t.get_text() == NO_EFFECT]
    assert notes, "the islands comparison has parameters without effect"
    for text in [ax.title, *ax.texts]:
        extent = text.get_window_extent(renderer)
        assert box.x0 - 1 <= extent.x0 and extent.x1 <= box.x1 + 1, text.get_text()
        assert box.y0 - 1 <= extent.y0 and extent.y1 <= box.y1 + 1, text.get_text()
    for text in notes:
        extent = text.get_window_extent(renderer)
        assert inside_axes.x0 <= extent.x0 and extent.x1 <= inside_axes.x1
