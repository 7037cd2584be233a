"""The figures quoted in docs/explanation/island-model.md are the ones the model gives.

``island_study`` computes them (the page's ``negotiation-sim uncertainty`` runs through
``ns.uncertainty``, shares of two-parameter grids, conditional probabilities); the thresholds
table is checked against ``ns.threshold``.  These tests recompute each figure and look for it,
formatted as the page prints it, in the page's text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from island_study import (
    HISTORY_CLAIMS,
    TRADE_OFF_AXES,
    conditional_probabilities,
    history_robustness,
    load,
    probabilities,
    trade_off_shares,
    uncertainty_runs,
)

import negotiation_sim as ns

PAGE = Path(__file__).resolve().parents[2] / "docs" / "explanation" / "island-model.md"


@pytest.fixture(scope="module")
def page() -> str:
    return PAGE.read_text(encoding="utf-8")


def _table_row(page: str, label: str) -> str:
    rows = [line for line in page.splitlines() if line.startswith(f"| {label} |")]
    assert len(rows) == 1, f"no single table row starts with {label!r}"
    return rows[0]


CLAIM_ROWS = {
    "tf_impasse": "territory-first ends in an impasse",
    "tf_transfer": "territory-first moves islands",
    "tf_backs_down": "territory-first ends with Japan backing down (cooperation despite the linkage)",
    "na_cooperation_without_territory": "the new approach ends in cooperation without territory",
    "na_exploited": "the new approach is exploited (Russia pockets the upfront aid)",
    "na_transfer": "the new approach moves islands",
    "japan_better_under_new_approach": "the new approach pays Japan more",
    "japan_better_under_territory_first": "territory-first pays Japan more",
    "japan_picks_territory_first": "Japan picks territory-first",
    "japan_picks_new_approach": "Japan picks the new approach",
    "choice_transfers": "islands move under Japan's choice",
}

CONDITIONAL_ROWS = {
    "na_locked_in_at_a_loss": "… the new approach ends with Japan locked in at a loss (`coop_japan` < 0)",
    "na_transfer_when_japan_needs_russia": "the new approach moves islands where Japan needs Russia (`coop_japan` > 0)",
    "na_transfer_when_japan_does_not": "the new approach moves islands where Japan does not (`coop_japan` < 0)",
}


def test_probabilities_on_the_page_are_the_uncertainty_output(page):
    computed = probabilities()
    for key, label in CLAIM_ROWS.items():
        assert f"| {computed[key]:.1%} " in _table_row(page, label), key
    pair, _ = uncertainty_runs()
    # Rows of a single outcome carry the interval the command prints.
    single = {"tf_impasse": (0, "impasse"), "tf_backs_down": (0, "cooperation_despite_linkage")}
    single |= {
        "na_cooperation_without_territory": (1, "cooperation_without_territory"),
        "na_exploited": (1, "exploited"),
    }
    for key, (k, outcome) in single.items():
        share = next(o.share for o in pair.outcomes[k] if o.key == outcome)
        low, high = share.interval
        assert f"| {share.probability:.1%} [{low:.1%}, {high:.1%}] |" in _table_row(page, CLAIM_ROWS[key]), key
    equal = pair.comparison["japan"]["equal"].probability
    assert f"remaining {equal:.1%} of draws" in page


def test_conditional_probabilities_on_the_page(page):
    computed = conditional_probabilities()
    for key, label in CONDITIONAL_ROWS.items():
        assert f"| {computed[key]:.1%}" in _table_row(page, label), key
    assert f"holds in {1 - computed['na_transfer_when_japan_needs_russia']:.1%} of the draws" in page


THRESHOLD_PARAMETERS = ("russia_aid_value", "no_bases_pledge", "china_threat", "linkage_cost")


@pytest.mark.parametrize("parameter", THRESHOLD_PARAMETERS)
def test_thresholds_on_the_page_are_the_threshold_output(page, parameter):
    tf, na = load("territory_first.yaml"), load("new_approach.yaml")
    row = next(line for line in page.splitlines() if line.startswith(f"| `{parameter}` | ") and "→" in line)
    cells = [cell.strip() for cell in row.strip("|").split("|")][1:]
    for cell, found in zip(cells, (ns.threshold(tf, parameter), ns.threshold(na, parameter)), strict=False):
        assert (cell == "no change") == (not found.changes), (parameter, cell)
        assert [f"{c.at:g}" for c in found.changes] == re.findall(r" at ([0-9.]+)", cell), (parameter, cell)
    compared = ns.threshold([tf, na], parameter, player="japan")
    for change in compared.changes:
        assert f"{round(change.at, 6):g}" in cells[2], (parameter, cells[2])


def test_history_robustness_on_the_page(page):
    for name, p in history_robustness().items():
        # The back-test table comes after the table of files: its row is the last to name the file.
        row = [line for line in page.splitlines() if f"`history/{name}`" in line and line.startswith("|")][-1]
        assert f"| {p:.1%}" in row, name
    assert set(HISTORY_CLAIMS) == {p.name for p in (PAGE.parents[2] / "scenarios" / "islands" / "history").glob("*")}


@pytest.mark.parametrize(("x", "y"), TRADE_OFF_AXES)
def test_trade_off_shares_on_the_page(page, x, y):
    shares = trade_off_shares(x, y)
    row = next(line for line in page.splitlines() if line.startswith(f"| `{x}` × `{y}`"))
    cells = [cell.strip() for cell in row.strip("|").split("|")][1:]
    assert cells == [f"{shares[k]:.1%}" for k in ("territory_first", "new_approach", "tie")]
