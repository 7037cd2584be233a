"""A :class:`~negotiation_sim.analysis.tornado.TornadoResult` as a table, CSV and JSON."""

from __future__ import annotations

import os

from ..analysis.tornado import TornadoResult
from ..numbers import number
from .files import write_csv, write_json
from .tables import table

__all__ = ["tornado_summary", "write_tornado_data"]


def tornado_summary(result: TornadoResult) -> str:
    """The payoff difference (or, for one scenario, the payoff) at the defaults, then one row per parameter.

    Rows come largest swing first.

    Parameters
    ----------
    result : TornadoResult

    Returns
    -------
    str
        Without a trailing newline.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.tornado import tornado
    >>> islands = ns.bundled_scenarios_dir() / "islands"
    >>> result = tornado(ns.load_scenario(islands / "territory_first.yaml"),
    ...                  ns.load_scenario(islands / "new_approach.yaml"), "japan")
    >>> print(tornado_summary(result).splitlines()[0])  # doctest: +ELLIPSIS
    Japan's payoff difference (New approach ... - Territory-first...) at the defaults: 2
    """
    first, second = result.scenarios[0], result.scenarios[-1]
    who = first.player_label(result.player)
    if len(result.scenarios) == 1:
        heading = f"{who}'s payoff ({first.title}) at the defaults: {number(result.baseline)}"
        measure = "payoff"
    else:
        heading = (
            f"{who}'s payoff difference ({second.title} - {first.title}) at the defaults: {number(result.baseline)}"
        )
        measure = "difference"
    bars = table(
        ["parameter", "low", "high", f"{measure} at low", f"{measure} at high", "min", "max"],
        [
            [
                b.parameter,
                number(b.low),
                number(b.high),
                number(b.difference_low),
                number(b.difference_high),
                number(b.minimum),
                number(b.maximum),
            ]
            for b in result.bars
        ],
    )
    return heading + "\n" + bars


def write_tornado_data(result: TornadoResult, path: str | os.PathLike[str]) -> None:
    """Write the bars: JSON (:meth:`TornadoResult.to_dict`) for ``.json``, else CSV (:meth:`~TornadoResult.to_rows`).

    Parameters
    ----------
    result : TornadoResult
    path : path-like
        The file; its folder must exist.

    Raises
    ------
    OutputError
        If the folder does not exist or the file cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.tornado import tornado
    >>> islands = ns.bundled_scenarios_dir() / "islands"
    >>> result = tornado(ns.load_scenario(islands / "territory_first.yaml"),
    ...                  ns.load_scenario(islands / "new_approach.yaml"), "japan")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_tornado_data(result, pathlib.Path(folder) / "bars.csv")
    ...     print((pathlib.Path(folder) / "bars.csv").read_text().splitlines()[0][:22])
    player,parameter,label
    """
    if str(path).lower().endswith(".json"):
        write_json(path, result.to_dict())
        return
    rows = result.to_rows()
    write_csv(path, rows, list(rows[0]) if rows else ["parameter"])
