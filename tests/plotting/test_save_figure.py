"""save_figure writes PNG/SVG/PDF atomically; the package never imports pyplot."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from matplotlib.figure import Figure

from negotiation_sim.errors import OutputError
from negotiation_sim.plotting import save_figure

MAGIC = {"png": b"\x89PNG", "pdf": b"%PDF", "svg": b"<?xml"}


@pytest.fixture
def figure() -> Figure:
    fig = Figure(figsize=(2, 2))
    fig.add_subplot().plot([0, 1], [0, 1])
    return fig


@pytest.mark.parametrize("extension", ["png", "svg", "pdf", "PNG"])
def test_writes_each_format(tmp_path, figure, extension):
    path = tmp_path / f"plot.{extension}"
    save_figure(figure, path)
    assert path.read_bytes().startswith(MAGIC[extension.lower()])
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_replaces_existing_file(tmp_path, figure):
    path = tmp_path / "plot.png"
    path.write_bytes(b"old")
    save_figure(figure, str(path))
    assert path.read_bytes().startswith(MAGIC["png"])


@pytest.mark.parametrize("name", ["plot.jpg", "plot", "plot.png.txt"])
def test_refuses_unknown_extension(tmp_path, figure, name):
    with pytest.raises(OutputError, match=r"unknown figure format.*\.png, \.svg, \.pdf"):
        save_figure(figure, tmp_path / name)
    assert not list(tmp_path.iterdir())


def test_refuses_missing_folder(tmp_path, figure):
    with pytest.raises(OutputError, match="does not exist"):
        save_figure(figure, tmp_path / "missing" / "plot.png")


def test_refuses_a_folder(tmp_path, figure):
    (tmp_path / "plot.png").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        save_figure(figure, tmp_path / "plot.png")


def test_plotting_never_imports_pyplot(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys
        import negotiation_sim as ns
        from negotiation_sim.analysis.tornado import tornado
        from negotiation_sim.plotting import (
            plot_comparison_map, plot_region_map, plot_sweep_1d, plot_tornado, plot_tree, save_figure,
        )
        islands = ns.bundled_scenarios_dir() / "islands"
        a = ns.load_scenario(islands / "territory_first.yaml")
        b = ns.load_scenario(islands / "new_approach.yaml")
        two = ns.sweep([a, b], {{"china_threat": [0, 0.5, 1], "us_russia_tension": [0, 1]}})
        figures = [
            plot_sweep_1d(ns.sweep(b, {{"china_threat": [0, 0.5, 1]}})),
            plot_region_map(two),
            plot_comparison_map(two, "japan"),
            plot_tornado(tornado(a, b, "japan", parameters=["china_threat"])),
            plot_tree(b),
        ]
        for k, fig in enumerate(figures):
            save_figure(fig, r"{tmp_path}" + f"/figure{{k}}.png")
        print("matplotlib.pyplot" in sys.modules)
        """
    )
    done = subprocess.run([sys.executable, "-W", "error", "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    assert len(list(tmp_path.glob("figure*.png"))) == 5


def test_analysis_does_not_import_matplotlib():
    script = "import sys; import negotiation_sim.analysis.tornado; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
