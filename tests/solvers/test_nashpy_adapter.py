"""The nashpy wrapper: lazy import, captured warnings, cross-check on nondegenerate games."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from negotiation_sim.solvers.nash import nash_equilibria

pytestmark = pytest.mark.filterwarnings("error")
pytest.importorskip("nashpy")

from negotiation_sim.solvers import nashpy_adapter  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data" / "nash"


def keys(pairs) -> list[tuple[float, ...]]:
    return sorted(tuple(np.round(np.concatenate([x, y]), 7) + 0.0) for x, y in pairs)


def test_agrees_with_nashpy_on_nondegenerate_games() -> None:
    games = [g for g in json.loads((DATA / "gambit_random.json").read_text())["games"] if g["kind"] == "generic"]
    for case in games[:12]:
        a, b = np.array(case["A"], float), np.array(case["B"], float)
        ours = keys((e.row, e.column) for e in nash_equilibria(a, b))
        assert keys(nashpy_adapter.vertex_enumeration(a, b).equilibria) == ours
        # nashpy's support enumeration (tol=1e-16) misses equilibria even on some
        # generic games, but what it finds must be among ours.
        support = nashpy_adapter.support_enumeration(a, b)
        assert set(keys(support.equilibria)) <= set(ours)


def test_vertex_enumeration_wrapper() -> None:
    a, b = np.array([[3, 0], [0, 2]]), np.array([[2, 0], [0, 3]])
    result = nashpy_adapter.vertex_enumeration(a, b)
    assert result.method == "nashpy.vertex_enumeration"
    assert keys(result.equilibria) == keys((e.row, e.column) for e in nash_equilibria(a, b))


def test_warnings_are_captured_not_raised() -> None:
    m = np.array(
        [
            [0, -1, -1, -1, 1, -1],
            [1, 0, 1, -1, -1, -1],
            [1, -1, 0, -1, -1, 1],
            [1, 1, 1, 0, -1, -1],
            [-1, 1, 1, 1, 0, -1],
            [1, 1, -1, 1, 1, 0],
        ]
    )  # nashpy issue #231: degenerate, support enumeration finds nothing
    result = nashpy_adapter.support_enumeration(m, -m)
    assert result.equilibria == ()
    assert any("degenerate" in w for w in result.notes)
    assert result.method == "nashpy.support_enumeration"
    assert len(nash_equilibria(m, -m)) == 1
