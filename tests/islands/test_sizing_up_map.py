"""The region map of sizing_up.yaml (docs/explanation/island-model.md): its regions and the
boundaries the page derives by hand from the scenario's formulas."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sizing_up_map import boundaries, grid, label, region_labels

POOL_NONE = "pool on small, no offer"
POOL_TWO = "pool on small, two islands first"
TIE = f"{POOL_NONE} or {POOL_TWO}"
BAND = "pool on small, no offer or separate: needy large (no offer), resolute small (no offer)"


def two_first_below(china_threat: float) -> float:
    """Russia offers two islands first after a small share when p_needy is below this (defaults).

    After a small share from both types, no offer gives Russia coop_russia = 2c + 2 from the needy
    type (who stays) and -0.4 from the resolute one (who walks away); two islands first gives
    2c + 2 - 3.568 from both (both accept).  Two islands first pays when
    (1 - p)(2c - 1.168) > 3.568 p, that is p < (2c - 1.168) / (2c + 2.4).
    """
    return (2 * china_threat - 1.168) / (2 * china_threat + 2.4)


@pytest.mark.parametrize(
    ("p_needy", "china_threat", "expected"),
    [
        (0.5, 0.7, POOL_NONE),  # the defaults
        (0.5, 0.23, POOL_NONE),  # below 0.24 the needy type walks away after a small share too
        (0.5, 0.25, BAND),
        (0.5, 0.58, BAND),
        (0.5, 0.59, POOL_NONE),  # above 0.584 Russia would offer two islands to a known resolute Japan
        (0.99, 0.4, BAND),
        (two_first_below(0.9) - 0.01, 0.9, POOL_TWO),
        (two_first_below(0.9) + 0.01, 0.9, POOL_NONE),
        (two_first_below(1.0) - 0.01, 1.0, POOL_TWO),
        # just above 0.584 Russia needs p_needy below 0.009 to offer
        (0.01, 0.6, POOL_NONE),
        # on the boundary (p = 0.216 / 2.0) Russia is indifferent: both equilibria
        (0.108, 0.8, TIE),
    ],
)
def test_labels_at_points_on_either_side_of_each_boundary(p_needy, china_threat, expected):
    assert label(p_needy, china_threat) == expected


def test_a_coarse_map_has_the_three_regions_where_the_page_says():
    p_values, c_values = grid(11)
    labels = region_labels(p_values, c_values)
    found = boundaries(labels, p_values, c_values)
    assert set(found) == {POOL_NONE, POOL_TWO, BAND, TIE}  # the grid hits the boundary at (0.108, 0.8)
    c_low, c_high, p_low, p_high = found[BAND]
    assert (c_low, c_high) == (pytest.approx(0.3), pytest.approx(0.5))  # grid points inside (0.24, 0.584)
    assert (p_low, p_high) == (pytest.approx(0.01), pytest.approx(0.99))  # whatever the prior
    c_low, _, _, p_high = found[POOL_TWO]
    assert c_low > 0.584 and p_high < two_first_below(1.0)
    assert np.all(labels[:, 0] == POOL_NONE)


def test_the_docs_figure_exists():
    assert (Path(__file__).parents[2] / "docs" / "images" / "sizing_up_regions.png").stat().st_size > 10_000
