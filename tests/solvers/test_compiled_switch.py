"""The compiled-kernel switch when numba is missing or cannot load the kernels (runs with or without numba)."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from negotiation_sim.cli import main
from negotiation_sim.solvers import compiled

KERNELS = "negotiation_sim.solvers.numba_kernels"


class _Failing:
    """A meta-path finder that makes importing one module raise ``error``."""

    def __init__(self, name: str, error: Exception) -> None:
        self.name, self.error = name, error

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == self.name:
            raise self.error


def _unload_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, KERNELS, raising=False)
    monkeypatch.delattr(sys.modules["negotiation_sim.solvers"], "numba_kernels", raising=False)


def test_without_numba_switching_on_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    _unload_kernels(monkeypatch)
    monkeypatch.setitem(sys.modules, "numba", None)  # import numba raises ModuleNotFoundError
    previous = compiled.set_compiled(False)
    try:
        with pytest.raises(ImportError, match=r"pip install 'negotiation-sim\[fast\]'"):
            compiled.set_compiled(True)
        assert not compiled.compiled_enabled()
        result = CliRunner().invoke(main, ["--compiled", "list"])
        assert result.exit_code == 2 and "negotiation-sim[fast]" in result.output
    finally:
        compiled.set_compiled(previous)


def test_a_numba_that_cannot_cache_gives_the_remedy(monkeypatch: pytest.MonkeyPatch) -> None:
    """numba raises RuntimeError at import when no cache directory is writable."""
    _unload_kernels(monkeypatch)
    monkeypatch.setattr(sys, "meta_path", [_Failing(KERNELS, RuntimeError("cannot cache function")), *sys.meta_path])
    with pytest.raises(ImportError, match="NUMBA_CACHE_DIR"):
        compiled.kernels()
    result = CliRunner().invoke(main, ["--compiled", "list"])
    assert result.exit_code == 2 and "NUMBA_CACHE_DIR" in result.output


def test_an_unrelated_import_error_is_not_disguised(monkeypatch: pytest.MonkeyPatch) -> None:
    _unload_kernels(monkeypatch)
    missing = ModuleNotFoundError("No module named 'something_else'", name="something_else")
    monkeypatch.setattr(sys, "meta_path", [_Failing(KERNELS, missing), *sys.meta_path])
    with pytest.raises(ModuleNotFoundError, match="something_else"):
        compiled.kernels()
