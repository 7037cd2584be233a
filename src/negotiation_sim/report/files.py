"""CSV, JSON and Excel files, written atomically (see :mod:`negotiation_sim.output`).

A reader never sees half a file, and an interrupted run leaves the old file intact.
Numbers in data files are rounded to :data:`SIGNIFICANT_DIGITS` significant digits, so
float noise (``0.30000000000000004``) does not reach a spreadsheet; what is lost is far
below any tolerance the solvers use.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from ..errors import OutputError
from ..output import write_atomically, write_text
from .records import to_json

__all__ = ["SIGNIFICANT_DIGITS", "rounded", "write_csv", "write_json", "write_text", "write_xlsx"]

SIGNIFICANT_DIGITS = 12
"""Significant digits kept for numbers in data files (CSV, JSON, Excel)."""


def rounded(data: Any) -> Any:
    """Round every float to :data:`SIGNIFICANT_DIGITS` significant digits, recursively.

    Non-finite floats become None (as in JSON, which lacks them) and ``-0.0`` becomes ``0.0``.

    Parameters
    ----------
    data : object
        Dicts, lists, tuples (returned as lists), strings, numbers, booleans and None.

    Returns
    -------
    object

    Examples
    --------
    >>> rounded({"x": [0.1 + 0.2, 1 / 3, float("nan")], "n": 3})
    {'x': [0.3, 0.333333333333, None], 'n': 3}
    """
    if isinstance(data, float):
        return float(f"{data:.{SIGNIFICANT_DIGITS}g}") + 0.0 if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: rounded(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [rounded(v) for v in data]
    return data


def write_json(path: str | os.PathLike[str], data: Any) -> None:
    """Write ``data`` as indented JSON (see :func:`~negotiation_sim.report.to_json`) and a newline.

    Floats are rounded with :func:`rounded`.

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
    write_text(path, to_json(rounded(data)) + "\n")


def write_csv(path: str | os.PathLike[str], rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> None:
    """Write dict rows as CSV with a header row (``\\n`` line ends; a missing key is an empty cell).

    Floats are rounded with :func:`rounded`; NaN is written as ``nan``.

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
        writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)

    write_atomically(path, write)


def _cell(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return value
    return rounded(value)


def write_xlsx(
    path: str | os.PathLike[str], rows: Iterable[Mapping[str, Any]], columns: Sequence[str], *, sheet: str = "data"
) -> None:
    """Write dict rows as an Excel workbook (one sheet, a header row), with openpyxl.

    Numbers stay numbers (rounded with :func:`rounded`; NaN and infinities are empty
    cells), text stays text, booleans stay booleans.  openpyxl is an optional dependency
    (``pip install 'negotiation-sim[excel]'``), imported only here.

    Parameters
    ----------
    path : path-like
        The ``.xlsx`` file; its folder must exist.
    rows : iterable of mappings
        Column name -> value.
    columns : sequence of str
        The header, in order.
    sheet : str, optional
        The worksheet's name.

    Raises
    ------
    OutputError
        If openpyxl is not installed (saying how to install it), the folder is missing, or
        the file cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import openpyxl
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_xlsx(pathlib.Path(folder) / "a.xlsx", [{"x": 0.1 + 0.2, "y": "a"}], ["x", "y"])
    ...     list(openpyxl.load_workbook(pathlib.Path(folder) / "a.xlsx").active.values)
    [('x', 'y'), (0.3, 'a')]
    """
    try:
        from openpyxl import Workbook
    except ImportError:
        raise OutputError(
            f"cannot write {path}: Excel files need openpyxl; install it with "
            "pip install 'negotiation-sim[excel]' (or write .csv, which Excel opens too)"
        ) from None
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.append(list(columns))
    for row in rows:
        worksheet.append([rounded(row.get(column)) for column in columns])
    write_atomically(path, workbook.save, binary=True)
