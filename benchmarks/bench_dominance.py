"""Benchmark removing dominated strategies before the hull, against not removing them, in one run.

    python benchmarks/bench_dominance.py [--games N] [--sizes 6 8 10]

``nash_equilibria`` on float games from 5 x 5 up removes strategies strictly dominated
by a pure strategy before enumerating a best-response polytope
(``negotiation_sim.solvers.one_side._undominated``).  The baseline is the same solver
with that step replaced by one that keeps every strategy (the rank spreads it also
returns are computed as before), so the two differ in nothing else.  Three kinds of
seeded games per size: generic (standard-normal payoffs), three dominated strategies
per player (each a copy of another strategy, lowered by a random positive amount), and
nearly dominance-solvable (standard-normal payoffs plus 2 per rank of the strategy, so
most strategies are removed, often all but one per player).
Each game runs alternately with and without the step, best of five CPU times; the
script prints the medians and the median of the per-game ratios, and checks that both
give the same equilibria on every game.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from negotiation_sim.solvers import one_side
from negotiation_sim.solvers.nash import nash_equilibria

KINDS = ("generic", "three dominated each", "ranked")


def game(kind: str, size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    a, b = rng.normal(size=(2, size, size))
    if kind == "three dominated each":
        for k in range(3):
            a[k] = a[k + 3] - abs(rng.normal()) * 0.3
            b[:, k] = b[:, k + 3] - abs(rng.normal()) * 0.3
    elif kind == "ranked":
        a += np.arange(size)[:, None] * 2.0
        b += np.arange(size)[None, :] * 2.0
    return a, b


def keep_everything(matrix_q: np.ndarray, matrix_p: np.ndarray, *margins: float) -> tuple:
    """The baseline: no strategy removed, and the rank spreads of the whole game."""
    rows, columns = np.arange(matrix_q.shape[0]), np.arange(matrix_q.shape[1])
    return rows, columns, one_side._rank_spread(matrix_q), one_side._rank_spread(matrix_p)


def timed(a: np.ndarray, b: np.ndarray, removing: bool) -> tuple[float, list]:
    one_side._undominated = REMOVE if removing else keep_everything
    start = time.process_time()
    found = nash_equilibria(a, b)
    return time.process_time() - start, found


REMOVE = one_side._undominated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=30, help="games per size and kind")
    parser.add_argument("--sizes", type=int, nargs="+", default=[6, 8, 10], help="square game sizes (6 and up)")
    args = parser.parse_args()
    if min(args.sizes) < 6:  # three dominated strategies copied from three others
        parser.error("--sizes: 6 and up")
    print(f"{'games':30s} {'removing ms':>12s} {'keeping ms':>11s} {'ratio':>7s}")
    try:
        for kind in KINDS:
            for size in args.sizes:
                rng = np.random.default_rng(size)
                removing, keeping, ratios = [], [], []
                for _ in range(args.games):
                    a, b = game(kind, size, rng)
                    best = {True: float("inf"), False: float("inf")}
                    answers = {}
                    for run in range(6):  # one untimed warm-up each, then alternately
                        for flag in (True, False) if run % 2 else (False, True):
                            seconds, found = timed(a, b, flag)
                            answers[flag] = [(e.row.tolist(), e.column.tolist()) for e in found]
                            if run:
                                best[flag] = min(best[flag], seconds)
                    same = len(answers[True]) == len(answers[False]) and np.allclose(
                        sorted(answers[True]), sorted(answers[False]), rtol=0, atol=1e-9
                    )
                    if not same:
                        raise SystemExit(f"different equilibria: {kind} {size} x {size}")
                    removing.append(best[True] * 1e3)
                    keeping.append(best[False] * 1e3)
                    ratios.append(best[True] / best[False])
                print(
                    f"{kind + f' {size}x{size}':30s} {statistics.median(removing):12.3f} "
                    f"{statistics.median(keeping):11.3f} {statistics.median(ratios):7.2f}"
                )
    finally:
        one_side._undominated = REMOVE
    print("ratio: median over the games of (time removing) / (time keeping every strategy); < 1: faster")


if __name__ == "__main__":
    main()
