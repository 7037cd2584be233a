"""Gambit's strategic-form format (.nfg) in and out of :class:`NormalFormGame`.

A .nfg file names the players, then either the number of strategies of each
(``{ 2 2 }``) or their names (``{ { "a" "b" } { "c" "d" } }``), then its body in one of
two styles: a *payoff list* (every player's payoff at every profile, the first player's
strategy changing fastest) or an *outcome list* (outcomes with payoffs, then one
outcome number per profile; numbers may come in any order, 0 is the null outcome
paying nothing).  Writing uses the outcome-list style with strategy names, one outcome
per profile, named by its strategies.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .gambit_text import GambitFormatError, TokenStream, format_number, identifier, quote, unique
from .normal_form import NormalFormGame

__all__ = ["read_nfg", "write_nfg"]


def write_nfg(game: NormalFormGame, *, title: str = "") -> str:
    """The game as the text of a Gambit .nfg file.

    Parameters
    ----------
    game : NormalFormGame
        At one parameter point.
    title : str, optional

    Returns
    -------
    str

    Raises
    ------
    GambitFormatError
        If a payoff is not finite.
    ValueError
        If the game is over a grid.

    Examples
    --------
    >>> game = NormalFormGame.from_arrays(("a", "b"), (("u", "d"), ("l", "r")), [[1, 0], [0, 2]], [[2, 0], [0, 1]])
    >>> print(write_nfg(game, title="BoS"))
    NFG 1 R "BoS" { "a" "b" }
    { { "u" "d" } { "l" "r" } }
    ""
    <BLANKLINE>
    {
    { "u l" 1, 2 }
    { "d l" 0, 0 }
    { "u r" 0, 0 }
    { "d r" 2, 1 }
    }
    1 2 3 4
    <BLANKLINE>
    """
    game._check_point("write_nfg")
    rows, columns = game.strategies
    lines = [
        f"NFG 1 R {quote(title)} {{ {' '.join(quote(p) for p in game.players)} }}",
        f"{{ {{ {' '.join(quote(s) for s in rows)} }} {{ {' '.join(quote(s) for s in columns)} }} }}",
        quote(""),
        "",
        "{",
    ]
    for j, column in enumerate(columns):
        for i, row in enumerate(rows):
            payoffs = (
                f"{format_number(float(game.row_payoffs[i, j]))}, {format_number(float(game.column_payoffs[i, j]))}"
            )
            lines.append(f"{{ {quote(f'{row} {column}')} {payoffs} }}")
    lines.append("}")
    lines.append(" ".join(str(k + 1) for k in range(len(rows) * len(columns))))
    return "\n".join(lines) + "\n"


def read_nfg(text: str) -> NormalFormGame:
    """Read the text of a two-player Gambit .nfg file (either body style).

    Parameters
    ----------
    text : str

    Returns
    -------
    NormalFormGame
        Player ids and strategy names are identifiers made from the file's labels
        (generated where the file gives counts or blank names).

    Raises
    ------
    GambitFormatError
        With the line and column of the first problem; also for games of more or fewer
        than two players.

    Examples
    --------
    >>> game = read_nfg('NFG 1 R "PD" { "" "" } { 2 2 } 3 3 5 0 0 5 1 1')
    >>> game.players, game.strategies, game.row_payoffs.tolist()
    (('player_1', 'player_2'), (('s1', 's2'), ('s1', 's2')), [[3.0, 0.0], [5.0, 1.0]])
    """
    stream = TokenStream(text)
    header = stream.next("word", "'NFG'")
    if header.text != "NFG":
        raise GambitFormatError(f"expected 'NFG' at the start, found {header.text!r}", header.line, header.column)
    stream.number("the format version")
    stream.next("word", "'R' or 'D'")
    stream.string("the title")
    names_token = stream.peek()
    player_names = stream.strings_in_braces("the player names")
    if len(player_names) != 2:
        line, column = (names_token.line, names_token.column) if names_token else (1, 1)
        raise GambitFormatError(
            f"only two-player games can be read; this one has {len(player_names)} players", line, column
        )
    strategies = _read_strategies(stream)
    stream.accept("string")  # the comment
    shape = tuple(len(s) for s in strategies)
    size = shape[0] * shape[1]
    if stream.peek() is not None and stream.peek().kind == "{":  # type: ignore[union-attr]
        payoffs = _read_outcome_list(stream, size)
    else:
        payoffs = [[stream.number("a payoff") for _ in range(2)] for _ in range(size)]
    extra = stream.peek()
    if extra is not None:
        raise GambitFormatError(f"unexpected {extra.text!r} after the last payoff", extra.line, extra.column)
    table = np.array([[float(v) for v in pair] for pair in payoffs]).reshape(shape[1], shape[0], 2)
    taken: set[str] = set()
    players = tuple(unique(identifier(n, f"player_{i + 1}"), taken) for i, n in enumerate(player_names))
    return NormalFormGame.from_arrays(
        (players[0], players[1]),
        (strategies[0], strategies[1]),
        table[:, :, 0].T,
        table[:, :, 1].T,
    )


def _read_strategies(stream: TokenStream) -> list[tuple[str, ...]]:
    stream.next("{", "'{' opening the strategy counts or names")
    result: list[tuple[str, ...]] = []
    while stream.accept("}") is None:
        if stream.peek() is not None and stream.peek().kind == "{":  # type: ignore[union-attr]
            labels = stream.strings_in_braces("strategy names")
            taken: set[str] = set()
            result.append(tuple(unique(identifier(s, f"s{k + 1}"), taken) for k, s in enumerate(labels)))
        else:
            token = stream.peek()
            count = stream.number("a strategy count")
            if count.denominator != 1 or count < 1:
                raise GambitFormatError(
                    f"a strategy count must be a positive integer, not {count}",
                    token.line if token else 1,
                    token.column if token else 1,
                )
            result.append(tuple(f"s{k + 1}" for k in range(int(count))))
    if len(result) != 2:
        raise GambitFormatError(f"strategies are given for {len(result)} players, expected 2")
    return result


def _read_outcome_list(stream: TokenStream, size: int) -> list[list[Fraction]]:
    stream.next("{", "'{' opening the outcome list")
    outcomes: list[list[Fraction]] = [[Fraction(0), Fraction(0)]]
    while stream.accept("}") is None:
        stream.next("{", "'{' opening an outcome")
        stream.accept("string")
        values = []
        while stream.accept("}") is None:
            values.append(stream.number("a payoff"))
        if len(values) != 2:
            raise GambitFormatError(f"an outcome has {len(values)} payoffs, expected 2")
        outcomes.append(values)
    result = []
    for _ in range(size):
        token = stream.peek()
        index = stream.number("an outcome number")
        if index.denominator != 1 or not 0 <= index < len(outcomes):
            raise GambitFormatError(
                f"outcome number {index} is not between 0 and {len(outcomes) - 1}",
                token.line if token else 1,
                token.column if token else 1,
            )
        result.append(outcomes[int(index)])
    return result
