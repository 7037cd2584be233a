"""Notebook display of results: compact, escaped HTML tables and pandas data frames.

The results' ``_repr_html_`` methods (Jupyter shows them instead of the plain ``repr``) and
``to_dataframe`` methods call these two helpers.  pandas is optional (the extra ``pandas``)
and imported only when a data frame is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["data_frame", "html_table"]


def html_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], *, caption: str = "", notes: Sequence[str] = ()
) -> str:
    """A small HTML table; every text is escaped, so labels cannot add markup.

    Parameters
    ----------
    headers : sequence of str
    rows : sequence of sequences
        Cells, shown with ``str``.
    caption : str, optional
        Shown above the table.
    notes : sequence of str, optional
        Sentences shown under the table.

    Returns
    -------
    str

    Examples
    --------
    >>> html = html_table(["a"], [["<b>"]], caption="T & U")
    >>> html.startswith("<table><caption>T &amp; U</caption>"), "<td>&lt;b&gt;</td>" in html
    (True, True)
    """
    from html import escape  # only when a table is shown as HTML

    head = "".join(f"<th>{escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    title = f"<caption>{escape(caption)}</caption>" if caption else ""
    table = f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return table + "".join(f"<p>{escape(n)}</p>" for n in notes)


def data_frame(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> Any:
    """A pandas ``DataFrame`` of ``rows`` with ``columns`` in that order.

    Parameters
    ----------
    rows : sequence of dict
    columns : sequence of str

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ImportError
        If pandas is not installed, with the command that installs it.

    Examples
    --------
    >>> data_frame([{"x": 1, "y": 2}], ["y", "x"]).columns.tolist()
    ['y', 'x']
    """
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(
            "to_dataframe() needs pandas, an optional dependency: pip install 'negotiation-sim[pandas]'"
        ) from None
    return pd.DataFrame(list(rows), columns=list(columns))
