"""Switch the small-game kernels off, so a test reaches the general polytope methods (tests only)."""

from __future__ import annotations

import pytest

from negotiation_sim.solvers import nash


def use_general_method(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``nash`` solve every game with the exhaustive, Qhull or one-sided method."""
    monkeypatch.setattr(nash, "is_small", lambda rows, columns: False)
    monkeypatch.setattr(nash, "is_small_exact", lambda *args: False)
