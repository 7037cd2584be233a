"""The batched small-game sweep path agrees with solving every distinct matrix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import negotiation_sim as ns
from negotiation_sim.analysis import sweep_normal
from negotiation_sim.solvers import nash

GAME = """format: negotiation-sim/1
title: Three-strategy test game
id: three
description: A {m} x {n} game whose payoffs move with two parameters.
players:
  row: {{label: Row}}
  col: {{label: Column}}
parameters:
  s: {{value: 1, range: [0, 3], label: s, unit: utils, source: test}}
  t: {{value: 1, range: [0, 3], label: t, unit: utils, source: test}}
game:
  kind: normal
  strategies:
    row: {rows}
    col: {cols}
  payoffs:
    row: {a}
    col: {b}
"""


def scenario(tmp_path: Path, seed: int, m: int, n: int) -> ns.Scenario:
    rng = np.random.default_rng(seed)
    terms = ["s", "t", "s - t", "s * t", "1", "0", "2", "-1", "t / 2"]

    def table() -> str:
        return str([[str(rng.choice(terms)) for _ in range(n)] for _ in range(m)]).replace("'", "")

    text = GAME.format(
        m=m, n=n, rows=[f"r{i}" for i in range(m)], cols=[f"c{j}" for j in range(n)], a=table(), b=table()
    ).replace("'", "")
    path = tmp_path / f"game{seed}.yaml"
    path.write_text(text)
    return ns.load_scenario(path)


@pytest.mark.parametrize(
    ("seed", "m", "n"), [(1, 3, 3), (2, 3, 3), (3, 2, 3), (4, 3, 4), (5, 4, 4), (6, 3, 2), (7, 4, 4), (8, 2, 2)]
)
def test_batched_equals_one_by_one(tmp_path: Path, seed: int, m: int, n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    sc = scenario(tmp_path, seed, m, n)
    # s = t, s = 2 t, ... and the constants make many points degenerate (ties).
    grid = {"s": np.linspace(0, 3, 31), "t": np.linspace(0, 3, 29)}
    batched = ns.sweep(sc, grid)
    # Reference: every distinct matrix solved one by one by the general method.
    monkeypatch.setattr(sweep_normal, "MAX_BATCHED_BASES", 0)
    monkeypatch.setattr(nash, "is_small", lambda rows, columns: False)
    monkeypatch.setattr(nash, "is_small_exact", lambda *args: False)
    reference = ns.sweep(sc, grid)
    # Ties are solved in the batch too; only points whose first equilibrium in stable order
    # is decided by probabilities (two equilibria on the same supports) go one by one.
    assert batched.distinct_matrices_solved <= reference.distinct_matrices_solved // 10
    assert batched.outcomes[0].tolist() == reference.outcomes[0].tolist()
    assert np.array_equal(batched.ties[0], reference.ties[0])
    for player in ("row", "col"):
        np.testing.assert_allclose(batched.payoffs[0][player], reference.payoffs[0][player], atol=1e-9)


@pytest.mark.parametrize("grouping", ["_distinct_rows", "_hashed_distinct_rows", "hash collisions"])
def test_distinct_rows_group_equal_numbers(grouping: str, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    rows = rng.integers(-2, 3, size=(400, 6)).astype(float) / 4
    rows[rows == 0] = rng.choice([0.0, -0.0], size=int((rows == 0).sum()))  # -0.0 equals 0.0
    if grouping == "hash collisions":  # every row hashes to 0: the full comparison finds it out
        monkeypatch.setattr(sweep_normal, "_ROW_HASH", np.zeros(64, dtype=np.uint64))
        grouping = "_hashed_distinct_rows"
    distinct, inverse = getattr(sweep_normal, grouping)(rows)
    reference, reference_inverse = np.unique(rows, axis=0, return_inverse=True)
    assert len(distinct) == len(reference)
    assert np.array_equal(distinct[inverse], rows)  # each row maps to an equal row
    # The same grouping as np.unique: rows share an index exactly when they are equal.
    pairs = {(int(i), int(j)) for i, j in zip(inverse, reference_inverse.reshape(-1), strict=True)}
    assert len(pairs) == len(reference)


def test_sweep_chunking_does_not_change_the_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from negotiation_sim.solvers import small_games

    sc = scenario(tmp_path, 11, 3, 3)
    grid = {"s": np.linspace(0, 3, 31), "t": np.linspace(0, 3, 29)}
    whole = ns.sweep(sc, grid)
    monkeypatch.setattr(small_games, "_POINT_CHUNK", 20_000)  # about 18 games per chunk
    monkeypatch.setattr(small_games, "_MIN_CHUNK", 1)
    chunked = ns.sweep(sc, grid)
    assert chunked.outcomes[0].tolist() == whole.outcomes[0].tolist()
    assert np.array_equal(chunked.ties[0], whole.ties[0])
    for player in ("row", "col"):
        assert chunked.payoffs[0][player].tobytes() == whole.payoffs[0][player].tobytes()
