"""The README's set-up commands stay the ones CI runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_has_exactly_two_setup_commands():
    commands = _commands()
    assert len(commands) == 2
    assert commands[0].startswith("pip install . && negotiation-sim ")
    assert commands[1] == "pip install -e '.[test]' && pytest"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci.splitlines()


def test_ci_runs_the_linters_and_the_type_checker_before_the_tests():
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    checks = ["ruff check src tests", "ruff format --check src tests", "mypy src"]
    assert all(check in lines for check in checks)
    assert max(lines.index(c) for c in checks) < lines.index(_commands()[1])


def test_the_package_is_marked_typed():
    assert (ROOT / "src" / "negotiation_sim" / "py.typed").is_file()
