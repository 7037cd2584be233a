"""Load a scenario file: read YAML, resolve ``extends`` and ``imports``, validate.

All problems found in a file are collected and raised together as one
:class:`~negotiation_sim.errors.ScenarioError`, each with file, line, column and
key path.  The checks follow DESIGN §2 "Errors".
"""

from __future__ import annotations

import hashlib
import keyword
import math
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TypedDict, TypeGuard, cast

from ..errors import Problem, ScenarioError
from ..limits import current_limits
from .distributions import Distribution, parse_distribution
from .expressions import FUNCTIONS, Expression, ExpressionError, parse_expression, suggest
from .schema import (
    Branch,
    ChanceNode,
    DecisionNode,
    Derived,
    ExtensiveGame,
    Location,
    NormalGame,
    Outcome,
    Parameter,
    Player,
    Scenario,
    frozen_map,
)
from .yaml_reader import Document, Key, describe_value, key_path_text, read_yaml

__all__ = ["FORMAT", "load_scenario"]

FORMAT = "negotiation-sim/1"

TOP_KEYS = (
    "format",
    "title",
    "id",
    "description",
    "sources",
    "extends",
    "players",
    "parameters",
    "derived",
    "game",
)
PARAMETER_KEYS = ("value", "range", "label", "unit", "source", "distribution")
PLAYER_KEYS = ("label",)
NORMAL_KEYS = ("kind", "strategies", "payoffs")
EXTENSIVE_KEYS = ("kind", "root", "imports", "nodes", "outcomes")
DECISION_KEYS = ("player", "label", "moves")
CHANCE_KEYS = ("label", "chance")
BRANCH_KEYS = ("probability", "next")
OUTCOME_KEYS = ("label", "payoffs")

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SCENARIO_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Load, resolve and validate a scenario file.

    Parameters
    ----------
    path : path-like
        A scenario YAML file (format ``negotiation-sim/1``).

    Returns
    -------
    Scenario
        The frozen, validated scenario.

    Raises
    ------
    ScenarioError
        With every problem found (``.problems``), each located by file, line,
        column and key path.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
    >>> sc.game.kind, sc.player_ids
    ('normal', ('suspect_a', 'suspect_b'))
    """
    return _load(Path(path), shown=str(path), stack=())


def _load(path: Path, shown: str, stack: tuple[Path, ...]) -> Scenario:
    document = read_yaml(shown if not stack else path)
    return _Builder(document, path, stack).build()


def _is_number(value: object) -> TypeGuard[int | float]:
    """A finite-or-not float or an int small enough to convert to a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        float(value)
    except OverflowError:
        return False
    return True


class _ParameterFields(TypedDict):
    """The fields of one parameter while its spec is read (inherited, then overridden)."""

    value: object
    range: tuple[float, float] | None
    label: str
    unit: str
    source: str


class _Builder:
    def __init__(self, document: Document, path: Path, stack: tuple[Path, ...]) -> None:
        self.doc = document
        self.path = path
        self.stack = stack + (path.resolve(),)
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.declared_derived: set[str] = set()

    # -- reporting ------------------------------------------------------------------------------
    def error(self, key: Key, message: str, *, at_key: bool = False, severity: str = "error") -> None:
        line, column = self.doc.where(key, at_key=at_key)
        problem = Problem(
            message=message,
            file=self.doc.path,
            line=line,
            column=column,
            key_path=key_path_text(key),
            severity=severity,
        )
        (self.warnings if severity == "warning" else self.problems).append(problem)

    def location(self, key: Key) -> Location:
        line, column = self.doc.where(key)
        return Location(file=self.doc.path, line=line, column=column)

    def mapping(self, value: object, key: Key, what: str) -> dict | None:
        if isinstance(value, dict):
            return value
        self.error(key, f"expected {what} (a mapping), found {describe_value(value)}")
        return None

    def check_keys(self, mapping: dict, allowed: tuple[str, ...], key: Key) -> None:
        for name in mapping:
            if name not in allowed:
                self.error(
                    key + (name,),
                    f"unknown key '{name}'{suggest(name, allowed)}; allowed: {', '.join(allowed)}",
                    at_key=True,
                )

    def identifier(self, name: object, key: Key, what: str) -> bool:
        if isinstance(name, str) and _IDENTIFIER.match(name):
            return True
        self.error(
            key,
            f"{what} '{name}' is not a valid name; use letters, digits and '_' and start with a letter",
            at_key=True,
        )
        return False

    def text(self, mapping: dict, name: str, key: Key, *, required: bool = False) -> str:
        value = mapping.get(name)
        if value is None:
            if required:
                self.error(key, f"missing required key '{name}'")
            return ""
        if isinstance(value, str):
            return value
        if _is_number(value):
            return str(value)
        self.error(key + (name,), f"expected text, found {describe_value(value)}")
        return ""

    def expression(self, value: object, key: Key, known: set[str] | None) -> Expression | None:
        try:
            return parse_expression(value, known)
        except ExpressionError as exc:
            line, column = self.doc.where(key)
            if exc.offset is not None and isinstance(value, str) and line is not None:
                message = f"{exc} (at character {exc.offset + 1} of {value!r})"
            else:
                message = str(exc)
            self.problems.append(
                Problem(
                    message=message,
                    file=self.doc.path,
                    line=line,
                    column=column,
                    key_path=key_path_text(key),
                )
            )
            return None

    # -- build ----------------------------------------------------------------------------------
    def build(self) -> Scenario:
        data = self.doc.data
        if not isinstance(data, dict):
            self.error(
                (), f"expected a scenario (a mapping with format, title, players, ...), found {describe_value(data)}"
            )
            raise ScenarioError(self.problems)
        self.check_keys(data, TOP_KEYS, ())
        fmt = data.get("format")
        if fmt is None:
            self.error((), f"missing required key 'format' (expected 'format: {FORMAT}')")
        elif fmt != FORMAT:
            self.error(("format",), f"unsupported format {fmt!r}; expected {FORMAT!r}")
        title = self.text(data, "title", (), required=True)
        scenario_id = self.text(data, "id", ()) or self.path.stem
        if not _SCENARIO_ID.match(scenario_id):
            self.error(("id",), f"id {scenario_id!r} must use letters, digits, '-', '_' or '.'")
        description = self.text(data, "description", ())
        sources = self.sources(data.get("sources"))

        base = self.base(data.get("extends"))
        players = self.players(data.get("players"), base)
        parameters = self.parameters(data.get("parameters"), base)
        derived = self.derived(data.get("derived"), base, parameters)
        # Declared names count as known even where their own definition failed (no cascades).
        known = set(parameters) | {d.name for d in derived} | self.declared_derived
        player_ids = tuple(p.id for p in players)
        if "game" in data:
            game = self.game(data.get("game"), player_ids, parameters, derived, known)
        else:
            game = base.game if base is not None else None
            if game is not None and set(game.players) != set(player_ids):
                self.error(
                    ("players",),
                    "the inherited game has players "
                    f"{', '.join(game.players)}; this file declares {', '.join(player_ids)}",
                )
        if self.problems:
            raise ScenarioError(_in_file_order(self.problems + self.warnings))
        scenario = Scenario(
            id=scenario_id,
            title=title,
            path=self.doc.path,
            description=description,
            sources=sources,
            players=players,
            parameters=frozen_map(parameters),
            derived=tuple(derived),
            game=game,
            warnings=tuple(self.warnings),
        )
        if game is not None:
            self.check_at_defaults(scenario)
        return scenario

    def sources(self, value: object) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.error(("sources",), f"expected a list of citations (text), found {describe_value(value)}")
        return ()

    def base(self, value: object) -> Scenario | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            self.error(("extends",), f"expected a relative path to a scenario file, found {describe_value(value)}")
            return None
        target = self.path.parent / value
        return self.load_other(target, ("extends",), "extends")

    def load_other(self, target: Path, key: Key, how: str) -> Scenario | None:
        resolved = target.resolve()
        if resolved in self.stack:
            chain = " -> ".join(p.name for p in self.stack[self.stack.index(resolved) :]) + f" -> {target.name}"
            self.error(key, f"{how} cycle: {chain}")
            return None
        if not target.is_file():
            self.error(key, f"{how} names {str(target)!r}, which is not a file")
            return None
        try:
            return _load(target, str(target), self.stack)
        except ScenarioError as exc:
            self.error(key, f"the file this {how} is invalid (its problems follow)")
            self.problems.extend(exc.problems)
            return None

    def players(self, value: object, base: Scenario | None) -> tuple[Player, ...]:
        players: dict[str, Player] = {p.id: p for p in base.players} if base else {}
        if value is None:
            if not players:
                self.error((), "missing required key 'players' (e.g. players: {japan: {label: Japan}})")
            return tuple(players.values())
        mapping = self.mapping(value, ("players",), "players")
        for player_id, spec in (mapping or {}).items():
            key = ("players", player_id)
            if not self.identifier(player_id, key, "player id"):
                continue
            label = player_id
            if isinstance(spec, str):
                label = spec
            elif isinstance(spec, dict):
                self.check_keys(spec, PLAYER_KEYS, key)
                label = self.text(spec, "label", key) or player_id
            elif spec is not None:
                self.error(key, f"expected a mapping such as {{label: ...}}, found {describe_value(spec)}")
            players[player_id] = Player(id=player_id, label=label)
        if mapping is not None and not players:
            self.error(("players",), "expected at least one player")
        return tuple(players.values())

    def parameters(self, value: object, base: Scenario | None) -> dict[str, Parameter]:
        parameters: dict[str, Parameter] = dict(base.parameters) if base else {}
        if value is None:
            return parameters
        mapping = self.mapping(value, ("parameters",), "parameters")
        for name, spec in (mapping or {}).items():
            key = ("parameters", name)
            if not self.identifier(name, key, "parameter name"):
                continue
            if name in FUNCTIONS or keyword.iskeyword(name):
                self.error(
                    key,
                    f"'{name}' is a reserved word (a function name or Python keyword); choose another parameter name",
                    at_key=True,
                )
                continue
            shadowed = next((d for d in base.derived if d.name == name), None) if base else None
            if shadowed is not None:
                where = f" in {shadowed.location}" if shadowed.location is not None else " in the extended file"
                self.error(
                    key,
                    f"'{name}' is a derived quantity{where}; a parameter of the same name would be silently "
                    "replaced by it — rename the parameter, or override the derived quantity under 'derived:'",
                    at_key=True,
                )
                continue
            inherited = parameters.get(name)
            fields: _ParameterFields = {
                "value": inherited.value if inherited else None,
                "range": inherited.range if inherited else None,
                "label": inherited.label if inherited else "",
                "unit": inherited.unit if inherited else "",
                "source": inherited.source if inherited else "",
            }
            if _is_number(spec):
                fields["value"] = spec
            elif isinstance(spec, dict):
                self.check_keys(spec, PARAMETER_KEYS, key)
                if "value" in spec:
                    fields["value"] = spec["value"]
                elif inherited is None:
                    self.error(key, "missing required key 'value'")
                    continue
                if "range" in spec:
                    fields["range"] = self.range(spec["range"], key + ("range",))
                for text_key in ("label", "unit", "source"):
                    if text_key in spec:
                        fields[text_key] = self.text(spec, text_key, key)
            else:
                self.error(key, f"expected a number or a mapping with 'value', found {describe_value(spec)}")
                continue
            number = fields["value"]
            value_key = key + ("value",) if isinstance(spec, dict) and "value" in spec else key
            if not _is_number(number) or not math.isfinite(float(number)):
                self.error(value_key, f"expected a finite number, found {describe_value(number)}")
                continue
            low_high = fields["range"]
            if low_high is not None and not (low_high[0] <= float(number) <= low_high[1]):
                self.error(value_key, f"value {number} lies outside its range [{low_high[0]:g}, {low_high[1]:g}]")
            parameters[name] = Parameter(
                name=name,
                value=float(number),
                range=low_high,
                label=fields["label"],
                unit=fields["unit"],
                source=fields["source"],
                distribution=self.distribution(spec, inherited, float(number), low_high, key),
                location=self.location(value_key),
            )
        return parameters

    def distribution(
        self, spec: object, inherited: Parameter | None, number: float, bounds: tuple[float, float] | None, key: Key
    ) -> Distribution | None:
        if not (isinstance(spec, dict) and "distribution" in spec):
            return inherited.distribution if inherited else None
        return parse_distribution(
            spec["distribution"], value=number, bounds=bounds, key=key + ("distribution",), report=self.error
        )

    def range(self, value: object, key: Key) -> tuple[float, float] | None:
        if (
            isinstance(value, list)
            and len(value) == 2
            and all(_is_number(v) for v in value)
            and all(math.isfinite(float(v)) for v in value)
        ):
            low, high = float(value[0]), float(value[1])
            if low < high:
                return (low, high)
            self.error(key, f"range must be [low, high] with low < high, found [{value[0]}, {value[1]}]")
            return None
        found = describe_value(value)
        if isinstance(value, list):
            found = ", ".join(describe_value(v) for v in value) if len(value) <= 3 else found
        self.error(key, f"expected a range [low, high] of two numbers, found {found}")
        return None

    def derived(self, value: object, base: Scenario | None, parameters: dict[str, Parameter]) -> list[Derived]:
        entries: dict[str, Derived] = {d.name: d for d in base.derived} if base else {}
        raw: dict[str, tuple[object, Key]] = {}
        if value is not None:
            mapping = self.mapping(value, ("derived",), "derived quantities (name: expression)")
            for name, text in (mapping or {}).items():
                key: Key = ("derived", name)
                if not self.identifier(name, key, "derived name"):
                    continue
                if name in parameters:
                    self.error(key, f"'{name}' is already a parameter; derived names must differ", at_key=True)
                    continue
                if name in FUNCTIONS or keyword.iskeyword(name):
                    self.error(
                        key,
                        f"'{name}' is a reserved word (a function name or Python keyword); choose another name",
                        at_key=True,
                    )
                    continue
                raw[name] = (text, key)
                self.declared_derived.add(name)
        known = set(parameters) | set(entries) | set(raw)
        for name, (text, key) in raw.items():
            expression = self.expression(text, key, known)
            if expression is not None:
                entries[name] = Derived(name=name, expression=expression, location=self.location(key))
        return self.order_derived(entries)

    def order_derived(self, entries: dict[str, Derived]) -> list[Derived]:
        # Depth-first, iteratively: a chain of thousands of derived names must not recurse.
        ordered: list[Derived] = []
        state: dict[str, int] = {}
        for start in entries:
            if state.get(start) == 2:
                continue
            state[start] = 1
            trail = [start]
            pending = [iter(sorted(entries[start].expression.names))]
            while pending:
                dep = next(pending[-1], None)
                if dep is None:
                    pending.pop()
                    done = trail.pop()
                    state[done] = 2
                    ordered.append(entries[done])
                    continue
                if dep not in entries or state.get(dep) == 2:
                    continue
                if state.get(dep) == 1:
                    cycle = " -> ".join(trail[trail.index(dep) :] + [dep])
                    self.error(("derived", dep), f"derived quantities refer to each other in a cycle: {cycle}")
                    continue
                state[dep] = 1
                trail.append(dep)
                pending.append(iter(sorted(entries[dep].expression.names)))
        return ordered

    # -- games ----------------------------------------------------------------------------------
    def game(
        self,
        value: object,
        player_ids: tuple[str, ...],
        parameters: dict[str, Parameter],
        derived: list[Derived],
        known: set[str],
    ) -> NormalGame | ExtensiveGame | None:
        mapping = self.mapping(value, ("game",), "a game")
        if mapping is None:
            return None
        kind = mapping.get("kind")
        if kind == "normal":
            self.check_keys(mapping, NORMAL_KEYS, ("game",))
            return self.normal_game(mapping, player_ids, known)
        if kind == "extensive":
            self.check_keys(mapping, EXTENSIVE_KEYS, ("game",))
            return self.extensive_game(mapping, player_ids, parameters, derived, known)
        if kind is None:
            self.error(("game",), "missing required key 'kind' (normal or extensive)")
        else:
            self.error(
                ("game", "kind"),
                f"unknown game kind {kind!r}{suggest(str(kind), ['normal', 'extensive'])}; "
                "expected 'normal' or 'extensive'",
            )
        return None

    def normal_game(self, game: dict, player_ids: tuple[str, ...], known: set[str]) -> NormalGame | None:
        if len(player_ids) != 2:
            self.error(("players",), f"a normal-form game needs exactly two players, found {len(player_ids)}")
            return None
        strategies: dict[str, tuple[str, ...]] = {}
        raw = self.mapping(game.get("strategies"), ("game", "strategies"), "strategies per player")
        for name in raw or {}:
            if name not in player_ids:
                self.error(
                    ("game", "strategies", name),
                    f"unknown player '{name}'{suggest(name, player_ids)}",
                    at_key=True,
                )
        for player in player_ids:
            key = ("game", "strategies", player)
            if raw is None:
                break
            names = raw.get(player)
            if not isinstance(names, list) or not names:
                self.error(
                    key if player in raw else ("game", "strategies"),
                    f"expected a non-empty list of strategy names for player '{player}', found {describe_value(names)}",
                )
                continue
            seen: list[str] = []
            for i, name in enumerate(names):
                if self.identifier(name, key + (i,), "strategy name"):
                    if name in seen:
                        self.error(key + (i,), f"duplicate strategy '{name}'")
                    seen.append(name)
            strategies[player] = tuple(seen)
        payoffs: dict[str, tuple[tuple[Expression | None, ...], ...]] = {}
        cells: dict[tuple[str, int, int], Location] = {}
        matrices = self.mapping(game.get("payoffs"), ("game", "payoffs"), "one payoff matrix per player")
        if matrices is None or len(strategies) != 2:
            return None
        rows, cols = (len(strategies[p]) for p in player_ids)
        for name in matrices:
            if name not in player_ids:
                self.error(
                    ("game", "payoffs", name),
                    f"unknown player '{name}'{suggest(name, player_ids)}",
                    at_key=True,
                )
        ok = True
        for player in player_ids:
            key = ("game", "payoffs", player)
            if player not in matrices:
                self.error(("game", "payoffs"), f"payoffs missing for player '{player}'")
                ok = False
                continue
            matrix = matrices[player]
            if (
                not isinstance(matrix, list)
                or len(matrix) != rows
                or not all(isinstance(r, list) and len(r) == cols for r in matrix)
            ):
                found = (
                    f"{len(matrix)} rows of lengths {[len(r) if isinstance(r, list) else '?' for r in matrix]}"
                    if isinstance(matrix, list)
                    else describe_value(matrix)
                )
                self.error(
                    key,
                    f"expected a {rows}x{cols} matrix ({rows} rows for "
                    f"{', '.join(strategies[player_ids[0]])}; {cols} entries each for "
                    f"{', '.join(strategies[player_ids[1]])}), found {found}",
                )
                ok = False
                continue
            parsed_rows = []
            for i, row in enumerate(matrix):
                parsed = []
                for j, cell in enumerate(row):
                    expression = self.expression(cell, key + (i, j), known)
                    parsed.append(expression)
                    cells[(player, i, j)] = self.location(key + (i, j))
                parsed_rows.append(tuple(parsed))
            payoffs[player] = tuple(parsed_rows)
        if not ok or self.problems:
            return None
        return NormalGame(
            players=(player_ids[0], player_ids[1]),
            strategies=frozen_map(strategies),
            # A cell that failed to parse recorded a problem and returned above, so no cell is None here.
            payoffs=frozen_map(cast("dict[str, tuple[tuple[Expression, ...], ...]]", payoffs)),
            cell_locations=frozen_map(cells),
        )

    def extensive_game(
        self,
        game: dict,
        player_ids: tuple[str, ...],
        parameters: dict[str, Parameter],
        derived: list[Derived],
        known: set[str],
    ) -> ExtensiveGame | None:
        nodes: dict[str, DecisionNode | ChanceNode] = {}
        outcomes: dict[str, Outcome] = {}
        node_keys: dict[str, Key] = {}
        self.imports(game.get("imports"), player_ids, parameters, derived, nodes, outcomes)
        imported = set(nodes) | set(outcomes)
        raw_nodes = self.mapping(game.get("nodes", {}), ("game", "nodes"), "nodes") or {}
        raw_outcomes = self.mapping(game.get("outcomes", {}), ("game", "outcomes"), "outcomes") or {}
        if not raw_outcomes and not outcomes and not game.get("imports"):
            self.error(("game",), "an extensive game needs 'outcomes' (terminal nodes with payoffs)")
        if len(raw_nodes) + len(raw_outcomes) + len(imported) > current_limits().max_tree_nodes:
            self.error(
                ("game", "nodes"),
                f"more than {current_limits().max_tree_nodes} nodes and outcomes "
                "(raise the limit with NEGOTIATION_SIM_MAX_TREE_NODES)",
            )
            return None
        for node_id, spec in raw_outcomes.items():
            key = ("game", "outcomes", node_id)
            if not self.identifier(node_id, key, "outcome id"):
                continue
            outcome = self.outcome(node_id, spec, key, player_ids, known)
            if outcome is not None:
                outcomes[node_id] = outcome
                node_keys[node_id] = key
        for node_id, spec in raw_nodes.items():
            key = ("game", "nodes", node_id)
            if not self.identifier(node_id, key, "node id"):
                continue
            if node_id in raw_outcomes:
                self.error(key, f"'{node_id}' is both a node and an outcome; ids share one namespace", at_key=True)
                continue
            node = self.node(node_id, spec, key, player_ids, known)
            if node is not None:
                nodes[node_id] = node
                node_keys[node_id] = key
        declared = {k for k in raw_nodes if isinstance(k, str)} | {k for k in raw_outcomes if isinstance(k, str)}
        all_ids = set(nodes) | set(outcomes) | declared
        root = game.get("root")
        if root is None:
            self.error(("game",), "missing required key 'root' (the id of the first node)")
        elif not isinstance(root, str) or (root not in nodes and root not in raw_nodes):
            hint = suggest(str(root), nodes)
            what = "an outcome" if isinstance(root, str) and root in all_ids else "not a node"
            self.error(("game", "root"), f"root '{root}' is {what}{hint}; expected one of the nodes")
            root = None
        for node_id, node in nodes.items():
            if node_id in imported:
                continue
            for move, target in node.moves.items():
                if target not in all_ids:
                    sub = "moves" if isinstance(node, DecisionNode) else "chance"
                    tail = (move,) if sub == "moves" else (move, "next")
                    self.error(
                        node_keys[node_id] + (sub,) + tail,
                        f"unknown node or outcome '{target}'{suggest(target, all_ids)}",
                    )
        if root is not None and root in nodes:
            # Cycles are reported with the other problems (over the nodes that did parse).
            self.check_graph(root, nodes, outcomes, node_keys)
        if self.problems or root is None:
            return None
        return ExtensiveGame(players=player_ids, root=root, nodes=frozen_map(nodes), outcomes=frozen_map(outcomes))

    def imports(
        self,
        value: object,
        player_ids: tuple[str, ...],
        parameters: dict[str, Parameter],
        derived: list[Derived],
        nodes: dict[str, DecisionNode | ChanceNode],
        outcomes: dict[str, Outcome],
    ) -> None:
        if value is None:
            return
        mapping = self.mapping(value, ("game", "imports"), "imports (prefix: file)") or {}
        own_meaning = _meanings(parameters, derived)
        for prefix, file in mapping.items():
            key = ("game", "imports", prefix)
            if not self.identifier(prefix, key, "import prefix"):
                continue
            if not isinstance(file, str):
                self.error(key, f"expected a relative path to a scenario file, found {describe_value(file)}")
                continue
            other = self.load_other(self.path.parent / file, key, "import")
            if other is None:
                continue
            if not isinstance(other.game, ExtensiveGame):
                self.error(key, f"'{file}' has no extensive game to import")
                continue
            if set(other.player_ids) != set(player_ids):
                self.error(
                    key,
                    f"'{file}' has players {', '.join(other.player_ids)}; this scenario has "
                    f"{', '.join(player_ids)} (imported files must share the players)",
                )
                continue
            missing = sorted(set(other.parameters) - set(parameters))
            if missing:
                self.error(
                    key,
                    f"'{file}' uses parameters this scenario does not declare: {', '.join(missing)} "
                    "(imported files must share the parameters, usually through the same 'extends')",
                )
                continue
            # Derived quantities of the imported file that mean something else here are kept under
            # the prefix; the meaning includes everything a quantity depends on, not only its text.
            other_meaning = _meanings(other.parameters, other.derived)
            rename = {
                d.name: f"{prefix}.{d.name}" for d in other.derived if own_meaning.get(d.name) != other_meaning[d.name]
            }
            for d in other.derived:
                if d.name in rename:
                    derived.append(
                        Derived(name=rename[d.name], expression=d.expression.renamed(rename), location=d.location)
                    )
            for node_id, node in other.game.nodes.items():
                new_id = f"{prefix}.{node_id}"
                if isinstance(node, DecisionNode):
                    nodes[new_id] = DecisionNode(
                        id=new_id,
                        player=node.player,
                        label=node.label,
                        location=node.location,
                        moves=frozen_map({m: f"{prefix}.{t}" for m, t in node.moves.items()}),
                    )
                else:
                    nodes[new_id] = ChanceNode(
                        id=new_id,
                        label=node.label,
                        location=node.location,
                        branches=tuple(
                            Branch(
                                name=b.name,
                                probability=b.probability.renamed(rename),
                                next=f"{prefix}.{b.next}",
                            )
                            for b in node.branches
                        ),
                    )
            for outcome_id, outcome in other.game.outcomes.items():
                new_id = f"{prefix}.{outcome_id}"
                outcomes[new_id] = Outcome(
                    id=new_id,
                    label=outcome.label,
                    location=outcome.location,
                    payoffs=frozen_map({p: e.renamed(rename) for p, e in outcome.payoffs.items()}),
                )

    def outcome(
        self, node_id: str, spec: object, key: Key, player_ids: tuple[str, ...], known: set[str]
    ) -> Outcome | None:
        mapping = self.mapping(spec, key, "an outcome with 'payoffs'")
        if mapping is None:
            return None
        self.check_keys(mapping, OUTCOME_KEYS, key)
        payoffs_raw = mapping.get("payoffs")
        if payoffs_raw is None:
            self.error(key, f"missing required key 'payoffs' (one expression per player: {', '.join(player_ids)})")
            return None
        payoffs_map = self.mapping(payoffs_raw, key + ("payoffs",), "payoffs (player: expression)")
        if payoffs_map is None:
            return None
        payoffs: dict[str, Expression] = {}
        for player, text in payoffs_map.items():
            if player not in player_ids:
                self.error(
                    key + ("payoffs", player),
                    f"unknown player '{player}'{suggest(player, player_ids)}",
                    at_key=True,
                )
                continue
            expression = self.expression(text, key + ("payoffs", player), known)
            if expression is not None:
                payoffs[player] = expression
        missing = [p for p in player_ids if p not in payoffs_map]
        if missing:
            self.error(key + ("payoffs",), f"payoffs missing for player(s): {', '.join(missing)}")
        if missing or len(payoffs) != len(player_ids):
            return None
        return Outcome(
            id=node_id,
            label=self.text(mapping, "label", key),
            payoffs=frozen_map({p: payoffs[p] for p in player_ids}),
            location=self.location(key),
        )

    def node(
        self, node_id: str, spec: object, key: Key, player_ids: tuple[str, ...], known: set[str]
    ) -> DecisionNode | ChanceNode | None:
        mapping = self.mapping(spec, key, "a node with 'player' and 'moves', or 'chance'")
        if mapping is None:
            return None
        label = self.text(mapping, "label", key)
        if "chance" in mapping:
            if "player" in mapping or "moves" in mapping:
                self.error(key, "a node has either 'player' and 'moves' (a decision) or 'chance', not both")
                return None
            self.check_keys(mapping, CHANCE_KEYS, key)
            branches_raw = self.mapping(mapping["chance"], key + ("chance",), "chance branches")
            if not branches_raw:
                if branches_raw is not None:
                    self.error(key + ("chance",), "a chance node needs at least one branch")
                return None
            branches = []
            for name, branch in branches_raw.items():
                bkey = key + ("chance", name)
                if not self.identifier(name, bkey, "branch name"):
                    continue
                bmap = self.mapping(branch, bkey, "a branch with 'probability' and 'next'")
                if bmap is None:
                    continue
                self.check_keys(bmap, BRANCH_KEYS, bkey)
                if "probability" not in bmap or "next" not in bmap:
                    self.error(bkey, "a branch needs 'probability' and 'next'")
                    continue
                probability = self.expression(bmap["probability"], bkey + ("probability",), known)
                target = bmap["next"]
                if not isinstance(target, str):
                    self.error(bkey + ("next",), f"expected a node or outcome id, found {describe_value(target)}")
                    continue
                if probability is not None:
                    branches.append(Branch(name=name, probability=probability, next=target))
            return ChanceNode(id=node_id, label=label, branches=tuple(branches), location=self.location(key))
        self.check_keys(mapping, DECISION_KEYS, key)
        player = mapping.get("player")
        if player is None:
            self.error(key, "missing required key 'player' (or 'chance' for a chance node)")
            return None
        if player not in player_ids:
            self.error(
                key + ("player",),
                f"unknown player '{player}'{suggest(str(player), player_ids)}; players: {', '.join(player_ids)}",
            )
        moves_raw = mapping.get("moves")
        if not moves_raw:
            self.error(
                key + ("moves",) if "moves" in mapping else key,
                "a decision node needs at least one move (moves: {name: next_id})",
            )
            return None
        moves_map = self.mapping(moves_raw, key + ("moves",), "moves (name: next id)")
        if moves_map is None:
            return None
        moves = {}
        for move, target in moves_map.items():
            if not self.identifier(move, key + ("moves", move), "move name"):
                continue
            if not isinstance(target, str):
                self.error(key + ("moves", move), f"expected a node or outcome id, found {describe_value(target)}")
                continue
            moves[move] = target
        return DecisionNode(
            id=node_id, player=player, label=label, moves=frozen_map(moves), location=self.location(key)
        )

    def check_graph(
        self,
        root: str,
        nodes: Mapping[str, DecisionNode | ChanceNode],
        outcomes: Mapping[str, Outcome],
        node_keys: Mapping[str, Key],
    ) -> None:
        state: dict[str, int] = {}
        reported = False
        for start in [root, *nodes]:
            if start in state:
                continue
            stack = [(start, iter(nodes[start].moves.values()))]
            trail = [start]
            state[start] = 1
            while stack and not reported:
                node_id, children = stack[-1]
                child = next(children, None)
                if child is None:
                    state[node_id] = 2
                    stack.pop()
                    trail.pop()
                    continue
                if child not in nodes:
                    continue
                if state.get(child) == 1:
                    cycle = " -> ".join(trail[trail.index(child) :] + [child])
                    self.error(node_keys.get(trail[-1], ("game", "nodes")), f"the game has a cycle: {cycle}")
                    reported = True
                elif child not in state:
                    state[child] = 1
                    trail.append(child)
                    stack.append((child, iter(nodes[child].moves.values())))
        if reported:
            return
        reachable = {root}
        frontier = [root]
        while frontier:
            node_id = frontier.pop()
            if node_id in nodes:
                for target in nodes[node_id].moves.values():
                    if target not in reachable:
                        reachable.add(target)
                        frontier.append(target)
        for node_id in list(nodes) + list(outcomes):
            if node_id not in reachable and node_id in node_keys:
                self.error(
                    node_keys[node_id],
                    f"'{node_id}' cannot be reached from the root '{root}'",
                    at_key=True,
                    severity="warning",
                )

    def check_at_defaults(self, scenario: Scenario) -> None:
        from .evaluation import evaluate

        try:
            evaluate(scenario, None)
        except ScenarioError as exc:
            raise ScenarioError(_in_file_order(list(exc.problems) + self.warnings)) from None


def _meanings(parameters: Mapping[str, Parameter], derived: list[Derived] | tuple[Derived, ...]) -> dict[str, str]:
    """Name -> a digest of what it means: a parameter is itself; a derived quantity is its text
    plus the meaning of every name it uses (transitively), so two quantities that read alike
    but depend on different definitions differ.  ``derived`` is in evaluation order, so one
    pass suffices (linear in the size of the definitions)."""
    meaning = {name: f"parameter {name}" for name in parameters}
    for item in derived:
        digest = hashlib.blake2b(item.expression.source.encode("utf-8", "surrogatepass"), digest_size=16)
        for name in sorted(item.expression.names):
            digest.update(f"\0{name}={meaning.get(name, '?')}".encode("utf-8", "surrogatepass"))
        meaning[item.name] = digest.hexdigest()
    return meaning


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    """Sort problems by file (first seen first), line and column; stable otherwise."""
    files: dict[str | None, int] = {}
    for p in problems:
        files.setdefault(p.file, len(files))
    return sorted(problems, key=lambda p: (files[p.file], p.line or 0, p.column or 0))
