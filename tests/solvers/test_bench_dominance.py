"""``benchmarks/bench_dominance.py`` runs, checks its two solvers agree and prints a ratio per kind of game."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_dominance.py"


def test_dominance_benchmark_runs_on_a_few_small_games() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--games", "2", "--sizes", "6", "7"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    rows = [line.split() for line in done.stdout.splitlines() if " 6x6 " in line or " 7x7 " in line]
    assert len(rows) == 6, done.stdout  # three kinds of games, two sizes
    assert all(float(row[-1]) > 0 for row in rows)
