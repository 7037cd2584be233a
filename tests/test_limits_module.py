"""The limits object: defaults, environment parsing, and clear messages for bad values."""

from __future__ import annotations

import dataclasses
import os

import pytest
from click.testing import CliRunner

from negotiation_sim import limits
from negotiation_sim.cli import main
from negotiation_sim.limits import LimitError, Limits, current_limits, env_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [("500", 500), ("1e6", 1_000_000), ("1_000", 1000), (" 42 ", 42), ("2.0", 2), ("", None)],
)
def test_whole_numbers_are_read_in_the_forms_users_write(text: str, expected: int | None) -> None:
    limits = Limits.from_environment({"NEGOTIATION_SIM_MAX_GRID_POINTS": text})
    assert limits.max_grid_points == (Limits().max_grid_points if expected is None else expected)


@pytest.mark.parametrize("text", ["many", "1.5", "nan", "inf", "0", "-3", "1e400"])
def test_bad_values_name_the_variable_and_the_default(text: str) -> None:
    with pytest.raises(LimitError, match=r"NEGOTIATION_SIM_MAX_DEPTH=.*(whole number|at least 1)") as info:
        Limits.from_environment({"NEGOTIATION_SIM_MAX_DEPTH": text})
    assert "64" in str(info.value)


def test_every_field_has_a_documented_variable() -> None:
    names = [env_name(f.name) for f in dataclasses.fields(Limits)]
    assert len(set(names)) == len(names) == 18
    assert all(n.startswith("NEGOTIATION_SIM_MAX_") for n in names)


def test_current_limits_follow_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_PLANS", "7")
    assert current_limits().max_plans == 7
    monkeypatch.delenv("NEGOTIATION_SIM_MAX_PLANS")
    assert current_limits().max_plans == Limits().max_plans


@pytest.mark.parametrize("replace_environ", [False, True])
def test_current_limits_are_parsed_once_per_set_of_values(
    monkeypatch: pytest.MonkeyPatch, replace_environ: bool
) -> None:
    if replace_environ:  # a plain mapping in place of os.environ is read through .get
        monkeypatch.setattr("os.environ", {})
    limits._parsed.cache_clear()
    parsed = []
    build = Limits.from_environment.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(Limits, "from_environment", classmethod(lambda cls: parsed.append(1) or build(cls)))
    monkeypatch.setitem(os.environ, "NEGOTIATION_SIM_MAX_SPE_COUNT", "12345")
    first = current_limits()
    assert current_limits() is first and first.max_spe_count == 12345
    monkeypatch.setitem(os.environ, "NEGOTIATION_SIM_MAX_SPE_COUNT", "23456")
    assert current_limits().max_spe_count == 23456
    monkeypatch.setitem(os.environ, "NEGOTIATION_SIM_MAX_SPE_COUNT", "bad")
    with pytest.raises(LimitError, match="NEGOTIATION_SIM_MAX_SPE_COUNT"):
        current_limits()
    monkeypatch.setitem(os.environ, "NEGOTIATION_SIM_MAX_SPE_COUNT", "12345")
    assert current_limits() is first
    assert len(parsed) == 3  # 12345, 23456 and the bad value: each set of values parsed once


def test_cli_reports_a_bad_limit_variable_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_FILE_BYTES", "lots")
    result = CliRunner().invoke(main, ["validate", "prisoners_dilemma"])
    assert result.exit_code == 2
    assert "NEGOTIATION_SIM_MAX_FILE_BYTES='lots' is not a whole number" in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
