"""Report pages shared by the HTML and browser tests: made once per session through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from report_pages import HOSTILE, PAGES, ROOT

from negotiation_sim.cli import main


@pytest.fixture(scope="session")
def report_pages(tmp_path_factory) -> dict[str, Path]:
    """Write every page of :data:`PAGES` as HTML; name -> path."""
    folder = tmp_path_factory.mktemp("reports")
    (folder / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    runner = CliRunner()
    pages = {}
    for name, args in PAGES.items():
        resolved = [
            str(folder / a) if a == "hostile.yaml" else str(ROOT / a) if a.startswith(("scenarios/", "docs/")) else a
            for a in args
        ]
        out = folder / f"{name}.html"
        result = runner.invoke(main, ["report", *resolved, "-o", str(out)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        pages[name] = out
    return pages
