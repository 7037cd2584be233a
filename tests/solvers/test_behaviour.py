"""Nash equilibria of trees with information sets, as behaviour strategies."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "games"))
from signalling_builders import beer_quiche, random_signalling_game

from negotiation_sim.solvers.behaviour import tree_nash_solve
from negotiation_sim.solvers.pbe import pbe_solve


@pytest.mark.parametrize("seed", range(40))
def test_every_pure_pbe_is_a_nash_equilibrium_in_behaviour_strategies(seed):
    game = beer_quiche() if seed == 0 else random_signalling_game(np.random.default_rng(seed))
    nash = tree_nash_solve(game)
    pure = []
    for e in nash.equilibria:
        assert sum(p for _, p in e.outcomes) == pytest.approx(1.0)
        for moves in e.strategies.values():
            for behaviour in moves.values():
                assert behaviour is not None and sum(behaviour.values()) == pytest.approx(1.0)
        if all(max(b.values()) == 1.0 for moves in e.strategies.values() for b in moves.values() if b):
            pure.append(
                {s: max(b, key=b.__getitem__) for moves in e.strategies.values() for s, b in moves.items() if b}
            )
    for e in pbe_solve(game).equilibria:
        if e.kind == "hybrid":
            continue  # mixed: tests/solvers/test_hybrid.py checks those against the Nash solver
        profile = e.profile
        # a pure PBE is a Nash equilibrium: it is an extreme point of the Nash set
        assert profile in pure
        assert dict(e.outcomes) == pytest.approx(dict(game.play(profile).outcomes))
