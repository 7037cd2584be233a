"""Rows, CSV and JSON of a :class:`~negotiation_sim.analysis.sweep.SweepResult`.

Files are written atomically: to a temporary file in the target folder, then moved into
place with :func:`os.replace`, so a reader never sees a half-written file.
"""

from __future__ import annotations

import csv
import json
import math
import os
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from ..output import write_atomically

if TYPE_CHECKING:
    from .sweep import SweepResult

__all__ = ["sweep_rows", "write_csv", "write_json"]


def sweep_rows(result: SweepResult) -> list[dict[str, Any]]:
    """One dict per grid point per scenario; see :meth:`SweepResult.rows`.

    Parameters
    ----------
    result : SweepResult
        The sweep to flatten.

    Returns
    -------
    list of dict
        Scenario by scenario, grid points in C order; keys as :meth:`SweepResult.columns`
        (without the payoff columns of players a scenario does not have).

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.sweep import sweep
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
    >>> result = sweep(sc, {"pie": [10, 12]})
    >>> [(row["pie"], row["payoff_proposer"]) for row in sweep_rows(result)]
    [(10.0, 10.0), (12.0, 12.0)]
    """
    grid = [g.ravel().tolist() for g in np.meshgrid(*result.axes, indexing="ij")]
    rows: list[dict[str, Any]] = []
    for scenario, outcomes, payoffs, ties in zip(
        result.scenarios, result.outcomes, result.payoffs, result.ties, strict=True
    ):
        keys = ["outcome", *(f"payoff_{p}" for p in payoffs), "ties"]
        columns = [
            outcomes.ravel().tolist(),
            *(v.ravel().tolist() for v in payoffs.values()),
            ties.ravel().tolist(),
        ]
        for k in range(len(columns[0])):
            row: dict[str, Any] = {name: grid[n][k] for n, name in enumerate(result.varied)}
            row["scenario"] = scenario.id
            row.update((key, column[k]) for key, column in zip(keys, columns, strict=True))
            rows.append(row)
    return rows


def write_csv(result: SweepResult, path: str | os.PathLike[str]) -> None:
    """Write the rows as CSV, atomically; see :meth:`SweepResult.to_csv`.

    Parameters
    ----------
    result : SweepResult
        The sweep to write.
    path : path-like
        The CSV file; its folder must exist.

    Raises
    ------
    OutputError
        If the folder does not exist or the file cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.sweep import sweep
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
    >>> result = sweep(sc, {"pie": [10, 12]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_csv(result, pathlib.Path(folder) / "sweep.csv")
    ...     print((pathlib.Path(folder) / "sweep.csv").read_text().splitlines()[0])
    pie,scenario,outcome,payoff_proposer,payoff_responder,ties
    """

    def write(handle: IO[str]) -> None:
        writer = csv.DictWriter(handle, fieldnames=result.columns(), restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(sweep_rows(result))

    write_atomically(path, write)


def write_json(result: SweepResult, path: str | os.PathLike[str]) -> None:
    """Write the sweep as one JSON object, atomically; see :meth:`SweepResult.to_json`.

    Parameters
    ----------
    result : SweepResult
        The sweep to write.
    path : path-like
        The JSON file; its folder must exist.

    Raises
    ------
    OutputError
        If the folder does not exist or the file cannot be written.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.sweep import sweep
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
    >>> result = sweep(sc, {"pie": [10, 12]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_json(result, pathlib.Path(folder) / "sweep.json")
    ...     data = json.loads((pathlib.Path(folder) / "sweep.json").read_text())
    >>> data["varied"], len(data["rows"])
    (['pie'], 2)
    """
    data = {
        "varied": list(result.varied),
        "axes": {name: axis.tolist() for name, axis in zip(result.varied, result.axes, strict=True)},
        "scenarios": [{"id": s.id, "title": s.title, "path": s.path} for s in result.scenarios],
        "overrides": dict(result.overrides),
        "outcome_labels": dict(result.outcome_labels),
        "exact_points_resolved": result.exact_points_resolved,
        "distinct_matrices_solved": result.distinct_matrices_solved,
        "columns": result.columns(),
        # JSON has no NaN: payoffs at invalid grid points (outcome "invalid") become null.
        "rows": [
            {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.items()}
            for row in sweep_rows(result)
        ],
    }
    write_atomically(path, lambda handle: json.dump(data, handle, indent=1, allow_nan=False))
