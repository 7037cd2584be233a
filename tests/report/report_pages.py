"""The report pages the HTML and browser tests share (see conftest.py, which makes them)."""

from __future__ import annotations

from pathlib import Path

ISLANDS = "scenarios/islands"
ROOT = Path(__file__).resolve().parents[2]

HOSTILE_TITLE = "Evil <script>alert('title')</script>\nsecond line & more"
HOSTILE = f"""\
format: negotiation-sim/1
title: {HOSTILE_TITLE!r}
description: "A description with <img src=x onerror=alert(1)> and a <b>tag</b>."
sources: ["<a href='https://example.com/'>a link</a>", "plain & simple"]
players:
  row: {{label: "Row <i>player</i>"}}
  column: {{label: Column}}
parameters:
  bonus:
    value: 2
    range: [0, 4]
    label: "Bonus </table><script>alert('label')</script>"
    unit: "<u>utils</u>"
    source: "Source with <script>alert('source')</script>"
game:
  kind: normal
  strategies:
    row: [up, down]
    column: [left, right]
  payoffs:
    row: [[bonus, 0], [1, 3]]
    column: [[1, 0], [0, "bonus - 1"]]
"""

PAGES = {
    "normal": ["scenarios/textbook/prisoners_dilemma.yaml"],
    "tree": [f"{ISLANDS}/new_approach.yaml", "--set", "china_threat=0.5"],
    "pair": [f"{ISLANDS}/territory_first.yaml", f"{ISLANDS}/new_approach.yaml"],
    "hostile": ["hostile.yaml"],
    "uncertain": ["docs/tutorial/wage_bargain.yaml", "--samples", "2000", "--seed", "7"],
    "signalling": ["scenarios/textbook/beer_quiche.yaml"],
}
"""Report name -> command-line arguments of ``negotiation-sim report`` (before ``-o``)."""
