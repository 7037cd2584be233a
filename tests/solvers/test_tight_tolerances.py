"""Every solver path at tolerances near the rounding unit, against Gambit's exact enumeration.

A basis solved by Cramer's rule (the tiny and the batched small-game paths) or through
an inverse (the one-polytope path's partner systems) is not backward stable: its own
constraints' residuals grow with the condition number and can exceed a tight tolerance.
Those constraints hold with equality by construction; judged on their rounded values,
they lost vertices (a missing equilibrium, or a crash on a vertex without a best
response in the one-polytope path of the tiny games).  Payoffs are integers plus noise:
nondegenerate, with small determinants.
"""

from __future__ import annotations

import json
from fractions import Fraction
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from test_small_games import key

from negotiation_sim.solvers import nash
from negotiation_sim.solvers.polytope import as_bimatrix
from negotiation_sim.solvers.tiny_games import tiny_equilibria

gbt = pytest.importorskip("pygambit")


@cache
def _gambit(m: int, n: int, payoffs: bytes) -> frozenset[tuple[float, ...]]:
    a, b = np.frombuffer(payoffs).reshape(2, m, n)
    game = gbt.StrategicGame.from_arrays(
        [[Fraction(v) for v in row] for row in a.tolist()], [[Fraction(v) for v in row] for row in b.tolist()]
    )
    return frozenset(
        key(
            np.array([float(Fraction(str(p["1"][str(i + 1)]))) for i in range(m)]),
            np.array([float(Fraction(str(p["2"][str(j + 1)]))) for j in range(n)]),
        )
        for p in gbt.nash.enummixed_solve(game, rational=True).equilibria
    )


def gambit_set(a: np.ndarray, b: np.ndarray) -> frozenset[tuple[float, ...]]:
    """The exact extreme equilibria of the float game (each payoff's exact binary value), cached."""
    return _gambit(*a.shape, np.stack([a, b]).astype(float).tobytes())


def noisy_integers(rng: np.random.Generator, shape: tuple[int, int], high: int, noise: float) -> tuple[np.ndarray, ...]:
    return tuple(rng.integers(-high, high + 1, size=(2, *shape)) + rng.normal(size=(2, *shape)) * noise)


@pytest.mark.parametrize("tol", [1e-12, 1e-13])
def test_tiny_and_batched_paths(tol: float, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(20261130)
    games = [noisy_integers(rng, (5, 5), 8, 1e-3) for _ in range(30)]
    games += [noisy_integers(rng, (4, 6), 3, 1e-4) for _ in range(30)]
    expected = [gambit_set(a, b) for a, b in games]
    for (a, b), found in zip(games, expected, strict=True):
        for degeneracy in (True, False):
            equilibria, _ = tiny_equilibria(a, b, tol, degeneracy=degeneracy)
            assert {key(e.row, e.column) for e in equilibria} == found, (a.tolist(), b.tolist(), degeneracy)
    monkeypatch.setattr(nash, "is_tiny", lambda rows, columns: False)  # the batched kernel where usable
    for (a, b), found in zip(games, expected, strict=True):
        for degeneracy in (True, False):
            equilibria, _ = nash._equilibria(a, b, tol, need_degenerate=degeneracy)
            assert {key(e.row, e.column) for e in equilibria} == found, (a.tolist(), b.tolist(), degeneracy)


GAMES = json.loads((Path(__file__).parents[1] / "data" / "nash" / "tight_tolerance_games.json").read_text())["games"]


@pytest.mark.parametrize("tol", [1e-12, 1e-13])
@pytest.mark.parametrize("game", GAMES, ids=[g["what"] for g in GAMES])
def test_one_polytope_and_two_polytope_paths_on_known_games(tol: float, game: dict) -> None:
    a, b = np.array(game["row_payoffs"]), np.array(game["column_payoffs"])
    found = gambit_set(a, b)
    for degeneracy in (True, False):
        equilibria, _ = nash._equilibria(*as_bimatrix(a, b), tol, need_degenerate=degeneracy)
        assert {key(e.row, e.column) for e in equilibria} == found, degeneracy


@pytest.mark.parametrize("tol", [1e-12, 1e-13])
def test_one_polytope_and_two_polytope_paths_on_random_games(tol: float) -> None:
    rng = np.random.default_rng(5)
    games = [
        noisy_integers(rng, (int(m), int(n)), int(rng.integers(2, 9)), float(rng.choice([1e-3, 1e-4, 1e-5])))
        for m, n in rng.integers(5, 7, size=(25, 2))
    ]
    for a, b in games:
        found = gambit_set(a, b)
        for degeneracy in (True, False):
            equilibria, _ = nash._equilibria(*as_bimatrix(a, b), tol, need_degenerate=degeneracy)
            assert {key(e.row, e.column) for e in equilibria} == found, (a.tolist(), b.tolist(), degeneracy)
