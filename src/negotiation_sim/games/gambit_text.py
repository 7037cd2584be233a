"""What Gambit's .efg and .nfg files share: tokens, numbers, labels and ids.

Both formats are whitespace-free streams of quoted strings, numbers (integers,
decimals, rationals ``p/q``, exponents) and braces; commas are optional separators.
Errors name the line and column of the offending token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..errors import NegotiationSimError

__all__ = ["GambitFormatError", "Token", "TokenStream", "format_number", "identifier", "quote", "unique"]


class GambitFormatError(NegotiationSimError):
    """A Gambit file cannot be read (or a game cannot be written as one).

    Parameters
    ----------
    message : str
    line, column : int, optional
        1-based position of the offending token.
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.line, self.column = line, column
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(where + message)


@dataclass(frozen=True, slots=True, kw_only=True)
class Token:
    """One token: ``kind`` is ``"string"``, ``"number"``, ``"word"``, ``"{"`` or ``"}"``."""

    kind: str
    text: str
    line: int
    column: int


_TOKEN = re.compile(
    r'(?P<string>"(?:[^"\\]|\\.)*")|(?P<brace>[{}])|(?P<comma>,)|(?P<space>\s+)'
    r"|(?P<number>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?:/\d+)?)|(?P<word>[A-Za-z]\w*)"
)


class TokenStream:
    """The tokens of a Gambit file, read front to back.

    Parameters
    ----------
    text : str

    Raises
    ------
    GambitFormatError
        On a character that starts no token, or an unterminated string.

    Examples
    --------
    >>> stream = TokenStream('p "a \\\\"b\\\\"" 1/2 { 3, -4 }')
    >>> [t.text for t in stream.tokens]
    ['p', '"a \\\\"b\\\\""', '1/2', '{', '3', '-4', '}']
    """

    def __init__(self, text: str) -> None:
        self.tokens: list[Token] = []
        self.position = 0
        line, line_start, index = 1, 0, 0
        while index < len(text):
            match = _TOKEN.match(text, index)
            if match is None or match.end() == index:
                raise GambitFormatError(f"unexpected character {text[index]!r}", line, index - line_start + 1)
            kind = match.lastgroup or ""
            piece = match.group()
            if kind not in ("space", "comma"):
                self.tokens.append(
                    Token(
                        kind="{" if piece == "{" else "}" if piece == "}" else kind,
                        text=piece,
                        line=line,
                        column=index - line_start + 1,
                    )
                )
            newlines = piece.count("\n")
            if newlines:
                line += newlines
                line_start = index + piece.rindex("\n") + 1
            index = match.end()

    def peek(self) -> Token | None:
        """The next token, not consumed (``None`` at the end)."""
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def at_end(self) -> bool:
        """Whether every token has been read."""
        return self.position >= len(self.tokens)

    def next(self, kind: str, what: str) -> Token:
        """Consume the next token, which must be of ``kind``; ``what`` names it in errors."""
        token = self.peek()
        if token is None:
            last = self.tokens[-1] if self.tokens else None
            raise GambitFormatError(
                f"file ends where {what} was expected", last.line if last else 1, last.column if last else 1
            )
        if token.kind != kind:
            raise GambitFormatError(f"expected {what}, found {token.text!r}", token.line, token.column)
        self.position += 1
        return token

    def accept(self, kind: str) -> Token | None:
        """Consume and return the next token if it is of ``kind``, else ``None``."""
        token = self.peek()
        if token is not None and token.kind == kind:
            self.position += 1
            return token
        return None

    def string(self, what: str) -> str:
        """Consume a quoted string and return its text, escapes undone."""
        return unquote(self.next("string", what).text)

    def number(self, what: str) -> Fraction:
        """Consume a number and return it exactly."""
        token = self.next("number", what)
        return parse_number(token)

    def strings_in_braces(self, what: str) -> list[str]:
        """Consume ``{ "a" "b" ... }``."""
        self.next("{", f"'{{' opening {what}")
        items = []
        while self.accept("}") is None:
            items.append(self.string(what))
        return items

    def numbers_in_braces(self, what: str) -> list[Fraction]:
        """Consume ``{ 1 2/3 .5 ... }``."""
        self.next("{", f"'{{' opening {what}")
        items = []
        while self.accept("}") is None:
            items.append(self.number(what))
        return items


def parse_number(token: Token) -> Fraction:
    """A number token as an exact fraction.

    Parameters
    ----------
    token : Token

    Returns
    -------
    fractions.Fraction

    Raises
    ------
    GambitFormatError
        For a zero denominator.

    Examples
    --------
    >>> parse_number(Token(kind="number", text="-3/4", line=1, column=1))
    Fraction(-3, 4)
    >>> parse_number(Token(kind="number", text=".80", line=1, column=1))
    Fraction(4, 5)
    """
    text = token.text
    try:
        if "/" in text:
            top, bottom = text.split("/")
            return Fraction(Decimal(top)) / Fraction(int(bottom))
        return Fraction(Decimal(text))
    except ZeroDivisionError:
        raise GambitFormatError(f"number {text!r} divides by zero", token.line, token.column) from None


def unquote(text: str) -> str:
    """The text inside a quoted token, with ``\\"`` and ``\\\\`` undone.

    Examples
    --------
    >>> unquote('"say \\\\"hi\\\\""')
    'say "hi"'
    """
    return re.sub(r"\\(.)", r"\1", text[1:-1])


def quote(text: str) -> str:
    """A label as a Gambit quoted string.

    Examples
    --------
    >>> quote('say "hi"')
    '"say \\\\"hi\\\\""'
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_number(value: float) -> str:
    """A float written exactly as Gambit reads it (plain decimal, no exponent).

    Parameters
    ----------
    value : float
        Finite.

    Returns
    -------
    str

    Raises
    ------
    GambitFormatError
        For NaN or infinity.

    Examples
    --------
    >>> format_number(2.0), format_number(-0.1), format_number(1e-7)
    ('2', '-0.1', '0.0000001')
    """
    if value != value or value in (float("inf"), float("-inf")):
        raise GambitFormatError(f"cannot write the number {value} in a Gambit file")
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def identifier(label: str, fallback: str) -> str:
    """A lower-case identifier made from a label (``fallback`` when nothing is left).

    Examples
    --------
    >>> identifier("Player 1", "p"), identifier("", "p"), identifier("2 left", "n")
    ('player_1', 'p', 'n_2_left')
    """
    text = re.sub(r"[^0-9a-zA-Z]+", "_", label).strip("_").lower()
    if not text:
        return fallback
    return text if text[0].isalpha() else f"{fallback}_{text}"


def unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name_2``, ``name_3`` ... whichever is not yet in ``taken`` (which it joins).

    Examples
    --------
    >>> taken = {"a"}
    >>> unique("a", taken), unique("a", taken), sorted(taken)
    ('a_2', 'a_3', ['a', 'a_2', 'a_3'])
    """
    candidate, k = name, 1
    while candidate in taken:
        k += 1
        candidate = f"{name}_{k}"
    taken.add(candidate)
    return candidate
