"""Hybrid perfect Bayesian equilibria of signalling games with two types, two messages, two responses.

In a *hybrid* (semi-separating) equilibrium one type of sender mixes between the two
messages and the other type sends one of them.  The message only the mixing type sends
reveals it, and the receiver best-responds to that type; after the message both types
send, the receiver's belief follows Bayes' rule from the mixing probability, and the
receiver mixes between its two responses so that the mixing type is exactly indifferent
between the messages.  For that the receiver itself must be indifferent, which pins its
belief and so the mixing probability (Gibbons 1992, §4.2.B).

Computed here, exactly (rational arithmetic on the payoffs): every such equilibrium in
which the sender's mixing probability and the receiver's response probability after the
shared message are strictly between 0 and 1, for a signalling game whose responses end
the game.  Not computed: equilibria in which both types mix, or in which the receiver mixes
after the message only one type sends, and the continua that arise when the receiver is
indifferent after the shared message under every belief or the mixing type's payoff does not
depend on the response.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from ..games.tree import GameTree
from ..numbers import number
from .pbe_result import PerfectBayesianEquilibrium
from .signalling import SignallingShape, signalling_shape

__all__ = ["hybrid_equilibria"]


def hybrid_equilibria(tree: GameTree, tols: Mapping[str, float]) -> list[PerfectBayesianEquilibrium]:
    """Every hybrid PBE of a 2-type, 2-message, 2-response signalling game (see the module notes).

    Parameters
    ----------
    tree : GameTree
        At one parameter point.
    tols : mapping
        Player -> absolute tie tolerance (for the pure type's weak preference).

    Returns
    -------
    list of PerfectBayesianEquilibrium
        ``kind="hybrid"``; empty when the tree is not a signalling game of that size whose
        responses end the game.

    Examples
    --------
    With a weak majority (prior 0.3 on strong), beer–quiche has one hybrid equilibrium: the
    strong type drinks beer, the weak one beer with probability 3/7, and the receiver duels
    a beer drinker half of the time and a quiche eater always.

    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "beer_quiche.yaml")
    >>> (eq,) = hybrid_equilibria(sc.evaluate({"p_strong": 0.3}), {"sender": 1e-9, "receiver": 1e-9})
    >>> round(eq.mixed["sender"]["weak_breakfast"]["beer"], 12), eq.mixed["receiver"]["after_beer"]["duel"]
    (0.428571428571, 0.5)
    """
    shape = signalling_shape(tree)
    if shape is None or len(shape.types) != 2 or len(shape.messages) != 2:
        return []
    responses = tuple(tree.nodes[shape.after[shape.types[0], shape.messages[0]]].moves)
    targets = [tree.nodes[node].moves[r] for node in shape.after.values() for r in responses]
    if len(responses) != 2 or any(t not in tree.outcomes for t in targets):
        return []
    priors = tuple(Fraction(float(p)) for p in shape.priors)
    if min(priors) <= 0:
        return []
    game = _Game(tree=tree, shape=shape, responses=responses, priors=priors)
    receiver = game.receiver_k
    found = []
    for i in (0, 1):  # the mixing type
        for shared in (0, 1):  # the message both types send
            alone = 1 - shared
            best = max(game.pay(receiver, i, alone, r) for r in (0, 1))
            for answer in (r for r in (0, 1) if game.pay(receiver, i, alone, r) == best):
                eq = _one(game, i, shared, answer, tols[shape.sender])
                if eq is not None:
                    found.append(eq)
    return found


@dataclass(frozen=True, slots=True, kw_only=True)
class _Game:
    tree: GameTree
    shape: SignallingShape
    responses: tuple[str, ...]
    priors: tuple[Fraction, ...]

    @property
    def sender_k(self) -> int:
        return self.tree.players.index(self.shape.sender)

    @property
    def receiver_k(self) -> int:
        return self.tree.players.index(self.shape.receiver)

    def outcome(self, t: int, m: int, r: int) -> str:
        return self.tree.nodes[self.shape.after[self.shape.types[t], self.shape.messages[m]]].moves[self.responses[r]]

    def pay(self, k: int, t: int, m: int, r: int) -> Fraction:
        return pay_outcome(self.tree, self.outcome(t, m, r), k)

    def mixed_pay(self, k: int, t: int, m: int, rho: Fraction) -> Fraction:
        return rho * self.pay(k, t, m, 0) + (1 - rho) * self.pay(k, t, m, 1)


def _one(game: _Game, i: int, shared: int, answer: int, tol: float) -> PerfectBayesianEquilibrium | None:
    """The hybrid equilibrium where type ``i`` mixes and the other type sends ``shared``, if any."""
    j, alone = 1 - i, 1 - shared
    s, r = game.sender_k, game.receiver_k
    slope = game.pay(s, i, shared, 0) - game.pay(s, i, shared, 1)
    if slope == 0:
        return None  # the mixing type does not care about the response: a continuum, not computed
    rho = (game.pay(s, i, alone, answer) - game.pay(s, i, shared, 1)) / slope
    gain_i = game.pay(r, i, shared, 0) - game.pay(r, i, shared, 1)
    gain_j = game.pay(r, j, shared, 0) - game.pay(r, j, shared, 1)
    if not 0 < rho < 1 or gain_i == gain_j:
        return None
    mu = gain_j / (gain_j - gain_i)  # the receiver's belief in type i that makes it indifferent
    if not 0 < mu < game.priors[i]:
        return None
    q = mu * game.priors[j] / (game.priors[i] * (1 - mu))  # type i's probability of the shared message
    if float(game.mixed_pay(s, j, shared, rho)) < float(game.pay(s, j, alone, answer)) - tol:
        return None
    return _record(game, i, shared, answer, q, rho, mu)


def _record(
    game: _Game, i: int, shared: int, answer: int, q: Fraction, rho: Fraction, mu: Fraction
) -> PerfectBayesianEquilibrium:
    tree, shape, responses, priors = game.tree, game.shape, game.responses, game.priors
    j, alone = 1 - i, 1 - shared
    s = game.sender_k
    t_i, t_j = shape.types[i], shape.types[j]
    m_shared, m_alone = shape.messages[shared], shape.messages[alone]
    reach: dict[str, Fraction] = {}
    for t, m, weight in ((i, shared, q), (i, alone, 1 - q), (j, shared, Fraction(1))):
        split = (rho, 1 - rho) if m == shared else (Fraction(answer == 0), Fraction(answer == 1))
        for k, share in enumerate(split):
            if weight * share > 0:
                outcome = game.outcome(t, m, k)
                reach[outcome] = reach.get(outcome, Fraction(0)) + priors[t] * weight * share
    payoffs = {
        p: float(sum((w * pay_outcome(tree, o, k) for o, w in reach.items()), Fraction(0)))
        for k, p in enumerate(tree.players)
    }
    value_i, value_j = game.mixed_pay(s, i, shared, rho), game.mixed_pay(s, j, shared, rho)
    set_shared, set_alone = shape.response_set[m_shared], shape.response_set[m_alone]
    reasons = (
        f"{shape.sender} of type {t_i} sends {m_shared} with probability {number(float(q))} and {m_alone} "
        f"otherwise: both give it {number(float(value_i))}",
        f"{shape.sender} of type {t_j} sends {m_shared}: it expects {number(float(value_j))} against "
        f"{number(float(game.pay(s, j, alone, answer)))} from {m_alone}",
        f"{shape.receiver} plays {responses[0]} with probability {number(float(rho))} after {m_shared} because it "
        f"believes {shape.sender} {t_i} with probability {number(float(mu))} (prior {number(float(priors[i]))}, "
        f"Bayes' rule: the {t_j} type sends {m_shared}, the {t_i} type with probability {number(float(q))}), "
        f"which leaves it indifferent; mixing so makes the {t_i} type indifferent too",
        f"{shape.receiver} plays {responses[answer]} after {m_alone} because only the {t_i} type sends it",
    )
    return PerfectBayesianEquilibrium(
        strategies={
            shape.sender: {shape.type_node[t_j]: m_shared},
            shape.receiver: {set_alone: responses[answer]},
        },
        mixed={
            shape.sender: {shape.type_node[t_i]: {m: float(q if m == m_shared else 1 - q) for m in shape.messages}},
            shape.receiver: {set_shared: {responses[0]: float(rho), responses[1]: float(1 - rho)}},
        },
        beliefs={
            set_shared: {shape.after[t_i, m_shared]: float(mu), shape.after[t_j, m_shared]: float(1 - mu)},
            set_alone: {shape.after[t_i, m_alone]: 1.0, shape.after[t_j, m_alone]: 0.0},
        },
        supporting={},
        off_path=(),
        kind="hybrid",
        intuitive_criterion=True,  # every message is sent: the criterion has nothing to test
        payoffs=payoffs,
        outcomes=tuple((o, float(reach[o])) for o in tree.outcomes if o in reach),
        reasons=reasons,
    )


def pay_outcome(tree: GameTree, outcome: str, k: int) -> Fraction:
    """Player ``k``'s payoff at ``outcome``, exactly (as the fraction the float stores).

    Parameters
    ----------
    tree : GameTree
    outcome : str
    k : int

    Returns
    -------
    fractions.Fraction

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> game = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml").evaluate()
    >>> pay_outcome(game, "price_war", 0)
    Fraction(-2, 1)
    """
    return Fraction(float(tree.outcomes[outcome].payoffs[k]))
