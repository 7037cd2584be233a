"""Wide batches of small games: the same bits as one game alone, whatever the chunking."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation_sim.solvers import small_games as kernel
from negotiation_sim.solvers.cramer import WIDE_BATCH, cramer

SIZES = [1, 2, 3, 4, 5]


def draw_systems(rng: np.random.Generator, kind: str, size: int, bases: int, games: int) -> np.ndarray:
    """Stacks of square systems ``(size, size, bases, games)``; integer ones have exact minors."""
    shape = (size, size, bases, games)
    if kind == "integers":
        return rng.integers(1, 9, size=shape).astype(float)
    if kind == "ties":  # many equal entries: zero determinants and zero numerators
        return rng.choice([1.0, 2.0], size=shape)
    return rng.normal(size=shape) * rng.choice([1e-3, 1.0, 1e3], size=shape)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", ["integers", "ties", "floats"])
def test_minor_by_minor_expansion_is_bit_identical(size: int, kind: str) -> None:
    rng = np.random.default_rng(size * 10 + len(kind))
    sub = draw_systems(rng, kind, size, 5, WIDE_BATCH + 7)
    det, numerators = cramer(sub)
    assert sub.shape[3] >= WIDE_BATCH  # the minor-by-minor branch ran
    for g in range(sub.shape[3]):
        alone_det, alone_numerators = cramer(sub[:, :, :, g : g + 1])  # the vectorised branch
        # Same values and the same signs of zero, bit for bit.
        assert det[:, g].tobytes() == alone_det[:, 0].tobytes()
        assert numerators[:, :, g].tobytes() == alone_numerators[:, :, 0].tobytes()


@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (2, 4), (4, 4), (5, 3)])
def test_a_game_alone_equals_the_game_in_a_wide_batch(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(sum(shape))
    m, n = shape
    games = 2 * WIDE_BATCH
    a = rng.integers(0, 3, size=(m, n, games)).astype(float)  # ties: degenerate games
    b = rng.normal(size=(m, n, games))
    b[:, :, ::3] = np.round(b[:, :, ::3] * 4) / 4  # some exact, some not
    (batch,) = kernel.small_games(a, b, 1e-9)
    for g in range(games):
        (alone,) = kernel.small_games(a[:, :, g : g + 1], b[:, :, g : g + 1], 1e-9)
        pairs = np.argwhere(batch.complete[:, :, g])
        alone_pairs = np.argwhere(alone.complete[:, :, 0])
        found = {(batch.row[:, i, g].tobytes(), batch.column[:, j, g].tobytes()) for i, j in pairs}
        alone_found = {(alone.row[:, i, 0].tobytes(), alone.column[:, j, 0].tobytes()) for i, j in alone_pairs}
        assert found == alone_found
        assert batch.usable[g] == alone.usable[0]
        assert batch.degenerate[g] == alone.degenerate[0]


def test_chunking_does_not_change_the_result(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(7)
    a = rng.integers(0, 4, size=(3, 3, 500)).astype(float)
    b = rng.integers(0, 4, size=(3, 3, 500)) / 3
    whole = kernel.small_games(a, b, 1e-9)
    monkeypatch.setattr(kernel, "_POINT_CHUNK", 30_000)  # a few dozen games per chunk
    monkeypatch.setattr(kernel, "_MIN_CHUNK", 1)
    chunks = kernel.small_games(a, b, 1e-9)
    assert len(whole) == 1 and len(chunks) > 5
    start = 0
    for chunk in chunks:
        at = slice(start, start + len(chunk.usable))
        start = at.stop
        assert np.array_equal(chunk.usable, whole[0].usable[at])
        assert np.array_equal(chunk.complete.sum(axis=(0, 1)), whole[0].complete[:, :, at].sum(axis=(0, 1)))
        for g in range(len(chunk.usable)):
            mine = {
                (chunk.row[:, i, g].tobytes(), chunk.column[:, j, g].tobytes())
                for i, j in np.argwhere(chunk.complete[:, :, g])
            }
            theirs = {
                (whole[0].row[:, i, at.start + g].tobytes(), whole[0].column[:, j, at.start + g].tobytes())
                for i, j in np.argwhere(whole[0].complete[:, :, at.start + g])
            }
            assert mine == theirs
