"""Pareto efficiency against every strategy profile (solvers/efficiency.py), not only other equilibria."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import negotiation_sim as ns
from negotiation_sim.games import Chance, Decision, GameTree, Terminal, read_only
from negotiation_sim.solvers.efficiency import bimatrix_pareto_efficient, dominated_by, tree_pareto_frontier
from negotiation_sim.solvers.nash import analyse_bimatrix, nash_equilibria

GRID = np.linspace(0.0, 1.0, 201)


def mixed_payoffs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Payoffs of every profile on a fine grid of mixed strategies (rows: 2 strategies only)."""
    rows = np.stack([1 - GRID, GRID], axis=1)
    if a.shape[1] == 2:
        columns = rows
    else:  # the simplex of three strategies on the same step
        columns = np.array([(x, y, 1 - x - y) for x in GRID[::4] for y in GRID[::4] if x + y <= 1 + 1e-12])
    f1 = np.einsum("ai,ij,bj->ab", rows, a, columns).ravel()
    f2 = np.einsum("ai,ij,bj->ab", rows, b, columns).ravel()
    return np.stack([f1, f2], axis=1)


@dataclass(frozen=True)
class Case:
    name: str
    row: list[list[float]]
    column: list[list[float]]
    efficient: dict[tuple[float, float], bool]  # equilibrium payoffs -> Pareto-efficient


CASES = [
    # (D, D) is the only equilibrium and (C, C) gives both more: the point of the game.
    Case("prisoners_dilemma", [[3, 0], [5, 1]], [[3, 5], [0, 1]], {(1, 1): False}),
    # A coordination game: both pure equilibria are efficient, the mixed one (6/5, 6/5) is not.
    Case("coordination", [[3, 0], [0, 2]], [[2, 0], [0, 3]], {(3, 2): True, (2, 3): True, (1.2, 1.2): False}),
    # Stag hunt (Rousseau; Skyrms 2004): hare-hare (3, 3) is safe but beaten by stag-hunting (4, 4).
    Case("stag_hunt", [[4, 0], [3, 3]], [[4, 3], [0, 3]], {(4, 4): True, (3, 3): False}),
    # Chicken: the mixed equilibrium (-0.1, -0.1) loses to both swerving (0, 0).
    Case("chicken", [[0, -1], [1, -10]], [[0, 1], [-1, -10]], {(-1, 1): True, (1, -1): True, (-0.1, -0.1): False}),
    # Matching pennies is zero-sum: every profile, so its mixed equilibrium too, is efficient.
    Case("matching_pennies", [[1, -1], [-1, 1]], [[-1, 1], [1, -1]], {(0, 0): True}),
    # No pure profile beats the mixed equilibrium (0.8, 8/3), a mixed profile does.
    Case("beaten_by_a_mixed_profile_only", [[4, 0], [0, 1]], [[0, 4], [4, 2]], {(0.8, 8 / 3): False}),
    # (4, 0) is beaten by correlated play, 3/4 (5, -1) + 1/4 (2, 3) = (4.25, 0), but by no
    # profile of independent mixed strategies: efficiency is not judged on the convex hull.
    Case(
        "beaten_only_by_correlated_play",
        [[-2, 2, 4], [5, 4, 4]],
        [[-3, 3, -2], [-1, -1, 0]],
        {(4, 0): True},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_known_games(case: Case) -> None:
    a, b = np.array(case.row, dtype=float), np.array(case.column, dtype=float)
    found = {(round(e.row_payoff, 9), round(e.column_payoff, 9)) for e in nash_equilibria(a, b)}
    for payoffs, expected in case.efficient.items():
        assert (round(payoffs[0], 9), round(payoffs[1], 9)) in found, "the example must be an equilibrium"
        assert bimatrix_pareto_efficient(a, b, [payoffs]) == [expected]
        # The brute-force grid agrees (the grid holds a dominating profile whenever one exists here).
        assert dominated_by(payoffs, mixed_payoffs(a, b), 1e-6) is not expected


def test_analysis_reports_both_notions() -> None:
    analysis = analyse_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    assert analysis.payoff_dominant == (True, True, False)
    assert analysis.pareto_efficient == (True, True, False)
    pd = analyse_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert (pd.payoff_dominant, pd.pareto_efficient) == ((True,), (False,))


def test_ties_within_tolerance_are_not_improvements() -> None:
    a = np.array([[1.0, 0.0], [0.0, 1.0 + 1e-13]])
    assert bimatrix_pareto_efficient(a, a, [(1.0, 1.0)]) == [True]


payoff_tables = arrays(np.float64, (2, 2), elements=st.integers(-5, 5).map(float))


@settings(max_examples=150, deadline=None)
@given(a=payoff_tables, b=payoff_tables)
def test_agrees_with_brute_force_over_mixed_profiles(a: np.ndarray, b: np.ndarray) -> None:
    points = mixed_payoffs(a, b)
    equilibria = nash_equilibria(a, b)
    flags = bimatrix_pareto_efficient(a, b, [(e.row_payoff, e.column_payoff) for e in equilibria])
    for eq, efficient in zip(equilibria, flags, strict=True):
        u = np.array([eq.row_payoff, eq.column_payoff])
        if efficient:  # no profile of the grid beats it
            assert not dominated_by(u, points, 1e-7)
        else:  # a profile beats it, so a grid point within one step of that profile nearly does
            near = np.all(points >= u - 0.1, axis=1) & (points.sum(axis=1) >= u.sum() - 1e-9)
            assert near.any()


@settings(max_examples=60, deadline=None)
@given(a=payoff_tables, b=payoff_tables, scale=st.floats(0.1, 100), shift=st.floats(-50, 50))
@example(  # a denormal shift leaves a denormal interaction term: its division overflowed
    a=np.array([[0.0, 0.0], [0.0, 1.0]]), b=np.zeros((2, 2)), scale=1.0, shift=2.225073858507203e-309
)
def test_invariant_under_positive_affine_transforms(a: np.ndarray, b: np.ndarray, scale: float, shift: float) -> None:
    equilibria = nash_equilibria(a, b)
    pairs = [(e.row_payoff, e.column_payoff) for e in equilibria]
    moved = [(scale * u + shift, v) for u, v in pairs]
    assert bimatrix_pareto_efficient(scale * a + shift, b, moved) == bimatrix_pareto_efficient(a, b, pairs)


# --- trees ---------------------------------------------------------------------------------


def bundled(name: str) -> ns.Scenario:
    return ns.load_scenario(next(ns.bundled_scenarios_dir().rglob(f"{name}.yaml")))


@pytest.mark.parametrize(
    ("name", "efficient"),
    [("centipede", False), ("entry_deterrence", True), ("ultimatum", True), ("chance_move", True)],
)
def test_bundled_trees(name: str, efficient: bool) -> None:
    solution = ns.solve(bundled(name))
    assert {eq.pareto_efficient for eq in solution.equilibria} == {efficient}
    assert all(eq.payoff_dominant for eq in solution.equilibria)


def tree_with_chance(p: float) -> GameTree:
    """Chance picks left/right; in each, player a picks an outcome (a's payoffs, b's payoffs)."""
    pay = {"l_safe": [2, 0], "l_share": [1, 2], "r_safe": [2, 0], "r_share": [1, 2]}
    return GameTree(
        players=("a", "b"),
        root="nature",
        nodes={
            "nature": Chance(id="nature", moves={"l": "left", "r": "right"}, probabilities=read_only([p, 1 - p])),
            "left": Decision(id="left", player="a", moves={"safe": "l_safe", "share": "l_share"}),
            "right": Decision(id="right", player="a", moves={"safe": "r_safe", "share": "r_share"}),
        },
        outcomes={o: Terminal(id=o, payoffs=read_only(v)) for o, v in pay.items()},
    )


def test_tree_frontier_takes_chance_in_expectation() -> None:
    frontier = tree_pareto_frontier(tree_with_chance(0.25))
    assert frontier is not None
    # Four pure profiles: safe/safe (2, 0), share/share (1, 2), and the two mixtures by chance.
    expected = {(2.0, 0.0), (1.0, 2.0), (1.25, 1.5), (1.75, 0.5)}
    assert {tuple(np.round(v, 12)) for v in frontier} == expected
    brute = {
        tuple(np.round(0.25 * np.array(pl) + 0.75 * np.array(pr), 12)) for pl, pr in product([(2, 0), (1, 2)], repeat=2)
    }
    assert brute == expected


def test_tree_with_a_node_shared_by_two_chance_branches_is_not_checked() -> None:
    tree = tree_with_chance(0.5)
    shared = GameTree(
        players=tree.players,
        root="nature",
        nodes={
            **tree.nodes,
            "nature": Chance(id="nature", moves={"l": "left", "r": "left"}, probabilities=read_only([0.5, 0.5])),
        },
        outcomes=tree.outcomes,
    )
    assert tree_pareto_frontier(shared) is None


def test_repeated_payoff_pairs_are_judged_once_and_reported_in_order() -> None:
    a, b = [[3, 0], [5, 1]], [[3, 5], [0, 1]]  # prisoners' dilemma
    pairs = [(1, 1), (3, 3), (1, 1), (2, 2), (3, 3)]
    one_by_one = [bimatrix_pareto_efficient(a, b, [pair])[0] for pair in pairs]
    assert bimatrix_pareto_efficient(a, b, pairs) == one_by_one == [False, True, False, False, True]
