"""Parameter distributions: loaded, inherited, refused with located errors, and in the JSON Schema."""

from __future__ import annotations

import textwrap

import jsonschema
import pytest
import yaml

import negotiation_sim as ns
from negotiation_sim.errors import ScenarioError
from negotiation_sim.scenario.distributions import Distribution
from negotiation_sim.scenario.json_schema import scenario_json_schema

VALIDATOR = jsonschema.Draft202012Validator(scenario_json_schema())

HEADER = """\
format: negotiation-sim/1
title: Distributions
players: {a: {label: A}, b: {label: B}}
parameters:
"""
GAME = """\
game:
  kind: normal
  strategies: {a: [up, down], b: [left, right]}
  payoffs: {a: [[x, 0], [0, 1]], b: [[1, 0], [0, 1]]}
"""


def write(tmp_path, parameter_line: str, name: str = "case.yaml"):
    path = tmp_path / name
    path.write_text(HEADER + "  " + parameter_line + "\n" + GAME, encoding="utf-8")
    return path


VALID = [
    ("x: {value: 1, range: [0, 2]}", None),
    ("x: {value: 1, range: [0, 2], distribution: uniform}", Distribution(kind="uniform")),
    ("x: {value: 1, distribution: fixed}", Distribution(kind="fixed")),
    (
        "x: {value: 1, range: [0, 2], distribution: {kind: triangular, mode: 0.5}}",
        Distribution(kind="triangular", shape=(("mode", 0.5),)),
    ),
    (
        "x: {value: 1, range: [0, 2], distribution: {kind: normal, mean: 1, sd: 0.3}}",
        Distribution(kind="normal", shape=(("mean", 1.0), ("sd", 0.3))),
    ),
    (
        "x: {value: 1, range: [0, 2], distribution: {kind: beta, a: 2, b: 5}}",
        Distribution(kind="beta", shape=(("a", 2.0), ("b", 5.0))),
    ),
]


@pytest.mark.parametrize("line, expected", VALID, ids=[v[0] for v in VALID])
def test_valid_distributions_load_and_pass_the_schema(tmp_path, line, expected):
    path = write(tmp_path, line)
    assert ns.load_scenario(path).parameters["x"].distribution == expected
    assert not list(VALIDATOR.iter_errors(yaml.safe_load(path.read_text())))


# (parameter line, line, column, key path, message fragment); the parameter sits on line 5.
INVALID = [
    (
        "x: {value: 1, range: [0, 2], distribution: {kind: triangulr, mode: 1}}",
        5,
        53,
        "parameters.x.distribution.kind",
        "unknown distribution kind 'triangulr' (did you mean 'triangular'?)",
    ),
    (
        "x: {value: 1, range: [0, 2], distribution: {kind: beta, a: 2}}",
        5,
        46,
        "parameters.x.distribution",
        "distribution 'beta' needs 'a' and 'b'; missing 'b'",
    ),
    (
        "x: {value: 1, range: [0, 2], distribution: {kind: triangular, mode: 3}}",
        5,
        71,
        "parameters.x.distribution.mode",
        "mode 3 lies outside the range [0, 2]",
    ),
    (
        "x: {value: 1, range: [0, 2], distribution: {kind: normal, mean: 1, sd: 0}}",
        5,
        74,
        "parameters.x.distribution.sd",
        "sd must be positive, found 0",
    ),
    (
        "x: {value: 1, range: [0, 2], distribution: {kind: beta, a: -1, b: 2}}",
        5,
        62,
        "parameters.x.distribution.a",
        "a must be positive",
    ),
    (
        "x: {value: 1, distribution: uniform}",
        5,
        31,
        "parameters.x.distribution",
        "distribution 'uniform' needs the parameter's 'range'",
    ),
    (
        "x: {value: 1, range: [0, 2], distribution: {kind: uniform, mode: 1}}",
        5,
        68,
        "parameters.x.distribution.mode",
        "unknown key 'mode' for distribution 'uniform'; it takes no other keys",
    ),
    (
        "x: {value: 1, range: [0, 2], distribution: {kind: normal, mean: one, sd: 1}}",
        5,
        67,
        "parameters.x.distribution.mean",
        "expected a finite number, found the text 'one'",
    ),
    (
        "x: {value: 1, range: [0, 2], distribution: 3}",
        5,
        46,
        "parameters.x.distribution",
        "expected a distribution kind (uniform, triangular, normal, beta, fixed) or a mapping with 'kind'",
    ),
]


@pytest.mark.parametrize("line, row, column, key_path, fragment", INVALID, ids=[v[4] for v in INVALID])
def test_invalid_distributions_are_located_errors(tmp_path, line, row, column, key_path, fragment):
    path = write(tmp_path, line)
    with pytest.raises(ScenarioError) as caught:
        ns.load_scenario(path)
    matching = [p for p in caught.value.problems if fragment in p.message]
    assert matching, [p.message for p in caught.value.problems]
    problem = matching[0]
    assert (problem.line, problem.column, problem.key_path) == (row, column, key_path)


# The schema cannot compare a mode with the range or a distribution with a missing range.
SCHEMA_CASES = [v for v in INVALID if "range" in v[0] and "mode: 3" not in v[0]]


@pytest.mark.parametrize("line", [v[0] for v in SCHEMA_CASES], ids=[v[4] for v in SCHEMA_CASES])
def test_the_schema_refuses_what_the_loader_refuses(tmp_path, line):
    document = yaml.safe_load(write(tmp_path, line).read_text())
    assert list(VALIDATOR.iter_errors(document))


def test_distribution_is_inherited_through_extends(tmp_path):
    write(tmp_path, "x: {value: 1, range: [0, 2], distribution: {kind: triangular, mode: 1.5}}", "base.yaml")
    child = tmp_path / "child.yaml"
    child.write_text(
        textwrap.dedent(
            """\
            format: negotiation-sim/1
            title: Child
            extends: base.yaml
            parameters:
              x: 0.5
            """
        )
        + GAME,
        encoding="utf-8",
    )
    parameter = ns.load_scenario(child).parameters["x"]
    assert parameter.value == 0.5
    assert parameter.distribution == Distribution(kind="triangular", shape=(("mode", 1.5),))


def test_show_lists_declared_distributions(tmp_path):
    from click.testing import CliRunner

    from negotiation_sim.cli import main

    path = write(tmp_path, "x: {value: 1, range: [0, 2], distribution: {kind: beta, a: 2, b: 5}}")
    result = CliRunner().invoke(main, ["show", str(path)])
    assert result.exit_code == 0
    assert "x: beta(a=2, b=5)" in result.stdout
    plain = CliRunner().invoke(main, ["show", "scenarios/textbook/chance_move.yaml"])
    assert "Distributions" not in plain.stdout  # nothing declared: nothing added
