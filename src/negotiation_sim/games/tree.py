"""The numeric game tree: decision nodes, chance nodes, outcomes, and one walk.

Node and outcome ids share one namespace.  Several moves may lead to the same node: the
game is then a directed acyclic graph, solved as the tree it unfolds to.  A decision
node belongs to an *information set* (itself by default): a pure profile names one
move per information set, so a shared node or a set of indistinguishable nodes is
one decision wherever it is met.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from .base import NumericGame, read_only
from .outcomes import Lottery

__all__ = ["Chance", "Decision", "GameTree", "Play", "Terminal", "bottom_up_order"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """A node where ``player`` picks one of ``moves`` (move name -> next node or outcome id).

    Attributes
    ----------
    id, player : str
    moves : mapping
        Move name -> next id, in the order written.
    information_set : str
        The set of nodes the player cannot tell apart; ``""`` means the singleton
        ``{id}`` (see :attr:`info_set`).
    label : str
    """

    id: str
    player: str
    moves: Mapping[str, str]
    information_set: str = ""
    label: str = ""

    @property
    def info_set(self) -> str:
        """The information-set id: :attr:`information_set`, or the node id for a singleton.

        Examples
        --------
        >>> Decision(id="offer", player="russia", moves={"none": "end"}).info_set
        'offer'
        """
        return self.information_set or self.id


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Chance:
    """A node where nature picks a branch.

    Attributes
    ----------
    id : str
    moves : mapping
        Branch name -> next id.
    probabilities : numpy.ndarray
        Read-only, shape ``(n_branches, *grid_shape)``.
    label : str
    """

    id: str
    moves: Mapping[str, str]
    probabilities: np.ndarray
    label: str = ""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Terminal:
    """An outcome: where play ends, with a payoff per player.

    Attributes
    ----------
    id : str
    payoffs : numpy.ndarray
        Read-only, shape ``(n_players, *grid_shape)`` in player order.
    label : str
    """

    id: str
    payoffs: np.ndarray
    label: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Play:
    """Where a pure profile leads (see :meth:`GameTree.play`).

    Attributes
    ----------
    outcomes : Lottery
        ``(outcome id, probability)`` in the game's outcome order; chance in expectation.
    path : tuple of (str, str)
        ``(node id, move)`` along the play: each decision met, and at a chance node every
        branch of positive probability (depth first, in branch order).
    payoffs : tuple of float
        Expected payoff per player, in player order.
    """

    outcomes: Lottery
    path: tuple[tuple[str, str], ...]
    payoffs: tuple[float, ...]


def _proxy(items: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(items))


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class GameTree(NumericGame):
    """A finite game tree (or DAG) with numeric payoffs and chance probabilities.

    Attributes
    ----------
    players : tuple of str
    root : str
    nodes : mapping
        Node id -> :class:`Decision` or :class:`Chance`, in the order written.
    outcomes : mapping
        Outcome id -> :class:`Terminal`, in the order written.

    Examples
    --------
    >>> tree = GameTree(
    ...     players=("a", "b"),
    ...     root="start",
    ...     nodes={"start": Decision(id="start", player="a", moves={"left": "x", "right": "y"})},
    ...     outcomes={o: Terminal(id=o, payoffs=read_only(v)) for o, v in (("x", [1, 0]), ("y", [0, 1]))},
    ... )
    >>> tree.play({"start": "right"}).outcomes
    (('y', 1.0),)
    """

    root: str
    nodes: Mapping[str, Decision | Chance]
    outcomes: Mapping[str, Terminal]
    _order: list[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "nodes", _proxy(self.nodes))
        object.__setattr__(self, "outcomes", _proxy(self.outcomes))
        object.__setattr__(self, "_order", bottom_up_order(self))

    @property
    def order(self) -> list[str]:
        """Reachable node ids bottom-up (every node after its successors; root last).

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
        >>> sc.evaluate().order
        ['response', 'entry']
        """
        return list(self._order)

    @property
    def outcome_payoffs(self) -> Mapping[str, np.ndarray]:
        """Outcome id -> payoff array ``(n_players, *grid_shape)``.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
        >>> sc.evaluate().outcome_payoffs["price_war"].tolist()
        [-2.0, -2.0]
        """
        return MappingProxyType({o: t.payoffs for o, t in self.outcomes.items()})

    @property
    def probabilities(self) -> Mapping[str, np.ndarray]:
        """Chance node id -> probability array ``(n_branches, *grid_shape)``.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
        >>> sc.evaluate().probabilities["nature_after_high"].tolist()
        [0.5, 0.5]
        """
        return MappingProxyType({n: node.probabilities for n, node in self.nodes.items() if isinstance(node, Chance)})

    def label_of(self, node_id: str) -> str:
        """The label of a node or outcome, falling back to its id.

        Parameters
        ----------
        node_id : str

        Returns
        -------
        str

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
        >>> sc.evaluate().label_of("no_sale")
        'No sale'
        """
        item = self.nodes.get(node_id) or self.outcomes.get(node_id)
        return (item.label if item is not None else "") or node_id

    def information_sets(self) -> dict[str, tuple[str, ...]]:
        """Information-set id -> its decision nodes, in the order written.

        Returns
        -------
        dict of str to tuple of str

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
        >>> sc.evaluate().information_sets()
        {'entry': ('entry',), 'response': ('response',)}
        """
        sets: dict[str, list[str]] = {}
        for node_id, node in self.nodes.items():
            if isinstance(node, Decision):
                sets.setdefault(node.info_set, []).append(node_id)
        return {k: tuple(v) for k, v in sets.items()}

    def at(self, index: tuple[int, ...]) -> GameTree:
        """The tree at one grid point.

        Parameters
        ----------
        index : tuple of int

        Returns
        -------
        GameTree
            With ``grid_shape == ()``.

        Examples
        --------
        >>> import numpy as np
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
        >>> sc.evaluate({"p_high": np.array([0.2, 0.5])}).at((1,)).probabilities["nature_after_high"].tolist()
        [0.5, 0.5]
        """
        where: tuple[Any, ...] = (slice(None), *index)
        nodes: dict[str, Decision | Chance] = {
            n: (
                Chance(
                    id=node.id,
                    moves=node.moves,
                    probabilities=read_only(node.probabilities[where]),
                    label=node.label,
                )
                if isinstance(node, Chance)
                else node
            )
            for n, node in self.nodes.items()
        }
        outcomes = {
            o: Terminal(id=t.id, payoffs=read_only(t.payoffs[where]), label=t.label) for o, t in self.outcomes.items()
        }
        return GameTree(
            players=self.players,
            root=self.root,
            nodes=nodes,
            outcomes=outcomes,
            values={k: v[index] for k, v in self.values.items()},
            parameter_names=self.parameter_names,
        )

    def play(self, profile: Mapping[str, str], *, start: str | None = None) -> Play:
        """Follow a pure profile from the root (or ``start``): the one walk of a tree.

        Parameters
        ----------
        profile : mapping
            Information-set id (the node id for a singleton) -> move; it must name a move
            for every information set the play meets.
        start : str, optional
            Node or outcome id to start from (the root by default).

        Returns
        -------
        Play
            The outcome lottery (chance in expectation), the path and the expected payoffs.

        Raises
        ------
        ValueError
            If the game is over a grid.
        KeyError
            If the profile has no move for an information set the play meets.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
        >>> played = sc.evaluate().play({"entry": "enter", "response": "fight"})
        >>> played.outcomes, played.path, played.payoffs
        ((('price_war', 1.0),), (('entry', 'enter'), ('response', 'fight')), (-2.0, -2.0))
        """
        self._check_point("play")
        first = self.root if start is None else start
        # Top-down: reach probabilities and the path (depth first, iterative for deep trees).
        path: list[tuple[str, str]] = []
        reached: dict[str, float] = {}
        stack = [(first, 1.0)]
        while stack:
            node_id, probability = stack.pop()
            if node_id in self.outcomes:
                reached[node_id] = reached.get(node_id, 0.0) + probability
                continue
            node = self.nodes[node_id]
            if isinstance(node, Decision):
                move = profile[node.info_set]
                path.append((node_id, move))
                stack.append((node.moves[move], probability))
                continue
            branches = [
                (float(p), name, target)
                for p, (name, target) in zip(node.probabilities, node.moves.items(), strict=True)
            ]
            stack.extend((target, probability * p) for p, _, target in reversed(branches) if p > 0)
            path.extend((node_id, name) for p, name, _ in branches if p > 0)
        lottery = tuple((o, reached[o]) for o in self.outcomes if o in reached)
        return Play(outcomes=lottery, path=tuple(path), payoffs=tuple(float(v) for v in self._value(profile, first)))

    def _value(self, profile: Mapping[str, str], first: str) -> np.ndarray:
        # Bottom-up expectation in the order backward induction adds (so both agree to the bit).
        memo: dict[str, np.ndarray] = {}
        stack = [first]
        while stack:
            node_id = stack[-1]
            if node_id in memo:
                stack.pop()
                continue
            if node_id in self.outcomes:
                memo[node_id] = self.outcomes[node_id].payoffs
                stack.pop()
                continue
            node = self.nodes[node_id]
            if isinstance(node, Chance):
                branches = [
                    (float(p), t) for p, t in zip(node.probabilities, node.moves.values(), strict=True) if p > 0
                ]
            else:
                branches = [(1.0, node.moves[profile[node.info_set]])]
            missing = [t for _, t in branches if t not in memo]
            if missing:
                stack.extend(missing)
                continue
            stack.pop()
            if isinstance(node, Chance):
                memo[node_id] = sum((p * memo[t] for p, t in branches), np.zeros(len(self.players)))
            else:
                memo[node_id] = memo[branches[0][1]]
        return memo[first]


def bottom_up_order(tree: GameTree) -> list[str]:
    """Return the nodes reachable from the root, every node after all its successors.

    Parameters
    ----------
    tree : GameTree
        Any object with ``root``, ``nodes`` (each with ``moves``) and ``outcomes``.

    Returns
    -------
    list of str
        Decision and chance node ids (no outcomes); the root comes last.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> bottom_up_order(sc.evaluate())
    ['response', 'entry']
    """
    order: list[str] = []
    seen: set[str] = set()
    stack: list[tuple[str, bool]] = [(tree.root, False)]
    while stack:
        node_id, expanded = stack.pop()
        if expanded:
            order.append(node_id)
            continue
        if node_id in seen or node_id not in tree.nodes:
            continue
        seen.add(node_id)
        stack.append((node_id, True))
        for target in reversed(list(tree.nodes[node_id].moves.values())):
            if target not in seen:
                stack.append((target, False))
    return order
