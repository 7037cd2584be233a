"""Perfect Bayesian equilibria: textbook answers and a brute-force oracle on random signalling games."""

from __future__ import annotations

import itertools
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "games"))
from signalling_builders import beer_quiche, random_signalling_game

import negotiation_sim as ns
from negotiation_sim.games import GameTree
from negotiation_sim.solvers.pbe import pbe_solve
from negotiation_sim.solvers.spe import spe_solve

GRID = [Fraction(k, 840) for k in range(841)]  # holds every tie point of payoffs in [-2, 2]


def test_beer_quiche_has_two_pooling_equilibria_and_only_beer_is_intuitive():
    result = pbe_solve(beer_quiche())
    by_message = {e.strategies["sender"]["strong_sends"]: e for e in result.equilibria}
    assert sorted(by_message) == ["beer", "quiche"] and result.count == 2
    beer, quiche = by_message["beer"], by_message["quiche"]
    assert (beer.kind, beer.intuitive_criterion) == ("pooling", True)
    assert (quiche.kind, quiche.intuitive_criterion) == ("pooling", False)
    assert beer.strategies["receiver"] == {"after_beer": "not", "after_quiche": "duel"}
    assert beer.off_path == ("after_quiche",)
    assert beer.beliefs["after_quiche"]["weak_quiche"] == (0.5, 1.0)
    assert beer.beliefs["after_beer"]["strong_beer"] == pytest.approx(0.9)
    assert beer.payoffs["sender"] == pytest.approx(2.9)
    assert quiche.beliefs["after_beer"]["weak_beer"] == (0.5, 1.0)
    assert any("which no type sends" in r for r in quiche.reasons)


def test_beer_quiche_with_a_weak_majority_separates_nowhere_and_pools_on_quiche():
    # With prior 0.1 on strong the receiver duels on the path of any pooling equilibrium,
    # so no pooling equilibrium exists (Cho-Kreps's game keeps prior 0.9); and no pure
    # separating one does either: only the hybrid equilibrium remains.
    result = pbe_solve(beer_quiche(p_strong=0.1))
    assert [e.kind for e in result.equilibria] == ["hybrid"]


def test_reasons_say_who_sends_what():
    rng = np.random.default_rng(3)
    for _ in range(50):
        game = random_signalling_game(rng)
        for e in pbe_solve(game).equilibria:
            if e.kind == "separating":
                assert any("Bayes' rule: only the t" in r for r in e.reasons)
                return
    pytest.fail("no separating equilibrium among 50 random games")


def test_trees_without_information_sets_give_the_subgame_perfect_equilibria():
    for name in ("entry_deterrence", "centipede", "ultimatum", "chance_move"):
        game = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / f"{name}.yaml").evaluate()
        ours = sorted(sorted(e.profile.items()) for e in pbe_solve(game).equilibria)
        spe = sorted(
            sorted((s, m) for v in e.strategies.values() for s, m in v.items()) for e in spe_solve(game).equilibria
        )
        assert ours == spe, name


# --- the oracle: every pure profile, Bayes by fractions, off-path beliefs on an exact grid ----


def _shape(game: GameTree):
    types = list(game.nodes["nature"].moves)
    messages = list(game.nodes[f"{types[0]}_sends"].moves)
    responses = list(game.nodes[f"{types[0]}_{messages[0]}"].moves)
    priors = [Fraction(p).limit_denominator(100) for p in game.nodes["nature"].probabilities]

    def pay(player, t, m, r):
        return Fraction(game.outcomes[f"{t}_{m}_{r}"].payoffs[player]).limit_denominator(100)

    return types, messages, responses, priors, pay


def _best(pay, types, m, r, responses, belief) -> bool:
    value = sum(b * pay(1, t, m, r) for t, b in zip(types, belief, strict=True))
    return all(value >= sum(b * pay(1, t, m, s) for t, b in zip(types, belief, strict=True)) for s in responses)


def oracle(game: GameTree):
    types, messages, responses, priors, pay = _shape(game)
    found = {}
    for sends in itertools.product(messages, repeat=len(types)):
        for answers in itertools.product(responses, repeat=len(messages)):
            answer = dict(zip(messages, answers, strict=True))
            if any(
                pay(0, t, sends[i], answer[sends[i]]) < max(pay(0, t, m, answer[m]) for m in messages)
                for i, t in enumerate(types)
            ):
                continue
            ok, intervals = True, {}
            for m in messages:
                weights = [p if sends[i] == m else 0 for i, p in enumerate(priors)]
                if sum(weights):
                    belief = [w / sum(weights) for w in weights]
                    ok = _best(pay, types, m, answer[m], responses, belief)
                else:
                    feasible = [q for q in GRID if _best(pay, types, m, answer[m], responses, [1 - q, q])]
                    ok = bool(feasible)
                    if ok:
                        intervals[m] = (float(min(feasible)), float(max(feasible)))
                if not ok:
                    break
            if ok:
                found[(sends, answers)] = (intervals, _intuitive(pay, types, messages, responses, sends, answer))
    return found


def _intuitive(pay, types, messages, responses, sends, answer) -> bool:
    value = {t: pay(0, t, sends[i], answer[sends[i]]) for i, t in enumerate(types)}

    def best_replies(m, kept):
        replies = set()
        for q in GRID:
            belief = [1 - q, q] if len(kept) == 2 else [Fraction(1)]
            full = [belief[kept.index(t)] if t in kept else 0 for t in types]
            replies |= {r for r in responses if _best(pay, types, m, r, responses, full)}
        return replies

    for m in messages:
        if m in sends:
            continue
        anything = best_replies(m, types)
        kept = [t for t in types if value[t] <= max(pay(0, t, m, r) for r in anything)] or types
        answers = best_replies(m, kept)
        if any(min(pay(0, t, m, r) for r in answers) > value[t] for t in types):
            return False
    return True


def _solved(game: GameTree):
    types, messages, *_ = _shape(game)
    found = {}
    for e in pbe_solve(game).equilibria:
        if e.kind == "hybrid":
            continue  # checked in test_hybrid.py; the oracle here enumerates pure profiles
        sends = tuple(e.strategies["sender"][f"{t}_sends"] for t in types)
        answers = tuple(e.strategies["receiver"][f"after_{m}"] for m in messages)
        intervals = {m: e.beliefs[f"after_{m}"][f"{types[1]}_{m}"] for m in messages if f"after_{m}" in e.off_path}
        found[(sends, answers)] = (intervals, e.intuitive_criterion)
        assert e.kind == (
            "pooling"
            if len(set(sends)) == 1
            else "separating"
            if len(set(sends)) == len(types)
            else "partially pooling"
        )
    return found


@pytest.mark.parametrize("sizes", [(2, 2), (2, 3), (3, 2)])
def test_random_signalling_games_match_the_brute_force_oracle(sizes):
    rng = np.random.default_rng(sum(sizes) * 101)
    messages, responses = sizes
    ties = 0
    for _ in range(110):
        game = random_signalling_game(rng, messages=messages, responses=responses)
        expected, got = oracle(game), _solved(game)
        assert got.keys() == expected.keys()
        for key, (intervals, intuitive) in expected.items():
            got_intervals, got_intuitive = got[key]
            assert got_intuitive == intuitive, key
            for m, (low, high) in intervals.items():
                assert got_intervals[m] == pytest.approx((low, high), abs=1e-12)
                ties += low > 0 or high < 1
    assert ties > 20  # the draws do exercise interior belief bounds
