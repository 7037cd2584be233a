"""The elements a scenario is made of: players, parameters, derived quantities and games.

They hold expressions, not numbers.  :class:`~negotiation_sim.scenario.schema.Scenario`
puts them together; :mod:`~negotiation_sim.scenario.evaluation` turns them into payoffs
and needs of a scenario only what :class:`ScenarioContent` names, so that it does not
depend on the scenario class (which calls it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

from .expressions import Expression

if TYPE_CHECKING:
    from .distributions import Distribution

__all__ = [
    "Branch",
    "ChanceNode",
    "DecisionNode",
    "Derived",
    "ExtensiveGame",
    "Game",
    "Location",
    "NormalGame",
    "Outcome",
    "Parameter",
    "Player",
    "ScenarioContent",
    "frozen_map",
]

_K = TypeVar("_K")
_V = TypeVar("_V")


def frozen_map(items: Mapping[_K, _V] | None = None) -> Mapping[_K, _V]:
    """Return a read-only view of a new dict built from ``items``.

    Parameters
    ----------
    items : mapping, optional
        The entries to copy (none by default).

    Returns
    -------
    mapping
        A :class:`types.MappingProxyType` over the copy.

    Examples
    --------
    >>> frozen = frozen_map({"a": 1})
    >>> frozen["a"]
    1
    >>> frozen["b"] = 2
    Traceback (most recent call last):
        ...
    TypeError: 'mappingproxy' object does not support item assignment
    """
    return MappingProxyType(dict(items or {}))


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    """Where something was written: file and 1-based line and column."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Player:
    """A player: an identifier and a human label."""

    id: str
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter:
    """A named parameter with its default value and documentation.

    Attributes
    ----------
    name : str
    value : float
        The default.
    range : tuple of float or None
        The default sweep range ``(low, high)``; the value lies inside it.
    label, unit, source : str
        For tables and plots; ``source`` is a citation or starts with ``illustrative``.
    distribution : Distribution or None
        As declared with ``distribution:``; ``None`` means uniform over ``range`` (fixed
        without a range).  See :mod:`negotiation_sim.scenario.distributions`.
    """

    name: str
    value: float
    range: tuple[float, float] | None = None
    label: str = ""
    unit: str = ""
    source: str = ""
    distribution: Distribution | None = None
    location: Location | None = field(default=None, compare=False)

    @property
    def display_label(self) -> str:
        """The label, or the name when no label was given.

        Examples
        --------
        >>> Parameter(name="trust_gain", value=1.0, label="Gain from trust").display_label
        'Gain from trust'
        >>> Parameter(name="trust_gain", value=1.0).display_label
        'trust_gain'
        """
        return self.label or self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Derived:
    """A derived quantity: a name bound to an expression over parameters."""

    name: str
    expression: Expression
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class NormalGame:
    """A two-player game in normal (strategic) form.

    Attributes
    ----------
    players : tuple of str
        Row player, column player.
    strategies : mapping
        Player id -> tuple of strategy names.
    payoffs : mapping
        Player id -> matrix (tuple of row tuples) of expressions.
    """

    kind: Literal["normal"] = "normal"
    players: tuple[str, str]
    strategies: Mapping[str, tuple[str, ...]]
    payoffs: Mapping[str, tuple[tuple[Expression, ...], ...]]
    cell_locations: Mapping[tuple[str, int, int], Location] = field(default_factory=frozen_map, repr=False)

    @property
    def shape(self) -> tuple[int, int]:
        """Number of row and column strategies.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
        >>> sc.game.shape
        (2, 2)
        """
        return len(self.strategies[self.players[0]]), len(self.strategies[self.players[1]])


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionNode:
    """A node where ``player`` picks one of ``moves`` (move name -> next node or outcome id).

    ``information_set`` names the set of nodes the player cannot tell apart (``""``: the
    node alone).
    """

    id: str
    player: str
    moves: Mapping[str, str]
    label: str = ""
    information_set: str = ""
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Branch:
    """One branch of a chance node: its name, probability expression and next id."""

    name: str
    probability: Expression
    next: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChanceNode:
    """A node where nature picks a branch with the given probabilities."""

    id: str
    branches: tuple[Branch, ...]
    label: str = ""
    location: Location | None = field(default=None, compare=False)

    @property
    def moves(self) -> Mapping[str, str]:
        """Branch name -> next id, like :attr:`DecisionNode.moves`.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
        >>> dict(sc.game.nodes["nature_after_high"].moves)
        {'high_value': 'high_price_high_value', 'low_value': 'high_price_low_value'}
        """
        return MappingProxyType({b.name: b.next for b in self.branches})


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """A terminal node with one payoff expression per player."""

    id: str
    payoffs: Mapping[str, Expression]
    label: str = ""
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtensiveGame:
    """A finite game tree with chance moves and, optionally, information sets.

    Node and outcome ids share one namespace; imported subtrees carry a prefix
    (``tf.offer``).  Several moves may lead to the same node: the game is a DAG,
    solved as the tree it unfolds to.
    """

    kind: Literal["extensive"] = "extensive"
    players: tuple[str, ...]
    root: str
    nodes: Mapping[str, DecisionNode | ChanceNode]
    outcomes: Mapping[str, Outcome]

    def label_of(self, node_id: str) -> str:
        """The human label of a node or outcome, falling back to its id.

        Parameters
        ----------
        node_id : str
            A node or outcome id.

        Returns
        -------
        str
            Its label, or ``node_id`` when it has none or is not in the game.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
        >>> sc.game.label_of("pricing"), sc.game.label_of("no_sale"), sc.game.label_of("elsewhere")
        ('Seller posts a price', 'No sale', 'elsewhere')
        """
        item = self.nodes.get(node_id) or self.outcomes.get(node_id)
        return (item.label if item is not None else "") or node_id

    def shared_information_sets(self) -> dict[str, tuple[str, ...]]:
        """The information sets that hold two or more nodes: set id -> node ids, in the order written.

        Returns
        -------
        dict of str to tuple of str
            Empty for a tree with perfect information.

        Examples
        --------
        >>> import negotiation_sim as ns
        >>> folder = ns.bundled_scenarios_dir() / "textbook"
        >>> ns.load_scenario(folder / "beer_quiche.yaml").game.shared_information_sets()
        {'after_beer': ('strong_beer', 'weak_beer'), 'after_quiche': ('strong_quiche', 'weak_quiche')}
        >>> ns.load_scenario(folder / "entry_deterrence.yaml").game.shared_information_sets()
        {}
        """
        sets: dict[str, list[str]] = {}
        for node_id, item in self.nodes.items():
            if isinstance(item, DecisionNode) and item.information_set:
                sets.setdefault(item.information_set, []).append(node_id)
        return {s: tuple(members) for s, members in sets.items() if len(members) > 1}


Game = NormalGame | ExtensiveGame


class ScenarioContent(Protocol):
    """What evaluating a scenario reads of it (a :class:`~negotiation_sim.scenario.schema.Scenario` has all of it)."""

    @property
    def path(self) -> str:
        """The file the scenario was loaded from."""

    @property
    def parameters(self) -> Mapping[str, Parameter]:
        """Name -> parameter."""

    @property
    def derived(self) -> tuple[Derived, ...]:
        """Derived quantities in evaluation order."""

    @property
    def game(self) -> Game | None:
        """The game, if any."""
