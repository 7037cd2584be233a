"""Signalling games: their shape, pooling or separating play, the Intuitive Criterion, reasons.

A *signalling game* here is a tree whose root is a chance move drawing the sender's type;
the sender, knowing its type, sends a message (one move, the same list for every type);
the receiver sees the message, not the type (one information set per message holding
the node of every type) and responds; play may go on after the response.

The Intuitive Criterion (Cho and Kreps 1987, §IV): for a message no type sends, drop the
types for which it is *equilibrium dominated* (every best response of the receiver to
any belief gives them less than their equilibrium payoff); the equilibrium fails when
some type would gain from the message under every best response of the receiver to
beliefs on the types left.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..games.tree import Chance, Decision, GameTree
from ..numbers import number
from .beliefs import supporting_beliefs
from .pbe_result import Belief, PerfectBayesianEquilibrium
from .tree_values import continuation

__all__ = ["SignallingShape", "describe", "signalling_shape"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SignallingShape:
    """Where the parts of a signalling game sit in a tree.

    Attributes
    ----------
    sender, receiver : str
    types : tuple of str
        The chance branches at the root.
    priors : tuple of float
    type_node : mapping
        Type -> the sender's node.
    messages : tuple of str
    after : mapping
        ``(type, message)`` -> the receiver's node.
    response_set : mapping
        Message -> the receiver's information set.
    """

    sender: str
    receiver: str
    types: tuple[str, ...]
    priors: tuple[float, ...]
    type_node: Mapping[str, str]
    messages: tuple[str, ...]
    after: Mapping[tuple[str, str], str]
    response_set: Mapping[str, str]


def signalling_shape(tree: GameTree) -> SignallingShape | None:
    """The signalling structure of a tree, or ``None`` when it is not a signalling game.

    Parameters
    ----------
    tree : GameTree

    Returns
    -------
    SignallingShape or None

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> signalling_shape(ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml").evaluate())
    """
    root = tree.nodes.get(tree.root)
    if not isinstance(root, Chance) or len(root.moves) < 2:
        return None
    type_node = dict(root.moves)
    senders = [tree.nodes.get(n) for n in type_node.values()]
    if not all(isinstance(s, Decision) for s in senders) or len(set(type_node.values())) != len(type_node):
        return None
    first = senders[0]
    assert isinstance(first, Decision)
    sets = tree.information_sets()
    if any(
        not isinstance(s, Decision)
        or s.player != first.player
        or list(s.moves) != list(first.moves)
        or len(sets[s.info_set]) != 1
        for s in senders
    ):
        return None
    after: dict[tuple[str, str], str] = {}
    response_set: dict[str, str] = {}
    receiver = None
    for t, node_id in type_node.items():
        for m, target in tree.nodes[node_id].moves.items():
            node = tree.nodes.get(target)
            if not isinstance(node, Decision) or node.player == first.player or receiver not in (None, node.player):
                return None
            receiver = node.player
            if response_set.setdefault(m, node.info_set) != node.info_set:
                return None
            after[t, m] = target
    if len(set(response_set.values())) != len(response_set) or receiver is None:
        return None
    for m, set_id in response_set.items():
        if set(sets[set_id]) != {after[t, m] for t in type_node}:
            return None
    return SignallingShape(
        sender=first.player,
        receiver=receiver,
        types=tuple(type_node),
        priors=tuple(float(p) for p in root.probabilities),
        type_node=type_node,
        messages=tuple(first.moves),
        after=after,
        response_set=response_set,
    )


def describe(
    tree: GameTree,
    members: Mapping[str, tuple[str, ...]],
    player_of: Mapping[str, str],
    profile: Mapping[str, str],
    beliefs: dict[str, dict[str, Belief]],
    supporting: dict[str, dict[str, float]],
    off_path: tuple[str, ...],
    *,
    tols: Mapping[str, float],
) -> PerfectBayesianEquilibrium:
    """Assemble a :class:`PerfectBayesianEquilibrium` with its kind, Intuitive Criterion and reasons.

    Parameters
    ----------
    tree : GameTree
    members : mapping
        Information-set id -> nodes.
    player_of : mapping
        Information-set id -> player.
    profile : mapping
        Information-set id -> move.
    beliefs, supporting, off_path
        As in :class:`PerfectBayesianEquilibrium`.
    tols : mapping
        Player -> absolute tie tolerance.

    Returns
    -------
    PerfectBayesianEquilibrium
    """
    strategies = {p: {s: profile[s] for s in members if player_of[s] == p} for p in tree.players}
    played = tree.play(profile)
    shape = signalling_shape(tree)
    kind = intuitive = None
    reasons: list[str] = []
    if shape is not None:
        sent = {t: profile[shape.type_node[t]] for t, p in zip(shape.types, shape.priors, strict=True) if p > 0}
        distinct = len(set(sent.values()))
        kind = "pooling" if distinct == 1 else "separating" if distinct == len(sent) else "partially pooling"
        intuitive = _survives_intuitive_criterion(tree, shape, profile, sent, tols)
        reasons = _signalling_reasons(tree, shape, profile, sent, beliefs)
    else:
        for set_id, belief in beliefs.items():
            where = "off the path" if set_id in off_path else "by Bayes' rule"
            shown = ", ".join(f"{n} {_shown(b)}" for n, b in belief.items())
            reasons.append(f"{player_of[set_id]} plays {profile[set_id]} at {set_id}, believing ({where}) {shown}")
    return PerfectBayesianEquilibrium(
        strategies=strategies,
        beliefs=beliefs,
        supporting=supporting,
        off_path=off_path,
        kind=kind,
        intuitive_criterion=intuitive,
        payoffs=dict(zip(tree.players, played.payoffs, strict=True)),
        outcomes=played.outcomes,
        reasons=tuple(reasons),
    )


def _shown(belief: Belief) -> str:
    if isinstance(belief, tuple):
        return f"in [{number(belief[0])}, {number(belief[1])}]"
    return number(belief)


def _responses(
    tree: GameTree, shape: SignallingShape, message: str, profile: Mapping[str, str], player: str
) -> np.ndarray:
    # Shape (n_types, n_responses): the player's payoff when the receiver answers `message`.
    index = tree.players.index(player)
    memo: dict[str, np.ndarray] = {}
    return np.array(
        [
            [
                continuation(tree, target, profile, memo)[index]
                for target in tree.nodes[shape.after[t, message]].moves.values()
            ]
            for t in shape.types
        ]
    )


def _best_responses(receiver: np.ndarray, types: list[int], tol: float) -> list[int]:
    # Responses optimal under some belief on `types`.
    best = []
    for a in range(receiver.shape[1]):
        gains = np.array([receiver[types, a] - receiver[types, b] for b in range(receiver.shape[1]) if b != a])
        if supporting_beliefs(gains.reshape(-1, len(types)), tol) is not None:
            best.append(a)
    return best


def _survives_intuitive_criterion(
    tree: GameTree,
    shape: SignallingShape,
    profile: Mapping[str, str],
    sent: Mapping[str, str],
    tols: Mapping[str, float],
) -> bool:
    memo: dict[str, np.ndarray] = {}
    sender_index = tree.players.index(shape.sender)
    types = [i for i, t in enumerate(shape.types) if t in sent]
    value = {i: continuation(tree, shape.type_node[shape.types[i]], profile, memo)[sender_index] for i in types}
    tol = tols[shape.sender]
    for message in shape.messages:
        if message in sent.values():
            continue
        sender = _responses(tree, shape, message, profile, shape.sender)
        receiver = _responses(tree, shape, message, profile, shape.receiver)
        anything = _best_responses(receiver, types, tols[shape.receiver])
        kept = [i for i in types if value[i] <= max(sender[i, a] for a in anything) + tol] or types
        answers = _best_responses(receiver, kept, tols[shape.receiver])
        if any(min(sender[i, a] for a in answers) > value[i] + tol for i in types):
            return False
    return True


def _signalling_reasons(
    tree: GameTree,
    shape: SignallingShape,
    profile: Mapping[str, str],
    sent: Mapping[str, str],
    beliefs: Mapping[str, Mapping[str, Belief]],
) -> list[str]:
    reasons = []
    memo: dict[str, np.ndarray] = {}
    sender_index = tree.players.index(shape.sender)
    for t in sent:
        node = tree.nodes[shape.type_node[t]]
        values = {m: continuation(tree, target, profile, memo)[sender_index] for m, target in node.moves.items()}
        chosen = sent[t]
        others = [m for m in values if m != chosen]
        compare = ", ".join(f"{number(values[m])} from {m}" for m in others)
        reasons.append(
            f"{shape.sender} of type {t} sends {chosen}: it expects {number(values[chosen])}"
            + (f" against {compare}" if compare else "")
        )
    for m in shape.messages:
        set_id = shape.response_set[m]
        belief = beliefs.get(set_id, {})
        move = profile[set_id]
        senders = [t for t in sent if sent[t] == m]
        by_type = {t: belief.get(shape.after[t, m]) for t in shape.types}
        if senders:
            top = max(senders, key=lambda t: float(by_type[t] or 0.0))  # type: ignore[arg-type]
            prior = shape.priors[shape.types.index(top)]
            who = (
                f"only the {top} type sends {m}"
                if len(senders) == 1
                else f"every type sends {m}"
                if len(senders) == len(sent)
                else f"the {' and '.join(senders)} types send {m}"
            )
            reasons.append(
                f"{shape.receiver} plays {move} after {m} because it believes {shape.sender} {top} with probability "
                f"{_shown(by_type[top] or 0.0)} (prior {number(prior)}, Bayes' rule: {who})"
            )
        else:
            ranges = ", ".join(f"{shape.sender} {t} {_shown(b)}" for t, b in by_type.items() if b is not None)
            reasons.append(
                f"{shape.receiver} plays {move} after {m}, which no type sends: any belief with {ranges} supports it"
            )
    return reasons
