"""``benchmarks/bench_dominance.py`` runs, and its check that both solvers agree can fail."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from negotiation_sim.solvers import one_side

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


def test_dominance_benchmark_stops_when_the_equilibria_differ(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("bench_dominance", SCRIPT)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    monkeypatch.setattr(one_side, "_undominated", one_side._undominated)  # restored after the test

    def drops_row_0(matrix_q: np.ndarray, matrix_p: np.ndarray, *margins: float) -> tuple:
        rows, columns = np.arange(1, matrix_q.shape[0]), np.arange(matrix_q.shape[1])
        return rows, columns, 0.0, 0.0

    monkeypatch.setattr(bench, "REMOVE", drops_row_0)
    monkeypatch.setattr(sys, "argv", ["bench_dominance.py", "--games", "3", "--sizes", "6"])
    with pytest.raises(SystemExit, match="different equilibria"):
        bench.main()
