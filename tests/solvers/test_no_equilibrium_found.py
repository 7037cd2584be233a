"""A game whose one equilibrium was lost at tight tolerances, and the guard against an empty answer.

Rows 0 and 1 of the row player's payoffs differ by about 4e-10. At every ``tol`` from 1e-15 to
1e-11, ``nash_equilibria`` returned an empty list (found by adversarial review): the exhaustive
float method dropped every square system whose determinant was below 1e-12 times the product of
its rows' norms as singular, and the systems through both rows are below that. Gambit's exact
``enummixed`` on the same numbers finds one equilibrium, with both rows in the support.  Every
finite game has an equilibrium, so an empty result is now also an error rather than an answer.
"""

from __future__ import annotations

import numpy as np
import pytest

from negotiation_sim.errors import SolverError
from negotiation_sim.solvers import nash
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.nash import analyse_bimatrix, nash_equilibria

NEAR_EQUAL_ROWS = np.array(
    [
        [
            -1.071717406744896,
            -0.7070572623975321,
            0.8908949452385468,
            1.8273894288795394,
            -0.8512366396452844,
            0.22230829583775033,
            -0.949358577832248,
            1.1402099840543842,
            -2.918504781033996,
        ],
        [
            -1.0717174071511089,
            -0.7070572620467551,
            0.8908949453258956,
            1.8273894291597972,
            -0.8512366394352602,
            0.22230829535158056,
            -0.949358578024079,
            1.1402099839307065,
            -2.9185047811608373,
        ],
        [
            -0.6149245686760907,
            1.2513785171339353,
            -1.1130391586753252,
            2.7655661816111152,
            1.886509581479929,
            1.3226492799180232,
            -0.73060475891155,
            0.8380213910873223,
            2.2344930906376184,
        ],
        [
            -1.0463415056047183,
            -0.5655086170085175,
            -1.8436695084427555,
            -0.9114852308765038,
            -0.7868287671042552,
            -0.41709346839482625,
            1.9587074287705193,
            -0.23981507970851956,
            -0.49734341720503566,
        ],
        [
            -0.5978102086731947,
            -0.6733789970975008,
            -0.515223667549239,
            0.33825342983526585,
            -1.4888734505965102,
            0.47493335153502775,
            -0.5655495205346348,
            -0.6046749189254662,
            1.4100774625215866,
        ],
    ]
)
COLUMN = np.array(
    [
        [
            0.06374957919232795,
            0.09917241824693421,
            0.7595968159532757,
            -0.00530407900598475,
            -1.7529367837702021,
            -1.4511132558067703,
            1.5327816479107101,
            -0.01913955613276222,
            0.541014653345723,
        ],
        [
            0.40157865461637765,
            -0.015970657169317004,
            -0.90047130268098,
            -0.4953289893445882,
            -1.1922300798517584,
            0.33516999396567587,
            -1.6842821987819958,
            0.3131811727439436,
            -0.7715115937126436,
        ],
        [
            -2.4580268395895004,
            0.06948079053933828,
            0.6022541367764732,
            -1.264348508643206,
            0.20546738416369215,
            0.22649308948166033,
            0.26126261696152214,
            0.37209120760025166,
            0.19170442831977058,
        ],
        [
            -0.7933016539071454,
            1.264737457755686,
            0.28826096870829054,
            1.1274875872211263,
            0.33970102981524686,
            -0.17936086437738713,
            -0.4021719249476116,
            0.44407218057630676,
            -0.977394674605318,
        ],
        [
            -0.3296304098420766,
            0.5787682265846984,
            0.3855792272460175,
            0.02210159071475459,
            -1.1106134126602842,
            1.028713426467946,
            1.9414529619430303,
            -1.0548285412109337,
            -1.6434098260058279,
        ],
    ]
)


# Gambit's exact enummixed on the same floats (as fractions), rounded to 9 decimals.
EXPECTED_ROW = [0.460531039, 0.306569434, 0.12882946, 0.104070067, 0.0]


@pytest.mark.parametrize("tol", [1e-15, 1e-13, 1e-12, 1e-11])
def test_the_equilibrium_through_nearly_equal_rows_is_found(tol: float) -> None:
    (equilibrium,) = nash_equilibria(NEAR_EQUAL_ROWS, COLUMN, tol=tol)
    assert np.allclose(equilibrium.row, EXPECTED_ROW, atol=1e-7)
    assert is_nash(NEAR_EQUAL_ROWS, COLUMN, equilibrium.row, equilibrium.column, tol=1e-9)


def test_at_the_default_tolerance_the_nearly_equal_rows_tie_and_equilibria_are_found() -> None:
    assert nash_equilibria(NEAR_EQUAL_ROWS, COLUMN)


@pytest.mark.parametrize("solve", [nash_equilibria, analyse_bimatrix])
def test_no_equilibrium_found_is_an_error_that_names_the_remedy(solve, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nash, "_enumerated", lambda *args, **kwargs: ([], False))  # a rounding failure
    with pytest.raises(SolverError, match=r"no equilibrium found for this 5 x 9 game .*Use a larger tol"):
        solve(NEAR_EQUAL_ROWS, COLUMN, tol=1e-12)
