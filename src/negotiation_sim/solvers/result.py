"""The one result type every solver returns.

Every ``*_solve`` function answers with a :class:`SolverResult`: which method ran,
the equilibria it lists, how many there are (and whether that count is exact), whether
the list was truncated at a limit, and notes on what was not computed.  Method-specific
facts (for a bimatrix game: degeneracy, dominance, Nash subsets) travel in ``details``.
The model is pygambit's ``nash.py``, where every ``*_solve`` returns one result type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from ..games.outcomes import Alternatives

__all__ = ["SolverResult"]

EquilibriumT = TypeVar("EquilibriumT")
DetailsT = TypeVar("DetailsT")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class SolverResult(Generic[EquilibriumT, DetailsT]):
    """What a solver found.

    Attributes
    ----------
    method : str
        The solver that ran, e.g. ``"nash"`` (bimatrix enumeration), ``"spe"`` (backward
        induction), ``"nashpy.support_enumeration"``.
    equilibria : tuple
        The equilibria listed, in the solver's stable order (at most the limit).
    count : int
        How many equilibria exist: ``len(equilibria)`` unless ``truncated``; a lower bound
        when ``count_is_exact`` is False.
    count_is_exact : bool
        False when counting itself stopped at a limit.
    truncated : bool
        True when only the first equilibria are listed.
    outcomes : Alternatives
        For trees: every distinct outcome lottery an equilibrium gives (also beyond the
        listed ones); empty for normal-form games.
    notes : tuple of str
        What was not computed or was cut short, in plain words.
    details : object
        Method-specific facts (``None`` when the method has none).

    Examples
    --------
    >>> result = SolverResult(method="demo", equilibria=("e",), count=1, details=None)
    >>> result.count, result.truncated
    (1, False)
    """

    method: str
    equilibria: tuple[EquilibriumT, ...]
    count: int
    count_is_exact: bool = True
    truncated: bool = False
    outcomes: Alternatives = ()
    notes: tuple[str, ...] = ()
    details: DetailsT
