"""Shared fixture of the CLI tests: run a command in-process with click's CliRunner."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from negotiation_sim.cli import main


@pytest.fixture()
def run():
    """Invoke ``negotiation-sim ARGS...`` (arguments converted with ``str``); exceptions propagate."""
    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
