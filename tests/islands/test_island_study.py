"""The figures quoted in docs/explanation/island-model.md are the ones the model gives.

``island_study`` computes them (change points by bisection, shares of two-parameter grids,
probabilities over the declared ranges with a fixed seed); these tests recompute them and look
for each one, formatted as the page prints it, in the page's text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from island_study import (
    HISTORY_CLAIMS,
    TRADE_OFF_AXES,
    history_robustness,
    probabilities,
    trade_off_shares,
)

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
    "na_locked_in_at_a_loss": "… of which Japan is locked in at a loss (`coop_japan` < 0)",
    "na_exploited": "the new approach is exploited (Russia pockets the upfront aid)",
    "na_transfer": "the new approach moves islands",
    "na_transfer_when_japan_needs_russia": "the new approach moves islands where Japan needs Russia (`coop_japan` > 0)",
    "na_transfer_when_japan_does_not": "the new approach moves islands where Japan does not (`coop_japan` < 0)",
    "japan_picks_territory_first": "Japan picks territory-first",
    "japan_picks_new_approach": "Japan picks the new approach",
    "choice_transfers": "islands move under Japan's choice",
}


def test_probabilities_on_the_page(page):
    computed = probabilities()
    for key, label in CLAIM_ROWS.items():
        assert f"| {computed[key]:.1%} " in _table_row(page, label), key


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
