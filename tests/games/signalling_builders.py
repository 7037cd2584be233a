"""Signalling games as numeric trees (tests only): chance picks a type, the sender sends a
message knowing it, the receiver responds seeing only the message."""

from __future__ import annotations

import numpy as np

from negotiation_sim.games import Chance, Decision, GameTree, Terminal, read_only


def signalling_game(
    priors: dict[str, float],
    messages: list[str],
    responses: list[str],
    sender: dict[tuple[str, str, str], float],
    receiver: dict[tuple[str, str, str], float],
    players: tuple[str, str] = ("sender", "receiver"),
) -> GameTree:
    """``sender[(type, message, response)]`` and ``receiver[...]`` are the payoffs."""
    nodes: dict[str, Decision | Chance] = {
        "nature": Chance(
            id="nature", moves={t: f"{t}_sends" for t in priors}, probabilities=read_only(list(priors.values()))
        )
    }
    outcomes = {}
    for t in priors:
        nodes[f"{t}_sends"] = Decision(
            id=f"{t}_sends", player=players[0], moves={m: f"{t}_{m}" for m in messages}, information_set=""
        )
        for m in messages:
            nodes[f"{t}_{m}"] = Decision(
                id=f"{t}_{m}",
                player=players[1],
                moves={r: f"{t}_{m}_{r}" for r in responses},
                information_set=f"after_{m}",
            )
            for r in responses:
                o = f"{t}_{m}_{r}"
                outcomes[o] = Terminal(id=o, payoffs=read_only([sender[t, m, r], receiver[t, m, r]]))
    return GameTree(players=players, root="nature", nodes=nodes, outcomes=outcomes)


def beer_quiche(p_strong: float = 0.9) -> GameTree:
    """Cho and Kreps (1987): the strong type likes beer, the weak quiche; both gain 2 when not duelled."""
    sender, receiver = {}, {}
    for t in ("strong", "weak"):
        for m in ("beer", "quiche"):
            for r in ("duel", "not"):
                sender[t, m, r] = (1.0 if (t, m) in (("strong", "beer"), ("weak", "quiche")) else 0.0) + (
                    2.0 if r == "not" else 0.0
                )
                receiver[t, m, r] = 1.0 if (t == "weak") == (r == "duel") else 0.0
    return signalling_game(
        {"strong": p_strong, "weak": 1 - p_strong}, ["beer", "quiche"], ["duel", "not"], sender, receiver
    )


def random_signalling_game(
    rng: np.random.Generator, types: int = 2, messages: int = 2, responses: int = 2, low: int = -2, high: int = 2
) -> GameTree:
    """Integer payoffs in [low, high] so ties are common; priors from {1/4, 1/2, 3/4} (two types)."""
    names_t = [f"t{i}" for i in range(types)]
    names_m = [f"m{i}" for i in range(messages)]
    names_r = [f"r{i}" for i in range(responses)]
    if types == 2:
        p = float(rng.choice([0.25, 0.5, 0.75]))
        priors = {"t0": p, "t1": 1 - p}
    else:
        weights = rng.integers(1, 4, size=types)
        priors = {t: float(w / weights.sum()) for t, w in zip(names_t, weights, strict=True)}
    sender = {(t, m, r): float(rng.integers(low, high + 1)) for t in names_t for m in names_m for r in names_r}
    receiver = {(t, m, r): float(rng.integers(low, high + 1)) for t in names_t for m in names_m for r in names_r}
    return signalling_game(priors, names_m, names_r, sender, receiver)
