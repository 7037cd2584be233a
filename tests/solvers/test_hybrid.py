"""Hybrid PBE of 2-type, 2-message, 2-response signalling games: textbook answers, an exact
check of sequential rationality and Bayes' rule, and completeness against the Nash solver."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "games"))
from signalling_builders import random_signalling_game

import negotiation_sim as ns
from negotiation_sim.games import GameTree
from negotiation_sim.solvers.behaviour import tree_nash_solve
from negotiation_sim.solvers.hybrid import hybrid_equilibria
from negotiation_sim.solvers.pbe import pbe_solve
from negotiation_sim.solvers.pbe_result import PerfectBayesianEquilibrium
from negotiation_sim.solvers.signalling import signalling_shape

TOLS = {"sender": 1e-9, "receiver": 1e-9}
BOOKS = ns.bundled_scenarios_dir() / "textbook"

# Hand-derived (the method of Gibbons 1992, §4.2.B): the mixing type must be indifferent, so the
# receiver mixes after the shared message, so its belief is pinned, so is the mixing probability.
# Beer-quiche with prior p on strong < 1/2: strong drinks beer, weak drinks beer with probability
# p / (1 - p) (belief 1/2 on weak after beer), the receiver duels a beer drinker half of the time
# and a quiche eater always.  With p = 0.9 (Cho and Kreps) there is none.
# Job market with cost_weak = 5: the able worker studies, the weak one with probability 9/14
# (belief 0.4 on able after education, where 10 * 0.4 = 4), the firm offers the skilled job to the
# educated with probability 5/6 (so that 10 - 5 = 5 times 5/6 plus -1 times 1/6 equals 4).
CASES = [
    ("beer_quiche", {"p_strong": 0.3}, [("weak_breakfast", "beer", 3 / 7, "after_beer", "duel", 0.5)]),
    ("beer_quiche", {"p_strong": 0.1}, [("weak_breakfast", "beer", 1 / 9, "after_beer", "duel", 0.5)]),
    ("beer_quiche", {"p_strong": 0.9}, []),
    (
        "job_market_signalling",
        {"cost_weak": 5},
        [("weak_studies", "educate", 9 / 14, "after_educate", "skilled", 5 / 6)],
    ),
    ("job_market_signalling", {}, []),
]


@pytest.mark.parametrize(("name", "overrides", "expected"), CASES)
def test_textbook_hybrid_equilibria(name, overrides, expected):
    tree = ns.load_scenario(BOOKS / f"{name}.yaml").evaluate(overrides)
    found = [e for e in pbe_solve(tree).equilibria if e.kind == "hybrid"]
    got = []
    for eq in found:
        shape = signalling_shape(tree)
        ((type_node, sender_mix),) = eq.mixed[shape.sender].items()
        ((response_set, receiver_mix),) = eq.mixed[shape.receiver].items()
        shared = next(m for m in sender_mix if m in eq.strategies[shape.sender].values())
        first = next(iter(receiver_mix))
        got.append((type_node, shared, sender_mix[shared], response_set, first, receiver_mix[first]))
        assert_hybrid_pbe(tree, eq)
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        assert g[:2] == e[:2] and g[3:5] == e[3:5]
        assert g[2] == pytest.approx(e[2], abs=1e-12) and g[5] == pytest.approx(e[5], abs=1e-12)


def test_json_marks_hybrid_and_gives_mixed_strategies():
    sc = ns.load_scenario(BOOKS / "beer_quiche.yaml")
    (record,) = [e.to_dict() for e in ns.solve(sc, {"p_strong": 0.3}, concept="pbe").equilibria]
    assert record["kind"] == "hybrid" and record["off_path"] == []
    assert record["strategies"]["sender"] == {
        "strong_breakfast": "beer",
        "weak_breakfast": {"beer": pytest.approx(3 / 7), "quiche": pytest.approx(4 / 7)},
    }
    assert record["strategies"]["receiver"]["after_beer"] == {"duel": 0.5, "not": 0.5}
    assert record["beliefs"]["after_beer"] == {"strong_beer": pytest.approx(0.5), "weak_beer": pytest.approx(0.5)}


def test_games_that_are_not_2x2x2_signalling_games_have_none():
    rng = np.random.default_rng(5)
    assert hybrid_equilibria(random_signalling_game(rng, types=3), TOLS) == []
    assert hybrid_equilibria(random_signalling_game(rng, responses=3), TOLS) == []
    entry = ns.load_scenario(BOOKS / "entry_deterrence.yaml").evaluate()
    assert hybrid_equilibria(entry, {"entrant": 1e-9, "incumbent": 1e-9}) == []


@pytest.mark.parametrize("seed", range(300))
def test_every_hybrid_is_sequentially_rational_with_bayes_beliefs(seed):
    tree = random_signalling_game(np.random.default_rng(seed))
    for eq in hybrid_equilibria(tree, TOLS):
        assert_hybrid_pbe(tree, eq)


def test_all_hybrids_of_generic_games_are_found():
    # In a game without payoff ties a hybrid PBE uses both messages, so it is a Nash equilibrium of
    # the tree, and an isolated one: an extreme equilibrium of the reduced normal form.  The Nash
    # solver's equilibria of hybrid shape must be exactly those listed.
    rng = np.random.default_rng(2026)
    generic = with_hybrids = 0
    while generic < 150:
        tree = random_signalling_game(rng, low=-6, high=6)
        if has_ties(tree):
            continue
        generic += 1
        ours = sorted(key(e.strategies, e.mixed) for e in hybrid_equilibria(tree, TOLS))
        with_hybrids += bool(ours)
        theirs = sorted(
            key(*split(e.strategies)) for e in tree_nash_solve(tree).equilibria if is_hybrid_shape(tree, e.strategies)
        )
        assert ours == theirs
    assert with_hybrids >= 10  # the comparison is not vacuous


def has_ties(tree: GameTree) -> bool:
    shape = signalling_shape(tree)
    for k in range(2):
        for t in shape.types:
            for m in shape.messages:
                values = [float(tree.outcomes[o].payoffs[k]) for o in tree.nodes[shape.after[t, m]].moves.values()]
                if len(set(values)) < len(values):
                    return True
        # a type indifferent between two pure outcomes after different messages
        for t in shape.types:
            values = [
                float(tree.outcomes[o].payoffs[k])
                for m in shape.messages
                for o in tree.nodes[shape.after[t, m]].moves.values()
            ]
            if len(set(values)) < len(values):
                return True
    return False


def is_hybrid_shape(tree: GameTree, strategies) -> bool:
    shape = signalling_shape(tree)
    sender = [strategies[shape.sender][shape.type_node[t]] for t in shape.types]
    receiver = [strategies[shape.receiver][shape.response_set[m]] for m in shape.messages]
    if any(b is None for b in sender + receiver):
        return False
    mixing = [b for b in sender if min(b.values()) > 1e-9]
    receivers_mixing = [b for b in receiver if min(b.values()) > 1e-9]
    return len(mixing) == 1 and len(receivers_mixing) == 1


def split(strategies):
    pure, mixed = {}, {}
    for p, sets in strategies.items():
        for s, b in sets.items():
            top = max(b, key=b.get)
            if b[top] > 1 - 1e-9:
                pure.setdefault(p, {})[s] = top
            else:
                mixed.setdefault(p, {})[s] = b
    return pure, mixed


def key(pure, mixed):
    return (
        tuple(sorted((s, m) for sets in pure.values() for s, m in sets.items())),
        tuple(
            sorted(
                (s, tuple(sorted((m, round(w, 7)) for m, w in b.items())))
                for sets in mixed.values()
                for s, b in sets.items()
            )
        ),
    )


def assert_hybrid_pbe(tree: GameTree, eq: PerfectBayesianEquilibrium, tol: float = 1e-9) -> None:
    """Sequential rationality at every set and Bayes' rule at both (on-path) response sets."""
    shape = signalling_shape(tree)
    behaviour = {}
    for p in (shape.sender, shape.receiver):
        for s, m in eq.strategies.get(p, {}).items():
            moves = tree.nodes[tree.information_sets()[s][0]].moves
            behaviour[s] = {x: float(x == m) for x in moves}
        behaviour.update({s: dict(b) for s, b in eq.mixed.get(p, {}).items()})
    sender_k, receiver_k = tree.players.index(shape.sender), tree.players.index(shape.receiver)

    def value(node: str, k: int) -> float:
        n = tree.nodes[node]
        return sum(w * float(tree.outcomes[n.moves[r]].payoffs[k]) for r, w in behaviour[n.info_set].items())

    mixing = 0
    for t in shape.types:
        node = shape.type_node[t]
        sent = behaviour[node]
        mixing += min(sent.values()) > 0
        payoff = {m: value(shape.after[t, m], sender_k) for m in shape.messages}
        best = max(payoff.values())
        assert all(payoff[m] >= best - tol for m, w in sent.items() if w > 0), (t, payoff, sent)
    assert mixing == 1
    for m in shape.messages:
        weights = {t: p * behaviour[shape.type_node[t]][m] for t, p in zip(shape.types, shape.priors, strict=True)}
        total = sum(weights.values())
        assert total > 0  # both messages on the path
        belief = {shape.after[t, m]: w / total for t, w in weights.items()}
        assert eq.beliefs[shape.response_set[m]] == pytest.approx(belief, abs=1e-12)
        responses = tree.nodes[shape.after[shape.types[0], m]].moves
        expected = {
            r: sum(
                belief[shape.after[t, m]]
                * float(tree.outcomes[tree.nodes[shape.after[t, m]].moves[r]].payoffs[receiver_k])
                for t in shape.types
            )
            for r in responses
        }
        best = max(expected.values())
        played = behaviour[shape.response_set[m]]
        assert all(expected[r] >= best - tol for r, w in played.items() if w > 0), (m, expected, played)
    total = {p: 0.0 for p in tree.players}
    for o, w in eq.outcomes:
        for k, p in enumerate(tree.players):
            total[p] += w * float(tree.outcomes[o].payoffs[k])
    assert total == pytest.approx(dict(eq.payoffs), abs=1e-12)
