"""Issue 17: hostile or surprising input gets a located message (never an internal error),
files named through ``extends`` are never echoed, and YAML 1.1 surprises are warned about."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import negotiation_sim as ns
from negotiation_sim.errors import ScenarioError

INVALID = Path(__file__).resolve().parents[1] / "data" / "invalid"
HEADER = "format: negotiation-sim/1\n"
GAME = (
    "players: {a: {label: A}, b: {label: B}}\n"
    "game: {kind: normal, strategies: {a: [u], b: [l]}, payoffs: {a: [[x]], b: [[0]]}}\n"
)


def _problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        ns.load_scenario(path)
    return [str(p) for p in info.value.problems]


def test_extends_of_a_file_that_is_not_a_scenario_does_not_show_its_content(tmp_path: Path):
    for name, content in [
        (".env", "API_TOKEN=SECRET-value-1\n"),
        ("credentials.yaml", "password: SECRET-value-2\ntoken: [SECRET-3]\n"),
        ("notes.txt", "SECRET-value-4 that: [is not yaml\n"),
    ]:
        (tmp_path / name).write_text(content, encoding="utf-8")
        child = tmp_path / "child.yaml"
        child.write_text(HEADER + f"title: Child\nextends: {name}\nparameters: {{x: 1}}\n" + GAME, encoding="utf-8")
        shown = "\n".join(_problems(child))
        assert "SECRET" not in shown
        assert f"{name}: is not a negotiation-sim scenario" in shown


def test_imports_of_a_file_that_is_not_a_scenario_do_not_show_its_content(tmp_path: Path):
    (tmp_path / "secret.yaml").write_text("aws_secret_access_key: SECRET\n", encoding="utf-8")
    main = tmp_path / "main.yaml"
    main.write_text(
        HEADER + "title: Main\nparameters: {x: 1}\nplayers: {a: A, b: B}\n"
        "game:\n  kind: extensive\n  root: r\n  imports: {s: secret.yaml}\n"
        "  nodes:\n    r: {player: a, moves: {go: s.r}}\n",
        encoding="utf-8",
    )
    shown = "\n".join(_problems(main))
    assert "SECRET" not in shown and "aws_secret" not in shown
    assert "secret.yaml: is not a negotiation-sim scenario" in shown


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_extends_through_a_symbolic_link_loop_is_a_located_error(tmp_path: Path):
    os.symlink(tmp_path / "two.yaml", tmp_path / "one.yaml")
    os.symlink(tmp_path / "one.yaml", tmp_path / "two.yaml")
    child = tmp_path / "child.yaml"
    child.write_text(HEADER + "title: Child\nextends: one.yaml\nparameters: {x: 1}\n" + GAME, encoding="utf-8")
    (problem,) = _problems(child)
    assert problem.startswith(f"{child}:3:10: extends: extends names ")
    assert "loop of symbolic links" in problem


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_scenario_path_that_is_a_symbolic_link_loop_says_so(tmp_path: Path):
    os.symlink(tmp_path / "two.yaml", tmp_path / "one.yaml")
    os.symlink(tmp_path / "one.yaml", tmp_path / "two.yaml")
    (problem,) = _problems(tmp_path / "one.yaml")
    assert "is a symbolic link that leads nowhere (a loop of links, or a missing target)" in problem


def test_a_scenario_path_below_a_file_says_not_a_folder(tmp_path: Path):
    (tmp_path / "plain.yaml").write_text("x: 1\n", encoding="utf-8")
    (problem,) = _problems(tmp_path / "plain.yaml" / "scenario.yaml")
    assert "is a file, not a folder" in problem


def test_an_invalid_file_imported_many_times_reports_its_problems_once(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text(HEADER + "players: {a: A, b: B}\n", encoding="utf-8")
    main = tmp_path / "main.yaml"
    main.write_text(
        HEADER + "title: Main\nplayers: {a: A, b: B}\n"
        "game:\n  kind: extensive\n  root: r\n  imports: {one: bad.yaml, two: bad.yaml, three: bad.yaml}\n"
        "  nodes:\n    r: {player: a, moves: {go: one.r}}\n",
        encoding="utf-8",
    )
    problems = _problems(main)
    assert sum("the file this import is invalid" in p for p in problems) == 3
    assert sum("missing required key 'title'" in p for p in problems) == 1


@pytest.mark.parametrize(
    ("written", "value", "message"),
    [
        ("010", 8.0, "YAML reads 010 as the octal number 8; write 10 for the decimal number, or quote it"),
        ("-0017", -15.0, "YAML reads -0017 as the octal number -15; write 17 for the decimal number"),
        ("1:30", 90.0, "YAML reads 1:30 as the base-60 number 90; quote it if you meant text"),
        ("1:30.5", 90.5, "YAML reads 1:30.5 as the base-60 number 90.5"),
    ],
)
def test_yaml_1_1_number_surprises_are_warnings(tmp_path: Path, written: str, value: float, message: str):
    path = tmp_path / "numbers.yaml"
    path.write_text(HEADER + f"title: Numbers\nparameters: {{x: {written}}}\n" + GAME, encoding="utf-8")
    scenario = ns.load_scenario(path)
    assert scenario.parameters["x"].value == value
    (warning,) = scenario.warnings
    assert (warning.severity, warning.line, warning.column, warning.key_path) == ("warning", 3, 17, "parameters.x")
    assert message in warning.message


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("parameters: {x: 10}", 10.0),
        ("parameters: {x: 0}", 0.0),
        ("parameters: {x: 0.5}", 0.5),
        ("parameters: {x: 0x1F}", 31.0),
        ("parameters: {x: 1_000}", 1000.0),
        ("parameters: {x: 1}\nsources: ['010', \"1:30\"]", 1.0),
    ],
)
def test_ordinary_numbers_and_quoted_text_do_not_warn(tmp_path: Path, line: str, value: float):
    path = tmp_path / "numbers.yaml"
    path.write_text(HEADER + f"title: Numbers\n{line}\n" + GAME, encoding="utf-8")
    scenario = ns.load_scenario(path)
    assert scenario.parameters["x"].value == value
    assert scenario.warnings == ()


def test_every_message_about_an_extends_target_is_printable(tmp_path: Path):
    # Surrogates, NUL and 5,000-character names all end in text that encodes as UTF-8.
    for fixture in ("lone_surrogate.yaml", "extends_nul.yaml", "extends_long_name.yaml"):
        for problem in _problems(INVALID / fixture):
            problem.encode("utf-8")
            assert len(problem) < 600
