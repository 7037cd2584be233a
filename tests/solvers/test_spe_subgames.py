"""Subgame perfection on trees with information sets: textbook answers, Nash checks, a brute-force oracle.

The oracle enumerates every pure profile (one move per information set) and keeps those that
are a Nash equilibrium in every subgame; the solver must find exactly those among its pure
equilibria, and every equilibrium it lists (mixed ones included) must leave no player a
profitable pure deviation in any subgame.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np
import pytest

import negotiation_sim as ns
from negotiation_sim.errors import SolverError
from negotiation_sim.games import Chance, Decision, GameTree, Terminal, read_only
from negotiation_sim.games.information import subgame_roots
from negotiation_sim.solvers.spe import spe_solve
from negotiation_sim.solvers.spe_subgames import full_behaviour, solve_subgames

TOL = 1e-7
BOOKS = ns.bundled_scenarios_dir()


def build(players, root, nodes, payoffs, probabilities=None) -> GameTree:
    """``nodes``: id -> (player or None for chance, {move: next}, information set or "")."""
    built: dict[str, Decision | Chance] = {}
    for node_id, (player, moves, info) in nodes.items():
        if player is None:
            built[node_id] = Chance(id=node_id, moves=moves, probabilities=read_only(probabilities[node_id]))
        else:
            built[node_id] = Decision(id=node_id, player=player, moves=moves, information_set=info)
    outcomes = {o: Terminal(id=o, payoffs=read_only(v)) for o, v in payoffs.items()}
    return GameTree(players=players, root=root, nodes=built, outcomes=outcomes)


def outside_option_bos(outside: float) -> GameTree:
    """Battle of the sexes after an entry decision: player 1 takes ``outside`` or enters the
    simultaneous game (1 chooses at ``one_picks``; 2 chooses without seeing it, set ``two_picks``)."""
    return build(
        ("one", "two"),
        "enter",
        {
            "enter": ("one", {"out": "outside", "in": "one_picks"}, ""),
            "one_picks": ("one", {"b": "two_after_b", "s": "two_after_s"}, ""),
            "two_after_b": ("two", {"b": "bb", "s": "bs"}, "two_picks"),
            "two_after_s": ("two", {"b": "sb", "s": "ss"}, "two_picks"),
        },
        {"outside": [outside, 0], "bb": [3, 1], "bs": [0, 0], "sb": [0, 0], "ss": [1, 3]},
    )


# Hand-solved (Gibbons 1992, §2.4.B; Osborne 2004, ch. 10): the subgame after "in" has the Nash
# equilibria (b, b) worth (3, 1), (s, s) worth (1, 3) and the mixed one (1 plays b with 3/4, 2 with
# 1/4) worth (3/4, 3/4).  Player 1 enters exactly where the subgame pays more than the outside option.
OUTSIDE_OPTION_CASES = [
    (2.0, {((3.0, 1.0), "in"), ((2.0, 0.0), "out"), ((2.0, 0.0), "out")}),
    (0.5, {((3.0, 1.0), "in"), ((1.0, 3.0), "in"), ((0.75, 0.75), "in")}),
    (3.5, {((3.5, 0.0), "out")}),
]


@pytest.mark.parametrize(("outside", "expected"), OUTSIDE_OPTION_CASES)
def test_entry_then_simultaneous_battle_of_the_sexes(outside, expected):
    result = spe_solve(outside_option_bos(outside))
    got = {
        (tuple(round(eq.payoffs[p], 9) for p in ("one", "two")), eq.strategies["one"]["enter"])
        for eq in result.equilibria
    }
    assert got == expected
    assert result.count == 3
    mixed = [eq for eq in result.equilibria if eq.mixed]
    assert len(mixed) == 1
    assert mixed[0].mixed["one"]["one_picks"] == pytest.approx({"b": 0.75, "s": 0.25})
    assert mixed[0].mixed["two"]["two_picks"] == pytest.approx({"b": 0.25, "s": 0.75})


def test_matching_pennies_subgame_value_decides_entry():
    # Matching pennies after entry is worth 0 to both; entering pays unless the outside option beats 0.
    for outside, move in ((-1.0, "in"), (1.0, "out")):
        tree = build(
            ("one", "two"),
            "enter",
            {
                "enter": ("one", {"out": "outside", "in": "one_picks"}, ""),
                "one_picks": ("one", {"h": "two_after_h", "t": "two_after_t"}, ""),
                "two_after_h": ("two", {"h": "hh", "t": "ht"}, "guess"),
                "two_after_t": ("two", {"h": "th", "t": "tt"}, "guess"),
            },
            {"outside": [outside, 0], "hh": [1, -1], "ht": [-1, 1], "th": [-1, 1], "tt": [1, -1]},
        )
        result = spe_solve(tree)
        assert result.count == 1
        eq = result.equilibria[0]
        assert eq.strategies["one"]["enter"] == move
        assert eq.mixed["one"]["one_picks"] == pytest.approx({"h": 0.5, "t": 0.5})


def test_reasons_name_the_subgame_and_the_choice():
    eq = next(e for e in spe_solve(outside_option_bos(2.0)).equilibria if e.strategies["one"]["enter"] == "in")
    assert eq.reasons[0] == "one chooses in at enter: 3 (bb) beats 2 for out (outside)."
    assert "imperfect information" in eq.reasons[1] and "b at one_picks" in eq.reasons[1]


def test_three_players_in_an_imperfect_subgame_are_refused_with_the_node():
    tree = build(
        ("a", "b", "c"),
        "r",
        {
            "r": ("c", {"go": "x", "stop": "end"}, ""),
            "x": ("a", {"l": "y1", "r": "y2"}, ""),
            "y1": ("b", {"l": "o1", "r": "o2"}, "h"),
            "y2": ("b", {"l": "o3", "r": "o4"}, "h"),
        },
        {o: [k, -k, 0] for k, o in enumerate(("end", "o1", "o2", "o3", "o4"))},
    )
    with pytest.raises(SolverError, match=r"subgame at node 'x' has imperfect information \(information set h\)"):
        spe_solve(tree)


def test_count_limit_is_respected(monkeypatch):
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_SPE_COUNT", "2")
    with pytest.raises(SolverError, match="NEGOTIATION_SIM_MAX_SPE_COUNT"):
        spe_solve(outside_option_bos(0.5))
    monkeypatch.delenv("NEGOTIATION_SIM_MAX_SPE_COUNT")
    result = spe_solve(outside_option_bos(0.5), limit=1)
    assert (result.count, result.truncated, len(result.equilibria)) == (3, True, 1)
    assert len(result.outcomes) == 3


@pytest.mark.parametrize(
    "name", ["beer_quiche", "job_market_signalling", "bayesian_battle_of_the_sexes", "../islands/sizing_up"]
)
def test_bundled_games_every_spe_is_a_nash_equilibrium_of_the_whole_tree(name):
    tree = ns.load_scenario(BOOKS / "textbook" / f"{name}.yaml").evaluate()
    found = solve_subgames(tree)
    assert found[tree.root]
    for solution in found[tree.root]:
        assert_subgame_perfect(tree, full_behaviour(tree, found, solution), solution.value)


def test_signalling_game_spe_are_the_nash_equilibria_of_the_tree():
    # A signalling game has no proper subgame: its SPE are exactly the tree's Nash equilibria.
    from negotiation_sim.solvers.behaviour import tree_nash_solve

    tree = ns.load_scenario(BOOKS / "textbook" / "beer_quiche.yaml").evaluate()
    spe = spe_solve(tree)
    nash = tree_nash_solve(tree)

    def key(strategies):
        return sorted(
            (s, None if b is None else tuple((m, round(w, 9)) for m, w in b.items()))
            for moves in strategies.values()
            for s, b in moves.items()
        )

    def as_behaviour(pure, mixed):
        return {**{s: {m: float(m == move) for m in moves_of(tree, s)} for s, move in pure.items()}, **mixed}

    from_spe = [
        key({p: as_behaviour(pure, e.mixed.get(p, {})) for p, pure in e.strategies.items()}) for e in spe.equilibria
    ]
    assert sorted(from_spe) == sorted(key(e.strategies) for e in nash.equilibria)


# ---- perfect information: the subgame solver agrees with backward induction ----------------


@pytest.mark.parametrize("name", ["entry_deterrence", "ultimatum", "centipede", "chance_move"])
def test_perfect_information_agrees_with_backward_induction(name):
    tree = ns.load_scenario(BOOKS / "textbook" / f"{name}.yaml").evaluate()
    assert_same_as_backward_induction(tree)


@pytest.mark.parametrize("seed", range(40))
def test_random_perfect_information_trees_agree_with_backward_induction(seed):
    rng = np.random.default_rng(seed)
    tree = random_tree(rng, imperfect=False)
    assert_same_as_backward_induction(tree)


def assert_same_as_backward_induction(tree: GameTree) -> None:
    old = spe_solve(tree)
    found = solve_subgames(tree)
    new = []
    for solution in found[tree.root]:
        behaviour = full_behaviour(tree, found, solution)
        new.append({s: next(m for m, w in moves.items() if w == 1.0) for s, moves in behaviour.items() if moves})
    flat = [{s: m for moves in eq.strategies.values() for s, m in moves.items()} for eq in old.equilibria]
    assert sorted(map(sorted_items, new)) == sorted(map(sorted_items, flat))
    assert old.count == len(found[tree.root])


def sorted_items(d: Mapping[str, str]) -> tuple:
    return tuple(sorted(d.items()))


# ---- random trees with information sets against a brute-force oracle -----------------------


@pytest.mark.parametrize("seed", range(120))
def test_random_trees_with_information_sets_against_brute_force(seed):
    rng = np.random.default_rng(1000 + seed)
    tree = random_tree(rng, imperfect=True)
    found = solve_subgames(tree)
    solutions = found[tree.root]
    for solution in solutions:
        assert_subgame_perfect(tree, full_behaviour(tree, found, solution), solution.value)
    # Every pure SPE found by brute force is a completion of a pure equilibrium the solver lists.
    pure_found: set[tuple] = set()
    for solution in solutions:
        behaviour = full_behaviour(tree, found, solution)
        if all(b is None or max(b.values()) == 1.0 for b in behaviour.values()):
            options = [
                [m for m, w in b.items() if w == 1.0] if b is not None else list(moves_of(tree, s))
                for s, b in behaviour.items()
            ]
            for picks in itertools.product(*options):
                pure_found.add(tuple(sorted(zip(behaviour, picks, strict=True))))
    assert pure_found == brute_force_pure_spe(tree)


def moves_of(tree: GameTree, set_id: str) -> tuple[str, ...]:
    return tuple(tree.nodes[tree.information_sets()[set_id][0]].moves)


def brute_force_pure_spe(tree: GameTree) -> set[tuple]:
    sets = [s for s, members in tree.information_sets().items() if any(m in tree.order for m in members)]
    spe = set()
    for picks in itertools.product(*(moves_of(tree, s) for s in sets)):
        profile = {s: {m: float(m == p) for m in moves_of(tree, s)} for s, p in zip(sets, picks, strict=True)}
        value = expected(tree, tree.root, profile)
        if is_subgame_perfect(tree, profile, value):
            spe.add(tuple(sorted(zip(sets, picks, strict=True))))
    return spe


def expected(tree: GameTree, start: str, behaviour: Mapping[str, Mapping[str, float] | None]) -> np.ndarray:
    if start in tree.outcomes:
        return np.asarray(tree.outcomes[start].payoffs, dtype=float)
    node = tree.nodes[start]
    if isinstance(node, Chance):
        weights = [float(p) for p in node.probabilities]
    else:
        moves = behaviour[node.info_set]
        # A set left open (None) is never reached: any completion, here the first move.
        weights = [float(k == 0) for k in range(len(node.moves))] if moves is None else [moves[m] for m in node.moves]
    total = np.zeros(len(tree.players))
    for w, target in zip(weights, node.moves.values(), strict=True):
        if w > 0:
            total = total + w * expected(tree, target, behaviour)
    return total


def is_subgame_perfect(tree: GameTree, behaviour, value: np.ndarray) -> bool:
    if not np.allclose(expected(tree, tree.root, behaviour), value, atol=TOL):
        return False
    for root in subgame_roots(tree):
        below = {n for n in tree.order if n == root or n in _descendants(tree, root)}
        here = expected(tree, root, behaviour)
        for k, player in enumerate(tree.players):
            own = [
                s
                for s, members in tree.information_sets().items()
                if members[0] in below and tree.nodes[members[0]].player == player
            ]
            for picks in itertools.product(*(moves_of(tree, s) for s in own)):
                deviation = dict(behaviour)
                for s, p in zip(own, picks, strict=True):
                    deviation[s] = {m: float(m == p) for m in moves_of(tree, s)}
                if expected(tree, root, deviation)[k] > here[k] + TOL:
                    return False
    return True


def assert_subgame_perfect(tree: GameTree, behaviour, value: np.ndarray) -> None:
    assert is_subgame_perfect(tree, behaviour, value), behaviour


def _descendants(tree: GameTree, node_id: str) -> set[str]:
    from negotiation_sim.games.information import descendants

    return descendants(tree, node_id)


def random_tree(rng: np.random.Generator, *, imperfect: bool) -> GameTree:
    """A small two-player tree: an optional chance move, then per branch either a singleton
    decision, a simultaneous-move stage (the second mover at one information set, unless
    ``imperfect`` is False) or a signalling stage; stages may be followed by a singleton decision.
    Integer payoffs in [-2, 2], so ties are common."""
    players = ("a", "b")
    nodes: dict[str, tuple] = {}
    payoffs: dict[str, list[int]] = {}
    probabilities: dict[str, list[float]] = {}
    counter = itertools.count()

    def outcome() -> str:
        name = f"o{next(counter)}"
        payoffs[name] = [int(v) for v in rng.integers(-2, 3, size=2)]
        return name

    def leaf_or_decision(depth: int) -> str:
        if depth > 0 and rng.random() < 0.4:
            name = f"d{next(counter)}"
            nodes[name] = (str(rng.choice(players)), {f"m{k}": outcome() for k in range(2)}, "")
            return name
        return outcome()

    def stage(depth: int) -> str:
        kind = rng.integers(0, 3)
        name = f"n{next(counter)}"
        first, second = players if rng.random() < 0.5 else players[::-1]
        if kind == 0:
            nodes[name] = (first, {f"m{k}": stage(depth - 1) if depth > 0 else outcome() for k in range(2)}, "")
            return name
        if kind == 1 or not imperfect:
            width = int(rng.integers(2, 4))
            set_id = f"h{next(counter)}" if imperfect else ""
            children = {}
            for k in range(2):
                child = f"{name}_{k}"
                nodes[child] = (second, {f"r{j}": leaf_or_decision(depth) for j in range(width)}, set_id)
                children[f"m{k}"] = child
            nodes[name] = (first, children, "")
            return name
        # Signalling: chance picks a type, the first mover signals, the second responds per signal.
        nodes[name] = (None, {}, "")
        types = {}
        for t in range(2):
            sender = f"{name}_t{t}"
            signals = {}
            for m in range(2):
                receiver = f"{name}_t{t}_m{m}"
                nodes[receiver] = (second, {f"r{j}": outcome() for j in range(2)}, f"{name}_after_m{m}")
                signals[f"m{m}"] = receiver
            nodes[sender] = (first, signals, "")
            types[f"t{t}"] = sender
        nodes[name] = (None, types, "")
        p = float(rng.integers(1, 4)) / 4
        probabilities[name] = [p, 1 - p]
        return name

    root = stage(int(rng.integers(1, 3)))
    if rng.random() < 0.3:
        top = "top"
        nodes[top] = (None, {"x": root, "y": stage(0)}, "")
        probabilities[top] = [0.5, 0.5]
        root = top
    return build(players, root, nodes, payoffs, probabilities)
