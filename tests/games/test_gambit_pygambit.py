"""pygambit reads the files we write, and its equilibria are ours (skipped without pygambit)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from signalling_builders import beer_quiche, random_signalling_game

from negotiation_sim.games import NormalFormGame, reduced_normal_form
from negotiation_sim.games.gambit_efg import write_efg
from negotiation_sim.games.gambit_nfg import write_nfg
from negotiation_sim.solvers.nash import nash_solve

gbt = pytest.importorskip("pygambit")


def _gambit_equilibria(path: Path) -> list[tuple[tuple[float, ...], tuple[float, ...]]]:
    game = gbt.read_nfg(str(path)) if path.suffix == ".nfg" else gbt.read_efg(str(path))
    result = gbt.nash.enummixed_solve(game)
    found = []
    for eq in result.equilibria:
        found.append(tuple(tuple(float(v) for _, v in eq[p]) for p in game.players))
    return sorted(found)


def _ours(game: NormalFormGame) -> list[tuple[tuple[float, ...], tuple[float, ...]]]:
    return sorted((tuple(e.row.tolist()), tuple(e.column.tolist())) for e in nash_solve(game).equilibria)


def _close(a, b) -> bool:
    # Gambit's enummixed may list an extreme equilibrium of a degenerate game twice: compare sets.
    def rounded(found):
        return {tuple(round(v, 9) + 0.0 for v in np.concatenate(x)) for x in found}

    return rounded(a) == rounded(b)


@pytest.mark.parametrize("seed", range(25))
def test_gambit_enummixed_agrees_on_exported_nfg(tmp_path, seed):
    rng = np.random.default_rng(seed)
    rows, columns = rng.integers(2, 5, size=2)
    game = NormalFormGame.from_arrays(
        ("p", "q"),
        (tuple(f"r{i}" for i in range(rows)), tuple(f"c{j}" for j in range(columns))),
        rng.integers(-2, 3, size=(rows, columns)),
        rng.integers(-2, 3, size=(rows, columns)),
    )
    path = tmp_path / "game.nfg"
    path.write_text(write_nfg(game))
    assert _close(_gambit_equilibria(path), _ours(game))


@pytest.mark.parametrize("seed", range(15))
def test_gambit_reads_exported_signalling_games_and_agrees_on_nash(tmp_path, seed):
    game = beer_quiche() if seed == 0 else random_signalling_game(np.random.default_rng(seed))
    path = tmp_path / "game.efg"
    path.write_text(write_efg(game))
    loaded = gbt.read_efg(str(path))
    assert loaded.is_perfect_recall
    # No plan of a signalling game rules out one of its player's own information sets, so
    # Gambit's strategies are our reduced plans one to one, in the same order.
    ours = _ours(reduced_normal_form(game).game())
    assert _close(_gambit_equilibria(path), ours)
