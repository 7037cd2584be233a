"""``game: imports:`` — other files' trees as subgames, under a prefix.

The imported trees are loaded first (each file once, see :class:`LoadSession`) and the size
of the combined game is checked before any node is copied, so a small file that imports a
large one many times is refused in milliseconds rather than built.  An imported subgame keeps
its meaning: its derived quantities are shared with the importing file only when they mean
the same (the same text over the same definitions, transitively); the others are kept under
the prefix (``tf.cost``).
"""

from __future__ import annotations

from pathlib import Path

from ..schema import Branch, ChanceNode, DecisionNode, Derived, ExtensiveGame, Outcome, Parameter, frozen_map
from .files import LoadSession
from .parameters import meanings
from .report import FileReport

__all__ = ["read_imports"]


def read_imports(
    report: FileReport,
    value: object,
    *,
    own_size: int,
    player_ids: tuple[str, ...],
    parameters: dict[str, Parameter],
    derived: list[Derived],
    session: LoadSession,
    folder: Path,
    stack: tuple[Path, ...],
) -> tuple[dict[str, DecisionNode | ChanceNode], dict[str, Outcome]] | None:
    """Load ``imports:`` and return their nodes and outcomes under their prefixes.

    Derived quantities that the imported files define differently are appended to
    ``derived`` under the prefix.

    Parameters
    ----------
    report : FileReport
        Where problems are recorded.
    value : object
        The ``imports:`` mapping (prefix -> file) as read from YAML, or None.
    own_size : int
        Nodes plus outcomes written in the importing file itself.
    player_ids, parameters, derived
        The importing scenario's players, parameters and derived quantities.
    session, folder, stack
        The load session, the folder imports are relative to, and the files being built.

    Returns
    -------
    tuple of dict or None
        Prefixed nodes and outcomes; None when the combined game would exceed
        ``max_tree_nodes`` (a problem is recorded and nothing is copied).
    """
    nodes: dict[str, DecisionNode | ChanceNode] = {}
    outcomes: dict[str, Outcome] = {}
    if value is None:
        return nodes, outcomes
    mapping = report.mapping(value, ("game", "imports"), "imports (prefix: file)") or {}
    chosen: list[tuple[str, ExtensiveGame, dict[str, str], tuple[Derived, ...]]] = []
    for prefix, file in mapping.items():
        key = ("game", "imports", prefix)
        if not report.identifier(prefix, key, "import prefix"):
            continue
        other = session.load(report, file, key, "import", folder, stack)
        if other is None:
            continue
        if not isinstance(other.game, ExtensiveGame):
            report.error(key, f"'{file}' has no extensive game to import")
            continue
        if set(other.player_ids) != set(player_ids):
            report.error(
                key,
                f"'{file}' has players {', '.join(other.player_ids)}; this scenario has "
                f"{', '.join(player_ids)} (imported files must share the players)",
            )
            continue
        missing = sorted(set(other.parameters) - set(parameters))
        if missing:
            report.error(
                key,
                f"'{file}' uses parameters this scenario does not declare: {', '.join(missing)} "
                "(imported files must share the parameters, usually through the same 'extends')",
            )
            continue
        chosen.append((prefix, other.game, meanings(other.parameters, other.derived), other.derived))
    limit = report.limits.max_tree_nodes
    total = own_size + sum(len(game.nodes) + len(game.outcomes) for _, game, _, _ in chosen)
    if total > limit:
        report.error(
            ("game", "imports"),
            f"with its imports the game has {total} nodes and outcomes (each import counted every time it is "
            f"imported); the limit is {limit} (raise it with NEGOTIATION_SIM_MAX_TREE_NODES)",
        )
        return None
    own_meaning = meanings(parameters, derived)
    for prefix, game, other_meaning, other_derived in chosen:
        rename = {
            d.name: f"{prefix}.{d.name}" for d in other_derived if own_meaning.get(d.name) != other_meaning[d.name]
        }
        derived.extend(
            Derived(name=rename[d.name], expression=d.expression.renamed(rename), location=d.location)
            for d in other_derived
            if d.name in rename
        )
        _copy_tree(prefix, game, rename, nodes, outcomes)
    return nodes, outcomes


def _copy_tree(
    prefix: str,
    game: ExtensiveGame,
    rename: dict[str, str],
    nodes: dict[str, DecisionNode | ChanceNode],
    outcomes: dict[str, Outcome],
) -> None:
    for node_id, node in game.nodes.items():
        new_id = f"{prefix}.{node_id}"
        if isinstance(node, DecisionNode):
            nodes[new_id] = DecisionNode(
                id=new_id,
                player=node.player,
                label=node.label,
                location=node.location,
                moves=frozen_map({m: f"{prefix}.{t}" for m, t in node.moves.items()}),
                information_set=f"{prefix}.{node.information_set}" if node.information_set else "",
            )
        else:
            nodes[new_id] = ChanceNode(
                id=new_id,
                label=node.label,
                location=node.location,
                branches=tuple(
                    Branch(name=b.name, probability=b.probability.renamed(rename), next=f"{prefix}.{b.next}")
                    for b in node.branches
                ),
            )
    for outcome_id, outcome in game.outcomes.items():
        new_id = f"{prefix}.{outcome_id}"
        outcomes[new_id] = Outcome(
            id=new_id,
            label=outcome.label,
            location=outcome.location,
            payoffs=frozen_map({p: e.renamed(rename) for p, e in outcome.payoffs.items()}),
        )
