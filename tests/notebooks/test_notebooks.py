"""The tutorial notebooks run top to bottom in a fresh kernel and are committed clean.

Each ``notebooks/*.ipynb`` is executed with nbclient in a new kernel started from this very
interpreter (so it sees the installed ``negotiation_sim`` whatever kernel specs the machine
has), with ``MPLBACKEND=Agg`` and a scratch working directory: a notebook must not write
files where it is run from.  Any cell that raises fails the test.  The committed files must
carry no outputs and no execution counts, so that they diff cleanly.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 120  # seconds per cell; each notebook as a whole runs in well under a minute


class ThisInterpreterKernelManager(AsyncKernelManager):
    """A kernel manager that always launches ``ipykernel`` with ``sys.executable``.

    The "python3" kernel spec found on the machine may belong to another Python (a user-wide
    Jupyter install) or be missing; this manager does not look it up.
    """

    @property
    def kernel_spec(self) -> KernelSpec:
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3",
            language="python",
        )


def test_the_tutorial_notebooks_exist():
    names = [path.name for path in NOTEBOOKS]
    for expected in (
        "01_quickstart.ipynb",
        "02_new_approach_vs_territory_first.ipynb",
        "03_write_your_own_scenario.ipynb",
    ):
        assert expected in names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path: Path):
    notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    nbformat.validate(notebook)
    assert notebook.nbformat == 4
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [], f"{path.name}: code cell {index} has outputs; clear them before committing"
        assert cell.execution_count is None, f"{path.name}: code cell {index} has an execution count"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_runs_without_errors(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")  # inherited by the kernel process
    # A stand-in ipywidgets, as when it is installed but no front end draws widgets (headless):
    # a notebook must still show its static figures then.
    stub = tmp_path / "stub"
    stub.mkdir()
    (stub / "ipywidgets.py").write_text(IPYWIDGETS_STUB, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(stub), os.environ.get("PYTHONPATH")])))
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        kernel_manager_class=ThisInterpreterKernelManager,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    executed = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count is not None for cell in executed)
    errors = [out for cell in executed for out in cell.outputs if out.output_type == "error"]
    assert errors == []
    assert list(workdir.iterdir()) == [], "the notebook wrote files into its working directory"
    for cell in executed:
        if "widgets.interact" in cell.source:  # a slider cell shows its static maps headless
            images = [out for out in cell.outputs if "image/png" in out.get("data", {})]
            assert len(images) >= 3, f"{path.name}: the slider cell shows {len(images)} static figures"


IPYWIDGETS_STUB = """
class FloatSlider:
    def __init__(self, **kwargs):
        self.value = kwargs.get("value")


class interactive:
    def __repr__(self):
        return "interactive(children=(FloatSlider(),))"


def interact(function, **sliders):
    return interactive()
"""
