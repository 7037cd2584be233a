"""Benchmark negotiation-sim's Nash enumeration against nashpy, QuantEcon and Gambit.

    python benchmarks/bench_nash.py [--quick] [--sizes 3 4 6 ...] [--games N] [--no-sweep]

QuantEcon and pygambit are optional (``pip install negotiation-sim[benchmark]``);
their columns are skipped when they are not installed.

For seeded random games, generic (standard normal payoffs) and degenerate (integer
payoffs 0-3), prints the median CPU time per game (best of up to 3 runs; the garbage collector is run
before each method's games, so no method pays for collecting another's objects) and the
number of extreme equilibria found by each method, the ratio of that method's time to ours measured in the
same run (``t/ours``; above 1 means we are faster), and a correctness column:
``full`` if the method found every equilibrium we find, ``k/n`` otherwise,
followed by ``ok`` if all of its profiles pass the independent ``is_nash``
check (``BAD`` if not; our own profiles are checked too) and by the number of profiles it found that we did not
(none expected: Gambit's rational ``enummixed`` is exact).
nashpy and the support enumerations run on fewer games (or none) for the larger
sizes so the script ends in minutes.  ``refused`` counts games our solver refused
with a ``SolverError`` (estimated cost above ``NEGOTIATION_SIM_MAX_NASH_SECONDS``).

With numba installed (the ``fast`` extra; QuantEcon needs it too), ``ours compiled`` is our
solver with the compiled kernels switched on (``negotiation_sim.solvers.compiled``; their
compilation or loading is outside the timings, as QuantEcon's), and for generic games a line
gives QuantEcon vertex's median time over that row's.

Finally a 10,000-point 3 x 3 sweep (100 x 100 grid) is timed end to end in a fresh
Python process (interpreter and import start-up included; modules read from cached
bytecode as in an installed package, and also compiled in every run when
``PYTHONDONTWRITEBYTECODE`` is set) and in this process through
``ns.sweep``, against QuantEcon's ``support_enumeration`` called in a loop on the same
10,000 payoff matrices, in this process (import and JIT compilation excluded) and in a
fresh process (included); the ratios of the same run are printed (``--sweep-only`` runs
just this part).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from negotiation_sim.errors import SolverError
from negotiation_sim.solvers import nashpy_adapter
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.compiled import set_compiled
from negotiation_sim.solvers.nash import nash_equilibria

try:
    import pygambit as gbt
except ImportError:  # pragma: no cover - optional
    gbt = None
try:
    from quantecon import game_theory as qe
except ImportError:  # pragma: no cover - optional
    qe = None
try:
    import numba  # the ``fast`` extra: our compiled kernels
except ImportError:  # pragma: no cover - optional
    numba = None

Profiles = list[tuple[np.ndarray, np.ndarray]]
SIZES = [2, 3, 4, 6, 8, 10, 12, 15]


def ours(a: np.ndarray, b: np.ndarray) -> Profiles:
    return [(e.row, e.column) for e in nash_equilibria(a, b)]


def ours_compiled(a: np.ndarray, b: np.ndarray) -> Profiles:
    previous = set_compiled(True)
    try:
        return ours(a, b)
    finally:
        set_compiled(previous)


def nashpy_vertex(a: np.ndarray, b: np.ndarray) -> Profiles:
    return nashpy_adapter.vertex_enumeration(a, b).equilibria


def nashpy_support(a: np.ndarray, b: np.ndarray) -> Profiles:
    return nashpy_adapter.support_enumeration(a, b).equilibria


def quantecon(method: str) -> Callable[[np.ndarray, np.ndarray], Profiles]:
    def solve(a: np.ndarray, b: np.ndarray) -> Profiles:
        game = qe.NormalFormGame((qe.Player(a), qe.Player(b.T)))
        return [(np.asarray(x), np.asarray(y)) for x, y in getattr(qe, method)(game)]

    return solve


def gambit(rational: bool) -> Callable[[np.ndarray, np.ndarray], Profiles]:
    def solve(a: np.ndarray, b: np.ndarray) -> Profiles:
        m, n = a.shape
        if rational:
            conv = np.vectorize(lambda v: gbt.Rational(str(Fraction(v).limit_denominator(10**12))))
            game = gbt.StrategicGame.from_arrays(conv(a).astype(object), conv(b).astype(object))
        else:
            game = gbt.StrategicGame.from_arrays(a, b)
        result = gbt.nash.enummixed_solve(game, rational=rational)
        return [
            (
                np.array([float(p["1"][str(i + 1)]) for i in range(m)]),
                np.array([float(p["2"][str(j + 1)]) for j in range(n)]),
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
        # CPU time of this process: every method runs single-threaded, and on a shared
        # machine wall time also counts other processes.
        start = time.process_time()
        found = solve(a, b)
        best = min(best, time.process_time() - start)
    return best, found


def repeats(name: str, size: int) -> int:
    """Runs per game (the best counts): the same for every fast method at a size."""
    slow = name.startswith("nashpy") or name == "gambit rational"
    return 3 if size <= (4 if slow else 8) else 1


def game_limit(name: str, kind: str, size: int, n_games: int) -> int:
    """How many of the games each method is run on (slow methods fewer, or none)."""
    if name.startswith("nashpy"):
        return 0 if size >= 10 else (1 if size >= 8 else (3 if size >= 6 else n_games))
    if name.endswith("support"):  # all supports: grows like 4^n
        return 0 if size >= 12 else (2 if size >= 10 else n_games)
    if name == "gambit rational" and kind == "generic":
        return 0 if size >= 8 else (1 if size >= 6 else n_games)  # exact rationals of normal floats
    if name == "gambit rational":
        return 0 if size >= 12 else (2 if size >= 10 else n_games)
    if name == "gambit float" and size >= 12:  # about 20 s per generic 12 x 12 game, minutes at 15 x 15
        return 0 if size >= 15 else 2
    return n_games


def table(sizes: list[int], n_games: int, kinds: tuple[str, ...] = ("generic", "degenerate")) -> None:
    methods: dict[str, Callable] = {"ours": ours}
    if numba is not None:
        methods["ours compiled"] = ours_compiled
        ours_compiled(*games("generic", 6, 1, 0)[0])  # compilation (or loading numba's cache) outside the timings
    methods |= {"nashpy vertex": nashpy_vertex, "nashpy support": nashpy_support}
    if qe is not None:
        methods["quantecon vertex"] = quantecon("vertex_enumeration")
        methods["quantecon support"] = quantecon("support_enumeration")
        for name in ("quantecon vertex", "quantecon support"):  # JIT compilation outside the timings
            methods[name](*games("generic", 3, 1, 0)[0])
    if gbt is not None:
        methods["gambit float"] = gambit(rational=False)
        methods["gambit rational"] = gambit(rational=True)
    header = f"{'games':<18}{'method':<19}{'median ms':>11}{'eq found':>10}{'t/ours':>9}  correctness"
    print(header)
    print("-" * len(header))
    for kind in kinds:
        for size in sizes:
            count = n_games if size <= 10 else max(2, n_games // 4)
            cases = games(kind, size, count, seed=1000 * size + (kind == "degenerate"))
            reference: list[set | None] = []
            our_times: list[float] = []
            our_bad = 0
            gc.collect()
            for a, b in cases:
                try:
                    elapsed, found = timed(ours, a, b, repeats("ours", size))
                except SolverError:
                    reference.append(None)
                    continue
                our_times.append(elapsed)
                our_bad += sum(not is_nash(a, b, x, y, tol=1e-7) for x, y in found)
                reference.append(keys(found))
            refused = sum(r is None for r in reference)
            our_median = statistics.median(our_times) * 1e3 if our_times else float("nan")
            medians: dict[str, float] = {}
            for name, solve in methods.items():
                limit = min(count, game_limit(name, kind, size, count))
                label = f"{kind} {size}x{size}"
                if limit == 0:
                    print(f"{label:<18}{name:<19}{'skipped (too slow)':>30}")
                    continue
                if name == "ours":
                    total = sum(len(r) for r in reference if r is not None)
                    note = f", {refused} refused" if refused else ""
                    check = "ok" if our_bad == 0 else f"BAD({our_bad})"
                    print(
                        f"{label:<18}{name:<19}{our_median:>11.2f}{total:>6}/{total:<3}{1.0:>9.1f}"
                        f"  reference, {check} (n={count}{note})"
                    )
                    continue
                times, found_total, missed, bad, extra, total = [], 0, 0, 0, 0, 0
                # nashpy's support enumeration leaves enough cyclic garbage to make the next
                # method's collections 2-3 times slower (QuantEcon 6 x 6: 0.4 -> 1.0 ms).
                gc.collect()
                for (a, b), ref in zip(cases[:limit], reference[:limit], strict=True):
                    elapsed, found = timed(solve, a, b, repeats(name, size))
                    times.append(elapsed)
                    got = keys(found)
                    bad += sum(not is_nash(a, b, x, y, tol=1e-7) for x, y in found)
                    if ref is None:
                        continue
                    total += len(ref)
                    found_total += len(got & ref)
                    missed += len(ref - got)
                    extra += len(got - ref)
                median = medians[name] = statistics.median(times) * 1e3
                full = "full" if missed == 0 else f"{found_total}/{total}"
                check = "ok" if bad == 0 else f"BAD({bad})"
                check += f", {extra} not in ours" if extra else ""
                print(
                    f"{label:<18}{name:<19}{median:>11.2f}{found_total:>6}/{total:<3}"
                    f"{median / our_median:>9.1f}  {full}, {check} (n={limit})"
                )
            if kind == "generic" and "ours compiled" in medians and "quantecon vertex" in medians:
                ratio = medians["quantecon vertex"] / medians["ours compiled"]
                print(f"{'':<18}{'quantecon vertex / ours compiled':<37}{ratio:>9.2f}")
        print()


SWEEP_SCENARIO = """format: negotiation-sim/1
title: Three-strategy benchmark game
id: bench_three
description: A 3 x 3 game whose payoffs move with two parameters (benchmark only).
players:
  row: {label: Row}
  col: {label: Column}
parameters:
  s: {value: 1, range: [0, 3], label: s, unit: utils, source: benchmark}
  t: {value: 1, range: [0, 3], label: t, unit: utils, source: benchmark}
game:
  kind: normal
  strategies:
    row: [a, b, c]
    col: [a, b, c]
  payoffs:
    row: [[s, 0, 2], [1, t, 0], [0, 1, s - t]]
    col: [[t, 1, 0], [0, s, 2], [2, 0, 1 + s * t]]
"""

SWEEP_RUN = """
import sys, time
start = time.perf_counter()
import numpy as np
import negotiation_sim as ns
sc = ns.load_scenario(sys.argv[1])
grid = {"s": np.linspace(0, 3, 100), "t": np.linspace(0, 3, 100)}
ready = time.perf_counter()
result = ns.sweep(sc, grid)
done = time.perf_counter()
print(done - start, done - ready, result.distinct_matrices_solved)
"""

QUANTECON_RUN = """
import sys, time
start = time.perf_counter()
import numpy as np
import negotiation_sim as ns
from quantecon import game_theory as qe
sc = ns.load_scenario(sys.argv[1])
values = np.linspace(0, 3, 100)
evaluation = sc.evaluate({"s": values[:, None], "t": values[None, :]})
a = evaluation.matrices["row"].reshape(3, 3, -1)
b = evaluation.matrices["col"].reshape(3, 3, -1)
for k in range(a.shape[2]):
    qe.support_enumeration(qe.NormalFormGame((qe.Player(a[:, :, k]), qe.Player(b[:, :, k].T))))
print(time.perf_counter() - start)
"""


def fresh_process(code: str, path: Path, repeats: int, bytecode_cache: Path | None = None) -> tuple[float, list[str]]:
    """Median wall time of ``code`` in a fresh interpreter (start-up included) and its last output.

    With ``bytecode_cache``, modules are compiled once, in an untimed first run, into that
    folder (``PYTHONPYCACHEPREFIX``) and read from it by the timed runs, as from an
    installed package (pip writes the bytecode at installation); without it the
    environment decides (``PYTHONDONTWRITEBYTECODE=1``: every run compiles every module
    of a source checkout).
    """
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    if bytecode_cache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode_cache)
        subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, check=True, env=env)
    wall, output = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True, env=env
        )
        wall.append(time.perf_counter() - start)
        output = done.stdout.split()
    return statistics.median(wall), output


def sweep_comparison(repeats: int = 3, quantecon_process: bool = True) -> None:
    """A 10,000-point 3 x 3 sweep against a QuantEcon support-enumeration loop, same run."""
    import tempfile

    import negotiation_sim as ns

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench_three.yaml"
        path.write_text(SWEEP_SCENARIO)
        cache = Path(folder) / "bytecode"
        wall, output = fresh_process(SWEEP_RUN, path, repeats, bytecode_cache=cache)
        inside, sweep_only, one_by_one = float(output[0]), float(output[1]), int(output[2])
        compiling = None
        if os.environ.get("PYTHONDONTWRITEBYTECODE"):
            compiling = fresh_process(SWEEP_RUN, path, repeats)[0]
        scenario = ns.load_scenario(path)
        values = np.linspace(0, 3, 100)
        evaluation = scenario.evaluate({"s": values[:, None], "t": values[None, :]})
        in_process = []
        gc.collect()
        for _ in range(repeats):
            start = time.perf_counter()
            ns.sweep(scenario, {"s": values, "t": values})
            in_process.append(time.perf_counter() - start)
        qe_wall = (
            fresh_process(QUANTECON_RUN, path, 1, bytecode_cache=cache)[0]
            if qe is not None and quantecon_process
            else None
        )
    a = evaluation.matrices["row"].reshape(3, 3, -1)
    b = evaluation.matrices["col"].reshape(3, 3, -1)
    sweep_time = statistics.median(in_process)
    print("10,000-point 3 x 3 sweep (100 x 100 grid):")
    print(f"  ours, ns.sweep in a fresh process: {wall:.3f} s wall (process start-up included, bytecode cached),")
    print(f"        {inside:.3f} s from the first import, {sweep_only:.3f} s in ns.sweep;")
    if compiling is not None:
        print(f"        {compiling:.3f} s wall without cached bytecode (every module compiled in every run)")
    print(f"        {one_by_one} distinct matrices solved one by one (the rest in one batch)")
    print(f"  ours, ns.sweep in this process (median of {repeats}): {sweep_time:.3f} s")
    if qe is None:
        print("  quantecon not installed: no comparison")
        return
    start = time.perf_counter()
    qe.support_enumeration(qe.NormalFormGame((qe.Player(a[:, :, 0]), qe.Player(b[:, :, 0].T))))
    jit = time.perf_counter() - start
    loops = []
    gc.collect()  # not the garbage of the table above (it slowed this loop by a third)
    for _ in range(repeats):
        start = time.perf_counter()
        for k in range(a.shape[2]):
            qe.support_enumeration(qe.NormalFormGame((qe.Player(a[:, :, k]), qe.Player(b[:, :, k].T))))
        loops.append(time.perf_counter() - start)
    loop = statistics.median(loops)
    print(f"  QuantEcon support_enumeration loop in this process: {loop:.2f} s (first call {jit:.2f} s, excluded)")
    if qe_wall is not None:
        print(f"  QuantEcon loop in a fresh process (its import and JIT included): {qe_wall:.2f} s wall")
    print(f"  ratio QuantEcon loop / ours, start-up included for ours only: {loop / wall:.2f}  (> 1: ours faster)")
    if compiling is not None:
        print(f"  the same, ours compiling every module:                       {loop / compiling:.2f}")
    print(f"  ratio QuantEcon loop / ours, both in this process:            {loop / sweep_time:.2f}")
    if qe_wall is not None:
        print(f"  ratio both in fresh processes, start-up included for both:   {qe_wall / wall:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark Nash equilibrium enumeration.")
    parser.add_argument("--quick", action="store_true", help="fewer games and sizes")
    parser.add_argument("--sizes", type=int, nargs="+", help="square game sizes")
    parser.add_argument("--games", type=int, help="games per size and kind")
    parser.add_argument("--no-sweep", action="store_true", help="skip the 10,000-point sweep comparison")
    parser.add_argument("--sweep-only", action="store_true", help="only the 10,000-point sweep comparison")
    parser.add_argument("--kinds", nargs="+", default=["generic", "degenerate"], help="game kinds")
    args = parser.parse_args()
    n_games = args.games or (4 if args.quick else 12)
    sizes = args.sizes or ([2, 3, 4, 6, 8] if args.quick else SIZES)
    if not args.sweep_only:
        table(sizes, n_games, tuple(args.kinds))
    if not args.no_sweep:
        sweep_comparison()


if __name__ == "__main__":
    main()
