"""Subgame-perfect equilibria by backward induction, checked against independent oracles.

Every SPE the solver reports is re-checked here by :func:`assert_subgame_perfect`, which
recomputes continuation values from the strategies alone; random small trees are compared
with a brute-force enumeration of all pure strategy profiles.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tree_helpers import as_tree

import negotiation_sim as ns
from negotiation_sim.limits import Limits
from negotiation_sim.scenario.expressions import parse_expression
from negotiation_sim.scenario.schema import Branch, ChanceNode, DecisionNode, ExtensiveGame, Outcome
from negotiation_sim.solvers.backward_induction import backward_induction_solve
from negotiation_sim.solvers.spe import spe_solve as spe_solve_tree

TEXTBOOK = Path(__file__).resolve().parents[2] / "scenarios" / "textbook"
ISLANDS = Path(__file__).resolve().parents[2] / "scenarios" / "islands"
TOL = 1e-9


def spe_solve(game, payoffs, probabilities, **kwargs):
    return spe_solve_tree(as_tree(game, payoffs, probabilities), **kwargs)


def backward_induction_arrays(game, payoffs, probabilities, **kwargs):
    return backward_induction_solve(as_tree(game, payoffs, probabilities), **kwargs)


def steps(eq) -> tuple[str, ...]:
    return tuple(f"{node}={move}" for node, move in eq.path)


# --- independent oracle ------------------------------------------------------------------------------


def value_function(game: ExtensiveGame, profile: dict[str, str], payoffs, probabilities):
    """Return node id -> expected payoff vector when everyone follows ``profile`` (node -> move)."""
    memo: dict[str, np.ndarray] = {}

    def value(node_id: str) -> np.ndarray:
        if node_id not in memo:
            if node_id in game.outcomes:
                memo[node_id] = np.asarray(payoffs[node_id], dtype=float).reshape(len(game.players))
            else:
                node = game.nodes[node_id]
                if isinstance(node, ChanceNode):
                    probs = np.asarray(probabilities[node_id], dtype=float).reshape(-1)
                    memo[node_id] = sum(
                        (p * value(b.next) for p, b in zip(probs, node.branches, strict=True)),
                        np.zeros(len(game.players)),
                    )
                else:
                    memo[node_id] = value(node.moves[profile[node_id]])
        return memo[node_id]

    return value


def reachable_decision_nodes(game: ExtensiveGame) -> set[str]:
    seen, frontier = set(), [game.root]
    while frontier:
        node_id = frontier.pop()
        if node_id in seen or node_id not in game.nodes:
            continue
        seen.add(node_id)
        frontier.extend(game.nodes[node_id].moves.values())
    return {n for n in seen if isinstance(game.nodes[n], DecisionNode)}


def is_subgame_perfect(game, profile, payoffs, probabilities, tol=TOL) -> bool:
    """At every decision node, the chosen move is a best reply given the profile's continuation."""
    scale = max(1.0, max(float(np.max(np.abs(v))) for v in payoffs.values()))
    index = {p: k for k, p in enumerate(game.players)}
    value = value_function(game, profile, payoffs, probabilities)
    for node_id in reachable_decision_nodes(game):
        node = game.nodes[node_id]
        mover = index[node.player]
        chosen = value(node.moves[profile[node_id]])[mover]
        best = max(value(t)[mover] for t in node.moves.values())
        if chosen < best - tol * scale:
            return False
    return True


def flat_profile(strategies: dict[str, dict[str, str]]) -> dict[str, str]:
    return {node: move for moves in strategies.values() for node, move in moves.items()}


def outcome_distribution(game, profile, probabilities) -> dict[str, float]:
    reach: dict[str, float] = {}

    def walk(node_id: str, probability: float) -> None:
        if node_id in game.outcomes:
            reach[node_id] = reach.get(node_id, 0.0) + probability
            return
        node = game.nodes[node_id]
        if isinstance(node, ChanceNode):
            for p, branch in zip(np.asarray(probabilities[node_id]).reshape(-1), node.branches, strict=True):
                if p > 0:
                    walk(branch.next, probability * float(p))
        else:
            walk(node.moves[profile[node_id]], probability)

    walk(game.root, 1.0)
    return reach


def reached_decision_nodes(game, profile, probabilities) -> set[str]:
    """Decision nodes met with positive probability when ``profile`` is played."""
    seen: set[str] = set()
    frontier = [game.root]
    while frontier:
        node_id = frontier.pop()
        if node_id in game.outcomes or node_id in seen:
            continue
        seen.add(node_id)
        node = game.nodes[node_id]
        if isinstance(node, ChanceNode):
            probs = np.asarray(probabilities[node_id]).reshape(-1)
            frontier.extend(b.next for p, b in zip(probs, node.branches, strict=True) if p > 0)
        else:
            frontier.append(node.moves[profile[node_id]])
    return {n for n in seen if isinstance(game.nodes[n], DecisionNode)}


def _is_tree(game: ExtensiveGame) -> bool:
    """True when no decision or chance node is reached by two moves (outcomes may be shared)."""
    parents: dict[str, int] = {}
    seen, frontier = set(), [game.root]
    while frontier:
        node_id = frontier.pop()
        if node_id in seen or node_id not in game.nodes:
            continue
        seen.add(node_id)
        for target in game.nodes[node_id].moves.values():
            if target in game.nodes:
                parents[target] = parents.get(target, 0) + 1
                frontier.append(target)
    return all(count == 1 for count in parents.values())


def assert_subgame_perfect(game, eq, payoffs, probabilities) -> None:
    """The independent check of one reported SPE: strategies, payoffs, outcomes and path."""
    profile = flat_profile(eq.strategies)
    assert set(profile) == reachable_decision_nodes(game)
    for player, moves in eq.strategies.items():
        for node_id, move in moves.items():
            assert game.nodes[node_id].player == player
            assert move in game.nodes[node_id].moves
    assert is_subgame_perfect(game, profile, payoffs, probabilities)
    root = value_function(game, profile, payoffs, probabilities)(game.root)
    for k, player in enumerate(game.players):
        assert eq.payoffs[player] == pytest.approx(root[k], abs=1e-9)
    expected = outcome_distribution(game, profile, probabilities)
    outcomes = dict(eq.outcomes)
    assert len(outcomes) == len(eq.outcomes)
    assert set(outcomes) == set(expected)
    for outcome, probability in expected.items():
        assert outcomes[outcome] == pytest.approx(probability, abs=1e-12)
    assert sum(outcomes.values()) == pytest.approx(1.0)
    # The path lists exactly the decisions met along the play, and the chance branches taken.
    for step in steps(eq):
        node_id, move = step.split("=", 1)
        node = game.nodes[node_id]
        if isinstance(node, DecisionNode):
            assert profile[node_id] == move
        else:
            assert move in node.moves
    reached = reached_decision_nodes(game, profile, probabilities)
    assert {node for node, _ in eq.path if node in reached} == reached
    if _is_tree(game):
        assert len(set(steps(eq))) == len(steps(eq))


def brute_force_spe(game, payoffs, probabilities) -> list[dict[str, str]]:
    """Every pure strategy profile that is subgame perfect (one move per reachable decision node)."""
    nodes = sorted(reachable_decision_nodes(game))
    options = [list(game.nodes[n].moves) for n in nodes]
    return [
        dict(zip(nodes, choice, strict=True))
        for choice in itertools.product(*options)
        if is_subgame_perfect(game, dict(zip(nodes, choice, strict=True)), payoffs, probabilities)
    ]


# --- helpers --------------------------------------------------------------------------------------


def solve_scenario(scenario, overrides=None, **kwargs):
    evaluation = scenario.evaluate(overrides)
    payoffs, probabilities = dict(evaluation.outcome_payoffs), dict(evaluation.probabilities)
    result = spe_solve(scenario.game, payoffs, probabilities, **kwargs)
    for eq in result.equilibria:
        assert_subgame_perfect(scenario.game, eq, payoffs, probabilities)
    return result, payoffs, probabilities


def load_text(tmp_path: Path, text: str, name: str = "tree.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return ns.load_scenario(path)


def distribution_key(distribution) -> frozenset:
    return frozenset((o, round(p, 9)) for o, p in dict(distribution).items() if p > 0)


# --- textbook trees -----------------------------------------------------------------------------------


def test_entry_deterrence_has_one_spe():
    scenario = ns.load_scenario(TEXTBOOK / "entry_deterrence.yaml")
    result, _, _ = solve_scenario(scenario)
    assert result.count == 1 and not result.truncated
    (eq,) = result.equilibria
    assert eq.strategies == {"entrant": {"entry": "enter"}, "incumbent": {"response": "accommodate"}}
    assert steps(eq) == ("entry=enter", "response=accommodate")
    assert dict(eq.outcomes) == {"shared_market": 1.0}
    assert eq.payoffs == {"entrant": 4.0, "incumbent": 4.0}


def test_ultimatum_has_two_spe_from_the_tie_at_zero():
    scenario = ns.load_scenario(TEXTBOOK / "ultimatum.yaml")
    result, _, _ = solve_scenario(scenario)
    assert result.count == 2 and len(result.equilibria) == 2
    by_response = {eq.strategies["responder"]["respond_0"]: eq for eq in result.equilibria}
    assert set(by_response) == {"accept", "reject"}
    assert by_response["accept"].strategies["proposer"] == {"propose": "offer_0"}
    assert dict(by_response["accept"].outcomes) == {"split_0": 1.0}
    assert by_response["reject"].strategies["proposer"] == {"propose": "offer_1"}
    assert dict(by_response["reject"].outcomes) == {"split_1": 1.0}
    for eq in result.equilibria:
        for offer in (1, 3, 5, 7):
            assert eq.strategies["responder"][f"respond_{offer}"] == "accept"
    # The first SPE takes the first optimal move in the scenario's order.
    assert result.equilibria[0] is by_response["accept"]
    assert [distribution_key(d) for d in result.outcomes] == [
        distribution_key({"split_0": 1.0}),
        distribution_key({"split_1": 1.0}),
    ]


def test_centipede_takes_at_the_first_node():
    scenario = ns.load_scenario(TEXTBOOK / "centipede.yaml")
    result, _, _ = solve_scenario(scenario)
    (eq,) = result.equilibria
    assert steps(eq) == ("stage_1=take",)
    assert dict(eq.outcomes) == {"first_takes_1": 1.0}
    assert all(move == "take" for moves in eq.strategies.values() for move in moves.values())
    assert eq.payoffs["first"] == pytest.approx(0.4)


@pytest.mark.parametrize("p_high", [0.5, 0.7, 0.9])
def test_chance_move_outcome_probabilities(p_high):
    scenario = ns.load_scenario(TEXTBOOK / "chance_move.yaml")
    result, _, _ = solve_scenario(scenario, {"p_high": p_high})
    (eq,) = result.equilibria
    assert eq.strategies["seller"] == {"pricing": "high_price"}
    assert dict(eq.outcomes) == pytest.approx({"sale_high_price_high_value": p_high, "no_sale": 1 - p_high})
    assert eq.payoffs["seller"] == pytest.approx(9 * p_high)
    assert steps(eq)[0] == "pricing=high_price"
    assert {"nature_after_high=high_value", "nature_after_high=low_value"} <= set(steps(eq))


def test_chance_move_low_price_below_threshold():
    scenario = ns.load_scenario(TEXTBOOK / "chance_move.yaml")
    result, _, _ = solve_scenario(scenario, {"p_high": 0.2})
    (eq,) = result.equilibria
    assert dict(eq.outcomes) == pytest.approx({"sale_low_price_high_value": 0.2, "sale_low_price_low_value": 0.8})


def test_chance_branch_with_zero_probability_is_not_on_the_path():
    scenario = ns.load_scenario(TEXTBOOK / "chance_move.yaml")
    result, _, _ = solve_scenario(scenario, {"p_high": 1.0})
    (eq,) = result.equilibria
    assert dict(eq.outcomes) == {"sale_high_price_high_value": 1.0}
    assert "nature_after_high=low_value" not in steps(eq)
    # Strategies still name a move at the node behind the zero-probability branch.
    assert eq.strategies["buyer"]["high_price_low_value"] == "walk_away"


# --- hand-built trees ----------------------------------------------------------------------------------

THREE_PLAYERS = """\
format: negotiation-sim/1
title: Three players, chance and ties
players:
  a: {label: A}
  b: {label: B}
  c: {label: C}
parameters:
  p_left: {value: 0.4, range: [0, 1]}
game:
  kind: extensive
  root: nature
  nodes:
    nature:
      chance:
        left: {probability: p_left, next: node_a}
        right: {probability: 1 - p_left, next: node_b}
    node_a:
      player: a
      moves: {x: out_a, y: node_c}
    node_c:
      player: c
      moves: {u: out_cu, v: out_cv}
    node_b:
      player: b
      moves: {p: out_bp, q: out_bq, r: out_br}
  outcomes:
    out_a: {payoffs: {a: 1, b: 0, c: 0}}
    out_cu: {payoffs: {a: 1, b: 2, c: 5}}
    out_cv: {payoffs: {a: 1, b: 3, c: 5}}
    out_bp: {payoffs: {a: 0, b: 4, c: 1}}
    out_bq: {payoffs: {a: 2, b: 4, c: 0}}
    out_br: {payoffs: {a: 0, b: 1, c: 0}}
"""


def test_three_players_with_chance_and_ties(tmp_path: Path):
    scenario = load_text(tmp_path, THREE_PLAYERS)
    result, payoffs, probabilities = solve_scenario(scenario)
    # Ties: a between x and y (1 either way), c between u and v, b between p and q.
    assert result.count == 2 * 2 * 2 == len(result.equilibria)
    assert not result.truncated
    found = {
        (eq.strategies["a"]["node_a"], eq.strategies["b"]["node_b"], eq.strategies["c"]["node_c"])
        for eq in result.equilibria
    }
    assert found == set(itertools.product("xy", "pq", "uv"))
    for eq in result.equilibria:
        a_move, b_move, c_move = (
            eq.strategies["a"]["node_a"],
            eq.strategies["b"]["node_b"],
            eq.strategies["c"]["node_c"],
        )
        left = "out_a" if a_move == "x" else f"out_c{c_move}"
        right = f"out_b{b_move}"
        assert dict(eq.outcomes) == pytest.approx({left: 0.4, right: 0.6})
        expected_path = {"nature=left", "nature=right", f"node_a={a_move}", f"node_b={b_move}"}
        if a_move == "y":
            expected_path.add(f"node_c={c_move}")
        assert set(steps(eq)) == expected_path
        assert eq.payoffs["a"] == pytest.approx(0.4 * 1 + 0.6 * (2 if b_move == "q" else 0))
    assert {distribution_key(d) for d in result.outcomes} == {
        distribution_key(dict(eq.outcomes)) for eq in result.equilibria
    }
    assert len(result.outcomes) == 3 * 2
    # The brute-force oracle finds the same equilibria.
    brute = brute_force_spe(scenario.game, payoffs, probabilities)
    assert {tuple(sorted(p.items())) for p in brute} == {
        tuple(sorted(flat_profile(eq.strategies).items())) for eq in result.equilibria
    }


def test_limit_truncates_but_counts_and_collects_distributions(tmp_path: Path):
    scenario = load_text(tmp_path, THREE_PLAYERS)
    full, _, _ = solve_scenario(scenario)
    result, _, _ = solve_scenario(scenario, limit=3)
    assert result.truncated
    assert len(result.equilibria) == 3
    assert result.count == 8
    assert [flat_profile(eq.strategies) for eq in result.equilibria] == [
        flat_profile(eq.strategies) for eq in full.equilibria[:3]
    ]
    assert {distribution_key(d) for d in result.outcomes} == {distribution_key(d) for d in full.outcomes}
    assert len(result.outcomes) == 6


def test_default_limit_truncates_a_combinatorial_explosion(tmp_path: Path):
    branches = 10
    lines = [
        "format: negotiation-sim/1",
        "title: Many independent ties",
        "players: {a: {label: A}, b: {label: B}}",
        "game:",
        "  kind: extensive",
        "  root: nature",
        "  nodes:",
        "    nature:",
        "      chance:",
    ]
    lines += [f"        s{k}: {{probability: 1 / {branches}, next: n{k}}}" for k in range(branches)]
    for k in range(branches):
        lines += [f"    n{k}:", "      player: a", f"      moves: {{l: o{k}l, r: o{k}r}}"]
    lines += ["  outcomes:"]
    for k in range(branches):
        lines += [f"    o{k}l: {{payoffs: {{a: 1, b: {k}}}}}", f"    o{k}r: {{payoffs: {{a: 1, b: -{k}}}}}"]
    scenario = load_text(tmp_path, "\n".join(lines) + "\n")
    result, _, _ = solve_scenario(scenario)
    assert result.truncated
    assert result.count == 2**branches
    assert len(result.equilibria) == Limits().max_equilibria == 1000
    assert len(result.outcomes) == 2**branches
    solution = ns.solve(scenario)
    assert solution.analysis["spe_count"] == 2**branches
    assert any(f"There are {2**branches} subgame-perfect equilibria" in note for note in solution.notes)


TIE_CHANGES_PARENT = """\
format: negotiation-sim/1
title: A tie below changes the optimal set above
players:
  a: {label: A}
  b: {label: B}
game:
  kind: extensive
  root: root
  nodes:
    root:
      player: a
      moves: {L: below, R: out_r}
    below:
      player: b
      moves: {x: out_x, y: out_y, z: out_z}
  outcomes:
    out_r: {payoffs: {a: 1, b: 0}}
    out_x: {payoffs: {a: 2, b: 0}}
    out_y: {payoffs: {a: 0, b: 0}}
    out_z: {payoffs: {a: 1, b: 0}}
"""


def test_tie_below_changes_the_parents_optimal_set(tmp_path: Path):
    scenario = load_text(tmp_path, TIE_CHANGES_PARENT)
    result, payoffs, probabilities = solve_scenario(scenario)
    found = {(eq.strategies["b"]["below"], eq.strategies["a"]["root"]) for eq in result.equilibria}
    # b's three tied moves give a 2, 0 or 1: a then enters, stays out, or is indifferent.
    assert found == {("x", "L"), ("y", "R"), ("z", "L"), ("z", "R")}
    assert result.count == 4
    assert len(brute_force_spe(scenario.game, payoffs, probabilities)) == 4
    arrays = backward_induction_arrays(scenario.game, payoffs, probabilities)
    assert not bool(arrays.exact)
    assert bool(arrays.ties)


DAG = """\
format: negotiation-sim/1
title: Two moves lead to one shared node
players:
  a: {label: A}
  b: {label: B}
parameters:
  bonus: {value: 0, range: [-1, 1]}
game:
  kind: extensive
  root: root
  nodes:
    root:
      player: a
      moves: {l: shared, r: shared, out: quit}
    shared:
      player: b
      moves: {x: o1, y: o2}
  outcomes:
    quit: {payoffs: {a: -1, b: 0}}
    o1: {payoffs: {a: 0, b: bonus}}
    o2: {payoffs: {a: 0, b: 0}}
"""


def test_shared_node_is_one_decision(tmp_path: Path):
    scenario = load_text(tmp_path, DAG)
    result, payoffs, probabilities = solve_scenario(scenario)
    # root ties between l and r; the shared node ties between x and y: 2 x 2, not 2 x 2 x 2.
    assert result.count == 4
    assert {tuple(sorted(flat_profile(eq.strategies).items())) for eq in result.equilibria} == {
        tuple(sorted(p.items())) for p in brute_force_spe(scenario.game, payoffs, probabilities)
    }
    strict, _, _ = solve_scenario(scenario, {"bonus": 1.0})
    assert strict.count == 2
    assert {eq.strategies["b"]["shared"] for eq in strict.equilibria} == {"x"}


def test_truncated_count_of_a_dag_matches_the_enumeration(tmp_path: Path):
    scenario = load_text(tmp_path, DAG)
    full, _, _ = solve_scenario(scenario)
    truncated, _, _ = solve_scenario(scenario, limit=1)
    assert truncated.truncated
    assert truncated.count == full.count == 4


# --- the vectorised solver agrees with the enumeration ------------------------------------------------


def assert_arrays_match_enumeration(scenario, overrides: dict[str, np.ndarray]) -> int:
    grid = scenario.evaluate(overrides)
    game = scenario.game
    arrays = backward_induction_arrays(game, dict(grid.outcome_payoffs), dict(grid.probabilities))
    exact_points = 0
    for index in np.ndindex(grid.shape):
        point = {name: float(np.broadcast_to(v, grid.shape)[index]) for name, v in overrides.items()}
        result, _, _ = solve_scenario(scenario, point)
        first = result.equilibria[0]
        root_value = arrays.values[game.root][(slice(None), *index)]
        np.testing.assert_allclose(root_value, [first.payoffs[p] for p in game.players], atol=1e-9)
        for node_id, move in flat_profile(first.strategies).items():
            assert list(game.nodes[node_id].moves)[arrays.choice[node_id][index]] == move
        reach = {o: float(r[index]) for o, r in arrays.reach.items() if r[index] > 0}
        assert reach == pytest.approx(dict(first.outcomes))
        assert bool(arrays.ties[index]) == (result.count > 1)
        if arrays.exact[index]:
            exact_points += 1
            union = {o for eq in result.equilibria for o, p in eq.outcomes if p > 0}
            possible = {o for o, mask in arrays.possible.items() if mask[index]}
            assert possible == union, (point, possible, union)
    return exact_points


def test_arrays_match_enumeration_on_entry_deterrence():
    scenario = ns.load_scenario(TEXTBOOK / "entry_deterrence.yaml")
    assert_arrays_match_enumeration(
        scenario,
        {
            "fight_cost": np.linspace(1, 12, 6)[:, None],
            "duopoly_profit": np.linspace(1, 6, 4)[None, :],
        },
    )


def test_arrays_match_enumeration_on_chance_move():
    scenario = ns.load_scenario(TEXTBOOK / "chance_move.yaml")
    exact = assert_arrays_match_enumeration(scenario, {"p_high": np.array([0.0, 0.2, 1 / 3, 0.5, 1.0])})
    # At p_high = 1/3 the seller is indifferent and the buyer is not: that point is not exact.
    assert exact == 4
    result, _, _ = solve_scenario(scenario, {"p_high": 1 / 3})
    assert result.count == 2


def test_arrays_match_enumeration_on_ultimatum():
    scenario = ns.load_scenario(TEXTBOOK / "ultimatum.yaml")
    assert_arrays_match_enumeration(scenario, {"pie": np.linspace(8, 20, 4)})


def test_arrays_match_enumeration_on_hand_built_trees(tmp_path: Path):
    assert_arrays_match_enumeration(load_text(tmp_path, THREE_PLAYERS), {"p_left": np.linspace(0, 1, 5)})
    assert_arrays_match_enumeration(load_text(tmp_path, DAG, "dag.yaml"), {"bonus": np.linspace(-1, 1, 5)})


def test_arrays_match_enumeration_on_the_island_model():
    scenario = ns.load_scenario(ISLANDS / "approach_choice.yaml")
    exact = assert_arrays_match_enumeration(
        scenario,
        {
            "china_threat": np.linspace(0, 1, 5)[:, None],
            "trust_gain": np.linspace(0, 0.9, 3)[None, :],
        },
    )
    assert exact > 0


# --- random trees against brute force ---------------------------------------------------------------


@st.composite
def random_trees(draw):
    n_players = draw(st.integers(2, 3))
    players = tuple(f"p{k}" for k in range(n_players))
    nodes: dict[str, DecisionNode | ChanceNode] = {}
    outcomes: dict[str, Outcome] = {}
    payoffs: dict[str, np.ndarray] = {}
    probabilities: dict[str, np.ndarray] = {}
    budget = [draw(st.integers(1, 6))]

    def build(depth: int) -> str:
        existing = list(nodes) + list(outcomes)
        if existing and draw(st.integers(0, 5)) == 0:
            return draw(st.sampled_from(existing))  # share a finished subtree: the game becomes a DAG
        if depth >= 3 or budget[0] <= 0 or draw(st.integers(0, 2)) == 0:
            outcome_id = f"o{len(outcomes)}"
            values = draw(st.lists(st.integers(0, 2), min_size=n_players, max_size=n_players))
            outcomes[outcome_id] = Outcome(
                id=outcome_id, payoffs={p: parse_expression(v) for p, v in zip(players, values, strict=True)}
            )
            payoffs[outcome_id] = np.array(values, dtype=float)
            return outcome_id
        budget[0] -= 1
        children = [build(depth + 1) for _ in range(draw(st.integers(1, 3)))]
        node_id = f"n{len(nodes)}"
        if len(children) >= 2 and draw(st.integers(0, 3)) == 0:
            weights = draw(st.sampled_from([(0.5, 0.5), (0.25, 0.75), (0.0, 1.0)]))
            children = children[:2]
            nodes[node_id] = ChanceNode(
                id=node_id,
                branches=tuple(
                    Branch(name=f"b{k}", probability=parse_expression(w), next=c)
                    for k, (w, c) in enumerate(zip(weights, children, strict=True))
                ),
            )
            probabilities[node_id] = np.array(weights)
        else:
            nodes[node_id] = DecisionNode(
                id=node_id,
                player=draw(st.sampled_from(players)),
                moves={f"m{k}": c for k, c in enumerate(children)},
            )
        return node_id

    root = build(0)
    if root not in nodes:  # the root must be a node
        nodes["root"] = DecisionNode(id="root", player=players[0], moves={"only": root})
        root = "root"
    game = ExtensiveGame(players=players, root=root, nodes=nodes, outcomes=outcomes)
    return game, payoffs, probabilities


@settings(max_examples=150, deadline=None)
@given(random_trees())
def test_random_trees_match_brute_force(case):
    game, payoffs, probabilities = case
    result = spe_solve(game, payoffs, probabilities)
    for eq in result.equilibria:
        assert_subgame_perfect(game, eq, payoffs, probabilities)
    brute = brute_force_spe(game, payoffs, probabilities)
    assert result.count == len(brute) == len(result.equilibria)
    assert {tuple(sorted(flat_profile(eq.strategies).items())) for eq in result.equilibria} == {
        tuple(sorted(p.items())) for p in brute
    }
    arrays = backward_induction_arrays(game, payoffs, probabilities)
    first = result.equilibria[0]
    np.testing.assert_allclose(arrays.values[game.root], [first.payoffs[p] for p in game.players], atol=1e-9)
    assert bool(arrays.ties) == (result.count > 1)
    if arrays.exact:
        union = {o for eq in result.equilibria for o, _ in eq.outcomes}
        assert {o for o, mask in arrays.possible.items() if mask} == union


@settings(max_examples=100, deadline=None)
@given(random_trees())
def test_truncated_count_matches_brute_force_on_trees(case):
    game, payoffs, probabilities = case
    if not _is_tree(game):
        return  # shared nodes: see test_truncated_count_of_a_dag_matches_the_enumeration
    full = spe_solve(game, payoffs, probabilities)
    truncated = spe_solve(game, payoffs, probabilities, limit=1)
    assert truncated.count == full.count
    assert truncated.truncated == (full.count > 1)
    assert {distribution_key(d) for d in truncated.outcomes} == {distribution_key(d) for d in full.outcomes}


# --- reduced normal form --------------------------------------------------------------------------------


def test_entry_deterrence_reduced_normal_form_has_the_non_credible_threat():
    scenario = ns.load_scenario(TEXTBOOK / "entry_deterrence.yaml")
    solution = ns.solve(scenario, concept="all")
    rnf = solution.analysis["reduced_normal_form"]
    assert rnf["strategies"] == {"entrant": ["enter", "stay_out"], "incumbent": ["fight", "accommodate"]}
    assert rnf["payoffs"] == {"entrant": [[-2.0, 4.0], [0.0, 0.0]], "incumbent": [[-2.0, 4.0], [10.0, 10.0]]}
    spe = [eq for eq in solution.equilibria if eq.concept == "subgame-perfect"]
    nash = [eq for eq in solution.equilibria if eq.concept == "nash"]
    assert solution.equilibria[0].concept == "subgame-perfect"
    assert [eq.outcomes for eq in spe] == [{"shared_market": 1.0}]
    pure = [
        (
            max(eq.strategies["entrant"], key=eq.strategies["entrant"].get),
            max(eq.strategies["incumbent"], key=eq.strategies["incumbent"].get),
        )
        for eq in nash
        if 1.0 in eq.strategies["entrant"].values() and 1.0 in eq.strategies["incumbent"].values()
    ]
    assert set(pure) == {("enter", "accommodate"), ("stay_out", "fight")}
    threat = next(eq for eq in nash if eq.strategies["incumbent"]["fight"] == 1.0)
    assert threat.payoffs == {"entrant": 0.0, "incumbent": 10.0}
    # Every Nash equilibrium listed is a best response for both players in the 2x2 game.
    a = np.array(rnf["payoffs"]["entrant"])
    b = np.array(rnf["payoffs"]["incumbent"])
    for eq in nash:
        x = np.array(list(eq.strategies["entrant"].values()))
        y = np.array(list(eq.strategies["incumbent"].values()))
        assert x @ a @ y >= (a @ y).max() - 1e-9
        assert x @ b @ y >= (x @ b).max() - 1e-9
    assert any("threats that would not be carried out" in note for note in solution.notes)


def test_reduced_normal_form_needs_two_players(tmp_path: Path):
    scenario = load_text(tmp_path, THREE_PLAYERS)
    with pytest.raises(ns.SolverError, match="two"):
        ns.solve(scenario, concept="nash")
