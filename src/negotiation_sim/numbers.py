"""How numbers are shown to people (reports, explanations, plots); JSON keeps full precision.

The one home of display number formats: :func:`number` (tables, outlines, explanations),
:func:`decimal` and :func:`signed` (comparison tables and sentences), :func:`percent`,
:func:`count_text` (counts of equilibria, which can have thousands of digits).
It sits below ``analysis`` because explanation and preference sentences use it too;
:mod:`negotiation_sim.report` re-exports it.
"""

from __future__ import annotations

import math

__all__ = ["EXACT_COUNT_DIGITS", "count_text", "decimal", "number", "percent", "signed"]


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


def decimal(value: float) -> str:
    """Format a number with four significant digits and always a decimal point.

    The style of comparison tables and preference sentences, where ``2.0`` reads as a
    payoff next to ``3.4``.  Negative zero shows as ``0.0``.

    Parameters
    ----------
    value : float

    Returns
    -------
    str

    Examples
    --------
    >>> decimal(2), decimal(3.4000000000000004), decimal(-0.75), decimal(-0.0)
    ('2.0', '3.4', '-0.75', '0.0')
    """
    return repr(float(f"{float(value):.4g}") + 0.0)


def signed(value: float) -> str:
    """Format a difference as :func:`decimal` with an explicit sign.

    Parameters
    ----------
    value : float

    Returns
    -------
    str

    Examples
    --------
    >>> signed(2), signed(-1.5), signed(0)
    ('+2.0', '-1.5', '+0.0')
    """
    text = decimal(value)
    return text if text.startswith("-") else "+" + text


def percent(probability: float) -> str:
    """Format a probability as a percentage with three significant digits.

    Parameters
    ----------
    probability : float
        Between 0 and 1.

    Returns
    -------
    str

    Examples
    --------
    >>> percent(0.5), percent(1 / 3)
    ('50%', '33.3%')
    """
    return f"{100 * float(probability):.3g}%"


EXACT_COUNT_DIGITS = 15
"""Counts with more digits than this are shown in scientific form by :func:`count_text`."""


def count_text(count: int) -> str:
    """Format a count (e.g. of equilibria) for people: exact when short, else scientific.

    Counts of tied equilibria can have thousands of digits (more than Python converts
    to text by default); they are shown as ``"about 3.2e4300"`` without ever building
    their decimal digits.

    Parameters
    ----------
    count : int
        A non-negative whole number.

    Returns
    -------
    str
        The digits when there are at most :data:`EXACT_COUNT_DIGITS`, otherwise
        ``"about M.Me<exponent>"``.

    Examples
    --------
    >>> count_text(4096)
    '4096'
    >>> count_text(32 * 10**4299)
    'about 3.2e4300'
    >>> count_text(2**100)
    'about 1.3e30'
    """
    if count < 10**EXACT_COUNT_DIGITS:
        return str(count)
    exponent = int(math.log10(count))  # log10 accepts integers of any size
    while 10**exponent > count:
        exponent -= 1
    while 10 ** (exponent + 1) <= count:
        exponent += 1
    mantissa = f"{count / 10**exponent:.1f}"  # exact big-integer division, then rounded
    if mantissa == "10.0":
        mantissa, exponent = "1.0", exponent + 1
    return f"about {mantissa}e{exponent}"
