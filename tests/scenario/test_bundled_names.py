"""Bundled scenarios by name: in extends/imports from any folder, and in messages (never by their folder)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import negotiation_sim as ns
from negotiation_sim.cli import main
from negotiation_sim.errors import ParameterRangeWarning, ScenarioError
from negotiation_sim.scenario.bundled import bundled_hint, find_bundled

BUNDLED = ns.bundled_scenarios_dir()
HEADER = "format: negotiation-sim/1\ntitle: Mine\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "name, expected",
    [
        ("new_approach", "islands/new_approach.yaml"),
        ("new-approach", "islands/new_approach.yaml"),
        ("islands/new_approach.yaml", "islands/new_approach.yaml"),
        ("islands/new_approach", "islands/new_approach.yaml"),
        ("textbook/stag_hunt.yaml", "textbook/stag_hunt.yaml"),
        ("islands/history/2016_nagato.yaml", "islands/history/2016_nagato.yaml"),
        ("islands/parameters.yaml (bundled)", "islands/parameters.yaml"),
        ("new_approach.yaml", None),  # a file name with a suffix is a path: hinted, not guessed
        ("../pyproject.toml", None),
        ("islands/../islands/new_approach.yaml", None),
        ("/islands/new_approach.yaml", None),
        ("*.yaml", None),
        ("", None),
    ],
)
def test_find_bundled(name, expected):
    found = find_bundled(name)
    assert (found.relative_to(BUNDLED.resolve()).as_posix() if found else None) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("new_approach.yaml", "islands/new_approach.yaml"),
        ("scenarios/islands/new_approach.yaml", "islands/new_approach.yaml"),
        ("islands/new_aproach.yaml", "islands/new_approach.yaml"),
        ("textbook/stag-hunt.yaml", "textbook/stag_hunt.yaml"),
        ("my_own_game.yaml", None),
    ],
)
def test_bundled_hint(name, expected):
    hint = bundled_hint(name)
    assert hint == (f"; did you mean the bundled scenario {expected}?" if expected else "")


@pytest.mark.parametrize(
    "extends", ["new_approach", "islands/new_approach.yaml", "islands/new_approach", "new-approach"]
)
def test_extends_names_a_bundled_scenario_from_any_folder(tmp_path, extends):
    child = _write(tmp_path, "child.yaml", HEADER + f"extends: {extends}\nparameters:\n  china_threat: 0.9\n")
    scenario = ns.load_scenario(child)
    original = ns.load_scenario(BUNDLED / "islands" / "new_approach.yaml")
    assert scenario.game is not None and set(scenario.game.nodes) == set(original.game.nodes)
    assert scenario.parameters["china_threat"].value == 0.9
    assert scenario.parameters["aid_package"].value == original.parameters["aid_package"].value
    bundled = {str((BUNDLED / "islands" / n).resolve()) for n in ("new_approach.yaml", "parameters.yaml")}
    assert set(scenario.input_files) == {str(child.resolve()), *bundled}


def test_imports_name_bundled_scenarios(tmp_path):
    choice = _write(
        tmp_path,
        "choice.yaml",
        HEADER + "extends: islands/parameters.yaml\ngame:\n  kind: extensive\n  root: approach\n"
        "  imports: {tf: islands/territory_first.yaml, na: new_approach}\n"
        "  nodes:\n    approach: {player: japan, moves: {tf: tf.offer, na: na.cooperate}}\n",
    )
    scenario = ns.load_scenario(choice)
    bundled = ns.load_scenario(BUNDLED / "islands" / "approach_choice.yaml")
    assert ns.solve(scenario).equilibria[0].payoffs == ns.solve(bundled).equilibria[0].payoffs


def test_a_file_next_to_the_including_file_wins_over_a_bundled_one(tmp_path):
    _write(
        tmp_path,
        "islands/parameters.yaml",
        HEADER + "players: {japan: {}, russia: {}}\nparameters: {china_threat: {value: 0.25, range: [0, 1]}}\n",
    )
    child = _write(tmp_path, "child.yaml", HEADER + "extends: islands/parameters.yaml\n")
    assert ns.load_scenario(child).parameters["china_threat"].value == 0.25
    assert "aid_package" not in ns.load_scenario(child).parameters


def test_a_missing_extends_that_resembles_a_bundled_name_says_so(tmp_path):
    child = _write(tmp_path, "child.yaml", HEADER + "extends: new_aproach.yaml\nplayers: {a: {}}\n")
    with pytest.raises(ScenarioError) as caught:
        ns.load_scenario(child)
    assert f"{child}:3:10: extends: extends names '{tmp_path / 'new_aproach.yaml'}', which is not a file; " in str(
        caught.value
    )
    assert "did you mean the bundled scenario islands/new_approach.yaml?" in str(caught.value)


def test_a_missing_file_that_resembles_a_bundled_name_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScenarioError, match=r"^new_approach\.yaml: no such file; did you mean the bundled scenario "):
        ns.load_scenario("new_approach.yaml")
    with pytest.raises(ScenarioError, match=r"^unrelated\.yaml: no such file$"):
        ns.load_scenario("unrelated.yaml")
    assert ns.load_scenario("islands/new_approach.yaml").path == "islands/new_approach.yaml (bundled)"
    result = CliRunner().invoke(main, ["validate", "scenarios/textbook/stag_hunt.yaml"])
    assert result.exit_code == 2
    assert "no such file; did you mean the bundled scenario textbook/stag_hunt.yaml?" in result.stderr


@pytest.fixture()
def fake_bundled(tmp_path, monkeypatch):
    """A copy of the bundled folder (with a broken scenario) that negotiation-sim takes as its own."""
    root = tmp_path / "site-packages" / "negotiation_sim" / "scenarios"
    shutil.copytree(BUNDLED, root)
    _write(root, "broken/bad.yaml", HEADER + "extends: ../islands/parameters.yaml\nparameters: {china_threat: x}\n")
    monkeypatch.setattr(ns, "bundled_scenarios_dir", lambda: root)
    monkeypatch.chdir(tmp_path)
    return root


def test_messages_name_bundled_files_never_by_their_folder(fake_bundled, tmp_path):
    with pytest.raises(ScenarioError) as caught:
        ns.load_scenario(fake_bundled / "broken" / "bad.yaml")
    assert str(caught.value).startswith("broken/bad.yaml (bundled):4:")
    child = _write(tmp_path / "work", "child.yaml", HEADER + "extends: broken/bad.yaml\n")
    with pytest.raises(ScenarioError) as caught:
        ns.load_scenario(child)
    text = str(caught.value)
    assert "broken/bad.yaml (bundled):4:" in text and "site-packages" not in text
    scenario = ns.load_scenario(fake_bundled / "islands" / "new_approach.yaml")
    with pytest.warns(ParameterRangeWarning, match=r"^islands/new_approach\.yaml \(bundled\): parameter"):
        scenario.evaluate({"china_threat": 2.0})
    runner = CliRunner()
    for args in (["show", "islands/new_approach.yaml"], ["solve", "new_approach", "--format", "json"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assert "site-packages" not in result.output + result.stderr
        assert "islands/new_approach.yaml (bundled)" in result.output
    result = runner.invoke(main, ["validate", "broken/bad.yaml", "new_approach"])
    assert result.exit_code == 2
    assert "broken/bad.yaml (bundled):4:" in result.stderr and "site-packages" not in result.stderr


def test_outputs_never_overwrite_bundled_inputs(fake_bundled, tmp_path):
    runner = CliRunner()
    child = _write(tmp_path / "work", "child.yaml", HEADER + "extends: islands/new_approach.yaml\n")
    for scenario, victim, expected in [
        ("new_approach", "islands/parameters.yaml", "is read by islands/new_approach.yaml (bundled) "),
        ("new_approach", "islands/new_approach.yaml", "is the input scenario islands/new_approach.yaml (bundled)"),
        (str(child), "islands/parameters.yaml", f"is read by {child} "),
        (str(child), "islands/new_approach.yaml", f"is read by {child} "),
    ]:
        target = fake_bundled / victim
        before = target.read_bytes()
        result = runner.invoke(main, ["export", scenario, "--to", "json", "-o", str(target)])
        assert result.exit_code == 2, result.output
        assert expected in result.stderr
        assert f"(through extends or imports: {victim} (bundled))" in result.stderr or "input scenario" in expected
        assert target.read_bytes() == before


def test_show_lists_the_files_a_scenario_is_built_on(fake_bundled, tmp_path):
    work = tmp_path / "work"
    _write(work, "base.yaml", HEADER + "players: {japan: {}, russia: {}}\nparameters: {extra: 1}\n")
    _write(work, "child.yaml", HEADER + "extends: islands/new_approach.yaml\n")
    runner = CliRunner()
    result = runner.invoke(main, ["show", str(work / "child.yaml")])
    assert result.exit_code == 0, result.output
    assert (
        "built on (extends, imports): islands/new_approach.yaml (bundled), islands/parameters.yaml (bundled)"
        in result.output.splitlines()[2]
    )
    lines = runner.invoke(main, ["show", "textbook/stag_hunt.yaml"]).output.splitlines()
    assert lines[1].endswith("file: textbook/stag_hunt.yaml (bundled)")
    assert not lines[2].startswith("built on")  # nothing but its own file
    scenario = _write(work, "local.yaml", HEADER + "extends: base.yaml\n")
    result = runner.invoke(main, ["show", str(scenario)])
    assert f"built on (extends, imports): {(work / 'base.yaml').relative_to(tmp_path).as_posix()}" in result.output
