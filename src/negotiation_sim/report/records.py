"""JSON records: results as JSON text (full precision; NaN, which JSON lacks, as null)."""

from __future__ import annotations

import json
import math
from typing import Any

from ..numbers import EXACT_COUNT_DIGITS, count_text

__all__ = ["finite", "to_json"]


def to_json(data: Any) -> str:
    """Serialise a result dict as indented JSON (full precision; NaN, which JSON lacks, as null).

    Parameters
    ----------
    data : object
        Dicts, lists, strings, numbers, booleans and None.

    Returns
    -------
    str

    Examples
    --------
    >>> print(to_json({"a": 1.5, "b": float("nan")}))
    {
      "a": 1.5,
      "b": null
    }
    """
    return json.dumps(finite(data), indent=2, ensure_ascii=False, allow_nan=False)


def finite(data: Any) -> Any:
    """Replace non-finite floats (NaN, infinities) by None and huge counts by text, recursively.

    Whole numbers of :data:`~negotiation_sim.numbers.EXACT_COUNT_DIGITS` or more digits (counts
    of equilibria can have thousands) become :func:`~negotiation_sim.numbers.count_text`.

    Parameters
    ----------
    data : object
        Dicts, lists, tuples (returned as lists), strings, numbers, booleans and None.

    Returns
    -------
    object

    Examples
    --------
    >>> finite({"a": [1.0, float("inf")], "b": "x"})
    {'a': [1.0, None], 'b': 'x'}
    >>> finite({"spe_count": 10**20})
    {'spe_count': 'about 1.0e20'}
    """
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, int) and not isinstance(data, bool) and data >= 10**EXACT_COUNT_DIGITS:
        return count_text(data)  # JSON readers lose digits beyond 2**53; Python cannot even print 4,300
    if isinstance(data, dict):
        return {k: finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [finite(v) for v in data]
    return data
