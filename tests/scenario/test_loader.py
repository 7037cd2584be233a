"""Loading scenarios: bundled files, extends, imports, evaluation and overrides."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negotiation_sim as ns
from negotiation_sim.errors import ParameterRangeWarning, ScenarioError
from negotiation_sim.games import GameTree, NormalFormGame
from negotiation_sim.scenario import parse_overrides
from negotiation_sim.scenario.expressions import FUNCTIONS
from negotiation_sim.scenario.schema import ExtensiveGame, NormalGame

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "scenarios").glob("**/*.yaml"))
VALID = Path(__file__).resolve().parents[1] / "data" / "valid"


# --- bundled and valid scenarios ------------------------------------------------------------------


def test_bundled_scenarios_are_found():
    names = {p.name for p in BUNDLED}
    assert {"prisoners_dilemma.yaml", "entry_deterrence.yaml", "approach_choice.yaml"} <= names
    assert ns.bundled_scenarios_dir().resolve() == (ROOT / "scenarios").resolve()


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(ROOT / "scenarios")))
def test_every_bundled_scenario_loads_and_evaluates(path: Path):
    scenario = ns.load_scenario(path)
    assert scenario.title
    assert scenario.warnings == ()
    # Messages name a bundled file by its place among the bundled scenarios, never by its folder.
    assert scenario.path == f"{path.relative_to(ROOT / 'scenarios').as_posix()} (bundled)"
    assert scenario.input_files[0] == str(path.resolve())
    for parameter in scenario.parameters.values():
        if parameter.range is not None:
            assert parameter.range[0] <= parameter.value <= parameter.range[1]
    if scenario.game is None:
        assert path.name == "parameters.yaml"
        return
    evaluation = scenario.evaluate()
    assert evaluation.shape == ()
    if isinstance(evaluation, NormalFormGame):
        arrays = [*evaluation.matrices.values()]
    else:
        assert isinstance(evaluation, GameTree)
        arrays = [*evaluation.outcome_payoffs.values(), *evaluation.probabilities.values()]
    assert arrays
    assert all(np.all(np.isfinite(a)) for a in arrays)


@pytest.mark.parametrize("path", sorted(VALID.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_valid_fixture_loads(path: Path):
    scenario = ns.load_scenario(path)
    assert scenario.players


def test_id_defaults_to_file_stem_and_fields_are_read():
    scenario = ns.load_scenario(VALID / "child_override.yaml")
    assert scenario.id == "child_override"
    base = ns.load_scenario(VALID / "base_parameters.yaml")
    assert base.id == "base-parameters"
    assert base.description == "Used by the extends tests."
    assert base.sources == ("illustrative",)
    assert base.player_label("row") == "Row player"
    assert base.player_label("nobody") == "nobody"


# --- extends ----------------------------------------------------------------------------------------


def test_extends_inherits_and_overrides():
    base = ns.load_scenario(VALID / "base_parameters.yaml")
    child = ns.load_scenario(VALID / "child_override.yaml")
    assert child.player_ids == ("row", "column") == base.player_ids
    assert child.player_label("row") == "Row player"
    # A plain-number override keeps the inherited range, label, unit and source.
    x = child.parameters["x"]
    assert x.value == 1.5
    assert x.range == (0.0, 2.0)
    assert x.label == "The x parameter"
    assert x.unit == "utils"
    assert x.source == "illustrative: a round number"
    assert child.parameters["y"] == base.parameters["y"]
    assert child.parameters["z"].display_label == "Zed"
    assert list(child.parameters) == ["x", "y", "z"]
    # Inherited derived quantities come before those that use them.
    assert [d.name for d in child.derived] == ["s", "t"]
    # No game in the child: the parent's game is inherited, evaluated with the child's values.
    assert isinstance(child.game, NormalGame)
    values = child.evaluate().values
    assert float(values["s"]) == 3.5
    assert float(values["t"]) == 10.5
    assert child.evaluate().matrices["row"][0, 0] == 3.5
    assert base.evaluate().matrices["row"][0, 0] == 3.0


def test_child_game_replaces_inherited_game(tmp_path: Path):
    (tmp_path / "base.yaml").write_text((VALID / "base_parameters.yaml").read_text(), encoding="utf-8")
    (tmp_path / "child.yaml").write_text(
        "format: negotiation-sim/1\ntitle: Child\nextends: base.yaml\n"
        "parameters:\n  x: {range: [0, 5], label: Wider}\n"
        "game:\n  kind: normal\n  strategies: {row: [only], column: [only]}\n"
        "  payoffs: {row: [[s]], column: [[x]]}\n",
        encoding="utf-8",
    )
    child = ns.load_scenario(tmp_path / "child.yaml")
    assert child.game.shape == (1, 1)
    x = child.parameters["x"]
    assert (x.value, x.range, x.label, x.unit) == (1.0, (0.0, 5.0), "Wider", "utils")


def test_override_outside_inherited_range_is_an_error(tmp_path: Path):
    (tmp_path / "base.yaml").write_text((VALID / "base_parameters.yaml").read_text(), encoding="utf-8")
    (tmp_path / "child.yaml").write_text(
        "format: negotiation-sim/1\ntitle: Child\nextends: base.yaml\nparameters:\n  x: 7\n", encoding="utf-8"
    )
    with pytest.raises(ScenarioError, match=r"value 7 lies outside its range \[0, 2\]") as info:
        ns.load_scenario(tmp_path / "child.yaml")
    assert info.value.problems[0].line == 5


def test_inherited_game_with_other_players_is_an_error(tmp_path: Path):
    (tmp_path / "base.yaml").write_text((VALID / "base_parameters.yaml").read_text(), encoding="utf-8")
    (tmp_path / "child.yaml").write_text(
        "format: negotiation-sim/1\ntitle: Child\nextends: base.yaml\nplayers: {third: {label: Third}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError, match="the inherited game has players row, column"):
        ns.load_scenario(tmp_path / "child.yaml")


# --- imports ------------------------------------------------------------------------------------------


def test_imports_prefix_nodes_outcomes_and_derived():
    scenario = ns.load_scenario(VALID / "entry_imports.yaml")
    game = scenario.game
    assert isinstance(game, ExtensiveGame)
    assert set(game.nodes) == {"choose", "ed.entry", "ed.response"}
    assert set(game.outcomes) == {"sold", "ed.monopoly", "ed.price_war", "ed.shared_market"}
    assert dict(game.nodes["ed.entry"].moves) == {"enter": "ed.response", "stay_out": "ed.monopoly"}
    assert game.nodes["ed.response"].player == "incumbent"
    # The imported file's own 'war' differs from this file's, so it is kept as 'ed.war'.
    assert [d.name for d in scenario.derived] == ["war", "ed.war"]
    evaluation = scenario.evaluate()
    assert float(evaluation.values["war"]) == -6.0
    assert float(evaluation.values["ed.war"]) == -2.0
    assert evaluation.outcome_payoffs["ed.price_war"].tolist() == [-2.0, -2.0]
    assert evaluation.outcome_payoffs["sold"].tolist() == [-6.0, 1.0]
    # Parameters are the importing file's: overriding them reaches the imported subtree.
    moved = scenario.evaluate({"fight_cost": 1.0})
    assert moved.outcome_payoffs["ed.price_war"].tolist() == [3.0, 3.0]
    assert [eq.path for eq in ns.solve(scenario).equilibria] == [
        ("choose=play", "ed.entry=enter", "ed.response=accommodate")
    ]


def test_imports_share_identical_derived(tmp_path: Path):
    (tmp_path / "tree.yaml").write_text((VALID / "entry_tree.yaml").read_text(), encoding="utf-8")
    (tmp_path / "main.yaml").write_text(
        "format: negotiation-sim/1\ntitle: Main\n"
        "players: {entrant: {label: E}, incumbent: {label: I}}\n"
        "parameters: {fight_cost: 2}\nderived: {war: '4 - fight_cost'}\n"
        "game:\n  kind: extensive\n  root: pick\n  imports: {one: tree.yaml, two: tree.yaml}\n"
        "  nodes:\n    pick: {player: entrant, moves: {first: one.entry, second: two.entry}}\n",
        encoding="utf-8",
    )
    scenario = ns.load_scenario(tmp_path / "main.yaml")
    assert [d.name for d in scenario.derived] == ["war"]
    assert {o for o in scenario.game.outcomes} == {
        f"{p}.{o}" for p in ("one", "two") for o in ("monopoly", "price_war", "shared_market")
    }
    payoffs = scenario.evaluate().outcome_payoffs
    assert payoffs["one.price_war"].tolist() == payoffs["two.price_war"].tolist() == [2.0, 2.0]


def test_imports_need_the_parameters(tmp_path: Path):
    (tmp_path / "tree.yaml").write_text((VALID / "entry_tree.yaml").read_text(), encoding="utf-8")
    (tmp_path / "main.yaml").write_text(
        "format: negotiation-sim/1\ntitle: Main\n"
        "players: {entrant: {label: E}, incumbent: {label: I}}\n"
        "game:\n  kind: extensive\n  root: pick\n  imports: {ed: tree.yaml}\n"
        "  nodes:\n    pick: {player: entrant, moves: {go: ed.entry}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError, match="uses parameters this scenario does not declare: fight_cost"):
        ns.load_scenario(tmp_path / "main.yaml")


# --- evaluation and overrides ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dilemma():
    return ns.load_scenario(ROOT / "scenarios" / "textbook" / "prisoners_dilemma.yaml")


@pytest.fixture(scope="module")
def entry():
    return ns.load_scenario(ROOT / "scenarios" / "textbook" / "entry_deterrence.yaml")


def test_evaluate_at_a_point(dilemma):
    evaluation = dilemma.evaluate({"temptation": 6})
    assert evaluation.shape == ()
    assert isinstance(evaluation, NormalFormGame)
    assert evaluation.strategies == (("cooperate", "defect"), ("cooperate", "defect"))
    assert evaluation.matrices["suspect_a"].tolist() == [[3.0, 0.0], [6.0, 1.0]]
    assert evaluation.matrices["suspect_b"].tolist() == [[3.0, 6.0], [0.0, 1.0]]
    assert evaluation.parameter_values()["temptation"] == 6.0
    assert evaluation.parameter_values()["reward"] == 3.0


def test_evaluate_over_a_grid_equals_points(dilemma):
    temptation = np.linspace(3.5, 10, 4)[:, None]
    reward = np.linspace(1.5, 4.5, 3)[None, :]
    grid = dilemma.evaluate({"temptation": temptation, "reward": reward})
    assert grid.shape == (4, 3)
    assert grid.matrices["suspect_a"].shape == (2, 2, 4, 3)
    assert grid.values["punishment"].shape == (4, 3)
    for i, j in np.ndindex(4, 3):
        point = dilemma.evaluate({"temptation": float(temptation[i, 0]), "reward": float(reward[0, j])})
        for player in dilemma.player_ids:
            np.testing.assert_array_equal(grid.matrices[player][:, :, i, j], point.matrices[player])


def test_evaluate_extensive_grid_equals_points():
    scenario = ns.load_scenario(ROOT / "scenarios" / "islands" / "approach_choice.yaml")
    threat = np.linspace(0, 1, 5)
    grid = scenario.evaluate({"china_threat": threat})
    assert grid.shape == (5,)
    for outcome, values in grid.outcome_payoffs.items():
        assert values.shape == (2, 5)
        for k, t in enumerate(threat):
            point = scenario.evaluate({"china_threat": float(t)}).outcome_payoffs[outcome]
            np.testing.assert_allclose(values[:, k], point, rtol=1e-12)
    assert grid.values["coop_japan"].shape == (5,)


def test_evaluation_arrays_are_read_only(entry):
    evaluation = entry.evaluate()
    with pytest.raises(ValueError):
        evaluation.outcome_payoffs["monopoly"][0] = 1.0
    with pytest.raises(TypeError):
        evaluation.outcome_payoffs["monopoly"] = np.zeros(2)  # type: ignore[index]


def test_override_unknown_name_suggests(entry):
    with pytest.raises(ScenarioError) as info:
        entry.evaluate({"fight_cots": 1.0})
    (problem,) = info.value.problems
    assert "unknown parameter 'fight_cots' (did you mean 'fight_cost'?)" in problem.message
    assert problem.key_path == "override fight_cots"


def test_override_derived_name_is_an_error():
    scenario = ns.load_scenario(ROOT / "scenarios" / "islands" / "territory_first.yaml")
    with pytest.raises(ScenarioError, match="'coop_japan' is a derived quantity"):
        scenario.evaluate({"coop_japan": 1.0})


@pytest.mark.parametrize("bad", ["high", [1.0, np.nan], np.inf, None])
def test_override_non_numbers_are_errors(entry, bad):
    with pytest.raises(ScenarioError, match="expected"):
        entry.evaluate({"fight_cost": bad})


def test_all_override_problems_are_reported_at_once(entry):
    with pytest.raises(ScenarioError) as info:
        entry.evaluate({"nope": 1, "fight_cost": "x", "duopoly_profit": 5})
    assert len(info.value.problems) == 2


def test_override_outside_range_warns(entry):
    with pytest.warns(ParameterRangeWarning, match=r"'fight_cost' set to 20.0, outside its declared range"):
        evaluation = entry.evaluate({"fight_cost": 20})
    assert evaluation.outcome_payoffs["price_war"].tolist() == [-16.0, -16.0]
    with pytest.warns(ParameterRangeWarning, match="values from 0.0 to 12.0"):
        entry.evaluate({"fight_cost": np.linspace(0, 12, 5)})


def test_override_inside_range_does_not_warn(entry):
    # filterwarnings=error would turn any warning into a failure.
    entry.evaluate({"fight_cost": np.linspace(1, 12, 5)})
    entry.evaluate({"fight_cost": 1})


def test_override_grids_must_broadcast(entry):
    with pytest.raises(ScenarioError, match="do not broadcast"):
        entry.evaluate({"fight_cost": np.ones(3) * 2, "duopoly_profit": np.ones(4) * 2})


def test_payoff_that_becomes_infinite_under_override_names_the_point(tmp_path: Path):
    path = tmp_path / "inv.yaml"
    path.write_text(
        "format: negotiation-sim/1\ntitle: Inverse\nplayers: {a: {label: A}, b: {label: B}}\n"
        "parameters: {x: {value: 1, range: [0, 2]}}\n"
        "game: {kind: normal, strategies: {a: [u], b: [l]}, payoffs: {a: [['1 / x']], b: [[0]]}}\n",
        encoding="utf-8",
    )
    scenario = ns.load_scenario(path)
    with pytest.raises(ScenarioError, match=r"is infinite at x=0") as info:
        scenario.evaluate({"x": np.array([2.0, 1.0, 0.0])})
    assert info.value.problems[0].line == 5


def test_parse_overrides():
    assert parse_overrides(["a=1", " b = -2.5 ", "c=1e3"]) == {"a": 1.0, "b": -2.5, "c": 1000.0}
    assert parse_overrides([]) == {}
    with pytest.raises(ScenarioError) as info:
        parse_overrides(["novalue", "=3", "x=abc", "y=inf", "z=nan", "ok=1"])
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 5
    assert messages[0] == "--set: expected name=value, found 'novalue'"
    assert messages[1] == "--set: expected name=value, found '=3'"
    assert messages[2] == "--set x: expected a number, found 'abc'"
    assert "finite" in messages[3] and "finite" in messages[4]


# --- immutability and limits ----------------------------------------------------------------------


def test_scenario_objects_are_frozen(entry):
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.title = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.parameters["fight_cost"].value = 1.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.players[0].label = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.game.root = "response"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.game.nodes["entry"].player = "incumbent"  # type: ignore[misc]
    with pytest.raises(TypeError):
        entry.parameters["new"] = entry.parameters["fight_cost"]  # type: ignore[index]
    with pytest.raises(TypeError):
        entry.game.nodes["entry"].moves["new"] = "monopoly"  # type: ignore[index]
    assert isinstance(entry.players, tuple)
    assert isinstance(entry.derived, tuple)


def test_file_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = ROOT / "scenarios" / "textbook" / "entry_deterrence.yaml"
    size = path.stat().st_size
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_FILE_BYTES", str(size - 1))
    with pytest.raises(ScenarioError, match=f"file is {size} bytes; the limit is {size - 1}"):
        ns.load_scenario(path)
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_FILE_BYTES", str(size))
    assert ns.load_scenario(path).id == "entry-deterrence"


def test_depth_limit_can_be_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "deep.yaml"
    path.write_text(
        "format: negotiation-sim/1\ntitle: Deep\nplayers: {a: {label: A}}\n"
        "description: " + "[" * 5 + "x" + "]" * 5 + "\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_DEPTH", str(4))
    with pytest.raises(ScenarioError, match="nest more than 4 levels"):
        ns.load_scenario(path)


# --- property: YAML round trip -------------------------------------------------------------------------

_IDENT = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True).filter(
    lambda s: (
        s not in FUNCTIONS
        and s
        not in {
            "and",
            "or",
            "not",
            "in",
            "is",
            "if",
            "else",
            "for",
            "as",
            "def",
            "del",
            "try",
            "with",
            "from",
            "lambda",
            "pass",
            "elif",
            "while",
            "yield",
            "async",
            "await",
            "break",
            "class",
            "raise",
            "global",
            "import",
            "return",
            "assert",
            "except",
            "finally",
            "continue",
            "nonlocal",
        }
    )
)
# Printable text only: PyYAML itself turns a raw NEL (U+0085) into a line break on reading.
_TEXT = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), max_size=20)
_VALUES = st.floats(-100, 100, allow_nan=False).map(lambda v: round(v, 3))


@st.composite
def normal_scenarios(draw):
    players = draw(st.lists(_IDENT, min_size=2, max_size=2, unique=True))
    strategies = {p: draw(st.lists(_IDENT, min_size=1, max_size=3, unique=True)) for p in players}
    names = draw(st.lists(_IDENT, min_size=0, max_size=3, unique=True))
    parameters = {}
    for name in names:
        value = draw(_VALUES)
        if draw(st.booleans()):
            parameters[name] = value
        else:
            parameters[name] = {
                "value": value,
                "range": [value - 1, value + draw(st.floats(0.5, 10))],
                "label": draw(_TEXT),
                "source": "illustrative",
            }
    defaults = {n: (v if isinstance(v, float) else v["value"]) for n, v in parameters.items()}

    def cell():
        number = draw(_VALUES)
        if not names or draw(st.booleans()):
            return number, number
        name = draw(st.sampled_from(names))
        return f"{number} + 2 * {name}", number + 2 * defaults[name]

    rows, cols = (len(strategies[p]) for p in players)
    matrices, expected = {}, {}
    for player in players:
        pairs = [[cell() for _ in range(cols)] for _ in range(rows)]
        matrices[player] = [[c[0] for c in row] for row in pairs]
        expected[player] = np.array([[c[1] for c in row] for row in pairs])
    data = {
        "format": "negotiation-sim/1",
        "title": draw(_TEXT.filter(str.strip)),
        "players": {p: {"label": p.upper()} for p in players},
        "parameters": parameters,
        "game": {"kind": "normal", "strategies": strategies, "payoffs": matrices},
    }
    return data, expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(normal_scenarios())
def test_yaml_round_trip(case):
    data, expected = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        scenario = ns.load_scenario(path)
    assert scenario.title == data["title"]
    assert scenario.player_ids == tuple(data["players"])
    assert dict(scenario.game.strategies) == {p: tuple(s) for p, s in data["game"]["strategies"].items()}
    assert set(scenario.parameters) == set(data["parameters"])
    evaluation = scenario.evaluate()
    for player in scenario.player_ids:
        np.testing.assert_allclose(evaluation.matrices[player], expected[player], rtol=1e-12, atol=1e-12)
