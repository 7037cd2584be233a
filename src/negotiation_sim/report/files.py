"""CSV and JSON files, written atomically (see :mod:`negotiation_sim.output`).

A reader never sees half a file, and an interrupted run leaves the old file intact.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from ..output import write_atomically, write_text
from .records import to_json

__all__ = ["write_csv", "write_json", "write_text"]


def write_json(path: str | os.PathLike[str], data: Any) -> None:
    """Write ``data`` as indented JSON (see :func:`~negotiation_sim.report.to_json`) and a newline.

    Parameters
    ----------
    path : path-like
        The destination file; its folder must exist.
    data : object
        Dicts, lists, strings, numbers, booleans and None; NaN is written as null.

    Raises
    ------
    OutputError
        If the folder is missing, the path is a folder, or the file cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_json(pathlib.Path(folder) / "a.json", {"x": float("nan")})
    ...     (pathlib.Path(folder) / "a.json").read_text()
    '{\\n  "x": null\\n}\\n'
    """
    write_text(path, to_json(data) + "\n")


def write_csv(path: str | os.PathLike[str], rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> None:
    """Write dict rows as CSV with a header row (``\\n`` line ends; a missing key is an empty cell).

    Parameters
    ----------
    path : path-like
        The destination file; its folder must exist.
    rows : iterable of mappings
        Column name -> value.
    columns : sequence of str
        The header, in order.

    Raises
    ------
    OutputError
        If the folder is missing, the path is a folder, or the file cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_csv(pathlib.Path(folder) / "a.csv", [{"x": 1, "y": "a"}, {"x": 2}], ["x", "y"])
    ...     (pathlib.Path(folder) / "a.csv").read_text()
    'x,y\\n1,a\\n2,\\n'
    """

    def write(handle: IO[str]) -> None:
        writer = csv.DictWriter(handle, fieldnames=list(columns), restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    write_atomically(path, write)
