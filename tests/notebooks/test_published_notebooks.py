"""The executed copies of the notebooks under docs/notebooks/ are complete, current and portable.

``scripts/publish_notebooks.py`` writes them; ``--check`` compares their code with the
notebooks' without executing anything (the execution itself is tested in test_notebooks.py).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PUBLISHED = ROOT / "docs" / "notebooks"


def test_published_copies_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "publish_notebooks.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_published_copy_has_figures_and_no_machine_paths(path: Path) -> None:
    text = (PUBLISHED / f"{path.stem}.md").read_text(encoding="utf-8")
    links = re.findall(r"!\[[^]]*\]\(([^)]+)\)", text)
    assert links, f"{path.stem}: no figure"
    for link in links:
        assert (PUBLISHED / link).is_file(), link
    assert str(ROOT) not in text and tempfile.gettempdir() + "/" not in text
    assert "interactive(children=" not in text


def test_slider_cell_is_published_with_its_static_maps() -> None:
    text = (PUBLISHED / "02_new_approach_vs_territory_first.md").read_text(encoding="utf-8")
    after = text.split("widgets.interact(", 1)[1].split("```python", 1)[0]
    assert after.count("![Figure") >= 3
