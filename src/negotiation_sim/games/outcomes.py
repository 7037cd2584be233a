"""Outcome identities as data: lotteries and alternatives.

A result names where play ends as a :data:`Lottery` — a tuple of ``(outcome id,
probability)`` pairs (one pair with probability 1 without chance) — and several
possible endings (ties, several equilibria) as :data:`Alternatives`, a tuple of
lotteries.  Strings joined with separators are made only at the edges (CSV cells,
legends), never parsed back.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["Alternatives", "Lottery", "alternatives_of", "outcome_ids", "sure"]

Lottery = tuple[tuple[str, float], ...]
"""Outcome id -> probability pairs, in the game's outcome order."""

Alternatives = tuple[Lottery, ...]
"""Several lotteries, any of which may be the result (ties, several equilibria)."""


def sure(outcome_id: str) -> Lottery:
    """The lottery that ends at ``outcome_id`` for sure.

    Parameters
    ----------
    outcome_id : str
        An outcome id.

    Returns
    -------
    Lottery

    Examples
    --------
    >>> sure("impasse")
    (('impasse', 1.0),)
    """
    return ((outcome_id, 1.0),)


def alternatives_of(ids: Iterable[str]) -> Alternatives:
    """Sure lotteries of the distinct ``ids``, sorted: the set of possible outcomes.

    Parameters
    ----------
    ids : iterable of str
        Outcome ids, possibly repeated.

    Returns
    -------
    Alternatives

    Examples
    --------
    >>> alternatives_of(["b", "a", "b"])
    ((('a', 1.0),), (('b', 1.0),))
    """
    return tuple(sure(o) for o in sorted(set(ids)))


def outcome_ids(alternatives: Alternatives) -> tuple[str, ...]:
    """Every outcome id reached with positive probability in some alternative, first-seen order.

    Parameters
    ----------
    alternatives : Alternatives

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> outcome_ids(((("a", 0.5), ("b", 0.5)), (("b", 1.0),)))
    ('a', 'b')
    """
    return tuple(dict.fromkeys(o for lottery in alternatives for o, p in lottery if p > 0))
