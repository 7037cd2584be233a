"""Information-set checks: each malformed fixture with the message it must produce."""

from __future__ import annotations

import pytest
from game_builders import tree

from negotiation_sim.games.information import (
    InformationSetError,
    check_information_sets,
    information_set_problems,
    subgame_roots,
)

OUT = {o: [0, 0] for o in ("o1", "o2", "o3", "o4", "o5", "o6")}

CASES = {
    "two players in one set": (
        {
            "r": ("a", {"x": "s", "y": "t"}),
            "s": ("b", {"l": "o1", "m": "o2"}, "h"),
            "t": ("a", {"l": "o3", "m": "o4"}, "h"),
        },
        ("t", "s"),
        "information set 'h': node 't' belongs to 'a' but node 's' to 'b' (one player decides at all nodes of a set)",
    ),
    "different moves": (
        {
            "r": ("a", {"x": "s", "y": "t"}),
            "s": ("b", {"l": "o1", "m": "o2"}, "h"),
            "t": ("b", {"l": "o3", "n": "o4"}, "h"),
        },
        ("t", "s"),
        "information set 'h': node 't' has moves ['l', 'n'] but node 's' has ['l', 'm']",
    ),
    "node and its descendant": (
        {"r": ("a", {"x": "s", "y": "o1"}, "h"), "s": ("a", {"x": "o2", "y": "o3"}, "h")},
        ("s", "r"),
        "information set 'h' holds node 's' and its ancestor 'r' (a player always knows it has moved since)",
    ),
    "forgets own move": (
        {
            "r": ("a", {"x": "s", "y": "t"}),
            "s": ("a", {"l": "o1", "m": "o2"}, "h"),
            "t": ("a", {"l": "o3", "m": "o4"}, "h"),
        },
        ("t", "s"),
        "imperfect recall: at information set 'h' player 'a' forgets that it chose 'x' at 'r' "
        "(node 's' follows 'x', node 't' follows 'y')",
    ),
    "forgets having moved": (
        {
            "r": ("b", {"x": "u", "y": "t"}),
            "u": ("a", {"p": "s", "q": "o5"}),
            "s": ("a", {"l": "o1", "m": "o2"}, "h"),
            "t": ("a", {"l": "o3", "m": "o4"}, "h"),
        },
        None,
        "imperfect recall: at information set 'h' player 'a' forgets whether it already decided at 'u'",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_sets_are_named(name):
    nodes, where, message = CASES[name]
    game = tree(("a", "b"), "r", nodes, OUT)
    problems = information_set_problems(game)
    assert len(problems) == 1
    assert message in problems[0].message
    if where is not None:
        assert problems[0].nodes == where
    with pytest.raises(InformationSetError, match="information set 'h'"):
        check_information_sets(game)


def test_opponent_moves_may_be_hidden():
    game = tree(
        ("a", "b"),
        "r",
        {
            "r": ("a", {"x": "s", "y": "t"}),
            "s": ("b", {"l": "o1", "m": "o2"}, "h"),
            "t": ("b", {"l": "o3", "m": "o4"}, "h"),
        },
        OUT,
    )
    assert information_set_problems(game) == []
    assert subgame_roots(game) == ["r"]  # the set cuts the subgames at s and t


def test_shared_singleton_nodes_are_not_recall_violations():
    game = tree(
        ("a", "b"),
        "r",
        {"r": ("a", {"x": "s", "y": "w"}), "s": ("a", {"l": "w", "m": "o2"}), "w": ("b", {"l": "o3", "m": "o4"})},
        OUT,
    )
    assert information_set_problems(game) == []
    assert subgame_roots(game) == ["w", "s", "r"]
