"""Text and Markdown tables: the one table renderer of the reports.

Cells arrive as strings (numbers already formatted with :mod:`negotiation_sim.numbers`);
these functions only align and escape them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

__all__ = ["escape_markdown", "escape_markdown_lines", "markdown_code_block", "numeric_table", "table"]


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, markdown: bool = False) -> str:
    """Render rows as an aligned plain-text table or a Markdown table.

    Parameters
    ----------
    headers : sequence of str
        Column titles.
    rows : sequence of sequences
        One sequence of cells per row (converted with ``str``).
    markdown : bool, optional
        A Markdown table (cells and headers escaped with :func:`escape_markdown`) instead of
        aligned text.

    Returns
    -------
    str
        Without a trailing newline.

    Examples
    --------
    >>> print(table(["a", "b"], [[1, "x"], [22, "yy"]]))
    a   b
    --  --
    1   x
    22  yy
    >>> print(table(["a", "b"], [[1, "x|y"]], markdown=True))
    | a | b |
    |---|---|
    | 1 | x\\|y |
    """
    cells = [[str(c) for c in row] for row in rows]
    if markdown:
        escape = [[_escape_cell(c) for c in row] for row in cells]
        lines = [
            "| " + " | ".join(_escape_cell(str(h)) for h in headers) + " |",
            "|" + "|".join("---" for _ in headers) + "|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in escape]
        return "\n".join(lines)
    widths = [max(len(str(h)), *(len(r[k]) for r in cells)) if cells else len(str(h)) for k, h in enumerate(headers)]
    lines = [
        "  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)


def numeric_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, markdown: bool = False) -> str:
    """Render a table whose number cells are right-aligned (side-by-side comparisons).

    In text, every cell after the first column that reads as a number is right-aligned.
    In Markdown, the last column (a column of differences) is right-aligned and cells are
    escaped with :func:`escape_markdown` (so ``*``, which marks footnotes, shows as is).

    Parameters
    ----------
    headers : sequence of str
        Column titles; the first column holds row labels.
    rows : sequence of sequences of str
        Already formatted cells.
    markdown : bool, optional
        A Markdown table instead of aligned text.

    Returns
    -------
    str
        Without a trailing newline.

    Examples
    --------
    >>> print(numeric_table(["", "A", "B - A"], [["Ann", "1.0", "+4.0"], ["Bob", "10.5", "-2.0"]]))
         A     B - A
    ---  ----  -----
    Ann   1.0   +4.0
    Bob  10.5   -2.0
    >>> print(numeric_table(["", "A", "B - A"], [["Ann", "1.0 *", "+4.0"]], markdown=True))
    |  | A | B - A |
    | --- | --- | ---: |
    | Ann | 1.0 \\* | +4.0 |
    """
    if markdown:
        lines = [
            "| " + " | ".join(_escape_cell(c) for c in headers) + " |",
            "| " + " | ".join(["---"] * (len(headers) - 1) + ["---:"]) + " |",
        ]
        lines.extend("| " + " | ".join(_escape_cell(c) for c in row) + " |" for row in rows)
        return "\n".join(lines)
    widths = [max(len(row[k]) for row in (headers, *rows)) for k in range(len(headers))]
    lines = [_text_row(headers, widths), "  ".join("-" * w for w in widths)]
    lines.extend(_text_row(row, widths) for row in rows)
    return "\n".join(lines)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<|~])")
_LINE_START = re.compile(r"^(\s*)([#>=+-])")  # a heading, quote, setext underline or list at a line start
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")


def escape_markdown(cell: str) -> str:
    """Make text inert in a Markdown heading, list item or table cell.

    Line breaks become spaces (a new line could start a heading or end the table), the
    characters that start markup anywhere (backslash, backtick, ``*``, square brackets,
    ``<``, ``|`` and ``~``) are backslash-escaped, and so is a leading ``#``, ``>``, ``=``,
    ``+`` or ``-``: ``<script>`` is shown, not run, a ``|`` stays inside its cell and a
    title never makes a heading of its own.

    Parameters
    ----------
    cell : str

    Returns
    -------
    str
        One line that renders as exactly ``cell`` (with spaces for its line breaks).

    Examples
    --------
    >>> print(escape_markdown("a|b *"))
    a\\|b \\*
    >>> print(escape_markdown("Nice\\n# Injected <script>"))
    Nice # Injected \\<script>
    >>> print(escape_markdown("# a -> b"))
    \\# a -> b
    """
    return _LINE_START.sub(r"\1\\\2", _escape_cell(cell))


def _escape_cell(cell: str) -> str:
    """:func:`escape_markdown` for a table cell, which never starts a line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", cell))


def escape_markdown_lines(text: str) -> str:
    """:func:`escape_markdown` applied line by line: paragraphs keep their line breaks.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> print(escape_markdown_lines("one\\n# two"))
    one
    \\# two
    """
    return "\n".join(escape_markdown(line) for line in _LINE_BREAKS.split(text))


def markdown_code_block(text: str) -> str:
    """``text`` in a fenced code block whose fence is longer than any run of backticks in it.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> print(markdown_code_block("a ``` b"))
    ````
    a ``` b
    ````
    """
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


def _text_row(cells: Sequence[str], widths: list[int]) -> str:
    out = [cells[0].ljust(widths[0])]
    for k in range(1, len(cells)):
        out.append(cells[k].rjust(widths[k]) if _is_number(cells[k]) else cells[k].ljust(widths[k]))
    return "  ".join(out).rstrip()


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
