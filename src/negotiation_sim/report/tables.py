"""Text and Markdown tables: the one table renderer of the reports.

Cells arrive as strings (numbers already formatted with :mod:`negotiation_sim.numbers`);
these functions only align and escape them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["escape_markdown", "numeric_table", "table"]


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, markdown: bool = False) -> str:
    """Render rows as an aligned plain-text table or a Markdown table.

    Parameters
    ----------
    headers : sequence of str
        Column titles.
    rows : sequence of sequences
        One sequence of cells per row (converted with ``str``).
    markdown : bool, optional
        A Markdown table (``|`` in cells escaped) instead of aligned text.

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
        escape = [[c.replace("|", "\\|") for c in row] for row in cells]
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
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
    In Markdown, the last column (a column of differences) is right-aligned and ``|``
    and ``*`` in cells are escaped (``*`` marks footnotes in the cells).

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
            "| " + " | ".join(escape_markdown(c) for c in headers) + " |",
            "| " + " | ".join(["---"] * (len(headers) - 1) + ["---:"]) + " |",
        ]
        lines.extend("| " + " | ".join(escape_markdown(c) for c in row) + " |" for row in rows)
        return "\n".join(lines)
    widths = [max(len(row[k]) for row in (headers, *rows)) for k in range(len(headers))]
    lines = [_text_row(headers, widths), "  ".join("-" * w for w in widths)]
    lines.extend(_text_row(row, widths) for row in rows)
    return "\n".join(lines)


def escape_markdown(cell: str) -> str:
    """Escape the Markdown characters that would break a table cell or start emphasis.

    Parameters
    ----------
    cell : str

    Returns
    -------
    str

    Examples
    --------
    >>> print(escape_markdown("a|b *"))
    a\\|b \\*
    """
    return cell.replace("|", "\\|").replace("*", "\\*")


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
