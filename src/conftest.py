"""Doctest collection of the package: the numba kernels' module is left out when numba is not installed."""

import importlib.util


def _numba_installed() -> bool:
    try:
        return importlib.util.find_spec("numba") is not None
    except (ImportError, ValueError):
        return False


collect_ignore = [] if _numba_installed() else ["negotiation_sim/solvers/numba_kernels.py"]
