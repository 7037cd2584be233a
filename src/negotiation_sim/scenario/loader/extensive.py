"""A ``game:`` section of ``kind: extensive``: decision and chance nodes, outcomes, imports."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from ..expressions import Expression, suggest
from ..schema import Branch, ChanceNode, DecisionNode, Derived, ExtensiveGame, Outcome, Parameter, frozen_map
from ..yaml_reader import Key, describe_value
from .files import LoadSession
from .imports import read_imports
from .report import FileReport

__all__ = ["BRANCH_KEYS", "CHANCE_KEYS", "DECISION_KEYS", "EXTENSIVE_KEYS", "OUTCOME_KEYS", "read_extensive_game"]

EXTENSIVE_KEYS = ("kind", "root", "imports", "nodes", "outcomes")
DECISION_KEYS = ("player", "label", "moves", "information_set")
CHANCE_KEYS = ("label", "chance")
BRANCH_KEYS = ("probability", "next")
OUTCOME_KEYS = ("label", "payoffs")


def read_extensive_game(
    report: FileReport,
    game: dict,
    *,
    player_ids: tuple[str, ...],
    parameters: dict[str, Parameter],
    derived: list[Derived],
    known: Collection[str],
    session: LoadSession,
    folder: Path,
    stack: tuple[Path, ...],
) -> ExtensiveGame | None:
    """Read a game tree: imports first, then this file's outcomes and nodes, then the graph checks.

    Parameters
    ----------
    report : FileReport
        Where problems are recorded.
    game : dict
        The ``game:`` mapping.
    player_ids, parameters, known
        The scenario's players, parameters and the names expressions may use.
    derived : list of Derived
        The scenario's derived quantities; imported ones that differ are appended.
    session, folder, stack
        The load session, the folder imports are relative to and the files being built.

    Returns
    -------
    ExtensiveGame or None
        None after recording problems.
    """
    raw_nodes = report.mapping(game.get("nodes", {}), ("game", "nodes"), "nodes") or {}
    raw_outcomes = report.mapping(game.get("outcomes", {}), ("game", "outcomes"), "outcomes") or {}
    limit = report.limits.max_tree_nodes
    if len(raw_nodes) + len(raw_outcomes) > limit:
        report.error(
            ("game", "nodes"),
            f"more than {limit} nodes and outcomes (raise the limit with NEGOTIATION_SIM_MAX_TREE_NODES)",
        )
        return None
    imported = read_imports(
        report,
        game.get("imports"),
        own_size=len(raw_nodes) + len(raw_outcomes),
        player_ids=player_ids,
        parameters=parameters,
        derived=derived,
        session=session,
        folder=folder,
        stack=stack,
    )
    if imported is None:
        return None
    nodes, outcomes = imported
    imported_ids = set(nodes) | set(outcomes)
    if not raw_outcomes and not outcomes and not game.get("imports"):
        report.error(("game",), "an extensive game needs 'outcomes' (terminal nodes with payoffs)")
    node_keys: dict[str, Key] = {}
    for node_id, spec in raw_outcomes.items():
        key = ("game", "outcomes", node_id)
        if not report.identifier(node_id, key, "outcome id"):
            continue
        outcome = _outcome(report, node_id, spec, key, player_ids, known)
        if outcome is not None:
            outcomes[node_id] = outcome
            node_keys[node_id] = key
    for node_id, spec in raw_nodes.items():
        key = ("game", "nodes", node_id)
        if not report.identifier(node_id, key, "node id"):
            continue
        if node_id in raw_outcomes:
            report.error(key, f"'{node_id}' is both a node and an outcome; ids share one namespace", at_key=True)
            continue
        node = _node(report, node_id, spec, key, player_ids, known)
        if node is not None:
            nodes[node_id] = node
            node_keys[node_id] = key
    declared = {k for k in raw_nodes if isinstance(k, str)} | {k for k in raw_outcomes if isinstance(k, str)}
    all_ids = set(nodes) | set(outcomes) | declared
    root = game.get("root")
    if root is None:
        report.error(("game",), "missing required key 'root' (the id of the first node)")
    elif not isinstance(root, str) or (root not in nodes and root not in raw_nodes):
        hint = suggest(str(root), nodes)
        what = "an outcome" if isinstance(root, str) and root in all_ids else "not a node"
        report.error(("game", "root"), f"root '{root}' is {what}{hint}; expected one of the nodes")
        root = None
    for node_id, node in nodes.items():
        if node_id in imported_ids:
            continue
        for move, target in node.moves.items():
            if target not in all_ids:
                sub = "moves" if isinstance(node, DecisionNode) else "chance"
                tail = (move,) if sub == "moves" else (move, "next")
                report.error(
                    node_keys[node_id] + (sub,) + tail,
                    f"unknown node or outcome '{target}'{suggest(target, all_ids)}",
                )
    if root is not None and root in nodes:
        # Cycles are reported with the other problems (over the nodes that did parse).
        _check_graph(report, root, nodes, outcomes, node_keys)
        if not report.problems:
            from ..information import information_set_messages

            for node_id, message in information_set_messages(player_ids, root, nodes, outcomes):
                report.error(node_keys.get(node_id, ("game", "nodes")) + ("information_set",), message)
    if report.problems or root is None:
        return None
    return ExtensiveGame(players=player_ids, root=root, nodes=frozen_map(nodes), outcomes=frozen_map(outcomes))


def _outcome(
    report: FileReport, node_id: str, spec: object, key: Key, player_ids: tuple[str, ...], known: Collection[str]
) -> Outcome | None:
    mapping = report.mapping(spec, key, "an outcome with 'payoffs'")
    if mapping is None:
        return None
    report.check_keys(mapping, OUTCOME_KEYS, key)
    payoffs_raw = mapping.get("payoffs")
    if payoffs_raw is None:
        report.error(key, f"missing required key 'payoffs' (one expression per player: {', '.join(player_ids)})")
        return None
    payoffs_map = report.mapping(payoffs_raw, key + ("payoffs",), "payoffs (player: expression)")
    if payoffs_map is None:
        return None
    payoffs: dict[str, Expression] = {}
    for player, text in payoffs_map.items():
        if player not in player_ids:
            report.error(
                key + ("payoffs", player), f"unknown player '{player}'{suggest(player, player_ids)}", at_key=True
            )
            continue
        expression = report.expression(text, key + ("payoffs", player), known)
        if expression is not None:
            payoffs[player] = expression
    missing = [p for p in player_ids if p not in payoffs_map]
    if missing:
        report.error(key + ("payoffs",), f"payoffs missing for player(s): {', '.join(missing)}")
    if missing or len(payoffs) != len(player_ids):
        return None
    return Outcome(
        id=node_id,
        label=report.text(mapping, "label", key),
        payoffs=frozen_map({p: payoffs[p] for p in player_ids}),
        location=report.location(key),
    )


def _node(
    report: FileReport, node_id: str, spec: object, key: Key, player_ids: tuple[str, ...], known: Collection[str]
) -> DecisionNode | ChanceNode | None:
    mapping = report.mapping(spec, key, "a node with 'player' and 'moves', or 'chance'")
    if mapping is None:
        return None
    label = report.text(mapping, "label", key)
    if "chance" in mapping:
        if "player" in mapping or "moves" in mapping:
            report.error(key, "a node has either 'player' and 'moves' (a decision) or 'chance', not both")
            return None
        if "information_set" in mapping:
            report.error(
                key + ("information_set",),
                "a chance node cannot be in an information set (only a player's decision nodes can)",
                at_key=True,
            )
        report.check_keys({k: v for k, v in mapping.items() if k != "information_set"}, CHANCE_KEYS, key)
        return _chance_node(report, node_id, mapping["chance"], key, label, known)
    report.check_keys(mapping, DECISION_KEYS, key)
    player = mapping.get("player")
    if player is None:
        report.error(key, "missing required key 'player' (or 'chance' for a chance node)")
        return None
    if player not in player_ids:
        report.error(
            key + ("player",),
            f"unknown player '{player}'{suggest(str(player), player_ids)}; players: {', '.join(player_ids)}",
        )
    moves_raw = mapping.get("moves")
    if not moves_raw:
        report.error(
            key + ("moves",) if "moves" in mapping else key,
            "a decision node needs at least one move (moves: {name: next_id})",
        )
        return None
    moves_map = report.mapping(moves_raw, key + ("moves",), "moves (name: next id)")
    if moves_map is None:
        return None
    moves = {}
    for move, target in moves_map.items():
        if not report.identifier(move, key + ("moves", move), "move name"):
            continue
        if not isinstance(target, str):
            report.error(key + ("moves", move), f"expected a node or outcome id, found {describe_value(target)}")
            continue
        moves[move] = target
    information_set = mapping.get("information_set", "")
    if information_set != "" and not report.identifier(
        information_set, key + ("information_set",), "information-set id"
    ):
        information_set = ""
    return DecisionNode(
        id=node_id,
        player=player,
        label=label,
        moves=frozen_map(moves),
        information_set=information_set,
        location=report.location(key),
    )


def _chance_node(
    report: FileReport, node_id: str, value: object, key: Key, label: str, known: Collection[str]
) -> ChanceNode | None:
    branches_raw = report.mapping(value, key + ("chance",), "chance branches")
    if not branches_raw:
        if branches_raw is not None:
            report.error(key + ("chance",), "a chance node needs at least one branch")
        return None
    branches = []
    for name, branch in branches_raw.items():
        bkey = key + ("chance", name)
        if not report.identifier(name, bkey, "branch name"):
            continue
        bmap = report.mapping(branch, bkey, "a branch with 'probability' and 'next'")
        if bmap is None:
            continue
        report.check_keys(bmap, BRANCH_KEYS, bkey)
        if "probability" not in bmap or "next" not in bmap:
            report.error(bkey, "a branch needs 'probability' and 'next'")
            continue
        probability = report.expression(bmap["probability"], bkey + ("probability",), known)
        target = bmap["next"]
        if not isinstance(target, str):
            report.error(bkey + ("next",), f"expected a node or outcome id, found {describe_value(target)}")
            continue
        if probability is not None:
            branches.append(Branch(name=name, probability=probability, next=target))
    return ChanceNode(id=node_id, label=label, branches=tuple(branches), location=report.location(key))


def _check_graph(
    report: FileReport,
    root: str,
    nodes: Mapping[str, DecisionNode | ChanceNode],
    outcomes: Mapping[str, Outcome],
    node_keys: Mapping[str, Key],
) -> None:
    """Report the first cycle, or else warn about every node the root cannot reach."""
    state: dict[str, int] = {}
    for start in [root, *nodes]:
        if start in state:
            continue
        stack = [(start, iter(nodes[start].moves.values()))]
        trail = [start]
        state[start] = 1
        while stack:
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
                report.error(node_keys.get(trail[-1], ("game", "nodes")), f"the game has a cycle: {cycle}")
                return
            if child not in state:
                state[child] = 1
                trail.append(child)
                stack.append((child, iter(nodes[child].moves.values())))
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
            report.error(
                node_keys[node_id],
                f"'{node_id}' cannot be reached from the root '{root}'",
                at_key=True,
                severity="warning",
            )
