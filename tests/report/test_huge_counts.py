"""Counts of subgame-perfect equilibria with more digits than Python converts to text
(tracker issue 17): reports show them in scientific form, never an internal error."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import negotiation_sim as ns
from negotiation_sim.numbers import count_text
from negotiation_sim.report import format_solution, to_json

NODES = 700  # 10 tied moves per node: 10**700 SPE, more digits than the limit set below


def chain_of_ties(nodes: int) -> str:
    moves = ", ".join(f"m{k}: o" for k in range(9))
    lines = [
        "format: negotiation-sim/1",
        "title: Astronomically many ties",
        "players: {a: {}, b: {}}",
        "game:",
        "  kind: extensive",
        "  root: n0",
        "  nodes:",
        *(
            f"    n{i}: {{player: a, moves: {{{moves}, go: {f'n{i + 1}' if i + 1 < nodes else 'o'}}}}}"
            for i in range(nodes)
        ),
        "  outcomes:",
        "    o: {payoffs: {a: 0, b: 0}}",
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def few_digits():
    """Python's smallest int-to-text digit limit, so a 701-digit count exceeds it."""
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    yield
    sys.set_int_max_str_digits(old)


@pytest.mark.parametrize(
    "count, text",
    [(0, "0"), (1, "1"), (10**15 - 1, "999999999999999"), (10**15, "about 1.0e15"), (99_999 * 10**20, "about 1.0e25")],
)
def test_count_text(count: int, text: str):
    assert count_text(count) == text


def test_a_huge_spe_count_is_reported_in_scientific_form(tmp_path: Path, few_digits):
    path = tmp_path / "ties.yaml"
    path.write_text(chain_of_ties(NODES), encoding="utf-8")
    solution = ns.solve(ns.load_scenario(path))
    assert solution.analysis["spe_count"] == 10**NODES
    text = format_solution(solution)
    assert "about 1.0e700" in text
    assert any("about 1.0e700 subgame-perfect equilibria" in note for note in solution.notes)
    data = json.loads(to_json(solution.to_dict()))
    assert data["analysis"]["spe_count"] == "about 1.0e700"
