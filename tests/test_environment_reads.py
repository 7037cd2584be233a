"""Only limits.py reads the environment: every other module takes its limits from there."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "negotiation_sim"
READS = re.compile(r"os\.environ|os\.getenv|getenv\(|environ\.get")


def test_only_limits_reads_the_environment() -> None:
    readers = sorted(
        str(path.relative_to(SRC)) for path in SRC.rglob("*.py") if READS.search(path.read_text(encoding="utf-8"))
    )
    assert readers == ["limits.py"]
