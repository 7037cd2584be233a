"""Solvers over the numeric games of :mod:`negotiation_sim.games`.

Each ``*_solve`` function returns one :class:`~negotiation_sim.solvers.result.SolverResult`:
:func:`~negotiation_sim.solvers.nash.nash_solve` (bimatrix games),
:func:`~negotiation_sim.solvers.spe.spe_solve` (trees, one point),
:func:`~negotiation_sim.solvers.backward_induction.backward_induction_solve` (trees over a
grid, its own array result) and the nashpy adapter.  Modules are imported where used, so
importing this package costs nothing.
"""
