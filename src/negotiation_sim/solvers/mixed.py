"""One Nash equilibrium in mixed strategies of a two-player normal-form game."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["MixedEquilibrium"]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class MixedEquilibrium:
    """One Nash equilibrium in mixed strategies.

    Attributes
    ----------
    row, column : ndarray
        Read-only probability vectors over the row and column player's strategies.
    row_payoff, column_payoff : float
        Expected payoffs of the two players.
    """

    row: np.ndarray
    column: np.ndarray
    row_payoff: float
    column_payoff: float

    @property
    def is_pure(self) -> bool:
        """Whether both players play a single strategy with probability one.

        Examples
        --------
        >>> import numpy as np
        >>> pure, half = np.array([0.0, 1.0]), np.array([0.5, 0.5])
        >>> MixedEquilibrium(row=pure, column=pure, row_payoff=1.0, column_payoff=1.0).is_pure
        True
        >>> MixedEquilibrium(row=half, column=half, row_payoff=0.0, column_payoff=0.0).is_pure
        False
        """
        return bool(np.count_nonzero(self.row) == 1 and np.count_nonzero(self.column) == 1)
