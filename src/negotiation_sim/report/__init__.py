"""Turn results into text and files: plain and Markdown tables, JSON records, CSV/JSON files.

Library functions here return strings or write files (atomically); only
:mod:`negotiation_sim.cli` prints.  Numbers are rounded for display with the formats of
:mod:`negotiation_sim.numbers`; JSON printed by a command carries full precision, data files
(CSV, JSON, Excel) round numbers to 12 significant digits.

Modules: :mod:`.tables` (the table renderers), :mod:`.records` (JSON text),
:mod:`.files` (CSV/JSON/Excel files), :mod:`.solution`, :mod:`.outline`, :mod:`.scenario`,
:mod:`.comparison`, :mod:`.sweep`, :mod:`.facets`, :mod:`.tornado`, :mod:`.threshold`, :mod:`.uncertainty`
and :mod:`.demo` (one result kind each).
"""

from __future__ import annotations

from ..numbers import decimal, number, percent, signed
from .comparison import FORMATS, format_comparison
from .demo import demo_findings, demo_summary, robustness_findings, threshold_findings
from .facets import facets_summary, write_facets_data
from .files import write_csv, write_json, write_text, write_xlsx
from .outline import game_outline
from .records import finite, to_json
from .scenario import scenario_listing, scenario_summary, validation_line
from .solution import format_solution
from .sweep import boundaries_summary, sweep_summary, write_sweep_csv, write_sweep_json, write_sweep_xlsx
from .tables import escape_markdown, numeric_table, table
from .threshold import format_threshold, thresholds_summary
from .tornado import tornado_summary, write_tornado_data
from .uncertainty import format_uncertainty, write_uncertainty_data

__all__ = [
    "FORMATS",
    "decimal",
    "demo_findings",
    "demo_summary",
    "robustness_findings",
    "threshold_findings",
    "escape_markdown",
    "facets_summary",
    "finite",
    "format_comparison",
    "format_solution",
    "format_threshold",
    "format_uncertainty",
    "game_outline",
    "number",
    "numeric_table",
    "percent",
    "scenario_listing",
    "scenario_summary",
    "signed",
    "boundaries_summary",
    "sweep_summary",
    "table",
    "thresholds_summary",
    "to_json",
    "tornado_summary",
    "validation_line",
    "write_csv",
    "write_facets_data",
    "write_json",
    "write_sweep_csv",
    "write_sweep_json",
    "write_sweep_xlsx",
    "write_text",
    "write_tornado_data",
    "write_uncertainty_data",
    "write_xlsx",
]
