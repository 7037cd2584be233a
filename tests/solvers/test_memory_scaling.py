"""Solving a tree takes memory linear in its size (tracker issue 17: a 24,000-outcome tree
took 4.7 GB because every node held a dense set or distribution over all outcomes)."""

from __future__ import annotations

import tracemalloc

import numpy as np
from tree_helpers import as_tree

from negotiation_sim.scenario.expressions import parse_expression
from negotiation_sim.scenario.schema import DecisionNode, ExtensiveGame, Outcome
from negotiation_sim.solvers.backward_induction import backward_induction_solve
from negotiation_sim.solvers.spe import spe_solve


def tied_ternary_tree(depth: int) -> tuple[ExtensiveGame, dict[str, np.ndarray]]:
    """Every node ties three ways (all payoffs 0): 3**depth outcomes, astronomically many SPE."""
    nodes: dict[str, DecisionNode] = {}
    outcomes: dict[str, Outcome] = {}
    payoffs: dict[str, np.ndarray] = {}
    level = ["r"]
    for d in range(depth):
        below = [f"{name}{k}" for name in level for k in range(3)]
        for name in level:
            targets = [f"{name}{k}" for k in range(3)]
            if d == depth - 1:
                targets = [f"o_{t}" for t in targets]
            nodes[name] = DecisionNode(id=name, player="ab"[d % 2], moves={f"m{k}": t for k, t in enumerate(targets)})
        level = below
    zero = parse_expression(0)
    for name in level:
        outcomes[f"o_{name}"] = Outcome(id=f"o_{name}", payoffs={"a": zero, "b": zero})
        payoffs[f"o_{name}"] = np.zeros(2)
    return ExtensiveGame(players=("a", "b"), root="r", nodes=nodes, outcomes=outcomes), payoffs


def peak_bytes(depth: int) -> int:
    game, payoffs = tied_ternary_tree(depth)
    tree = as_tree(game, payoffs, {})
    tracemalloc.start()
    try:
        arrays = backward_induction_solve(tree)
        result = spe_solve(tree, limit=1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert bool(arrays.ties) and result.count == 3 ** sum(3**d for d in range(depth))
    assert len(result.outcomes) == 3**depth
    return peak


def test_peak_memory_grows_linearly_with_the_number_of_outcomes():
    small, large = peak_bytes(5), peak_bytes(7)  # 243 and 2,187 outcomes: 9 times as many
    assert large < 20 * small, (small, large)  # quadratic growth would be about 81 times
