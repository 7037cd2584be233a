"""JSON records: results as JSON text (full precision; NaN, which JSON lacks, as null)."""

from __future__ import annotations

import json
import math
from typing import Any

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
    """Replace non-finite floats (NaN, infinities) by None, recursively.

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
    """
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [finite(v) for v in data]
    return data
