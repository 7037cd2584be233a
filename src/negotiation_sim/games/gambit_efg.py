"""Gambit's extensive-form format (.efg, version 2) in and out of :class:`GameTree`.

Writing unfolds shared nodes into the tree they stand for, keeps information sets (a
copy of a shared node alone in its set is its own set), names every node, information
set and outcome uniquely so that Gambit reads the file back, and refuses a game without
perfect recall.  Outcome ids become terminal-node names and outcome labels become
Gambit outcome names, so a round trip keeps both.

Reading accepts what Gambit's own files do: blank or repeated node, information-set
and action labels, empty player names, outcomes at non-terminal nodes (their payoffs
are added to every outcome below), action lists and outcome payoffs given only at
their first use, numbers as integers, decimals or rationals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from .base import read_only
from .gambit_text import GambitFormatError, TokenStream, format_number, identifier, quote, unique
from .information import information_set_problems
from .tree import Chance, Decision, GameTree, Terminal

__all__ = ["read_efg", "write_efg"]


def write_efg(tree: GameTree, *, title: str = "") -> str:
    """The tree as the text of a Gambit .efg file.

    Parameters
    ----------
    tree : GameTree
        At one parameter point, with perfect recall.
    title : str, optional
        The game's title in the file.

    Returns
    -------
    str

    Raises
    ------
    GambitFormatError
        If the game lacks perfect recall, its information sets are malformed, or it is
        over a grid.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "entry_deterrence.yaml")
    >>> print(write_efg(sc.evaluate(), title="Entry"))
    EFG 2 R "Entry" { "entrant" "incumbent" }
    ""
    <BLANKLINE>
    p "entry" 1 1 "entry" { "enter" "stay_out" } 0
    p "response" 2 1 "response" { "fight" "accommodate" } 0
    t "price_war" 1 "Price war" { -2, -2 }
    t "shared_market" 2 "Market shared" { 4, 4 }
    t "monopoly" 3 "Entrant stays out; incumbent keeps the monopoly" { 0, 10 }
    <BLANKLINE>
    """
    tree._check_point("write_efg")
    problems = information_set_problems(tree)
    if problems:
        raise GambitFormatError("cannot write a Gambit file for this game: " + "; ".join(p.message for p in problems))
    sets = tree.information_sets()
    player_number = {p: i + 1 for i, p in enumerate(tree.players)}
    infoset_number: dict[tuple[int, str], int] = {}
    count: dict[int, int] = {}
    outcome_number: dict[str, int] = {}
    outcome_names: set[str] = set()
    outcome_label: dict[str, str] = {}
    names: set[str] = set()
    lines = [
        f"EFG 2 R {quote(title)} {{ {' '.join(quote(p) for p in tree.players)} }}",
        quote(""),
        "",
    ]
    stack = [tree.root]
    while stack:
        node_id = stack.pop()
        name = quote(unique(node_id, names))
        if node_id in tree.outcomes:
            terminal = tree.outcomes[node_id]
            if node_id not in outcome_number:
                outcome_number[node_id] = len(outcome_number) + 1
                outcome_label[node_id] = quote(unique(terminal.label or node_id, outcome_names))
            payoffs = ", ".join(format_number(float(v)) for v in terminal.payoffs)
            lines.append(f"t {name} {outcome_number[node_id]} {outcome_label[node_id]} {{ {payoffs} }}")
            continue
        node = tree.nodes[node_id]
        if isinstance(node, Chance):
            number = count[0] = count.get(0, 0) + 1
            branches = " ".join(
                f"{quote(b)} {p}" for b, p in zip(node.moves, _exact_probabilities(node.probabilities), strict=True)
            )
            lines.append(f"c {name} {number} {name} {{ {branches} }} 0")
        else:
            player = player_number[node.player]
            shared = len(sets[node.info_set]) > 1
            key = (player, node.info_set if shared else f"\0{len(lines)}")
            first = key not in infoset_number
            if first:
                infoset_number[key] = count[player] = count.get(player, 0) + 1
            moves = list(_set_moves(tree, sets[node.info_set]) if shared else node.moves)
            set_name = quote(node.info_set) if shared else name
            actions = " ".join(quote(m) for m in moves)
            lines.append(f"p {name} {player} {infoset_number[key]} {set_name} {{ {actions} }} 0")
            stack.extend(reversed([node.moves[m] for m in moves]))
            continue
        stack.extend(reversed(list(node.moves.values())))
    return "\n".join(lines) + "\n"


def _exact_probabilities(values: object) -> list[str]:
    # Gambit insists that chance probabilities sum to exactly one: write the rationals the
    # floats stand for (1 - 0.9 is 0.09999999999999998, meant as 1/10).
    fractions = [Fraction(float(v)).limit_denominator(10**9) for v in values]  # type: ignore[attr-defined]
    if sum(fractions) != 1 and fractions:
        fractions[-1] = Fraction(1) - sum(fractions[:-1], Fraction(0))
    return [str(f) for f in fractions]


def _set_moves(tree: GameTree, members: tuple[str, ...]) -> list[str]:
    return list(tree.nodes[members[0]].moves)


@dataclass(slots=True)
class _Record:
    kind: str
    name: str
    player: int = 0
    infoset: int = 0
    outcome: int = 0
    children: list[int] = field(default_factory=list)
    line: int = 0
    column: int = 0


@dataclass(slots=True)
class _Reading:
    players: list[str]
    records: list[_Record] = field(default_factory=list)
    infoset_name: dict[tuple[int, int], str] = field(default_factory=dict)
    actions: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    probabilities: dict[tuple[int, int], list[Fraction]] = field(default_factory=dict)
    outcome_name: dict[int, str] = field(default_factory=dict)
    payoffs: dict[int, list[Fraction]] = field(default_factory=dict)


def read_efg(text: str) -> GameTree:
    """Read the text of a Gambit .efg file as a numeric game tree.

    Parameters
    ----------
    text : str

    Returns
    -------
    GameTree
        Player ids, node ids, move names and information-set ids are identifiers made from
        the file's labels (made unique; generated where blank); outcome labels are the
        file's outcome names.

    Raises
    ------
    GambitFormatError
        With the line and column of the first problem.

    Examples
    --------
    >>> tree = read_efg('''EFG 2 R "Matching pennies" { "" "" }
    ... p "" 1 1 "" { "H" "T" } 0
    ... p "" 2 1 "" { "h" "t" } 0
    ... t "" 1 "win" { 1, -1 }
    ... t "" 2 "lose" { -1, 1 }
    ... p "" 2 1 "" { "h" "t" } 0
    ... t "" 2 "lose" { -1, 1 }
    ... t "" 1 "win" { 1, -1 }
    ... ''')
    >>> tree.players, tree.information_sets()["player_2_set_1"]
    (('player_1', 'player_2'), ('node_2', 'node_5'))
    """
    stream = TokenStream(text)
    header = stream.next("word", "'EFG'")
    if header.text != "EFG":
        raise GambitFormatError(f"expected 'EFG' at the start, found {header.text!r}", header.line, header.column)
    stream.number("the format version")
    stream.next("word", "'R' or 'D'")
    stream.string("the title")
    reading = _Reading(players=stream.strings_in_braces("the player names"))
    stream.accept("string")  # the comment
    _read_records(stream, reading)
    return _build(reading)


def _read_records(stream: TokenStream, reading: _Reading) -> None:
    pending: list[list[int]] = []  # [record index, children still to read]
    while not stream.at_end():
        token = stream.next("word", "a node ('p', 'c' or 't')")
        if token.text not in ("p", "c", "t"):
            raise GambitFormatError(
                f"expected a node ('p', 'c' or 't'), found {token.text!r}", token.line, token.column
            )
        if reading.records and not pending:
            raise GambitFormatError("a node after the tree is complete", token.line, token.column)
        record = _Record(kind=token.text, name=stream.string("the node name"), line=token.line, column=token.column)
        width = 0
        if token.text in ("p", "c"):
            if token.text == "p":
                record.player = int(stream.number("the player number"))
                if not 1 <= record.player <= len(reading.players):
                    raise GambitFormatError(
                        f"player {record.player} is not in the player list", token.line, token.column
                    )
            record.infoset = int(stream.number("the information-set number"))
            key = (record.player, record.infoset)
            name = stream.accept("string")
            if name is not None and key not in reading.infoset_name:
                reading.infoset_name[key] = stream.tokens[stream.position - 1].text[1:-1]
            if stream.peek() is not None and stream.peek().kind == "{":  # type: ignore[union-attr]
                _read_actions(stream, reading, key, chance=token.text == "c")
            if key not in reading.actions:
                raise GambitFormatError(
                    "the first node of an information set must list its actions", token.line, token.column
                )
            width = len(reading.actions[key])
        record.outcome = int(stream.number("the outcome number"))
        outcome_label = stream.accept("string")
        if outcome_label is not None and record.outcome not in reading.outcome_name:
            reading.outcome_name[record.outcome] = stream.tokens[stream.position - 1].text[1:-1]
        if stream.peek() is not None and stream.peek().kind == "{":  # type: ignore[union-attr]
            values = stream.numbers_in_braces("the payoffs")
            if len(values) != len(reading.players):
                raise GambitFormatError(
                    f"{len(values)} payoffs for {len(reading.players)} players", token.line, token.column
                )
            reading.payoffs.setdefault(record.outcome, values)
        if record.outcome and record.outcome not in reading.payoffs:
            raise GambitFormatError(
                f"outcome {record.outcome} is used before its payoffs are given", token.line, token.column
            )
        index = len(reading.records)
        reading.records.append(record)
        if pending:
            reading.records[pending[-1][0]].children.append(index)
            pending[-1][1] -= 1
        if width:
            pending.append([index, width])
        while pending and pending[-1][1] == 0:
            pending.pop()
    if not reading.records:
        raise GambitFormatError("the file has no nodes", 1, 1)
    if pending:
        raise GambitFormatError("the file ends before the tree is complete", stream.tokens[-1].line, 1)


def _read_actions(stream: TokenStream, reading: _Reading, key: tuple[int, int], *, chance: bool) -> None:
    stream.next("{", "'{' opening the actions")
    names: list[str] = []
    probabilities: list[Fraction] = []
    while stream.accept("}") is None:
        names.append(stream.string("an action name"))
        if chance:
            probabilities.append(stream.number("a chance probability"))
    if key not in reading.actions:
        reading.actions[key] = names
        if chance:
            reading.probabilities[key] = probabilities


def _build(reading: _Reading) -> GameTree:
    taken: set[str] = set()
    players = tuple(unique(identifier(name, f"player_{i + 1}"), taken) for i, name in enumerate(reading.players))
    ids: list[str] = []
    for k, record in enumerate(reading.records):
        ids.append("" if record.kind == "t" else unique(identifier(record.name, f"node_{k + 1}"), taken))
    members: dict[tuple[int, int], list[int]] = {}
    for k, record in enumerate(reading.records):
        if record.kind == "p":
            members.setdefault((record.player, record.infoset), []).append(k)
    set_ids = {
        key: unique(identifier(reading.infoset_name.get(key, ""), f"player_{key[0]}_set_{key[1]}"), taken)
        for key, nodes in members.items()
        if len(nodes) > 1
    }
    moves = {key: _move_names(names) for key, names in reading.actions.items()}
    nodes: dict[str, Decision | Chance] = {}
    outcomes: dict[str, Terminal] = {}
    outcome_ids: dict[tuple[int, tuple[Fraction, ...]], str] = {}
    zero = tuple(Fraction(0) for _ in players)
    totals: dict[int, tuple[Fraction, ...]] = {}
    stack = [(0, zero)]
    while stack:  # payoffs of outcomes met on the way down add up
        k, offset = stack.pop()
        own = tuple(reading.payoffs.get(reading.records[k].outcome, zero))
        totals[k] = tuple(a + b for a, b in zip(offset, own, strict=True))
        stack.extend((child, totals[k]) for child in reading.records[k].children)
    for k, record in enumerate(reading.records):
        if record.kind != "t":
            continue
        outcome_key = (record.outcome, totals[k])
        if outcome_key not in outcome_ids:
            label = reading.outcome_name.get(record.outcome, "")
            base = identifier(record.name or label, f"outcome_{len(outcome_ids) + 1}")
            outcome_ids[outcome_key] = unique(base, taken)
            outcomes[outcome_ids[outcome_key]] = Terminal(
                id=outcome_ids[outcome_key], payoffs=read_only([float(v) for v in totals[k]]), label=label
            )
        ids[k] = outcome_ids[outcome_key]
    for k, record in enumerate(reading.records):
        if record.kind == "t":
            continue
        key = (record.player, record.infoset)
        targets = dict(zip(moves[key], (ids[c] for c in record.children), strict=True))
        if record.kind == "c":
            nodes[ids[k]] = Chance(
                id=ids[k],
                moves=targets,
                probabilities=read_only([float(p) for p in reading.probabilities[key]]),
                label=record.name,
            )
        else:
            nodes[ids[k]] = Decision(
                id=ids[k],
                player=players[record.player - 1],
                moves=targets,
                information_set=set_ids.get(key, ""),
                label=record.name,
            )
    return GameTree(players=players, root=ids[0], nodes=nodes, outcomes=outcomes)


def _move_names(labels: list[str]) -> list[str]:
    taken: set[str] = set()
    return [unique(identifier(label, f"move_{i + 1}"), taken) for i, label in enumerate(labels)]
