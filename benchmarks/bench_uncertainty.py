"""Benchmark the chunked, vectorised Monte Carlo against solving the same draws one by one.

    python benchmarks/bench_uncertainty.py [--samples N] [--loop K] [--workers W] [--quick]

1. ``uncertainty`` of territory-first against the new approach (``scenarios/islands/``)
   with 10^6 samples (Sobol' indices off, so the time is the Monte Carlo alone), timed end
   to end: drawing, evaluating the payoffs, backward induction, reduction.
2. The first K (default 300) of the same draws solved with ``ns.compare`` (two exact
   ``ns.solve`` calls per point) in a Python loop; its outcomes and comparison classes must
   equal the vectorised run's on every one of them.  The per-sample speed-up is printed
   (DESIGN §6 target: at least 300x).
3. Local against Dask: the same run on a local Dask cluster with W worker processes
   (default 2); the numbers must be identical, and the overhead (cluster start-up,
   shipping the scenario and the results) is printed.
4. The Sobol' design on its own: SALib's Saltelli sample size and time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import negotiation_sim as ns
from negotiation_sim.analysis.compare import compare
from negotiation_sim.analysis.sampling import CHUNK_SIZE, chunk_uniforms, from_unit, uncertain_parameters
from negotiation_sim.analysis.uncertainty import uncertainty

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios" / "islands"


def first_draws(scenarios, seed: int, count: int) -> list[dict[str, float]]:
    """The first ``count`` draws of a run (all in chunk 0 when count <= CHUNK_SIZE)."""
    parameters = uncertain_parameters(scenarios)
    unit = chunk_uniforms(seed, 0, CHUNK_SIZE, len(parameters))[:count]
    columns = {p.name: from_unit(p, unit[:, k]) for k, p in enumerate(parameters)}
    return [{name: float(v[i]) for name, v in columns.items()} for i in range(count)]


def reached(solution) -> str:
    return "|".join(sorted({o for d in solution.analysis["outcome_distributions"] for o, p in d.items() if p > 0}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--loop", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--quick", action="store_true", help="100 000 samples and a 100-point loop")
    args = parser.parse_args()
    if args.quick:
        args.samples, args.loop = 100_000, 100
    pair = (ns.load_scenario(SCENARIOS / "territory_first.yaml"), ns.load_scenario(SCENARIOS / "new_approach.yaml"))

    print(f"1. Monte Carlo, territory-first vs new approach: {args.samples:,} samples, seed {args.seed}")
    start = time.perf_counter()
    local = uncertainty(pair, samples=args.samples, seed=args.seed, sobol=False)
    local_time = time.perf_counter() - start
    per_sample = local_time / args.samples
    print(f"   {local_time:.2f} s = {per_sample * 1e6:.2f} us/sample ({len(local.parameters)} parameters drawn)")
    for player, shares in local.comparison.items():
        shown = ", ".join(f"{k} {v.probability:.4f}" for k, v in shares.items())
        print(f"   {player}: {shown}")

    print(f"2. ns.compare (2 x ns.solve) in a Python loop on the first {args.loop} of the same draws")
    points = first_draws(pair, args.seed, args.loop)
    start = time.perf_counter()
    solutions = [compare(list(pair), point) for point in points]
    loop_time = time.perf_counter() - start
    per_point = loop_time / args.loop
    mismatches = 0
    for k, comparison in enumerate(solutions):
        for player in local.players:
            d = comparison.difference[player]
            if not np.isclose(local.values[player][k], d, rtol=0, atol=1e-9):
                mismatches += 1
    check = uncertainty(pair, samples=args.loop, seed=args.seed, sobol=False)
    for index, scenario in enumerate(pair):
        counts: dict[str, int] = {}
        for point in points:
            key = reached(ns.solve(scenario, point))
            counts[key] = counts.get(key, 0) + 1
        if counts != {o.key: o.share.count for o in check.outcomes[index]}:
            mismatches += 1
    ratio = per_point / per_sample
    print(f"   {loop_time:.2f} s = {per_point * 1e6:.0f} us/sample")
    print(f"   speed-up per sample: {ratio:.0f}x (target >= 300x): {'OK' if ratio >= 300 else 'BELOW TARGET'}")
    print(f"   answers identical on the {args.loop} points: {'yes' if mismatches == 0 else f'NO ({mismatches})'}")

    print(f"3. The same {args.samples:,} samples on a local Dask cluster with {args.workers} worker processes")
    start = time.perf_counter()
    remote = uncertainty(pair, samples=args.samples, seed=args.seed, sobol=False, workers=args.workers)
    dask_time = time.perf_counter() - start
    same = remote.to_record() == local.to_record() and all(
        np.array_equal(remote.values[p], local.values[p], equal_nan=True) for p in local.players
    )
    print(
        f"   --workers {args.workers} end to end: {dask_time:.2f} s (local {local_time:.2f} s): "
        f"overhead {dask_time - local_time:+.2f} s"
    )
    print(f"   results identical to the local run: {'yes' if same else 'NO'}")
    from distributed import Client, LocalCluster

    start = time.perf_counter()
    with (
        LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        started = time.perf_counter()
        uncertainty(pair, samples=args.samples, seed=args.seed, sobol=False, scheduler=client)
        first = time.perf_counter()
        again = uncertainty(pair, samples=args.samples, seed=args.seed, sobol=False, scheduler=client)
        warm = time.perf_counter()
    same = same and again.to_record() == local.to_record()
    print(
        f"   of which: cluster start-up {started - start:.2f} s, first run {first - started:.2f} s, "
        f"a second run on the warm cluster {warm - first:.2f} s"
    )

    print("4. Sobol' indices (SALib, Saltelli's scheme), base N = 4096")
    start = time.perf_counter()
    sobol = uncertainty(pair, samples=4096 * 22, seed=args.seed, sobol_base=4096)
    sobol_time = time.perf_counter() - start
    print(f"   {sobol.sobol_runs:,} model runs + {sobol.samples:,} Monte Carlo samples in {sobol_time:.2f} s")
    top = sorted(sobol.sobol["japan"].items(), key=lambda item: -item[1].total)[:3]
    print("   japan, largest total indices: " + ", ".join(f"{n} {s.total:.2f}" for n, s in top))
    return 0 if mismatches == 0 and same else 1


if __name__ == "__main__":
    raise SystemExit(main())
