"""`list` names the bundled scenarios as bundled, never by a machine-specific path (issue 15)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import negotiation_sim as ns
from negotiation_sim.cli import main

TUTORIAL = Path(__file__).resolve().parents[2] / "docs" / "tutorial" / "first-scenario.md"


def test_list_heading_has_no_path_and_the_tutorial_shows_it() -> None:
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 0
    heading = result.output.splitlines()[0]
    assert heading.startswith("Bundled scenarios")
    assert str(ns.bundled_scenarios_dir()) not in result.output
    assert heading in TUTORIAL.read_text(encoding="utf-8")


def test_list_of_a_folder_names_the_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["list", str(tmp_path)])
    assert result.exit_code == 0 and str(tmp_path) in result.output
