"""One tie rule, per player, in every solver (DESIGN §3, tracker issue 17).

A player is indifferent when its OWN payoffs differ by at most 1e-9 relative to its own
payoff scale: another player's huge payoffs never make it indifferent.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_spe import backward_induction_arrays, brute_force_spe, flat_profile, random_trees, spe_solve
from tree_helpers import as_tree

import negotiation_sim as ns
from negotiation_sim.games import reduced_normal_form
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.dominance import iterated_elimination
from negotiation_sim.solvers.nash import analyse_bimatrix, nash_equilibria, pure_equilibria

BIG = 1e12

TREE = """\
format: negotiation-sim/1
title: B chooses while A's payoffs are huge
id: tie-scale
players:
  a: {label: A}
  b: {label: B}
parameters:
  big: {value: 1000000000000, range: [1, 1000000000000]}
game:
  kind: extensive
  root: pick
  nodes:
    pick:
      player: b
      moves: {left: x, right: y}
  outcomes:
    x:
      payoffs: {a: big, b: 1}
    y:
      payoffs: {a: 0, b: 0}
"""


def one_by_one(tmp_path: Path, name: str, b_payoff: str) -> ns.Scenario:
    path = tmp_path / f"{name}.yaml"
    path.write_text(
        f"""\
format: negotiation-sim/1
title: {name}
id: {name}
players:
  a: {{label: A}}
  b: {{label: B}}
parameters:
  big: {{value: 1000000000000, range: [1, 1000000000000]}}
  small: {{value: 1, range: [0, 10]}}
game:
  kind: normal
  strategies:
    a: [only]
    b: [only]
  payoffs:
    a: [[big]]
    b: [[{b_payoff}]]
""",
        encoding="utf-8",
    )
    return ns.load_scenario(path)


@pytest.fixture
def tree(tmp_path: Path) -> ns.Scenario:
    path = tmp_path / "tree.yaml"
    path.write_text(TREE, encoding="utf-8")
    return ns.load_scenario(path)


def test_spe_judges_ties_on_the_movers_own_payoffs(tree):
    point = tree.evaluate()
    result = spe_solve(tree.game, point.outcome_payoffs, point.probabilities)
    assert result.count == 1
    assert dict(result.equilibria[0].outcomes) == {"x": 1.0}
    arrays = backward_induction_arrays(tree.game, point.outcome_payoffs, point.probabilities)
    assert not bool(arrays.ties)
    assert arrays.optimal["pick"].tolist() == [True, False]


def test_solve_all_concepts_agree_and_explanation_says_beats(tree):
    solution = ns.solve(tree, concept="all")
    spe = [eq for eq in solution.equilibria if eq.concept == "subgame-perfect"]
    nash = [eq for eq in solution.equilibria if eq.concept == "nash"]
    assert len(spe) == 1 and len(nash) == 1
    assert spe[0].payoffs == nash[0].payoffs == {"a": BIG, "b": 1.0}


def test_sweep_reports_no_tie_where_only_another_players_scale_is_huge(tree):
    result = ns.sweep(tree, {"big": [1.0, 1e6, 1e12]})
    assert result.ties[0].tolist() == [False, False, False]
    assert result.outcomes[0].tolist() == ["x", "x", "x"]


@pytest.mark.parametrize(
    "check",
    [
        lambda a, b: pure_equilibria(a, b) == [(0, 0)],
        lambda a, b: [e.column.tolist() for e in nash_equilibria(a, b)] == [[1.0, 0.0]],
        lambda a, b: analyse_bimatrix(a, b).pure == ((0, 0),),
        lambda a, b: not is_nash(a, b, [1.0], [0.0, 1.0]),
        lambda a, b: iterated_elimination(a, b, strict=True).remaining_columns == (0,),
    ],
    ids=["pure_equilibria", "nash_equilibria", "analyse_bimatrix", "is_nash", "strict_elimination"],
)
def test_matrix_solvers_judge_ties_per_player(check):
    a = np.array([[BIG + 0.5, 0.25]])  # not integers: the float path decides
    b = np.array([[1.0, 0.0]])
    assert check(a, b)


def test_compare_keeps_a_small_players_difference(tmp_path: Path):
    first, second = one_by_one(tmp_path, "first", "small"), one_by_one(tmp_path, "second", "small * 1.5")
    comparison = ns.compare([first, second])
    assert comparison.difference == {"a": 0.0, "b": 0.5}


def test_tornado_keeps_a_small_players_difference(tmp_path: Path):
    from negotiation_sim.analysis.tornado import tornado

    first, second = one_by_one(tmp_path, "first", "small"), one_by_one(tmp_path, "second", "small * 1.5")
    result = tornado(first, second, "b", parameters=["big"])
    assert result.baseline == 0.5
    assert [(bar.difference_low, bar.difference_high) for bar in result.bars] == [(0.5, 0.5)]


def _scaled(payoffs: dict[str, np.ndarray], player: int, factor: float) -> dict[str, np.ndarray]:
    out = {}
    for o, v in payoffs.items():
        w = np.array(v, dtype=float)
        w[player] *= factor
        out[o] = w
    return out


def _profiles(game, payoffs, probabilities) -> set[tuple]:
    result = spe_solve(game, payoffs, probabilities)
    return {tuple(sorted(flat_profile(eq.strategies).items())) for eq in result.equilibria}


@settings(max_examples=100, deadline=None)
@given(random_trees(), st.sampled_from([1e12, 1e-12]), st.integers(0, 2))
def test_spe_set_is_invariant_when_one_player_is_rescaled(case, factor, who):
    game, payoffs, probabilities = case
    player = who % len(game.players)
    before = _profiles(game, payoffs, probabilities)
    scaled = _scaled(payoffs, player, factor)
    assert _profiles(game, scaled, probabilities) == before
    assert len(before) == len(brute_force_spe(game, payoffs, probabilities))
    arrays = backward_induction_arrays(game, scaled, probabilities)
    assert bool(arrays.ties) == (len(before) > 1)


@settings(max_examples=100, deadline=None)
@given(random_trees(), st.sampled_from([1.0, 1e12, 1e-12]))
def test_every_spe_is_a_nash_equilibrium_of_the_reduced_normal_form(case, factor):
    game, payoffs, probabilities = case
    if len(game.players) != 2:
        return
    payoffs = _scaled(payoffs, 0, factor)
    rnf = reduced_normal_form(as_tree(game, payoffs, probabilities))
    for eq in spe_solve(game, payoffs, probabilities).equilibria:
        strategy = flat_profile(eq.strategies)
        pure = []
        for plans in rnf.plans:
            # The plan whose every prescribed move agrees with the SPE strategy.
            match = [k for k, plan in enumerate(plans) if all(strategy[n] == m for n, m in plan.items())]
            assert len(match) == 1
            pure.append(np.eye(len(plans))[match[0]])
        assert is_nash(rnf.row_payoffs, rnf.column_payoffs, pure[0], pure[1])


def test_comparison_map_zeroes_only_the_players_own_ties(tmp_path: Path):
    from negotiation_sim.plotting import plot_comparison_map

    # B's payoffs are of order 1e-12: a difference of 5e-13 is real, not a tie (it was zeroed
    # against a floor of 1).
    first, second = one_by_one(tmp_path, "first", "small"), one_by_one(tmp_path, "second", "small * 1.5")
    result = ns.sweep([first, second], {"big": [1.0, 2.0], "small": [1e-12, 2e-12]})
    figure = plot_comparison_map(result, "b")
    mesh = figure.axes[0].collections[0]
    assert np.all(np.asarray(mesh.get_array()) != 0.0)
