"""Benchmark negotiation-sim's Nash enumeration against nashpy and Gambit.

    python benchmarks/bench_nash.py [--quick]

For seeded random games, generic (standard normal payoffs) and degenerate (integer
payoffs 0-3), prints the median time per game and the number of extreme equilibria
found by each method, the ratio of that method's time to ours measured in the
same run (``t/ours``; above 1 means we are faster), and a correctness column:
``full`` if the method found every equilibrium we find, ``k/n`` otherwise,
followed by ``ok`` if all of its profiles pass the independent ``is_nash``
check (``BAD`` if not) and by the number of profiles it found that we did not
(none expected: Gambit's rational ``enummixed`` is exact).
nashpy runs on fewer games for the larger sizes so the script ends in minutes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from negotiation_sim.solvers import nashpy_adapter
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.nash import nash_equilibria

try:
    import pygambit as gbt
except ImportError:  # pragma: no cover - optional
    gbt = None

Profiles = list[tuple[np.ndarray, np.ndarray]]
SIZES = [2, 3, 4, 6, 8]


def ours(a: np.ndarray, b: np.ndarray) -> Profiles:
    return [(e.row, e.column) for e in nash_equilibria(a, b)]


def nashpy_vertex(a: np.ndarray, b: np.ndarray) -> Profiles:
    return nashpy_adapter.vertex_enumeration(a, b).equilibria


def nashpy_support(a: np.ndarray, b: np.ndarray) -> Profiles:
    return nashpy_adapter.support_enumeration(a, b).equilibria


def gambit(rational: bool) -> Callable[[np.ndarray, np.ndarray], Profiles]:
    def solve(a: np.ndarray, b: np.ndarray) -> Profiles:
        if rational:
            conv = np.vectorize(lambda v: gbt.Rational(str(Fraction(v).limit_denominator(10**12))))
            game = gbt.Game.from_arrays(conv(a).astype(object), conv(b).astype(object))
        else:
            game = gbt.Game.from_arrays(a, b)
        result = gbt.nash.enummixed_solve(game, rational=rational)
        rows, cols = game.players
        return [
            (
                np.array([float(p[s]) for s in rows.strategies]),
                np.array([float(p[s]) for s in cols.strategies]),
            )
            for p in result.equilibria
        ]

    return solve


def keys(profiles: Profiles) -> set[tuple[float, ...]]:
    return {tuple(np.round(np.concatenate([x, y]), 6) + 0.0) for x, y in profiles}


def games(kind: str, size: int, count: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    if kind == "generic":
        return [tuple(rng.normal(size=(2, size, size))) for _ in range(count)]
    return [tuple(rng.integers(0, 4, size=(2, size, size)).astype(float)) for _ in range(count)]


def timed(solve: Callable, a: np.ndarray, b: np.ndarray, repeat: int) -> tuple[float, Profiles]:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        found = solve(a, b)
        best = min(best, time.perf_counter() - start)
    return best, found


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark Nash equilibrium enumeration.")
    parser.add_argument("--quick", action="store_true", help="fewer games and sizes")
    args = parser.parse_args()
    n_games = 5 if args.quick else 20
    sizes = [2, 3, 4, 6] if args.quick else SIZES
    methods: dict[str, Callable] = {
        "ours": ours,
        "nashpy vertex": nashpy_vertex,
        "nashpy support": nashpy_support,
    }
    if gbt is not None:
        methods["gambit float"] = gambit(rational=False)
        methods["gambit rational"] = gambit(rational=True)
    header = f"{'games':<16}{'method':<17}{'median ms':>11}{'eq found':>10}{'t/ours':>9}  correctness"
    print(header)
    print("-" * len(header))
    for kind in ("generic", "degenerate"):
        for size in sizes:
            cases = games(kind, size, n_games, seed=1000 * size + (kind == "degenerate"))
            reference = [keys(ours(a, b)) for a, b in cases]
            our_median = None
            for name, solve in methods.items():
                limit = n_games
                if name.startswith("nashpy") and size >= 6:
                    limit = 2 if size >= 8 else 4
                if name == "nashpy support" and size >= 8:
                    limit = 1
                if name == "gambit rational" and kind == "generic":
                    # exact rationals of normal floats: seconds per 6x6 game
                    limit = 0 if size >= 8 else (1 if size >= 6 else limit)
                if limit == 0:
                    print(f"{kind + f' {size}x{size}':<16}{name:<17}{'skipped (too slow)':>30}")
                    continue
                times, found_total, missed, bad, extra = [], 0, 0, 0, 0
                for (a, b), ref in zip(cases[:limit], reference[:limit], strict=True):
                    elapsed, found = timed(solve, a, b, 3 if name == "ours" or size <= 4 else 1)
                    times.append(elapsed)
                    got = keys(found)
                    found_total += len(got & ref)
                    missed += len(ref - got)
                    extra += len(got - ref)
                    bad += sum(not is_nash(a, b, x, y, tol=1e-7) for x, y in found)
                median = statistics.median(times) * 1e3
                if name == "ours":
                    our_median = median
                total = sum(len(r) for r in reference[:limit])
                full = "full" if missed == 0 else f"{found_total}/{total}"
                check = "ok" if bad == 0 else f"BAD({bad})"
                check += f", {extra} not in ours" if extra else ""
                ratio = median / our_median
                print(
                    f"{kind + f' {size}x{size}':<16}{name:<17}{median:>11.2f}"
                    f"{found_total:>6}/{total:<3}{ratio:>9.1f}  {full}, {check} (n={limit})"
                )
        print()


if __name__ == "__main__":
    main()
