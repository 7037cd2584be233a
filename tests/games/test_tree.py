"""The numeric game tree: the one play walk, information sets, grid slicing."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from game_builders import tree
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiation_sim as ns
from negotiation_sim.games import Chance, Decision, GameTree

TEXTBOOK = ns.bundled_scenarios_dir() / "textbook"


def oracle_value(game: GameTree, profile: dict[str, str], node_id: str) -> np.ndarray:
    """Expected payoffs by plain recursion (independent of GameTree.play)."""
    if node_id in game.outcomes:
        return np.asarray(game.outcomes[node_id].payoffs, dtype=float)
    node = game.nodes[node_id]
    if isinstance(node, Chance):
        return sum(
            (p * oracle_value(game, profile, t) for p, t in zip(node.probabilities, node.moves.values(), strict=True)),
            np.zeros(len(game.players)),
        )
    return oracle_value(game, profile, node.moves[profile[node.info_set]])


PLAY_CASES = [
    # (scenario, profile, expected lottery, expected path)
    (
        "entry_deterrence",
        {"entry": "enter", "response": "fight"},
        (("price_war", 1.0),),
        (("entry", "enter"), ("response", "fight")),
    ),
    (
        "entry_deterrence",
        {"entry": "stay_out", "response": "fight"},
        (("monopoly", 1.0),),
        (("entry", "stay_out"),),
    ),
    (
        "chance_move",
        {
            "pricing": "high_price",
            "high_price_high_value": "buy",
            "high_price_low_value": "walk_away",
            "low_price_high_value": "buy",
            "low_price_low_value": "buy",
        },
        (("sale_high_price_high_value", 0.5), ("no_sale", 0.5)),
        (
            ("pricing", "high_price"),
            ("nature_after_high", "high_value"),
            ("nature_after_high", "low_value"),
            ("high_price_high_value", "buy"),
            ("high_price_low_value", "walk_away"),
        ),
    ),
]


@pytest.mark.parametrize(("name", "profile", "lottery", "path"), PLAY_CASES)
def test_play_known_answers(name, profile, lottery, path) -> None:
    game = ns.load_scenario(TEXTBOOK / f"{name}.yaml").evaluate()
    played = game.play(profile)
    assert dict(played.outcomes) == pytest.approx(dict(lottery))
    assert [o for o, _ in played.outcomes] == [o for o in game.outcomes if o in dict(lottery)]  # game order
    assert played.path == path
    np.testing.assert_allclose(played.payoffs, oracle_value(game, profile, game.root))


def test_play_from_a_node_and_missing_moves() -> None:
    game = ns.load_scenario(TEXTBOOK / "entry_deterrence.yaml").evaluate()
    assert game.play({"response": "accommodate"}, start="response").outcomes == (("shared_market", 1.0),)
    with pytest.raises(KeyError):
        game.play({"entry": "enter"})


def test_play_needs_a_point() -> None:
    sc = ns.load_scenario(TEXTBOOK / "chance_move.yaml")
    grid = sc.evaluate({"p_high": np.array([0.2, 0.5])})
    with pytest.raises(ValueError, match="one parameter point"):
        grid.play({})
    point = grid.at((0,))
    assert point.grid_shape == ()
    expected = sc.evaluate({"p_high": 0.2})
    for o in expected.outcomes:
        np.testing.assert_array_equal(point.outcome_payoffs[o], expected.outcome_payoffs[o])
    for n, p in expected.probabilities.items():
        np.testing.assert_array_equal(point.probabilities[n], p)
    assert point.parameter_values() == expected.parameter_values()


def test_information_set_is_one_decision() -> None:
    # Matching pennies as a tree: the second player cannot see the first one's coin.
    game = tree(
        ("a", "b"),
        "first",
        {
            "first": ("a", {"heads": "after_heads", "tails": "after_tails"}),
            "after_heads": ("b", {"heads": "hh", "tails": "ht"}, "guess"),
            "after_tails": ("b", {"heads": "th", "tails": "tt"}, "guess"),
        },
        {"hh": [1, -1], "ht": [-1, 1], "th": [-1, 1], "tt": [1, -1]},
    )
    assert game.information_sets() == {"first": ("first",), "guess": ("after_heads", "after_tails")}
    assert game.play({"first": "tails", "guess": "tails"}).outcomes == (("tt", 1.0),)
    assert game.play({"first": "heads", "guess": "tails"}).path == (("first", "heads"), ("after_heads", "tails"))


def test_shared_node_is_walked_once_per_path() -> None:
    # A chance node whose two branches lead to the same decision: the lottery adds up.
    game = tree(
        ("a",),
        "nature",
        {"nature": (None, {"x": "choose", "y": "choose"}), "choose": ("a", {"l": "left", "r": "right"})},
        {"left": [1.0], "right": [2.0]},
        {"nature": [0.25, 0.75]},
    )
    played = game.play({"choose": "r"})
    assert played.outcomes == (("right", 1.0),)
    assert played.payoffs == (2.0,)
    assert game.order == ["choose", "nature"]


def test_trees_are_frozen_and_read_only() -> None:
    game = ns.load_scenario(TEXTBOOK / "entry_deterrence.yaml").evaluate()
    with pytest.raises(dataclasses.FrozenInstanceError):
        game.root = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        game.nodes["x"] = game.nodes["entry"]  # type: ignore[index]
    with pytest.raises(ValueError):
        game.outcomes["monopoly"].payoffs[0] = 1.0


@st.composite
def random_trees(draw):
    n_players = draw(st.integers(1, 3))
    players = tuple(f"p{k}" for k in range(n_players))
    nodes: dict = {}
    payoffs: dict = {}
    probabilities: dict = {}

    def build(depth: int) -> str:
        if depth >= 3 or draw(st.integers(0, 2)) == 0:
            outcome_id = f"o{len(payoffs)}"
            payoffs[outcome_id] = draw(st.lists(st.integers(-3, 3), min_size=n_players, max_size=n_players))
            return outcome_id
        children = [build(depth + 1) for _ in range(draw(st.integers(1, 3)))]
        node_id = f"n{len(nodes)}"
        if draw(st.booleans()):
            weights = np.array(draw(st.lists(st.integers(0, 3), min_size=len(children), max_size=len(children))))
            weights = weights + (weights.sum() == 0)
            nodes[node_id] = (None, {f"b{k}": c for k, c in enumerate(children)})
            probabilities[node_id] = weights / weights.sum()
        else:
            nodes[node_id] = (draw(st.sampled_from(players)), {f"m{k}": c for k, c in enumerate(children)})
        return node_id

    root = build(0)
    if root not in nodes:
        nodes["root"] = (players[0], {"only": root})
        root = "root"
    game = tree(players, root, nodes, payoffs, probabilities)
    profile = {
        n: draw(st.sampled_from(list(node.moves))) for n, node in game.nodes.items() if isinstance(node, Decision)
    }
    return game, profile


@settings(max_examples=100, deadline=None)
@given(random_trees())
def test_play_agrees_with_a_recursive_oracle(case) -> None:
    game, profile = case
    played = game.play(profile)
    assert sum(p for _, p in played.outcomes) == pytest.approx(1.0)
    np.testing.assert_allclose(played.payoffs, oracle_value(game, profile, game.root), atol=1e-12)
    expected = sum(
        (p * np.asarray(game.outcomes[o].payoffs, dtype=float) for o, p in played.outcomes), np.zeros(len(game.players))
    )
    np.testing.assert_allclose(played.payoffs, expected, atol=1e-12)
    for node_id, move in played.path:
        assert move in game.nodes[node_id].moves
