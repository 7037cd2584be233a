"""The JSON Schema of the scenario format: committed copy, validity, agreement with the loader."""

from __future__ import annotations

import copy
from pathlib import Path

import jsonschema
import pytest
import yaml

from negotiation_sim.errors import ScenarioError
from negotiation_sim.scenario import loader
from negotiation_sim.scenario.expressions import FUNCTIONS
from negotiation_sim.scenario.json_schema import scenario_json_schema, schema_text

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "schema" / "scenario.schema.json"
SCENARIOS = sorted((ROOT / "scenarios").glob("**/*.yaml"))

VALIDATOR = jsonschema.Draft202012Validator(scenario_json_schema())

PD = {
    "format": "negotiation-sim/1",
    "title": "Prisoner's dilemma",
    "players": {"a": {"label": "A"}, "b": "B"},
    "parameters": {"t": 5, "r": {"value": 3, "range": [1, 4], "label": "Reward", "unit": "utils"}},
    "derived": {"gain": "t - r"},
    "game": {
        "kind": "normal",
        "strategies": {"a": ["cooperate", "defect"], "b": ["cooperate", "defect"]},
        "payoffs": {"a": [["r", 0], ["t", 1]], "b": [["r", "t"], [0, 1]]},
    },
}

TREE = {
    "format": "negotiation-sim/1",
    "title": "Entry",
    "players": {"entrant": None, "incumbent": {"label": "Incumbent"}},
    "parameters": {"p": {"value": 0.5, "range": [0, 1]}},
    "game": {
        "kind": "extensive",
        "root": "enter",
        "nodes": {
            "enter": {"player": "entrant", "label": "Enter?", "moves": {"in": "nature", "out": "stay_out"}},
            "nature": {
                "chance": {
                    "hit": {"probability": "p", "next": "fight"},
                    "miss": {"probability": "1 - p", "next": "fight"},
                }
            },
            "fight": {"player": "incumbent", "moves": {"fight": "war", "accommodate": "share"}},
        },
        "outcomes": {
            "stay_out": {"payoffs": {"entrant": 0, "incumbent": 2}},
            "war": {"label": "War", "payoffs": {"entrant": -1, "incumbent": "-1 + p"}},
            "share": {"payoffs": {"entrant": 1, "incumbent": 1}},
        },
    },
}


def errors(document: object) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(document)]


def edited(document: dict, path: tuple[str, ...], value: object = ..., *, delete: bool = False) -> dict:
    result = copy.deepcopy(document)
    target = result
    for part in path[:-1]:
        target = target[part]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return result


def test_committed_schema_is_schema_text():
    # Regenerate with: negotiation-sim schema > schema/scenario.schema.json
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()


def test_schema_is_a_valid_draft_2020_12_schema():
    schema = scenario_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_is_a_fresh_copy_each_call():
    schema = scenario_json_schema()
    schema["properties"].clear()
    assert scenario_json_schema()["properties"]


def _properties(node: object, path: str = "#"):
    """Yield (path, schema) of every entry of every ``properties`` outside if/then branches."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("if", "then", "else"):
                continue
            if key == "properties":
                for name, sub in value.items():
                    yield f"{path}/properties/{name}", sub
            yield from _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{path}/{i}")


def test_every_property_and_definition_is_described():
    schema = scenario_json_schema()
    assert schema["title"] and schema["description"]
    found = list(_properties(schema))
    assert len(found) > 30
    undescribed = [path for path, sub in found if not sub.get("description")]
    assert not undescribed
    for name, definition in schema["$defs"].items():
        assert definition.get("title") and definition.get("description"), name


def test_schema_keys_match_the_loader():
    schema = scenario_json_schema()
    defs = schema["$defs"]
    assert schema["properties"]["format"]["const"] == loader.FORMAT
    assert tuple(schema["properties"]) == loader.TOP_KEYS
    assert tuple(defs["parameter"]["oneOf"][1]["properties"]) == loader.PARAMETER_KEYS
    assert tuple(defs["player"]["oneOf"][0]["properties"]) == loader.PLAYER_KEYS
    assert tuple(defs["normalGame"]["properties"]) == loader.NORMAL_KEYS
    assert tuple(defs["extensiveGame"]["properties"]) == loader.EXTENSIVE_KEYS
    assert tuple(defs["decisionNode"]["properties"]) == loader.DECISION_KEYS
    assert tuple(defs["chanceNode"]["properties"]) == loader.CHANCE_KEYS
    assert tuple(defs["branch"]["properties"]) == loader.BRANCH_KEYS
    assert tuple(defs["outcome"]["properties"]) == loader.OUTCOME_KEYS
    for name in FUNCTIONS:
        assert f"{name}(" in defs["expression"]["description"]


@pytest.mark.parametrize(
    "name, accepted",
    [
        ("japan", True),
        ("_x1", True),
        ("A_b_2", True),
        ("1abc", False),
        ("a-b", False),
        ("a.b", False),
        ("", False),
    ],
)
def test_identifier_pattern_agrees_with_the_loader(name, accepted):
    assert bool(loader.IDENTIFIER.match(name)) is accepted
    document = edited(PD, ("derived",), {name: "t"})
    assert (not errors(document)) is accepted


def test_bundled_scenarios_are_found():
    assert len(SCENARIOS) >= 10
    assert any(path.name == "parameters.yaml" for path in SCENARIOS)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: str(p.relative_to(ROOT / "scenarios")))
def test_bundled_scenario_validates(path):
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert errors(document) == []
    loader.load_scenario(path)  # and the loader agrees


@pytest.mark.parametrize("document", [PD, TREE], ids=["normal", "extensive"])
def test_small_valid_documents(document, tmp_path):
    assert errors(document) == []
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    loader.load_scenario(path)  # the loader accepts them too


def test_parameter_library_without_game_or_players_when_extending():
    assert errors(edited(PD, ("game",), delete=True)) == []
    child = {
        "format": "negotiation-sim/1",
        "title": "Variant",
        "extends": "base.yaml",
        "parameters": {"t": 7, "r": {"range": [0, 10]}},
    }
    assert errors(child) == []


def test_imports_may_supply_outcomes_and_prefixed_references():
    document = edited(
        TREE,
        ("game",),
        {
            "kind": "extensive",
            "root": "choose",
            "imports": {"tf": "territory_first.yaml"},
            "nodes": {"choose": {"player": "entrant", "moves": {"go": "tf.offer", "deeper": "tf.na.cooperate"}}},
        },
    )
    assert errors(document) == []


INVALID = {
    "unknown top-level key": (edited(PD, ("colour",), "blue"), "$"),
    "missing format": (edited(PD, ("format",), delete=True), "$"),
    "wrong format": (edited(PD, ("format",), "negotiation-sim/2"), "$.format"),
    "missing title": (edited(PD, ("title",), delete=True), "$"),
    "missing players without extends": (edited(PD, ("players",), delete=True), "$"),
    "no players without extends": (edited(PD, ("players",), {}), "$.players"),
    "player id not an identifier": (edited(PD, ("players",), {"a": None, "b-2": None}), "$.players"),
    "player as a number": (edited(PD, ("players", "b"), 2), "$.players.b"),
    "unknown player key": (edited(PD, ("players", "a"), {"label": "A", "colour": "red"}), "$.players.a"),
    "parameter mapping without value": (edited(PD, ("parameters", "r"), {"range": [0, 4]}), "$.parameters.r"),
    "parameter value as text": (edited(PD, ("parameters", "t"), "5"), "$.parameters.t"),
    "parameter named like a function": (edited(PD, ("parameters", "max"), 1), "$.parameters"),
    "range of three numbers": (edited(PD, ("parameters", "r", "range"), [0, 1, 2]), "$.parameters.r.range"),
    "unknown parameter key": (edited(PD, ("parameters", "r", "default"), 3), "$.parameters.r"),
    "derived as a boolean": (edited(PD, ("derived", "gain"), True), "$.derived.gain"),
    "derived as an empty string": (edited(PD, ("derived", "gain"), "  "), "$.derived.gain"),
    "wrong kind": (edited(PD, ("game", "kind"), "bayesian"), "$.game.kind"),
    "missing kind": (edited(PD, ("game", "kind"), delete=True), "$.game"),
    "extensive key in a normal game": (edited(PD, ("game", "root"), "x"), "$.game"),
    "duplicate strategy": (
        edited(PD, ("game", "strategies", "a"), ["defect", "defect"]),
        "$.game.strategies.a",
    ),
    "three payoff matrices": (edited(PD, ("game", "payoffs", "c"), [[1, 2], [3, 4]]), "$.game.payoffs"),
    "sources as a number": (edited(PD, ("sources",), 3), "$.sources"),
    "node with both player and chance": (
        edited(TREE, ("game", "nodes", "fight", "chance"), {"x": {"probability": 1, "next": "war"}}),
        "$.game.nodes.fight",
    ),
    "node with neither player nor chance": (
        edited(TREE, ("game", "nodes", "fight"), {"label": "?"}),
        "$.game.nodes.fight",
    ),
    "decision node without moves": (
        edited(TREE, ("game", "nodes", "fight"), {"player": "incumbent", "moves": {}}),
        "$.game.nodes.fight.moves",
    ),
    "branch without next": (
        edited(TREE, ("game", "nodes", "nature", "chance", "hit"), {"probability": "p"}),
        "$.game.nodes.nature.chance.hit",
    ),
    "move to a non-id": (
        edited(TREE, ("game", "nodes", "enter", "moves", "out"), 3),
        "$.game.nodes.enter.moves.out",
    ),
    "outcome without payoffs": (
        edited(TREE, ("game", "outcomes", "war"), {"label": "War"}),
        "$.game.outcomes.war",
    ),
    "extensive game without root": (edited(TREE, ("game", "root"), delete=True), "$.game"),
    "extensive game without outcomes or imports": (edited(TREE, ("game", "outcomes"), delete=True), "$.game"),
    "empty value for an optional key": (edited(PD, ("description",), None), "$.description"),
}


def _locations(found) -> set[str]:
    """JSON paths of the errors and of every error nested in them (oneOf, if/then)."""
    paths = set()
    for error in found:
        paths.add(error.json_path)
        paths |= _locations(error.context)
    return paths


@pytest.mark.parametrize("document, where", INVALID.values(), ids=INVALID.keys())
def test_invalid_documents_fail(document, where):
    found = list(VALIDATOR.iter_errors(document))
    assert found
    assert where in _locations(found)


def test_invalid_documents_are_also_refused_by_the_loader(tmp_path):
    # The schema must never be stricter than the loader, except for empty optional values.
    for name, (document, _) in INVALID.items():
        if name == "empty value for an optional key":
            continue
        path = tmp_path / "case.yaml"
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        with pytest.raises(ScenarioError):
            loader.load_scenario(path)
