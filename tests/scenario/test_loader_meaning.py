"""Issue 17: files combined through ``extends`` and ``imports`` keep their meaning.

A name must never mean two things at once without a message: a parameter may not shadow an
inherited derived quantity, and an imported subgame's derived quantities keep the definitions
of the file they come from (compared by what they depend on, not by their text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import negotiation_sim as ns
from negotiation_sim.errors import ScenarioError

HEADER = "format: negotiation-sim/1\n"
TWO_PLAYERS = "players: {a: {label: A}, b: {label: B}}\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _shadow_base(folder: Path) -> None:
    _write(
        folder,
        "base.yaml",
        HEADER + "title: Base\n" + TWO_PLAYERS + "parameters: {p: {value: 1, range: [0, 10]}}\n"
        "derived: {x: 'p * 2'}\n"
        "game:\n  kind: normal\n  strategies: {a: [u, d], b: [l]}\n  payoffs: {a: [[x], [1]], b: [[0], [0]]}\n",
    )


def test_parameter_shadowing_an_inherited_derived_quantity_is_a_located_error(tmp_path: Path):
    _shadow_base(tmp_path)
    child = _write(
        tmp_path,
        "child.yaml",
        HEADER + "title: Child\nextends: base.yaml\nparameters:\n  x: {value: 100, range: [0, 1000]}\n",
    )
    with pytest.raises(ScenarioError) as info:
        ns.load_scenario(child)
    (problem,) = [p for p in info.value.problems if p.severity == "error"]
    assert Path(problem.file).name == "child.yaml"
    assert (problem.line, problem.column, problem.key_path) == (5, 3, "parameters.x")
    assert "'x' is a derived quantity in" in problem.message
    assert "base.yaml:5:14;" in problem.message
    assert "rename the parameter, or override the derived quantity under 'derived:'" in problem.message


def test_plain_number_parameter_shadowing_an_inherited_derived_quantity_is_an_error(tmp_path: Path):
    _shadow_base(tmp_path)
    child = _write(tmp_path, "child.yaml", HEADER + "title: Child\nextends: base.yaml\nparameters: {x: 0}\n")
    with pytest.raises(ScenarioError, match="'x' is a derived quantity in"):
        ns.load_scenario(child)


def test_overriding_an_inherited_derived_quantity_under_derived_takes_effect(tmp_path: Path):
    _shadow_base(tmp_path)
    child = _write(
        tmp_path,
        "child.yaml",
        HEADER + "title: Child\nextends: base.yaml\n"
        "parameters: {q: {value: 3, range: [0, 9]}}\nderived: {x: 'q * 10'}\n",
    )
    scenario = ns.load_scenario(child)
    assert "x" not in scenario.parameters
    assert [d.name for d in scenario.derived] == ["x"]
    assert scenario.evaluate().matrices["a"][0, 0] == 30.0
    assert scenario.evaluate({"q": 0}).matrices["a"][0, 0] == 0.0


def _subgame(folder: Path, k: str, d: str = "k + 1") -> None:
    # The player at 'pick' prefers 'high' exactly when d > 0.
    _write(
        folder,
        "sub.yaml",
        HEADER + "title: Sub\n" + TWO_PLAYERS + "parameters: {p: {value: 1, range: [-5, 5]}}\n"
        f"derived: {{k: '{k}', d: '{d}'}}\n"
        "game:\n  kind: extensive\n  root: pick\n"
        "  nodes:\n    pick: {player: a, moves: {high: up, low: down}}\n"
        "  outcomes:\n    up: {payoffs: {a: d, b: 0}}\n    down: {payoffs: {a: 0, b: 0}}\n",
    )


def _main(folder: Path, k: str, d: str = "k + 1") -> Path:
    return _write(
        folder,
        "main.yaml",
        HEADER + "title: Main\n" + TWO_PLAYERS + "parameters: {p: {value: 1, range: [-5, 5]}}\n"
        f"derived: {{k: '{k}', d: '{d}'}}\n"
        "game:\n  kind: extensive\n  root: start\n  imports: {s: sub.yaml}\n"
        "  nodes:\n    start: {player: b, moves: {go: s.pick}}\n",
    )


def test_imported_derived_with_same_text_but_different_dependencies_keeps_its_meaning(tmp_path: Path):
    _subgame(tmp_path, k="p*2")
    scenario = ns.load_scenario(_main(tmp_path, k="p*-5"))
    names = [d.name for d in scenario.derived]
    # 'd' reads the same but depends on a different 'k': both are kept under the prefix.
    assert {"k", "d", "s.k", "s.d"} <= set(names)
    values = scenario.evaluate().values
    assert float(values["s.k"]) == 2.0 and float(values["s.d"]) == 3.0
    assert float(values["k"]) == -5.0 and float(values["d"]) == -4.0
    assert scenario.evaluate().outcome_payoffs["s.up"].tolist() == [3.0, 0.0]
    # The imported player's choice is the one the subgame makes on its own.
    alone = ns.solve(ns.load_scenario(tmp_path / "sub.yaml")).equilibria
    together = ns.solve(scenario).equilibria
    assert [eq.path for eq in alone] == [("pick=high",)]
    assert [eq.path for eq in together] == [("start=go", "s.pick=high")]


def test_imported_derived_that_mean_the_same_are_shared(tmp_path: Path):
    _subgame(tmp_path, k="p*2")
    scenario = ns.load_scenario(_main(tmp_path, k="p*2"))
    assert sorted(d.name for d in scenario.derived) == ["d", "k"]


def test_imported_derived_with_a_renamed_dependency_deep_in_a_chain_is_kept_apart(tmp_path: Path):
    _subgame(tmp_path, k="p*2", d="e + 1")
    sub = (tmp_path / "sub.yaml").read_text(encoding="utf-8").replace("d: 'e + 1'}", "e: 'k', d: 'e + 1'}")
    _write(tmp_path, "sub.yaml", sub)
    main = _main(tmp_path, k="p*-5", d="e + 1")
    main.write_text(main.read_text(encoding="utf-8").replace("d: 'e + 1'}", "e: 'k', d: 'e + 1'}"), encoding="utf-8")
    scenario = ns.load_scenario(main)
    values = scenario.evaluate().values
    assert float(values["s.d"]) == 3.0
    assert float(values["d"]) == -4.0


def test_imported_derived_named_like_a_parameter_of_the_importer_is_kept_apart(tmp_path: Path):
    _subgame(tmp_path, k="p*2")
    main = _write(
        tmp_path,
        "main.yaml",
        HEADER + "title: Main\n" + TWO_PLAYERS + "parameters: {p: {value: 1, range: [-5, 5]}, k: -100}\n"
        "game:\n  kind: extensive\n  root: start\n  imports: {s: sub.yaml}\n"
        "  nodes:\n    start: {player: b, moves: {go: s.pick}}\n",
    )
    scenario = ns.load_scenario(main)
    assert float(scenario.evaluate().values["s.k"]) == 2.0
    assert scenario.evaluate({"k": 7}).outcome_payoffs["s.up"].tolist() == [3.0, 0.0]
