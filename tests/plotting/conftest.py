"""Plot tests draw with the non-interactive Agg backend and share the island sweeps."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

import negotiation_sim as ns

ISLANDS = ns.bundled_scenarios_dir() / "islands"


@pytest.fixture(scope="session")
def territory_first() -> ns.Scenario:
    return ns.load_scenario(ISLANDS / "territory_first.yaml")


@pytest.fixture(scope="session")
def new_approach() -> ns.Scenario:
    return ns.load_scenario(ISLANDS / "new_approach.yaml")


@pytest.fixture(scope="session")
def approach_choice() -> ns.Scenario:
    return ns.load_scenario(ISLANDS / "approach_choice.yaml")


@pytest.fixture(scope="session")
def sweep_2d(territory_first, new_approach) -> ns.SweepResult:
    """Both strategies over china_threat x us_russia_tension (31 x 11 points)."""
    return ns.sweep(
        [territory_first, new_approach],
        {"china_threat": [k / 30 for k in range(31)], "us_russia_tension": [k / 10 for k in range(11)]},
    )


@pytest.fixture(scope="session")
def sweep_1d(new_approach) -> ns.SweepResult:
    return ns.sweep(new_approach, {"china_threat": None})
