"""Untrusted scenario files: Python tags, binary and non-UTF-8 files, folders and missing paths
give exit status 2 and a message from the CLI, never a traceback, and nothing executes."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from fuzz_support import hard_timeout

import negotiation_sim as ns
from negotiation_sim.cli import main

HEADER = "format: negotiation-sim/1\ntitle: t\nplayers: {a: {}, b: {}}\n"


def _tags(marker) -> list[str]:
    return [
        f"x: !!python/object/apply:os.system ['touch {marker}']\n",
        f"x: !!python/object/apply:subprocess.check_output [['touch', '{marker}']]\n",
        f"x: !!python/object/new:os.system ['touch {marker}']\n",
        "x: !!python/name:os.system\n",
        "x: !!python/module:os\n",
        f"x: !!python/object:builtins.open {{file: '{marker}', mode: w}}\n",
        f"!!python/object/apply:os.system ['touch {marker}']\n",
        f"? !!python/object/apply:os.system ['touch {marker}']\n: 1\n",
        "x: !!binary aGVsbG8=\n",
        "x: !custom {a: 1}\n",
        "x: !!set {a, b}\n",
        f"x: !<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']\n",
        f"%TAG !p! tag:yaml.org,2002:python/\n---\nx: !p!object/apply:os.system ['touch {marker}']\n",
    ]


@pytest.mark.parametrize("index", range(len(_tags("m"))))
@pytest.mark.parametrize("command", ["validate", "show", "solve"])
def test_python_tags_are_refused_and_never_run(tmp_path, index: int, command: str) -> None:
    marker = tmp_path / "PWNED"
    path = tmp_path / "evil.yaml"
    path.write_text(HEADER + _tags(marker)[index])
    with pytest.raises(ns.ScenarioError) as info:
        ns.load_scenario(path)
    assert str(path) in str(info.value)
    result = CliRunner().invoke(main, [command, str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output + result.stderr
    assert str(path) in result.stderr
    assert not marker.exists(), "a YAML tag executed code"


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02\x03" * 100,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\x7fELF\x02\x01\x01\x00",
        b"PK\x03\x04\x14\x00",
        HEADER.encode("utf-16"),
        ("title: caf\xe9\n").encode("latin-1"),
        b"\xff\xfe\xfd",
        b"\xef\xbb\xbf" + HEADER.encode() + b"\xc3",
    ],
    ids=["nul", "png", "elf", "zip", "utf16", "latin1", "invalid", "truncated_utf8"],
)
def test_binary_and_non_utf8_files(tmp_path, content: bytes) -> None:
    path = tmp_path / "binary.yaml"
    path.write_bytes(content)
    before = path.read_bytes()
    for command in ("validate", "show", "solve"):
        result = CliRunner().invoke(main, [command, str(path)])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output + result.stderr
        assert str(path) in result.stderr
    assert path.read_bytes() == before  # inputs are never modified


def test_folder_missing_path_and_unreadable_names(tmp_path) -> None:
    cases = [str(tmp_path), str(tmp_path / "missing.yaml"), "x" * 5000 + ".yaml", str(tmp_path / "a\nb.yaml")]
    for arg in cases:
        for command in ("validate", "show", "solve"):
            result = CliRunner().invoke(main, [command, arg])
            assert result.exit_code == 2, (command, arg[:50], result.output)
            assert "Traceback" not in result.output + result.stderr
            assert result.stderr.strip()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX-only")
def test_pipes_and_devices_do_not_block(tmp_path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    for arg in (str(fifo), "/dev/zero"):
        with hard_timeout(20):
            result = CliRunner().invoke(main, ["validate", arg])
        assert result.exit_code == 2, result.output
        assert "not a regular file" in result.stderr
