"""How numbers are shown to people (reports, explanations, plots); JSON keeps full precision."""

from __future__ import annotations

__all__ = ["number"]


def number(value: float, digits: int = 4) -> str:
    """Format a number for display: ``digits`` significant digits, no ``-0``.

    Values within 1e-12 of zero (float noise) show as ``0``.

    Parameters
    ----------
    value : float
    digits : int, optional
        Significant digits, by default 4.

    Returns
    -------
    str

    Examples
    --------
    >>> number(2.0), number(-1e-13), number(1/3)
    ('2', '0', '0.3333')
    """
    if abs(value) < 1e-12:
        return "0"
    text = f"{value:.{digits}g}"
    return "0" if text in ("-0", "-0.0") or float(text) == 0 else text
