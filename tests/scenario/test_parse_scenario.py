"""ns.parse_scenario: a scenario from YAML text or a mapping, without a file."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

import negotiation_sim as ns
from negotiation_sim.cli._common import refuse_overwriting_inputs
from negotiation_sim.errors import ScenarioError
from negotiation_sim.games import GameTree, NormalFormGame

BUNDLED = ns.bundled_scenarios_dir()
STAG_HUNT = BUNDLED / "textbook" / "stag_hunt.yaml"

GAME = textwrap.dedent(
    """\
    format: negotiation-sim/1
    title: Entry
    players: {entrant: {label: Entrant}, incumbent: {label: Incumbent}}
    parameters:
      fight_cost: {value: 2, range: [0, 5]}
    game:
      kind: extensive
      root: enter
      nodes:
        enter: {player: entrant, moves: {out: stay_out, in: respond}}
        respond: {player: incumbent, moves: {fight: war, accommodate: share}}
      outcomes:
        stay_out: {payoffs: {entrant: 0, incumbent: 2}}
        war: {payoffs: {entrant: -1, incumbent: 2 - fight_cost}}
        share: {payoffs: {entrant: 1, incumbent: 1}}
    """
)


def _numbers(game: object) -> list[list[float]]:
    if isinstance(game, NormalFormGame):
        return [game.row_payoffs.tolist(), game.column_payoffs.tolist()]
    assert isinstance(game, GameTree)
    arrays = [*game.outcome_payoffs.values(), *game.probabilities.values()]
    return [np.asarray(a).tolist() for a in arrays]


@pytest.mark.parametrize("path", sorted(BUNDLED.glob("textbook/*.yaml")), ids=lambda p: p.stem)
def test_text_and_mapping_build_the_same_scenario_as_the_file(path):
    from_file = ns.load_scenario(path)
    text = path.read_text(encoding="utf-8")
    for scenario in (ns.parse_scenario(text, name=path.stem), ns.parse_scenario(yaml.safe_load(text))):
        assert scenario.title == from_file.title
        assert scenario.player_ids == from_file.player_ids
        assert dict(scenario.parameters).keys() == dict(from_file.parameters).keys()
        assert [p.value for p in scenario.parameters.values()] == [p.value for p in from_file.parameters.values()]
        assert scenario.input_files == ()
        assert _numbers(scenario.evaluate()) == _numbers(from_file.evaluate())
    assert ns.parse_scenario(text, name=path.stem).id == from_file.id


def test_a_game_written_in_a_cell_solves():
    scenario = ns.parse_scenario(GAME)
    assert (scenario.path, scenario.id) == ("<string>", "scenario")
    (equilibrium,) = ns.solve(scenario).equilibria
    assert equilibrium.payoffs == {"entrant": 1.0, "incumbent": 1.0}
    cheap = ns.solve(scenario, {"fight_cost": 0.5})
    assert [e.payoffs["entrant"] for e in cheap.equilibria] == [0.0]
    assert ns.parse_scenario(GAME, name="entry_game").id == "entry_game"
    assert ns.parse_scenario(GAME.replace("title: Entry", "title: Entry\nid: mine")).id == "mine"


@pytest.mark.parametrize(
    "change, expected",
    [
        (("fight_cost: {value: 2", "fight_cst: {value: 2"), "<string>:14:45: game.outcomes.war.payoffs.incumbent: "),
        (("incumbent: 2 - fight_cost", "incumbent: 2 - fight_cost^2"), "<string>:14:45: "),
        (("title: Entry\n", "title: Entry\n\tplayers: {}\n"), "<string>:3:1: invalid YAML"),
        (("kind: extensive", "kind: extensve"), "<string>:7:9: game.kind: unknown game kind 'extensve'"),
    ],
)
def test_problems_in_text_are_located_by_line_and_column(change, expected):
    with pytest.raises(ScenarioError) as caught:
        ns.parse_scenario(GAME.replace(*change))
    assert str(caught.value).startswith(expected)
    with pytest.raises(ScenarioError) as caught:
        ns.parse_scenario(GAME.replace(*change), name="cell 3")
    assert str(caught.value).startswith(expected.replace("<string>", "cell 3"))


def test_problems_in_a_mapping_are_located_by_key_path_alone():
    data = yaml.safe_load(GAME)
    data["game"]["nodes"]["respond"]["moves"]["fight"] = "wr"
    data["parameters"]["fight_cost"]["range"] = [5, 0]
    with pytest.raises(ScenarioError) as caught:
        ns.parse_scenario(data)
    problems = caught.value.problems
    assert {"parameters.fight_cost.range", "game.nodes.respond.moves.fight"} <= {p.key_path for p in problems}
    assert all(p.file == "<mapping>" and p.line is None and p.column is None for p in problems)
    assert str(caught.value).splitlines()[0].startswith("<mapping>: ")
    assert "did you mean 'war'?" in str(caught.value)


@pytest.mark.parametrize(
    "value, message",
    [
        (Path("x"), "players.a.label: expected plain data (a mapping, list, text, number, boolean or None), found"),
        (float("nan"), "players.a.label: expected a finite number, found nan"),
        ({1.5: "x"}, "players.a.label: keys must be text, found float 1.5"),
    ],
)
def test_a_mapping_must_hold_plain_data(value, message):
    data = {"format": "negotiation-sim/1", "title": "T", "players": {"a": {"label": value}}}
    with pytest.raises(ScenarioError, match="^<mapping>: " + message.replace("(", r"\(").replace(")", r"\)")):
        ns.parse_scenario(data)


def test_a_mapping_may_hold_numpy_numbers_and_tuples():
    data = yaml.safe_load(GAME)
    data["parameters"]["fight_cost"] = {"value": np.float64(2.0), "range": (np.int64(0), 5)}
    assert ns.parse_scenario(data).parameters["fight_cost"].range == (0.0, 5.0)


def test_a_mapping_that_contains_itself_is_refused():
    data = yaml.safe_load(GAME)
    data["sources"] = [data]
    with pytest.raises(ScenarioError, match=r"^<mapping>: sources\[0\]: contains itself"):
        ns.parse_scenario(data)


def test_neither_text_nor_mapping_is_a_type_error():
    with pytest.raises(TypeError, match=r"^parse_scenario takes YAML text or a mapping, not \w*Path$"):
        ns.parse_scenario(STAG_HUNT)  # type: ignore[arg-type]


def test_text_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_FILE_BYTES", "100")
    with pytest.raises(ScenarioError, match=r"^<string>: text is \d+ bytes; the limit is 100"):
        ns.parse_scenario(GAME)


def test_extends_and_imports_resolve_from_the_working_directory_or_bundled(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "base.yaml").write_text(
        "format: negotiation-sim/1\ntitle: Base\nplayers: {japan: {}, russia: {}}\n"
        "parameters: {china_threat: {value: 0.5, range: [0, 1]}}\n"
    )
    local = ns.parse_scenario("format: negotiation-sim/1\ntitle: Child\nextends: base.yaml\n")
    assert local.parameters["china_threat"].value == 0.5
    assert local.input_files == (str((tmp_path / "base.yaml").resolve()),)
    bundled = ns.parse_scenario(
        {
            "format": "negotiation-sim/1",
            "title": "Choice",
            "extends": "islands/parameters.yaml",
            "game": {
                "kind": "extensive",
                "root": "approach",
                "imports": {"tf": "territory_first", "na": "islands/new_approach.yaml"},
                "nodes": {"approach": {"player": "japan", "moves": {"tf": "tf.offer", "na": "na.cooperate"}}},
            },
        }
    )
    reference = ns.load_scenario(BUNDLED / "islands" / "approach_choice.yaml")
    assert ns.solve(bundled).equilibria[0].payoffs == ns.solve(reference).equilibria[0].payoffs
    with pytest.raises(ScenarioError) as caught:
        ns.parse_scenario("format: negotiation-sim/1\ntitle: Child\nextends: new_aproach.yaml\nplayers: {a: {}}\n")
    assert str(caught.value).startswith(
        "<string>:3:10: extends: extends names 'new_aproach.yaml', which is not a file; "
        "did you mean the bundled scenario islands/new_approach.yaml?"
    )


def test_outputs_never_overwrite_files_a_text_scenario_reads(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    base = tmp_path / "base.json"  # a scenario file with a data-like name
    base.write_text("format: negotiation-sim/1\ntitle: Base\nplayers: {a: {}, b: {}}\nparameters: {p: 1}\n")
    scenario = ns.parse_scenario("format: negotiation-sim/1\ntitle: Child\nextends: base.json\n")
    with pytest.raises(ScenarioError, match=r"base\.json: is read by <string> \(through extends or imports: "):
        refuse_overwriting_inputs([scenario], str(base))
    refuse_overwriting_inputs([scenario], str(tmp_path / "other.json"))  # anything else may be written
    (tmp_path / "<string>").write_text("not the scenario")  # a file that happens to bear the name
    refuse_overwriting_inputs([ns.parse_scenario(GAME)], str(tmp_path / "<string>"))


def test_parse_scenario_is_exported_lazily():
    assert "parse_scenario" in dir(ns)
    result = CliRunner().invoke(__import__("negotiation_sim.cli", fromlist=["main"]).main, ["--help"])
    assert result.exit_code == 0


def test_extends_of_a_file_that_is_not_a_scenario_never_shows_its_content(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("players: {SECRET_TOKEN: hunter2}\n")
    for source in (
        "format: negotiation-sim/1\ntitle: T\nextends: .env\n",
        {"format": "negotiation-sim/1", "title": "T", "extends": ".env"},
    ):
        with pytest.raises(ScenarioError) as caught:
            ns.parse_scenario(source)
        assert "is not a negotiation-sim scenario" in str(caught.value)
        assert "hunter2" not in str(caught.value) and "SECRET_TOKEN" not in str(caught.value)
