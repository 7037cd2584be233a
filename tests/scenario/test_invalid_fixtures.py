"""Invalid scenario fixtures: each must be refused with located, helpful problems.

The fixtures live in ``tests/data/invalid/``; their expected problems are in
``tests/data/invalid/expected.yaml`` (one test body, driven by that file).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import negotiation_sim as ns
from negotiation_sim.errors import Problem, ScenarioError

DATA = Path(__file__).resolve().parents[1] / "data"
INVALID = DATA / "invalid"
VALID = DATA / "valid"
EXPECTED: dict[str, list[dict]] = yaml.safe_load((INVALID / "expected.yaml").read_text(encoding="utf-8"))
FIXTURES = sorted(p.name for p in INVALID.glob("*.yaml") if p.name != "expected.yaml")
ALLOWED_FIELDS = {"line", "column", "key_path", "file", "message_contains", "xfail"}


def _case(name: str):
    reasons = [item["xfail"] for item in EXPECTED.get(name, []) if "xfail" in item]
    marks = [pytest.mark.xfail(strict=True, reason="; ".join(reasons))] if reasons else []
    return pytest.param(name, id=name.removesuffix(".yaml"), marks=marks)


def _matches(problem: Problem, item: dict, fixture: str) -> bool:
    file = Path(problem.file).name if problem.file else None
    return (
        item["message_contains"] in problem.message
        and file == item.get("file", fixture)
        and problem.line == item["line"]
        and ("column" not in item or problem.column == item["column"])
        and ("key_path" not in item or problem.key_path == item["key_path"])
    )


def test_every_fixture_has_an_expectation_and_every_expectation_a_fixture():
    assert len(FIXTURES) >= 30
    assert sorted(EXPECTED) == FIXTURES
    for name, items in EXPECTED.items():
        assert items, name
        for item in items:
            assert set(item) <= ALLOWED_FIELDS, (name, item)
            assert {"line", "message_contains"} <= set(item), (name, item)


@pytest.mark.parametrize("fixture", [_case(name) for name in FIXTURES])
def test_invalid_fixture_reports_expected_problems(fixture: str):
    with pytest.raises(ScenarioError) as info:
        ns.load_scenario(INVALID / fixture)
    problems = info.value.problems
    assert problems
    shown = "\n".join(f"  {p!s} [key_path={p.key_path!r}]" for p in problems)
    for item in EXPECTED[fixture]:
        assert any(_matches(p, item, fixture) for p in problems), f"missing {item}\nreported:\n{shown}"
    # The exception text lists every problem, and every problem names its file.
    for problem in problems:
        assert problem.file is not None
        assert problem.message in str(info.value)
        assert problem.severity in ("error", "warning")
    assert any(p.severity == "error" for p in problems)


def test_python_tag_is_refused_without_running_anything(tmp_path: Path):
    marker = tmp_path / "pwned"
    scenario = tmp_path / "evil.yaml"
    scenario.write_text(
        "format: negotiation-sim/1\n"
        "title: Evil\n"
        "players: {a: {label: A}}\n"
        f'description: !!python/object/apply:os.system ["touch {marker}"]\n'
        "sources: !!python/object/apply:pathlib.Path.touch\n"
        f"  [!!python/object/apply:pathlib.Path ['{marker}']]\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError, match="unsupported YAML tag"):
        ns.load_scenario(scenario)
    assert not marker.exists()


def test_unreachable_node_is_a_warning_and_the_scenario_loads():
    scenario = ns.load_scenario(VALID / "unreachable_node.yaml")
    warnings = {w.key_path: w for w in scenario.warnings}
    assert set(warnings) == {"game.nodes.orphan", "game.outcomes.lost"}
    orphan = warnings["game.nodes.orphan"]
    assert orphan.severity == "warning"
    assert (orphan.line, orphan.column) == (13, 5)
    assert "'orphan' cannot be reached from the root 'start'" in orphan.message
    assert "warning:" in str(orphan)
    assert warnings["game.outcomes.lost"].line == 19
    # The unreachable parts are kept, and the game still solves.
    assert "orphan" in scenario.game.nodes
    assert [eq.outcomes for eq in ns.solve(scenario).equilibria] == [{"end_left": 1.0}]


def test_warnings_are_reported_with_the_errors_of_a_file(tmp_path: Path):
    text = (VALID / "unreachable_node.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        text.replace("{a: 1, b: 0}", "{a: 1 / zero, b: 0}").replace("players:", "parameters:\n  zero: 0\nplayers:"),
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        ns.load_scenario(broken)
    severities = sorted(p.severity for p in info.value.problems)
    assert severities == ["error", "warning", "warning"]


def test_missing_path_and_folder_are_scenario_errors(tmp_path: Path):
    with pytest.raises(ScenarioError, match="no such file"):
        ns.load_scenario(tmp_path / "nope.yaml")
    with pytest.raises(ScenarioError, match="is a folder"):
        ns.load_scenario(tmp_path)


def test_non_utf8_and_nul_bytes_written_in_the_test(tmp_path: Path):
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"format: negotiation-sim/1\ntitle: Caf\xe9\nplayers: {a: {label: A}}\n")
    with pytest.raises(ScenarioError) as info:
        ns.load_scenario(latin)
    (problem,) = info.value.problems
    assert "not UTF-8" in problem.message
    assert (problem.line, problem.column) == (2, 11)
    nul = tmp_path / "nul.yaml"
    nul.write_bytes(b"format: negotiation-sim/1\x00\n")
    with pytest.raises(ScenarioError, match="NUL bytes"):
        ns.load_scenario(nul)
    # A UTF-8 byte-order mark is fine.
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfformat: negotiation-sim/1\ntitle: BOM\nplayers: {a: {label: A}}\n")
    assert ns.load_scenario(bom).title == "BOM"


def test_invalid_derived_quantity_does_not_cascade(tmp_path: Path):
    path = tmp_path / "cascade.yaml"
    path.write_text(
        "format: negotiation-sim/1\ntitle: Cascade\nplayers: {a: {label: A}, b: {label: B}}\n"
        "parameters: {x: 1}\nderived: {hedge: 'x +'}\n"
        "game: {kind: normal, strategies: {a: [u], b: [l]}, payoffs: {a: [[hedge]], b: [[1]]}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        ns.load_scenario(path)
    messages = [p.message for p in info.value.problems]
    assert any("invalid expression syntax" in m for m in messages)
    assert not any("unknown name 'hedge'" in m for m in messages), messages


def test_reader_problems_name_their_key_path():
    with pytest.raises(ScenarioError) as info:
        ns.load_scenario(INVALID / "duplicate_keys.yaml")
    assert [p.key_path for p in info.value.problems] == ["players.a", "parameters.x"]


def test_chance_message_without_parameters_is_complete():
    with pytest.raises(ScenarioError) as info:
        ns.load_scenario(INVALID / "chance_sum.yaml")
    (problem,) = info.value.problems
    assert problem.message.endswith("at the defaults (no parameters)"), problem.message
