"""The switch for numba-compiled kernels (off by default), and their lazy import.

With the switch on, :func:`~.nash.nash_equilibria` (and the sweeps of matrix games,
which call it) runs the loops of the one-sided method (:mod:`.one_side`: float games
beyond the small-game kernel's sizes 5 x 5, 4 x 7, 3 x 10 and 2 x 14, not degenerate) as
compiled code (:mod:`.numba_kernels`) instead of numpy calls: about 0.6 times the time
per game at 6 x 6 and 8 x 8, where numpy's fixed cost per call dominates, and about the
same from 12 x 12 up, where Qhull does.  :func:`~.nash.analyse_bimatrix` and ``solve``
are not affected: they use the two-sided method, which also tells whether the game is
degenerate.  The results are the same up to rounding, and whatever the kernels decline
(a degenerate vertex, a set not certified by the fast closure test, a nearly singular
system) is decided by the numpy code on the same Qhull output.

The switch is off by default because compiling costs more than it saves for a
handful of games: the first use after installing compiles the kernels (about 8 s;
numba keeps them in its cache), and every new process then spends about 0.6 s
importing numba and loading them.  Turn it on for long runs of many mid-sized games
(sweeps, uncertainty analyses, notebooks).  It needs the ``fast`` extra
(``pip install 'negotiation-sim[fast]'``, which installs numba).  The switch holds for
the current process; work sent to Dask workers (:mod:`negotiation_sim.analysis.dask_backend`)
switches it on in the worker for each chunk, so the workers need numba too.
"""

from __future__ import annotations

from types import ModuleType

__all__ = ["compiled_enabled", "set_compiled"]

_enabled = False


def set_compiled(enabled: bool) -> bool:
    """Switch the numba-compiled kernels on or off for this process.

    Parameters
    ----------
    enabled : bool
        True to run the one-sided method's loops as compiled code.

    Returns
    -------
    bool
        The previous setting, so that a caller can restore it.

    Raises
    ------
    ImportError
        If ``enabled`` is true and numba cannot be imported (install the ``fast`` extra).

    Examples
    --------
    >>> previous = set_compiled(False)
    >>> compiled_enabled()
    False
    >>> _ = set_compiled(previous)
    """
    global _enabled
    if enabled:
        kernels()  # fails here, with the remedy, rather than at the first solve
    previous, _enabled = _enabled, bool(enabled)
    return previous


def compiled_enabled() -> bool:
    """Whether the numba-compiled kernels are switched on (:func:`set_compiled`).

    Returns
    -------
    bool

    Examples
    --------
    >>> compiled_enabled() in (True, False)
    True
    """
    return _enabled


def kernels() -> ModuleType:
    """The module of compiled kernels (:mod:`.numba_kernels`), imported on first use.

    Returns
    -------
    module
        :mod:`negotiation_sim.solvers.numba_kernels`, whose functions numba compiles on
        their first call (or loads from its cache).

    Raises
    ------
    ImportError
        If numba is not installed (naming the extra that installs it), or cannot load
        the kernels (a numba that does not match numpy, no writable cache directory).

    Examples
    --------
    >>> try:
    ...     name = kernels().__name__
    ... except ImportError:  # without the fast extra
    ...     name = "negotiation_sim.solvers.numba_kernels"
    >>> name
    'negotiation_sim.solvers.numba_kernels'
    """
    try:
        from negotiation_sim.solvers import numba_kernels
    except ModuleNotFoundError as error:
        if not str(error.name or "").startswith(("numba", "llvmlite")):
            raise
        raise ImportError(
            "compiled kernels need numba, which is not installed: pip install 'negotiation-sim[fast]'"
        ) from error
    except (ImportError, RuntimeError) as error:  # numba is there but cannot load or cache the kernels
        raise ImportError(
            f"numba cannot load the compiled kernels ({error}); if it cannot write its cache, set "
            "NUMBA_CACHE_DIR to a writable directory, otherwise reinstall: pip install 'negotiation-sim[fast]'"
        ) from error
    return numba_kernels
