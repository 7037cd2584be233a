"""A numeric game written back as a scenario: the document behind ``export --to json`` and ``import``.

The document has the scenario format's shape (DESIGN §2) with numbers in place of
expressions and no parameters: ``game_document`` is the ``game:`` section, and
``scenario_yaml`` the whole file that ``negotiation-sim import`` writes.
"""

from __future__ import annotations

from typing import Any

from ..games.base import NumericGame
from ..games.normal_form import NormalFormGame
from ..games.tree import Chance, GameTree

__all__ = ["game_document", "scenario_yaml"]


def _number(value: object) -> float | int:
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def game_document(game: NumericGame) -> dict[str, Any]:
    """The ``game:`` section of a scenario holding this game's numbers.

    Parameters
    ----------
    game : NormalFormGame or GameTree
        At one parameter point.

    Returns
    -------
    dict
        ``kind``, then ``strategies``/``payoffs`` or ``root``/``nodes``/``outcomes``.

    Raises
    ------
    ValueError
        If the game is over a grid.
    TypeError
        If the game is neither a normal form nor a tree.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> scenario = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> doc = game_document(scenario.evaluate())
    >>> doc["nodes"]["response"]["moves"], doc["outcomes"]["price_war"]["payoffs"]
    ({'fight': 'price_war', 'accommodate': 'shared_market'}, {'entrant': -2, 'incumbent': -2})
    """
    game._check_point("game_document")
    if isinstance(game, NormalFormGame):
        return {
            "kind": "normal",
            "strategies": {p: list(s) for p, s in zip(game.players, game.strategies, strict=True)},
            "payoffs": {
                p: [[_number(v) for v in row] for row in table.tolist()]
                for p, table in zip(game.players, (game.row_payoffs, game.column_payoffs), strict=True)
            },
        }
    if not isinstance(game, GameTree):
        raise TypeError(f"no scenario form for a {type(game).__name__}")
    nodes: dict[str, Any] = {}
    for node_id, node in game.nodes.items():
        entry: dict[str, Any] = {}
        if isinstance(node, Chance):
            entry["chance"] = {
                name: {"probability": _number(p), "next": target}
                for (name, target), p in zip(node.moves.items(), node.probabilities.tolist(), strict=True)
            }
        else:
            entry["player"] = node.player
            if node.information_set:
                entry["information_set"] = node.information_set
            entry["moves"] = dict(node.moves)
        if node.label and node.label != node_id:
            entry["label"] = node.label
        nodes[node_id] = entry
    outcomes: dict[str, Any] = {}
    for outcome_id, terminal in game.outcomes.items():
        entry = {"label": terminal.label} if terminal.label else {}
        entry["payoffs"] = {p: _number(v) for p, v in zip(game.players, terminal.payoffs.tolist(), strict=True)}
        outcomes[outcome_id] = entry
    return {"kind": "extensive", "root": game.root, "nodes": nodes, "outcomes": outcomes}


def scenario_yaml(game: NumericGame, *, title: str, source: str = "") -> str:
    """A whole scenario file (YAML) holding the game's numbers, with no parameters.

    Parameters
    ----------
    game : NormalFormGame or GameTree
        At one parameter point.
    title : str
    source : str, optional
        Where the game came from (listed under ``sources``).

    Returns
    -------
    str

    Examples
    --------
    >>> from negotiation_sim.games import NormalFormGame
    >>> game = NormalFormGame.from_arrays(("a", "b"), (("x",), ("y",)), [[1]], [[2.5]])
    >>> print(scenario_yaml(game, title="One cell"))
    format: negotiation-sim/1
    title: One cell
    players:
      a: {}
      b: {}
    game:
      kind: normal
      strategies:
        a:
        - x
        b:
        - y
      payoffs:
        a:
        - - 1
        b:
        - - 2.5
    <BLANKLINE>
    """
    import yaml

    document: dict[str, Any] = {"format": "negotiation-sim/1", "title": title}
    if source:
        document["sources"] = [source]
    document["players"] = {p: {} for p in game.players}
    document["game"] = game_document(game)
    return str(yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100))
