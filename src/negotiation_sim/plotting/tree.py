"""Drawing of a game tree with its subgame-perfect equilibrium highlighted.

The tree is laid out horizontally, root on the left: leaves are evenly spaced one row
apart in depth-first order and every inner node is centred over its first and last child
(a simple tidy layout, Reingold & Tilford 1981, without subtree compaction).  A node that
several moves lead to (the game is a DAG) is drawn once per path to it, as the tree it
unfolds to; beyond ``max_nodes`` drawn nodes the rest is cut off with a note.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..analysis.solve import Equilibrium, Solution, solve
from ..errors import ScenarioError
from ..games import GameTree
from ..numbers import count_text
from ..scenario.schema import ChanceNode, DecisionNode, ExtensiveGame, Scenario
from ._style import HIGHLIGHT, PLAYER_COLOURS, new_axes, solution_overrides, with_overrides, wrap

__all__ = ["MAX_DRAWN_NODES", "plot_tree"]

MAX_DRAWN_NODES = 200
"""Most nodes (decision, chance and outcome) drawn before the tree is cut off."""

PATH_WIDTH = 3.2
"""Line width of the edges on the equilibrium path (other edges are thinner)."""

CHANCE_COLOUR = "#777777"

INFO_SET_STYLE = (0, (4, 3))
"""Dash pattern of the links between the nodes of one information set."""


@dataclass(slots=True)
class _Drawn:
    """One node of the unfolded tree as drawn."""

    id: str  # node or outcome id; "" for the cut-off marker
    move: str  # label of the edge from the parent
    parent: int | None
    depth: int
    on_path: bool = False
    chosen: bool = False
    children: list[int] = field(default_factory=list)
    y: float = 0.0


def plot_tree(
    scenario: Scenario,
    solution: Solution | None = None,
    *,
    overrides: Mapping[str, float] | None = None,
    ax: Axes | None = None,
    max_nodes: int = MAX_DRAWN_NODES,
) -> Figure:
    """Draw a game tree, label it, and highlight the first subgame-perfect equilibrium.

    Decision nodes are labelled with the player who moves (coloured per player), chance
    nodes with "Chance"; edges with the move names (and probabilities at chance nodes);
    leaves with the outcome label and every player's payoff.  The equilibrium path is
    drawn with thick vermillion edges; equilibrium choices off the path are dashed.

    Parameters
    ----------
    scenario : Scenario
        A scenario with a game tree.
    solution : Solution, optional
        Its solution; computed with :func:`~negotiation_sim.analysis.solve.solve` at
        ``overrides`` when not given.  Payoffs and probabilities are shown at the
        solution's parameter values, and the title names those that differ from the
        scenario's defaults (``"… (with china_threat = 0.8)"``).
    overrides : mapping, optional
        Parameter values, used only when ``solution`` is not given.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; by default a new figure sized to the number of leaves.
    max_nodes : int, optional
        Most nodes drawn; a larger unfolded tree is cut off (marked "…") with a note.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ScenarioError
        If the scenario has no game tree, or the overrides are invalid.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.plotting import plot_tree
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> fig = plot_tree(sc)
    >>> sum(line.get_gid() == "edge:path" for line in fig.axes[0].lines)
    2
    """
    game = scenario.game
    if not isinstance(game, ExtensiveGame):
        raise ScenarioError(
            [
                f"{scenario.path}: plot_tree draws game trees; this scenario has "
                + (f"a {game.kind}-form game" if game is not None else "no game")
            ]
        )
    if solution is None:
        solution = solve(scenario, overrides)
    equilibrium = next((e for e in solution.equilibria if e.path is not None), None)
    evaluation = scenario.evaluate(solution.parameters)
    assert isinstance(evaluation, GameTree)
    probabilities = {k: np.asarray(v, dtype=float).reshape(-1) for k, v in evaluation.probabilities.items()}
    drawn, total = _unfold(game, equilibrium, probabilities, max_nodes)
    leaves = _layout(drawn)
    depth = max(d.depth for d in drawn)
    figure, ax = new_axes(ax, (2.3 * depth + 5.0, max(3.0, 0.62 * leaves + 1.4)))
    player_colour = {p: PLAYER_COLOURS[k % len(PLAYER_COLOURS)] for k, p in enumerate(game.players)}
    small = 7 if leaves > 8 else 8
    for node in drawn:
        if node.parent is None:
            continue
        parent = drawn[node.parent]
        xs, ys = [parent.depth, node.depth], [parent.y, node.y]
        if node.on_path:
            ax.plot(xs, ys, color=HIGHLIGHT, linewidth=PATH_WIDTH, solid_capstyle="round", zorder=2, gid="edge:path")
        elif node.chosen:
            ax.plot(xs, ys, color=HIGHLIGHT, linewidth=1.2, linestyle="--", zorder=1, gid="edge:choice")
        else:
            ax.plot(xs, ys, color="#9a9a9a", linewidth=1.0, zorder=1, gid="edge")
        if node.move:
            ax.text(
                parent.depth + 0.55 * (node.depth - parent.depth),
                parent.y + 0.55 * (node.y - parent.y),
                node.move,
                fontsize=small,
                ha="center",
                va="center",
                zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
                gid="move",
            )
    _draw_information_sets(ax, game, drawn, player_colour)
    payoffs = {o: np.asarray(v, dtype=float).reshape(-1) for o, v in evaluation.outcome_payoffs.items()}
    for node in drawn:
        x, y = node.depth, node.y
        if not node.id:
            ax.text(x, y, "…", fontsize=12, ha="left", va="center", gid="truncated")
            continue
        if node.id in game.outcomes:
            ax.plot([x], [y], marker="s", markersize=5, color="#333333", zorder=3, linestyle="none")
            values = ", ".join(
                f"{scenario.player_label(p)} {payoffs[node.id][k]:.3g}" for k, p in enumerate(game.players)
            )
            ax.text(
                x + 0.08,
                y,
                wrap(game.label_of(node.id), 40) + "\n" + values,
                fontsize=small,
                ha="left",
                va="center",
                fontweight="bold" if node.on_path else "normal",
                gid=f"outcome:{node.id}",
            )
            continue
        item = game.nodes[node.id]
        if isinstance(item, ChanceNode):
            colour, text, marker = CHANCE_COLOUR, "Chance", "D"
        else:
            colour, text, marker = player_colour[item.player], scenario.player_label(item.player), "o"
        ax.plot(
            [x], [y], marker=marker, markersize=9, color=colour, markeredgecolor="white", zorder=3, linestyle="none"
        )
        ax.annotate(
            text,
            (x, y),
            xytext=(0, 7),
            textcoords="offset points",
            fontsize=small + 1,
            ha="center",
            va="bottom",
            color=colour,
            fontweight="bold",
            zorder=4,
            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.7},
            gid=f"node:{node.id}",
        )
    ax.set_xlim(-0.3, depth + 1.9)
    ax.set_ylim(-0.8, leaves - 0.2)
    ax.invert_yaxis()  # first move at the top
    ax.set_axis_off()
    title = wrap(with_overrides(scenario.title, solution_overrides(scenario, solution.parameters)), 90)
    count = int(solution.analysis.get("spe_count", len(solution.equilibria)) or 0)
    if equilibrium is not None and count > 1:
        title += f"\nthe first of {count_text(count)} subgame-perfect equilibria is highlighted"
    ax.set_title(title, fontsize=10)
    handles = [
        Line2D([], [], color=HIGHLIGHT, linewidth=PATH_WIDTH, label="equilibrium path"),
        Line2D([], [], color=HIGHLIGHT, linewidth=1.2, linestyle="--", label="equilibrium choice off the path"),
    ]
    handles += [
        Line2D([], [], marker="o", color=player_colour[p], linestyle="none", label=scenario.player_label(p))
        for p in game.players
    ]
    if game.shared_information_sets():
        handles.append(
            Line2D([], [], color="#555555", linewidth=1.3, linestyle=INFO_SET_STYLE, label="information set")
        )
    ax.legend(handles=handles, loc="lower left", fontsize=7, frameon=False, ncols=2)
    if total > len([d for d in drawn if d.id]):
        ax.text(
            0.0,
            -0.02,
            f"Tree cut off: {len([d for d in drawn if d.id])} of {total} nodes drawn (limit {max_nodes}).",
            transform=ax.transAxes,
            fontsize=8,
            color="#B2182B",
            gid="note",
        )
    return figure


def _unfold(
    game: ExtensiveGame,
    equilibrium: Equilibrium | None,
    probabilities: Mapping[str, np.ndarray],
    max_nodes: int,
) -> tuple[list[_Drawn], int]:
    """The tree breadth first, up to ``max_nodes`` nodes; also the full unfolded size."""
    # Strategies are keyed by information set (the node id for a singleton); a mixed
    # behaviour (move -> probability) chooses every move it plays with positive probability.
    choice: dict[str, set[str]] = {}
    if equilibrium is not None:
        for moves in equilibrium.strategies.values():
            for info_set, move in moves.items():
                if isinstance(move, Mapping):
                    choice[info_set] = {m for m, q in move.items() if q > 0}
                elif move is not None:
                    choice[info_set] = {str(move)}
    drawn = [_Drawn(id=game.root, move="", parent=None, depth=0, on_path=equilibrium is not None)]
    queue = deque([0])
    while queue:
        index = queue.popleft()
        node = drawn[index]
        item = game.nodes.get(node.id)
        if item is None:
            continue
        if len(drawn) + len(item.moves) > max_nodes:
            node.children.append(len(drawn))
            drawn.append(_Drawn(id="", move="", parent=index, depth=node.depth + 1))
            continue
        if isinstance(item, ChanceNode):
            chances = probabilities[node.id]
            for branch, p in zip(item.branches, chances, strict=True):
                child = _Drawn(
                    id=branch.next,
                    move=f"{branch.name} ({float(p):.3g})",
                    parent=index,
                    depth=node.depth + 1,
                    chosen=bool(p > 0),
                    on_path=node.on_path and bool(p > 0),
                )
                node.children.append(len(drawn))
                queue.append(len(drawn))
                drawn.append(child)
            continue
        for move, target in item.moves.items():
            chosen = move in choice.get(item.information_set or node.id, set())
            node.children.append(len(drawn))
            queue.append(len(drawn))
            drawn.append(
                _Drawn(
                    id=target,
                    move=move,
                    parent=index,
                    depth=node.depth + 1,
                    chosen=chosen,
                    on_path=node.on_path and chosen,
                )
            )
    return drawn, _size(game)


def _draw_information_sets(
    ax: Axes, game: ExtensiveGame, drawn: list[_Drawn], player_colour: Mapping[str, str]
) -> None:
    """Join the drawn nodes of each information set with a dashed bracket, as textbooks do.

    The bracket runs just left of the nodes (so it does not pass through the nodes drawn
    between them); brackets of several sets at one depth are set apart.
    """
    offsets: dict[int, int] = {}
    for set_id, members in game.shared_information_sets().items():
        points = sorted((d.y, d.depth) for d in drawn if d.id in members)
        if len(points) < 2:
            continue
        first = game.nodes[members[0]]
        assert isinstance(first, DecisionNode)
        colour = player_colour[first.player]
        left = min(x for _, x in points)
        k = offsets.get(left, 0)
        offsets[left] = k + 1
        bracket = left - 0.16 - 0.09 * k
        for (y0, x0), (y1, x1) in itertools.pairwise(points):
            ax.plot(
                [x0, bracket, bracket, x1],
                [y0, y0, y1, y1],
                color=colour,
                linewidth=1.3,
                linestyle=INFO_SET_STYLE,
                zorder=2,
                gid=f"information_set:{set_id}",
            )
        ax.text(
            bracket - 0.03,
            (points[0][0] + points[-1][0]) / 2,
            set_id,
            fontsize=7,
            color=colour,
            ha="right",
            va="center",
            rotation=90,
            zorder=4,
            gid=f"information_set_label:{set_id}",
            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
        )


def _size(game: ExtensiveGame) -> int:
    """Number of nodes (outcomes included) of the unfolded tree."""
    size: dict[str, int] = dict.fromkeys(game.outcomes, 1)

    def count(node_id: str) -> int:
        stack = [node_id]
        while stack:
            current = stack[-1]
            if current in size:
                stack.pop()
                continue
            pending = [t for t in game.nodes[current].moves.values() if t not in size]
            if pending:
                stack.extend(pending)
                continue
            size[current] = 1 + sum(size[t] for t in game.nodes[current].moves.values())
            stack.pop()
        return size[node_id]

    return count(game.root)


def _layout(drawn: list[_Drawn]) -> int:
    """Give leaves rows 0, 1, ... in depth-first order and centre parents; return the number of leaves."""
    leaves = 0
    order: list[int] = []
    stack = [0]
    while stack:
        index = stack.pop()
        order.append(index)
        node = drawn[index]
        if not node.children:
            node.y = float(leaves)
            leaves += 1
        stack.extend(reversed(node.children))
    for index in reversed(order):  # children before parents
        node = drawn[index]
        if node.children:
            node.y = (drawn[node.children[0]].y + drawn[node.children[-1]].y) / 2
    return leaves
