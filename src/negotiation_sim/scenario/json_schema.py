"""A JSON Schema (draft 2020-12) of the scenario file format ``negotiation-sim/1``.

Editors that understand JSON Schema (VS Code with the YAML extension, JetBrains IDEs,
Neovim with yaml-language-server) use it to complete keys, show each key's description
as hover help and underline mistakes while a scenario is typed.  Point an editor at it
with a first line such as::

    # yaml-language-server: $schema=../schema/scenario.schema.json

The schema describes the *shape* of a file: which keys exist, which are required,
their types, and the form of identifiers.  It is written by hand from the loader
(:mod:`negotiation_sim.scenario.loader`, the source of truth) and is checked against
it by the tests.  The loader checks more than a schema can express: that names
refer to declared players, parameters, nodes and outcomes, that a parameter's value
lies in its range, that the game has no cycle, that expressions parse, that
normal-form matrices have one row per strategy, and everything that depends on an
``extends`` or ``imports`` target.  A file that passes the schema may therefore still
be rejected by the loader.  The schema is stricter than the loader in one way only:
it refuses an empty value (``key:`` with nothing, i.e. null) for an optional key,
which the loader reads as if the key were absent; a player written as ``japan:``
with nothing is accepted, since it is a documented shorthand.

The committed copy ``schema/scenario.schema.json`` is exactly :func:`schema_text`;
regenerate it, without any script, with::

    negotiation-sim schema > schema/scenario.schema.json
"""

from __future__ import annotations

import json
from typing import Any

from .expressions import FUNCTIONS
from .loader import FORMAT

__all__ = ["SCHEMA_DIALECT", "scenario_json_schema", "schema_text"]


SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect the schema is written in."""

# The loader's ``_IDENTIFIER`` (``[A-Za-z_][A-Za-z0-9_]*``), anchored for JSON Schema, whose
# ``pattern`` matches anywhere in the string.
_IDENTIFIER = "^[A-Za-z_][A-Za-z0-9_]*$"
# Node and outcome references: an identifier, or an imported one (``prefix.id``, nested
# imports adding one prefix per level).
_REFERENCE = "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$"
# The loader's ``_SCENARIO_ID``; empty means "use the file name".
_SCENARIO_ID = "^([A-Za-z0-9][A-Za-z0-9_.-]*)?$"


def _text(description: str) -> dict[str, Any]:
    # The loader reads text keys as strings but also accepts a bare number (``label: 1956``).
    return {"description": description, "type": ["string", "number"]}


def _identifier_map(description: str, value: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "description": description,
        "type": "object",
        "patternProperties": {_IDENTIFIER: value},
        "additionalProperties": False,
        **extra,
    }


def _not_function_name() -> dict[str, Any]:
    return {"not": {"enum": list(FUNCTIONS)}}


def _definitions() -> dict[str, Any]:
    expression = {
        "title": "Expression",
        "description": (
            "A number, or a formula over parameter and derived names: + - * / ** ( ), "
            "comparisons < <= > >= == != (they give 1 or 0, and chain), and the functions "
            "min(a, b, ...) and max(a, b, ...) (2 or more arguments), abs(x), exp(x), log(x), sqrt(x), "
            "clip(x, lo, hi) and where(condition, if_true, if_false). Evaluated safely "
            "(never with eval) and vectorised over parameter grids."
        ),
        "oneOf": [
            {"description": "A constant.", "type": "number"},
            {
                "description": 'A formula, e.g. "china_threat * japan_hedge_value - aid_package".',
                "type": "string",
                "pattern": "\\S",
            },
        ],
    }
    reference = {
        "title": "Node or outcome id",
        "description": (
            "The id of a node or an outcome of this game; an imported one is written prefix.id "
            "(e.g. tf.offer). Several moves may lead to the same node or outcome."
        ),
        "type": "string",
        "pattern": _REFERENCE,
    }
    player = {
        "title": "Player",
        "description": (
            "A player: {label: ...}, a bare label (japan: Japan), or nothing (japan:), "
            "in which case the label is the id."
        ),
        "oneOf": [
            {
                "description": "A player with a display label.",
                "type": "object",
                "properties": {"label": _text("Display name of the player; defaults to the id.")},
                "additionalProperties": False,
            },
            {"description": "The player's display label.", "type": "string"},
            {"description": "No label: the id is shown.", "type": "null"},
        ],
    }
    parameter = {
        "title": "Parameter",
        "description": (
            "A named number the payoffs depend on: a plain number, or a mapping with value, "
            "range, label, unit and source. A plain number overriding an inherited parameter "
            "keeps the inherited range, label, unit and source."
        ),
        "oneOf": [
            {"description": "The parameter's default value.", "type": "number"},
            {
                "description": "A parameter with its default value and metadata.",
                "type": "object",
                "properties": {
                    "value": {
                        "description": (
                            "Default value (a finite number). Required, unless the parameter is "
                            "inherited through 'extends'; must lie inside 'range' when one is given."
                        ),
                        "type": "number",
                    },
                    "range": {
                        "description": (
                            "Default sweep range [low, high], with low < high; the value must lie "
                            "inside it. Setting a value outside it only warns."
                        ),
                        "type": "array",
                        "prefixItems": [
                            {"description": "Low end of the range.", "type": "number"},
                            {"description": "High end of the range.", "type": "number"},
                        ],
                        "items": False,
                        "minItems": 2,
                    },
                    "label": _text("Human-readable name, used in tables and plot axes."),
                    "unit": _text("Unit of the value, e.g. utils, index, probability."),
                    "source": _text("Where the value comes from: a citation, or 'illustrative' and why."),
                    "distribution": _distribution(),
                },
                "additionalProperties": False,
            },
        ],
    }
    decision_node = {
        "title": "Decision node",
        "description": "A node where one player chooses a move.",
        "type": "object",
        "properties": {
            "player": {
                "description": "The id of the player who moves here (one of 'players').",
                "type": "string",
                "pattern": _IDENTIFIER,
            },
            "label": _text("Display label of the node."),
            "moves": _identifier_map(
                "Move name -> the node or outcome it leads to. At least one move.",
                {"$ref": "#/$defs/reference"},
                minProperties=1,
            ),
            "information_set": {
                "description": "The set of nodes the player cannot tell apart (same player, same move names); "
                "omitted: the node alone.",
                "type": "string",
                "pattern": _IDENTIFIER,
            },
        },
        "required": ["player", "moves"],
        "additionalProperties": False,
    }
    branch = {
        "title": "Chance branch",
        "description": "One branch of a chance node: its probability and where it leads.",
        "type": "object",
        "properties": {
            "probability": {
                "$ref": "#/$defs/expression",
                "description": (
                    "Probability of the branch (an expression). A node's probabilities must be "
                    "non-negative and sum to 1; this is checked when the scenario is evaluated."
                ),
            },
            "next": {"$ref": "#/$defs/reference", "description": "The node or outcome the branch leads to."},
        },
        "required": ["probability", "next"],
        "additionalProperties": False,
    }
    chance_node = {
        "title": "Chance node",
        "description": "A node where nature draws a branch at random.",
        "type": "object",
        "properties": {
            "label": _text("Display label of the node."),
            "chance": _identifier_map(
                "Branch name -> {probability, next}. At least one branch.",
                {"$ref": "#/$defs/branch"},
                minProperties=1,
            ),
        },
        "required": ["chance"],
        "additionalProperties": False,
    }
    node = {
        "title": "Node",
        "description": (
            "A decision node (player and moves) or a chance node (chance), never both. "
            "Node and outcome ids share one namespace."
        ),
        "oneOf": [{"$ref": "#/$defs/decisionNode"}, {"$ref": "#/$defs/chanceNode"}],
    }
    outcome = {
        "title": "Outcome",
        "description": "A terminal node: one payoff per player.",
        "type": "object",
        "properties": {
            "label": _text("Display label of the outcome."),
            "payoffs": _identifier_map(
                "Player id -> payoff (an expression); every player needs one.",
                {"$ref": "#/$defs/expression"},
                minProperties=1,
            ),
        },
        "required": ["payoffs"],
        "additionalProperties": False,
    }
    payoff_matrix = {
        "title": "Payoff matrix",
        "description": (
            "One row per strategy of the first player, one entry per strategy of the second "
            "player in each row; entries are expressions."
        ),
        "type": "array",
        "minItems": 1,
        "items": {
            "description": "One row: the payoffs against each strategy of the second player.",
            "type": "array",
            "minItems": 1,
            "items": {"$ref": "#/$defs/expression"},
        },
    }
    normal_game = {
        "title": "Normal-form game",
        "description": ("A two-player game in strategic form: a list of strategies and a payoff matrix per player."),
        "type": "object",
        "properties": {
            "kind": {"description": "The game kind.", "const": "normal"},
            "strategies": _identifier_map(
                "Player id -> list of strategy names; one entry for each of the two players. The "
                "first player listed under 'players' chooses rows, the second columns.",
                {
                    "description": "The player's strategy names (identifiers, no duplicates).",
                    "type": "array",
                    "minItems": 1,
                    "uniqueItems": True,
                    "items": {"type": "string", "pattern": _IDENTIFIER},
                },
                minProperties=2,
                maxProperties=2,
            ),
            "payoffs": _identifier_map(
                "Player id -> that player's payoff matrix; one entry for each of the two players.",
                {"$ref": "#/$defs/payoffMatrix"},
                minProperties=2,
                maxProperties=2,
            ),
        },
        "required": ["kind", "strategies", "payoffs"],
        "additionalProperties": False,
    }
    extensive_game = {
        "title": "Extensive-form game",
        "description": (
            "A game tree with any number of players, perfect information and chance moves. "
            "Several moves may lead to the same node: the game is then a DAG, solved as the tree "
            "it unfolds to, and a shared node is one decision."
        ),
        "type": "object",
        "properties": {
            "kind": {"description": "The game kind.", "const": "extensive"},
            "root": {
                "$ref": "#/$defs/reference",
                "description": "The id of the first node (not an outcome).",
            },
            "imports": _identifier_map(
                "Prefix -> scenario file (path relative to this file, else a bundled scenario such as "
                "islands/territory_first.yaml) whose extensive game's nodes "
                "and outcomes become available as prefix.id. Imported files must share this file's "
                "players and parameters.",
                {"description": "Path of the imported scenario file.", "type": "string", "minLength": 1},
            ),
            "nodes": _identifier_map("Node id -> decision or chance node.", {"$ref": "#/$defs/node"}),
            "outcomes": _identifier_map("Outcome id -> terminal node with payoffs.", {"$ref": "#/$defs/outcome"}),
        },
        "required": ["kind", "root"],
        "additionalProperties": False,
        # Outcomes may all come from imported files; otherwise the game needs its own.
        "if": {"not": {"required": ["imports"]}},
        "then": {"required": ["outcomes"], "properties": {"outcomes": {"minProperties": 1}}},
    }
    game = {
        "title": "Game",
        "description": "The game: kind normal (two players, payoff matrices) or extensive (a game tree).",
        "oneOf": [{"$ref": "#/$defs/normalGame"}, {"$ref": "#/$defs/extensiveGame"}],
    }
    return {
        "expression": expression,
        "reference": reference,
        "player": player,
        "parameter": parameter,
        "game": game,
        "normalGame": normal_game,
        "payoffMatrix": payoff_matrix,
        "extensiveGame": extensive_game,
        "node": node,
        "decisionNode": decision_node,
        "chanceNode": chance_node,
        "branch": branch,
        "outcome": outcome,
    }


def scenario_json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the scenario format ``negotiation-sim/1``.

    Every property carries a ``description`` (editors show it as hover help); mappings
    whose keys the loader checks are closed with ``additionalProperties: false``;
    identifier-keyed mappings use ``patternProperties``; games, parameters, players and
    nodes are ``oneOf`` their forms.

    Returns
    -------
    dict
        A fresh JSON-serialisable schema; changing it does not affect later calls.

    Examples
    --------
    >>> schema = scenario_json_schema()
    >>> schema["properties"]["format"]["const"]
    'negotiation-sim/1'
    >>> sorted(schema["required"])
    ['format', 'title']
    """
    return {
        "$schema": SCHEMA_DIALECT,
        "title": f"negotiation-sim scenario ({FORMAT})",
        "description": (
            "A negotiation scenario: players, named parameters, derived quantities and a game whose "
            "payoffs are expressions over them. A file without 'game' is a parameter library "
            "for other files to extend."
        ),
        "type": "object",
        "properties": {
            "format": {
                "description": f"The format and its version; must be {FORMAT}.",
                "const": FORMAT,
            },
            "title": _text("Display title of the scenario."),
            "id": {
                "description": (
                    "Short id of the scenario (letters, digits, '-', '_' or '.'); defaults to the file "
                    "name without its extension."
                ),
                "type": ["string", "number"],
                "pattern": _SCENARIO_ID,
            },
            "description": _text("What the scenario models and what it teaches."),
            "sources": {
                "description": "Citations the scenario rests on: a list of texts, or one text.",
                "oneOf": [
                    {"description": "A list of citations.", "type": "array", "items": {"type": "string"}},
                    {"description": "One citation.", "type": "string"},
                ],
            },
            "extends": {
                "description": (
                    "Path (relative to this file; else a bundled scenario such as islands/parameters.yaml "
                    "or new_approach) of a scenario to inherit players, parameters, "
                    "derived quantities and, when this file has no 'game', the game from; this "
                    "file's entries override the inherited ones."
                ),
                "type": "string",
                "minLength": 1,
            },
            "players": _identifier_map(
                "Player id -> player. Order matters: in a normal-form game the first player chooses "
                "rows. Required unless inherited through 'extends'.",
                {"$ref": "#/$defs/player"},
            ),
            "parameters": _identifier_map(
                "Parameter name -> a number, or a mapping with value, range, label, unit and source.",
                {"$ref": "#/$defs/parameter"},
                propertyNames=_not_function_name(),
            ),
            "derived": _identifier_map(
                "Derived quantity name -> expression over parameters and other derived quantities "
                "(in any order, without cycles); names must differ from parameter names.",
                {"$ref": "#/$defs/expression"},
                propertyNames=_not_function_name(),
            ),
            "game": {
                "$ref": "#/$defs/game",
                "description": (
                    "The game (kind normal or extensive). Optional: without it the file is a "
                    "parameter library, or inherits the game of the file it extends."
                ),
            },
        },
        "required": ["format", "title"],
        "additionalProperties": False,
        # Without 'extends' nothing is inherited: the file must declare its players, and a
        # parameter given as a mapping must carry its own value.
        "if": {"not": {"required": ["extends"]}},
        "then": {
            "required": ["players"],
            "properties": {
                "players": {"minProperties": 1},
                "parameters": {
                    "patternProperties": {_IDENTIFIER: {"if": {"type": "object"}, "then": {"required": ["value"]}}}
                },
            },
        },
        "$defs": _definitions(),
    }


def _distribution() -> dict[str, Any]:
    """The ``distribution:`` of a parameter (see :mod:`negotiation_sim.scenario.distributions`)."""

    def kind(name: str, description: str, shape: dict[str, str], positive: tuple[str, ...] = ()) -> dict[str, Any]:
        def number(key: str) -> dict[str, Any]:
            return {"type": "number"} | ({"exclusiveMinimum": 0} if key in positive else {})

        return {
            "description": description,
            "type": "object",
            "properties": {"kind": {"const": name, "description": "The distribution kind."}}
            | {k: number(k) | {"description": v} for k, v in shape.items()},
            "required": ["kind", *shape],
            "additionalProperties": False,
        }

    return {
        "description": (
            "How the parameter is drawn by `uncertainty` (default: uniform over 'range'). A kind "
            "name, or a mapping with 'kind' and that kind's shape keys. Every kind but 'fixed' "
            "needs a 'range'."
        ),
        "oneOf": [
            {"description": "A kind without shape keys.", "enum": ["uniform", "fixed"]},
            kind("uniform", "Uniform over 'range'.", {}),
            kind("fixed", "Never sampled: the parameter keeps its value.", {}),
            kind("triangular", "Triangular over 'range'.", {"mode": "Most likely value, inside 'range'."}),
            kind(
                "normal",
                "Normal, truncated to 'range'.",
                {"mean": "Mean before truncation.", "sd": "Standard deviation before truncation (> 0)."},
                positive=("sd",),
            ),
            kind(
                "beta",
                "Beta, scaled from [0, 1] to 'range'.",
                {"a": "First shape parameter (> 0).", "b": "Second shape parameter (> 0)."},
                positive=("a", "b"),
            ),
        ],
    }


def schema_text() -> str:
    """Return the schema as the text of ``schema/scenario.schema.json``.

    Returns
    -------
    str
        ``json.dumps(scenario_json_schema(), indent=2)`` plus a final newline, keys in
        definition order.

    Examples
    --------
    >>> import json
    >>> json.loads(schema_text()) == scenario_json_schema()
    True
    >>> schema_text().endswith("}\\n")
    True
    """
    return json.dumps(scenario_json_schema(), indent=2, sort_keys=False) + "\n"
