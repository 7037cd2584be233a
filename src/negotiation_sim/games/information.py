"""Information sets of a game tree: checks, subgames and what each player remembers.

A tree's information sets must be well formed (one player, one list of move names, no
node and its descendant in one set) and the game must have *perfect recall*: at every
node of one set, the player has the same record of its own earlier information sets and
moves (Kuhn 1953).  The problems are data (:class:`InformationSetProblem`) naming the
nodes involved, so a loader can place each message at the line that wrote the node.

A node reached along several paths (a shared node of a DAG) that is alone in its set
is one decision with the same continuation wherever it is met; its copies are not
compared for recall.  A node in a set of two or more is compared on every path.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import NegotiationSimError
from .tree import Decision, GameTree

__all__ = [
    "InformationSetError",
    "InformationSetProblem",
    "check_information_sets",
    "descendants",
    "information_set_problems",
    "subgame_roots",
]

_MAX_RECORDS = 10_000  # distinct recall records kept per node before recall checks stop


@dataclass(frozen=True, slots=True, kw_only=True)
class InformationSetProblem:
    """One thing wrong with an information set.

    Attributes
    ----------
    information_set : str
        The set's id.
    nodes : tuple of str
        The nodes involved; the first is where a loader should point.
    message : str
        What is wrong, in plain words.
    """

    information_set: str
    nodes: tuple[str, ...]
    message: str


class InformationSetError(NegotiationSimError):
    """A tree's information sets are malformed or the game lacks perfect recall.

    Parameters
    ----------
    problems : iterable of InformationSetProblem
    """

    def __init__(self, problems: list[InformationSetProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(p.message for p in self.problems))


def descendants(tree: GameTree, node_id: str) -> set[str]:
    """Every node and outcome reachable from ``node_id`` by at least one move (not itself).

    Parameters
    ----------
    tree : GameTree
    node_id : str

    Returns
    -------
    set of str

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> sorted(descendants(sc.evaluate(), "response"))
    ['price_war', 'shared_market']
    """
    seen: set[str] = set()
    stack = list(tree.nodes[node_id].moves.values()) if node_id in tree.nodes else []
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        if current in tree.nodes:
            stack.extend(tree.nodes[current].moves.values())
    return seen


def information_set_problems(tree: GameTree) -> list[InformationSetProblem]:
    """Every problem with the information sets of ``tree``, sets in the order written.

    Parameters
    ----------
    tree : GameTree

    Returns
    -------
    list of InformationSetProblem
        Empty when the sets are well formed and the game has perfect recall.

    Examples
    --------
    >>> from negotiation_sim.games import Decision, GameTree, Terminal, read_only
    >>> def out(name):
    ...     return Terminal(id=name, payoffs=read_only([0, 0]))
    >>> tree = GameTree(players=("a", "b"), root="r", nodes={
    ...     "r": Decision(id="r", player="a", moves={"x": "s", "y": "t"}),
    ...     "s": Decision(id="s", player="a", information_set="h", moves={"l": "o1", "r": "o2"}),
    ...     "t": Decision(id="t", player="a", information_set="h", moves={"l": "o3", "r": "o4"}),
    ... }, outcomes={o: out(o) for o in ("o1", "o2", "o3", "o4")})
    >>> print(information_set_problems(tree)[0].message)  # doctest: +NORMALIZE_WHITESPACE
    imperfect recall: at information set 'h' player 'a' forgets that it chose 'x' at 'r'
    (node 's' follows 'x', node 't' follows 'y')
    """
    problems: list[InformationSetProblem] = []
    sets = {k: v for k, v in tree.information_sets().items() if any(n in _reachable(tree) for n in v)}
    for set_id, members in sets.items():
        problems.extend(_shape_problems(tree, set_id, members))
    if not problems:
        problems.extend(_recall_problems(tree, sets))
    return problems


def check_information_sets(tree: GameTree) -> None:
    """Raise if the information sets of ``tree`` are malformed or recall is imperfect.

    Parameters
    ----------
    tree : GameTree

    Raises
    ------
    InformationSetError
        With every problem found.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> game = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml").evaluate()
    >>> check_information_sets(game)
    """
    problems = information_set_problems(tree)
    if problems:
        raise InformationSetError(problems)


def subgame_roots(tree: GameTree) -> list[str]:
    """The nodes that root a subgame: alone in their set, cutting no information set.

    A node roots a subgame when every information set that meets its descendants lies
    wholly among them, and every node of a set of two or more among them is reached only
    through it.  The root always qualifies.

    Parameters
    ----------
    tree : GameTree

    Returns
    -------
    list of str
        Node ids in the tree's bottom-up order (the root last).

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> subgame_roots(ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml").evaluate())
    ['response', 'entry']
    """
    sets = tree.information_sets()
    roots = []
    for node_id in tree.order:
        node = tree.nodes[node_id]
        if isinstance(node, Decision) and len(sets[node.info_set]) > 1:
            continue
        below = descendants(tree, node_id)
        ok = node_id == tree.root or all(
            all(m in below for m in members) and all(_dominates(tree, node_id, m) for m in members)
            for members in sets.values()
            if len(members) > 1 and any(m in below for m in members)
        )
        if ok:
            roots.append(node_id)
    return roots


def _reachable(tree: GameTree) -> set[str]:
    return set(tree.order)


def _dominates(tree: GameTree, top: str, node_id: str) -> bool:
    # Every path from the root to node_id passes through top.
    seen = {top}
    stack = [tree.root] if tree.root != top else []
    while stack:
        current = stack.pop()
        if current == node_id:
            return False
        if current in seen or current not in tree.nodes:
            continue
        seen.add(current)
        stack.extend(tree.nodes[current].moves.values())
    return True


def _shape_problems(tree: GameTree, set_id: str, members: tuple[str, ...]) -> list[InformationSetProblem]:
    problems = []
    nodes = [tree.nodes[m] for m in members]
    first = nodes[0]
    assert isinstance(first, Decision)
    for node in nodes[1:]:
        assert isinstance(node, Decision)
        if node.player != first.player:
            problems.append(
                InformationSetProblem(
                    information_set=set_id,
                    nodes=(node.id, first.id),
                    message=f"information set '{set_id}': node '{node.id}' belongs to '{node.player}' "
                    f"but node '{first.id}' to '{first.player}' (one player decides at all nodes of a set)",
                )
            )
        elif set(node.moves) != set(first.moves):
            problems.append(
                InformationSetProblem(
                    information_set=set_id,
                    nodes=(node.id, first.id),
                    message=f"information set '{set_id}': node '{node.id}' has moves {sorted(node.moves)} but "
                    f"node '{first.id}' has {sorted(first.moves)} (a player who cannot tell the nodes "
                    "apart sees the same moves)",
                )
            )
    for upper in members:
        below = descendants(tree, upper)
        for lower in members:
            if lower in below:
                problems.append(
                    InformationSetProblem(
                        information_set=set_id,
                        nodes=(lower, upper),
                        message=f"information set '{set_id}' holds node '{lower}' and its ancestor '{upper}' "
                        "(a player always knows it has moved since)",
                    )
                )
    return problems


Record = tuple[tuple[str, str, str], ...]  # (information set, move, node) of the player's own decisions


def _recall_problems(tree: GameTree, sets: Mapping[str, tuple[str, ...]]) -> list[InformationSetProblem]:
    records: dict[str, dict[str, set[Record]]] = {tree.root: {p: {()} for p in tree.players}}
    for node_id in reversed(tree.order):  # top-down
        node = tree.nodes[node_id]
        mine = records.get(node_id, {p: {()} for p in tree.players})
        for move, target in node.moves.items():
            if target not in tree.nodes:
                continue
            into = records.setdefault(target, {p: set() for p in tree.players})
            for player, recs in mine.items():
                grown = (
                    {r + ((node.info_set, move, node_id),) for r in recs}
                    if isinstance(node, Decision) and node.player == player
                    else recs
                )
                if len(into[player]) < _MAX_RECORDS:
                    into[player].update(grown)
    problems = []
    for set_id, members in sets.items():
        if len(members) < 2:
            continue
        first = tree.nodes[members[0]]
        assert isinstance(first, Decision)
        seen: list[tuple[str, Record]] = [
            (m, r) for m in members if m in records for r in sorted(records[m][first.player])
        ]
        for (node_a, rec_a), (node_b, rec_b) in itertools.pairwise(seen):
            if _strip(rec_a) != _strip(rec_b):
                problems.append(_forgets(set_id, first.player, node_a, rec_a, node_b, rec_b))
                break
    return problems


def _strip(record: Record) -> tuple[tuple[str, str], ...]:
    return tuple((s, m) for s, m, _ in record)


def _forgets(set_id: str, player: str, node_a: str, rec_a: Record, node_b: str, rec_b: Record) -> InformationSetProblem:
    for (set_a, move_a, at_a), (set_b, move_b, at_b) in zip(rec_a, rec_b, strict=False):
        if set_a != set_b:
            what = f"whether it decided at '{set_a}' or at '{set_b}'"
            detail = f"node '{node_a}' follows '{at_a}', node '{node_b}' follows '{at_b}'"
            break
        if move_a != move_b:
            what = f"that it chose '{move_a}' at '{set_a}'"
            detail = f"node '{node_a}' follows '{move_a}', node '{node_b}' follows '{move_b}'"
            break
    else:
        longer, shorter = (node_a, node_b) if len(rec_a) > len(rec_b) else (node_b, node_a)
        extra = (rec_a if len(rec_a) > len(rec_b) else rec_b)[min(len(rec_a), len(rec_b))]
        what = f"whether it already decided at '{extra[0]}'"
        detail = f"node '{longer}' follows that decision, node '{shorter}' does not"
    return InformationSetProblem(
        information_set=set_id,
        nodes=(node_b, node_a),
        message=f"imperfect recall: at information set '{set_id}' player '{player}' forgets {what} ({detail})",
    )
