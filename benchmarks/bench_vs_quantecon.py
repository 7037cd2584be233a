"""Generic games, one at a time, against QuantEcon's ``vertex_enumeration``, interleaved in one process.

    python benchmarks/bench_vs_quantecon.py [--sizes 6 8 10] [--games 40] [--repeat 5]

``bench_nash.py`` times each method on all of a size's games before the next method,
so a change in the machine's state between them shows up in the ratios (they move by a
tenth or more between runs at 6 x 6 and 8 x 8).  Here every game is solved by
negotiation-sim (numpy path), negotiation-sim with the compiled kernels (when numba is
installed: the ``fast`` extra; QuantEcon needs it too) and QuantEcon in turn, in rotating
order, best of ``--repeat`` CPU times each; the script prints the medians and the median
of the per-game ratios to QuantEcon's time.  Compilation (ours and QuantEcon's) happens
before the timings.  Needs QuantEcon (``pip install 'negotiation-sim[benchmark]'``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_nash import numba, ours, ours_compiled, qe, quantecon


def solvers() -> dict[str, Callable[[np.ndarray, np.ndarray], object]]:
    """The methods timed: bench_nash's wrappers (ours, ours compiled when numba is installed, QuantEcon)."""
    if qe is None:
        raise SystemExit("QuantEcon is not installed: pip install 'negotiation-sim[benchmark]'")
    found = {"ours": ours, "quantecon": quantecon("vertex_enumeration")}
    if numba is None:
        print("numba is not installed: no compiled row")
    else:
        found["ours compiled"] = ours_compiled
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[6, 8, 10, 12])
    parser.add_argument("--games", type=int, default=40, help="games per size (a quarter from 10 x 10 up)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per game and method; the best counts")
    args = parser.parse_args()
    methods = solvers()
    warm = np.random.default_rng(0).normal(size=(2, 6, 6))
    for solve in methods.values():
        solve(*warm)  # compilation outside the timings
    names = list(methods)
    for size in args.sizes:
        rng = np.random.default_rng(1000 * size)
        count = args.games if size <= 8 else max(4, args.games // 4)
        best: dict[str, list[float]] = {name: [] for name in names}
        for a, b in (rng.normal(size=(2, size, size)) for _ in range(count)):
            times = dict.fromkeys(names, float("inf"))
            for run in range(args.repeat):
                for name in names[run % len(names) :] + names[: run % len(names)]:  # rotating order
                    start = time.process_time()
                    methods[name](a, b)
                    times[name] = min(times[name], time.process_time() - start)
            for name in names:
                best[name].append(times[name])
        reference = best["quantecon"]
        line = [f"{size}x{size} ({count} games):"]
        for name in names:
            ratio = statistics.median(t / q for t, q in zip(best[name], reference, strict=True))
            line.append(f"{name} {statistics.median(best[name]) * 1e3:.3f} ms ({ratio:.2f} of QuantEcon)")
        print("  ".join(line))


if __name__ == "__main__":
    main()
