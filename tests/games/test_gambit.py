"""Gambit .efg/.nfg files: the corpus in tests/data/gambit, round trips, and pygambit agreement."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from game_builders import tree
from hypothesis import given, settings
from hypothesis import strategies as st
from signalling_builders import beer_quiche

import negotiation_sim as ns
from negotiation_sim.games import Decision, GameTree, NormalFormGame
from negotiation_sim.games.gambit_efg import read_efg, write_efg
from negotiation_sim.games.gambit_nfg import read_nfg, write_nfg
from negotiation_sim.games.gambit_text import GambitFormatError

CORPUS = Path(__file__).parent.parent / "data" / "gambit"
TEXTBOOK = ns.bundled_scenarios_dir() / "textbook"
TREES = ["entry_deterrence", "chance_move", "centipede", "ultimatum"]


def same_tree(a: GameTree, b: GameTree) -> None:
    assert a.players == b.players and a.root == b.root
    assert list(a.nodes) == list(b.nodes) and list(a.outcomes) == list(b.outcomes)
    for node_id, node in a.nodes.items():
        other = b.nodes[node_id]
        assert type(node) is type(other) and dict(node.moves) == dict(other.moves)
        if isinstance(node, Decision):
            assert isinstance(other, Decision) and (node.player, node.info_set) == (other.player, other.info_set)
        else:
            np.testing.assert_allclose(node.probabilities, other.probabilities, rtol=1e-12)
    for outcome_id, terminal in a.outcomes.items():
        np.testing.assert_array_equal(terminal.payoffs, b.outcomes[outcome_id].payoffs)
        assert (terminal.label or outcome_id) == b.outcomes[outcome_id].label


def test_beer_quiche_file_reads_with_blank_labels_and_empty_player_names():
    game = read_efg((CORPUS / "beer_quiche.efg").read_text())
    assert game.players == ("player_1", "player_2")
    sets = {k: v for k, v in game.information_sets().items() if len(v) > 1}
    assert sorted(sets.values()) == [("node_3", "node_10"), ("node_6", "node_13")]
    assert game.probabilities["node_1"].tolist() == [0.9, 0.1]
    played = game.play({"node_2": "beer", "node_9": "beer", "player_2_set_1": "not", "player_2_set_2": "duel"})
    assert played.payoffs == pytest.approx((0.9 * 3 + 0.1 * 2, 0.9))


def test_duplicate_labels_and_actions_given_once():
    game = read_efg((CORPUS / "duplicate_labels.efg").read_text())
    assert game.players == ("ann", "bob")
    assert game.information_sets()["same"] == ("move", "move_2")
    assert list(game.nodes["move_2"].moves) == ["l", "r"]
    assert game.play({"start": "r", "same": "l"}).outcomes == (("end_2", 1.0),)
    assert game.outcomes["end"].label == "win"


def test_outcome_at_a_decision_node_adds_to_the_payoffs_below():
    game = read_efg((CORPUS / "internal_outcome.efg").read_text())
    assert game.outcomes["boom"].payoffs.tolist() == [3.5, 1.25]
    assert game.outcomes["bust"].payoffs.tolist() == [-0.5, 1.25]
    assert game.play({"entry_fee": "out"}).payoffs == (-0.5, 0.25)
    assert game.probabilities["luck"].tolist() == [0.25, 0.75]


def test_nfg_payoff_list_with_counts():
    game = read_nfg((CORPUS / "prisoners_dilemma.nfg").read_text())
    assert game.players == ("row", "column")
    assert game.row_payoffs.tolist() == [[3, 0], [5, 1]]
    assert game.column_payoffs.tolist() == [[3, 5], [0, 1]]


def test_nfg_outcome_list_in_any_order_with_null_outcome():
    game = read_nfg((CORPUS / "battle_outcomes.nfg").read_text())
    assert game.strategies == (("opera", "fight"), ("opera", "fight"))
    # profiles in order (O,o) (F,o) (O,f) (F,f) -> outcomes 2 0 3 1
    assert game.row_payoffs.tolist() == [[2, 0], [0, 1]]
    assert game.column_payoffs.tolist() == [[1, 0], [0, 2]]


@pytest.mark.parametrize(
    ("name", "reader", "message"),
    [
        ("three_players.nfg", read_nfg, "line 1, column 25: only two-player games can be read; this one has 3 players"),
        ("truncated.efg", read_efg, "the file ends before the tree is complete"),
    ],
)
def test_bad_files_give_located_messages(name, reader, message):
    with pytest.raises(GambitFormatError, match=message):
        reader((CORPUS / name).read_text())


def test_an_unknown_token_is_located():
    with pytest.raises(GambitFormatError, match="line 2, column 3: unexpected character '@'"):
        read_efg('EFG 2 R "" { "a" }\n  @')


@pytest.mark.parametrize("name", TREES)
def test_bundled_trees_round_trip(name):
    game = ns.load_scenario(TEXTBOOK / f"{name}.yaml").evaluate()
    text = write_efg(game)
    again = read_efg(text)
    assert write_efg(again) == text
    for profile in _some_profiles(game):
        assert again.play(profile).payoffs == game.play(profile).payoffs


def _some_profiles(game: GameTree) -> list[dict[str, str]]:
    sets = game.information_sets()
    first = {s: next(iter(game.nodes[m[0]].moves)) for s, m in sets.items()}
    last = {s: list(game.nodes[m[0]].moves)[-1] for s, m in sets.items()}
    return [first, last]


def test_signalling_game_round_trips_with_information_sets():
    game = beer_quiche()
    same_tree(game, read_efg(write_efg(game)))


def test_imperfect_recall_is_refused():
    forgetful = tree(
        ("a", "b"),
        "r",
        {
            "r": ("a", {"x": "s", "y": "t"}),
            "s": ("a", {"l": "o1", "m": "o2"}, "h"),
            "t": ("a", {"l": "o3", "m": "o4"}, "h"),
        },
        {o: [0, 0] for o in ("o1", "o2", "o3", "o4")},
    )
    with pytest.raises(GambitFormatError, match="imperfect recall: at information set 'h' player 'a' forgets"):
        write_efg(forgetful)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.data())
def test_nfg_round_trip(rows, columns, data):
    values = st.integers(-50, 50).map(lambda v: v / 4)
    a = np.array(data.draw(st.lists(values, min_size=rows * columns, max_size=rows * columns))).reshape(rows, columns)
    b = np.array(data.draw(st.lists(values, min_size=rows * columns, max_size=rows * columns))).reshape(rows, columns)
    names = (tuple(f"r{i}" for i in range(rows)), tuple(f"c{j}" for j in range(columns)))
    game = NormalFormGame.from_arrays(("p", "q"), names, a, b)
    again = read_nfg(write_nfg(game))
    assert again.strategies == names and again.players == ("p", "q")
    np.testing.assert_array_equal(again.row_payoffs, a)
    np.testing.assert_array_equal(again.column_payoffs, b)
