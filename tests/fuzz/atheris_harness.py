"""Coverage-guided fuzzing with atheris (optional; not collected by pytest).

    pip install atheris
    python tests/fuzz/atheris_harness.py -atheris_runs=100000 tests/data/fuzz_corpus/
    python tests/fuzz/atheris_harness.py -max_total_time=3600 -timeout=10 tests/data/fuzz_corpus/

The input bytes are a scenario file (first byte < 32) or an expression (otherwise). Any
exception other than ScenarioError / SolverError / ExpressionError is a crash; libFuzzer's
``-timeout`` catches hangs. A crashing input is written to ``crash-*``: add it to
tests/data/fuzz_corpus/ (one file each) so that test_fuzz_corpus.py replays it.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings

import atheris

with atheris.instrument_imports():
    import negotiation_sim as ns
    from negotiation_sim.scenario.expressions import ExpressionError, parse_expression

_DIR = tempfile.mkdtemp(prefix="ns-atheris-")
_PATH = os.path.join(_DIR, "case.yaml")
_ENV = {"a": 1.5, "b": -2.0, "c": 0.0}


def test_one_input(data: bytes) -> None:
    warnings.simplefilter("ignore")
    if data[:1] and data[0] >= 32:
        try:
            expression = parse_expression(data.decode("utf-8", "replace"), set(_ENV))
        except ExpressionError:
            return
        expression(_ENV)
        return
    with open(_PATH, "wb") as handle:
        handle.write(data[1:])
    try:
        scenario = ns.load_scenario(_PATH)
        if scenario.game is not None:
            ns.solve(scenario)
    except ns.NegotiationSimError:
        pass


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
