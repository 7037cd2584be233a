"""Replay every input that ever broke something (tests/data/fuzz_corpus/, one file each).

* ``*.yaml``: a scenario file; loading must succeed or raise a located ScenarioError,
  solving (every concept) must return or raise a NegotiationSimError, and the CLI
  (``validate``, ``show``, ``solve --concept all``) must exit 0, 1 or 2 without a traceback.
* ``*.expr``: one expression; parsing must succeed or raise ExpressionError, and a parsed
  expression must evaluate without raising.
* ``*.cli.json``: ``{"args": [...]}`` for the CLI; ``{textbook}`` / ``{islands}`` in an
  argument stand for the bundled scenario folders.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
from click.testing import CliRunner
from fuzz_support import CORPUS, SCENARIOS, check_scenario_error, hard_timeout

import negotiation_sim as ns
from negotiation_sim.cli import main
from negotiation_sim.errors import NegotiationSimError, ScenarioError, ScenarioWarning
from negotiation_sim.scenario.expressions import ExpressionError, parse_expression


def _files(pattern: str) -> list:
    return sorted(CORPUS.glob(pattern), key=lambda p: p.name)


def check_cli(args: list[str]) -> None:
    with hard_timeout():
        result = CliRunner().invoke(main, args)
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, output[-2000:])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output
    assert "internal error" not in output, output[-2000:]
    if result.exit_code == 1:
        assert "cannot write" in output or "output" in output.lower(), output[-2000:]


def test_corpus_is_not_empty() -> None:
    assert _files("*.yaml") and _files("*.expr")


@pytest.mark.parametrize("path", _files("*.yaml"), ids=lambda p: p.name)
def test_corpus_scenario(path) -> None:
    with warnings.catch_warnings(record=True) as caught, hard_timeout():
        warnings.simplefilter("always")
        try:
            scenario = ns.load_scenario(path)
        except ScenarioError as exc:
            check_scenario_error(exc, str(path))
            scenario = None
        if scenario is not None and scenario.game is not None:
            for concept in ("default", "all"):
                try:
                    ns.solve(scenario, concept=concept)
                except NegotiationSimError as exc:
                    assert str(exc).strip()
    assert not [w for w in caught if not issubclass(w.category, ScenarioWarning)]
    check_cli(["validate", str(path)])
    check_cli(["show", str(path)])
    check_cli(["solve", str(path), "--concept", "all", "--format", "json"])


@pytest.mark.parametrize("path", _files("*.expr"), ids=lambda p: p.name)
def test_corpus_expression(path) -> None:
    text = path.read_text(encoding="utf-8").rstrip("\n")
    with hard_timeout():
        try:
            expression = parse_expression(text, {"a", "b", "c"})
        except ExpressionError as exc:
            assert str(exc).strip()
            return
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            env = {"a": 1.5, "b": np.linspace(-2, 2, 5), "c": 0.0}
            expression(env)


@pytest.mark.parametrize("path", _files("*.cli.json"), ids=lambda p: p.name)
def test_corpus_cli(path) -> None:
    args = json.loads(path.read_text(encoding="utf-8"))["args"]
    folders = {"{textbook}": str(SCENARIOS / "textbook"), "{islands}": str(SCENARIOS / "islands")}
    for token, folder in folders.items():
        args = [a.replace(token, folder) for a in args]
    check_cli(args)
