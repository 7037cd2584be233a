"""Fuzz the expression evaluator: any text parses or raises ExpressionError, and a parsed
expression evaluates (at a point and over a grid) without raising.

Inside a scenario, the same texts must load or give a located ScenarioError.
"""

from __future__ import annotations

import warnings

import numpy as np
from fuzz_support import FUZZ, expression_texts, grammar_expressions, hard_timeout, load_and_solve, write_case
from hypothesis import given
from hypothesis import strategies as st

from negotiation_sim.scenario.expressions import ExpressionError, parse_expression

NAMES = {"a", "b", "c"}
values = st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324])


def _evaluate(text: str, env: dict) -> None:
    with hard_timeout():
        try:
            expression = parse_expression(text, NAMES)
        except ExpressionError as exc:
            assert str(exc).strip()
            return
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # numpy warnings must be silenced by the evaluator
            result = np.asarray(expression(env), dtype=float)
        full = np.broadcast_shapes(*(np.shape(v) for v in env.values()))
        assert np.broadcast_shapes(result.shape, full) == full


@FUZZ
@given(grammar_expressions, values, values, values)
def test_grammar_expressions_at_a_point(text: str, a: float, b: float, c: float) -> None:
    _evaluate(text, {"a": a, "b": b, "c": c})


@FUZZ
@given(expression_texts, values)
def test_arbitrary_text_over_a_grid(text: str, a: float) -> None:
    _evaluate(text, {"a": a, "b": np.linspace(-3.0, 3.0, 7), "c": np.array([[0.0], [1e300]])})


@FUZZ
@given(st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
def test_any_text_parses_or_raises_expression_error(text: str) -> None:
    with hard_timeout():
        try:
            parse_expression(text)
        except ExpressionError as exc:
            assert str(exc).strip()


@FUZZ
@given(expression_texts, st.sampled_from(["payoff", "derived", "probability", "value"]))
def test_expressions_inside_a_scenario(text: str, where: str) -> None:
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    payoff = quoted if where == "payoff" else "a"
    derived = quoted if where == "derived" else "a + 1"
    probability = quoted if where == "probability" else "0.5"
    value = quoted if where == "value" else "1"
    yaml_text = f"""format: negotiation-sim/1
title: expression fuzz
players: {{p: {{}}, q: {{}}}}
parameters: {{a: {value}, b: 2, c: 0}}
derived: {{d: {derived}}}
game:
  kind: extensive
  root: start
  nodes:
    start: {{player: p, moves: {{left: luck, right: fixed}}}}
    luck:
      chance:
        up: {{probability: {probability}, next: fixed}}
        down: {{probability: "1 - ({probability if where == "probability" else "0.5"})", next: other}}
  outcomes:
    fixed: {{payoffs: {{p: {payoff}, q: d}}}}
    other: {{payoffs: {{p: b, q: c}}}}
"""
    load_and_solve(write_case(yaml_text.encode("utf-8", errors="surrogatepass"), "textbook"))
