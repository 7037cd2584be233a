"""Known-answer tests for nash_equilibria: literature games and Gambit-generated fixtures."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.nash import is_degenerate, nash_equilibria

pytestmark = pytest.mark.filterwarnings("error")

DATA = Path(__file__).resolve().parents[1] / "data" / "nash"


def load(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text())["games"]


def matrix(rows: list[list]) -> np.ndarray:
    return np.array([[float(Fraction(str(v))) for v in row] for row in rows])


def key(row: np.ndarray, column: np.ndarray) -> tuple[float, ...]:
    return tuple(np.round(np.concatenate([row, column]), 8) + 0.0)


def expected_keys(case: dict) -> list[tuple[float, ...]]:
    return sorted(
        key(np.array([float(Fraction(p)) for p in r]), np.array([float(Fraction(p)) for p in c]))
        for r, c in case["equilibria"]
    )


def assert_same_set(case: dict, a: np.ndarray, b: np.ndarray) -> None:
    found = nash_equilibria(a, b)
    got = [key(e.row, e.column) for e in found]
    assert len(set(got)) == len(got), "duplicate equilibria"
    assert sorted(got) == expected_keys(case)
    for e in found:
        assert is_nash(a, b, e.row, e.column)


KNOWN = load("known_games.json")
RANDOM = load("gambit_random.json")


def test_corpus_is_large_enough() -> None:
    assert len(KNOWN) >= 20
    assert sum(case["kind"] == "degenerate" for case in RANDOM) >= 60


@pytest.mark.parametrize("case", KNOWN, ids=[c["name"] for c in KNOWN])
def test_known_games(case: dict) -> None:
    assert case["source"]
    assert_same_set(case, matrix(case["A"]), matrix(case["B"]))


def test_von_stengel_has_75_equilibria_and_is_nondegenerate() -> None:
    case = next(c for c in KNOWN if c["name"].startswith("vonstengel1999"))
    a, b = matrix(case["A"]), matrix(case["B"])
    assert len(nash_equilibria(a, b)) == 75
    assert not is_degenerate(a, b)


def test_published_answer_of_nashpy_issue_82() -> None:
    """The issue lists 8 equilibria (players minimise); check two mixed ones verbatim."""
    case = next(c for c in KNOWN if c["name"] == "nashpy-issue-82-3x5-degenerate")
    keys = {key(e.row, e.column) for e in nash_equilibria(matrix(case["A"]), matrix(case["B"]))}
    assert len(keys) == 8
    assert key(np.array([1 / 3, 1 / 2, 1 / 6]), np.array([0, 4 / 9, 2 / 9, 1 / 3, 0])) in keys
    assert key(np.array([0, 1, 0]), np.array([3 / 8, 0, 1 / 4, 3 / 8, 0])) in keys


@pytest.mark.parametrize("case", RANDOM, ids=[c["name"] for c in RANDOM])
def test_gambit_random_fixtures(case: dict) -> None:
    assert_same_set(case, matrix(case["A"]), matrix(case["B"]))


@pytest.mark.parametrize("case", RANDOM[::3], ids=[c["name"] for c in RANDOM[::3]])
def test_float_mode_matches_exact_mode(case: dict) -> None:
    """Irrational affine transforms force the tolerance path; answers must not change."""
    a = matrix(case["A"]) * np.pi + np.e
    b = matrix(case["B"]) * np.sqrt(2) - 1 / 7
    assert_same_set(case, a, b)


def test_live_against_pygambit() -> None:
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(777)
    for _ in range(15):
        m, n = rng.integers(1, 5, size=2)
        high = int(rng.choice([3, 1000]))
        a, b = rng.integers(0, high + 1, size=(2, m, n))
        game = gbt.StrategicGame.from_arrays(a.tolist(), b.tolist())
        result = gbt.nash.enummixed_solve(game, rational=True)
        expected = sorted(
            key(
                np.array([float(Fraction(str(p["1"][str(i + 1)]))) for i in range(m)]),
                np.array([float(Fraction(str(p["2"][str(j + 1)]))) for j in range(n)]),
            )
            for p in result.equilibria
        )
        got = sorted(key(e.row, e.column) for e in nash_equilibria(a, b))
        assert got == expected, (a.tolist(), b.tolist())
