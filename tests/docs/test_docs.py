"""The user documentation stays true to the code.

* (a, b) ``docs/reference/cli.md`` has a section for every command and, in that section,
  every option of the command's ``--help`` (read from click's command objects).
* (c) Every ```` ```python ```` block in README.md and ``docs/**/*.md`` runs.
* (d) Every ``negotiation-sim ...`` line in ```` ```sh ```` / ```` ```console ```` blocks of
  ``docs/tutorial``, ``docs/how-to`` and README's Quickstart exits 0 (2 in a block marked
  ``<!-- expect-error -->``).
* (e) The tutorial's scenario file validates, and the tutorial's steps rebuild it exactly.

Markers, written as an HTML comment on the line(s) just before a code fence:

``<!-- no-test -->``
    Skip the block (only where running it is impossible).
``<!-- expect-error -->``
    Every command of the block must exit with status 2 (invalid input).
``<!-- file: NAME -->``
    A ```` ```yaml ```` block is the full text of a file NAME that later commands of the
    same page use; the test writes it to a scratch folder.
``<!-- edit: NAME -->``
    A ```` ```diff ```` block edits that file: each run of ``-`` lines is replaced by the
    ``+`` lines that follow it.

Commands run in-process with click's CliRunner, with the repository root as the working
directory; output paths (``-o``, ``--output``, ``--data``, ``--out``, ``> FILE``) and the
files of ``file:`` blocks are redirected to ``tmp_path``.  Python blocks run in a fresh
namespace, in a scratch folder that mirrors the repository root through symbolic links,
so relative paths such as ``scenarios/...`` work and written files land in ``tmp_path``.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from negotiation_sim.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CLI_MD = DOCS / "reference" / "cli.md"
TUTORIAL_SCENARIO = DOCS / "tutorial" / "wage_bargain.yaml"

OUTPUT_OPTIONS = {"-o", "--output", "--data", "--out"}
# README's Quickstart names a file the reader is meant to write; stand in the tutorial's.
PLACEHOLDER_FILES = {"my_scenario.yaml": TUTORIAL_SCENARIO}

_MARKER = re.compile(r"<!--\s*(.*?)\s*-->")


@dataclass
class Block:
    path: Path
    line: int  # 1-based line of the opening fence
    lang: str
    text: str
    markers: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    def marker(self, name: str) -> str | None:
        """The argument of marker ``name: arg`` ('' for a bare marker), or None."""
        for marker in self.markers:
            key, _, arg = marker.partition(":")
            if key.strip() == name:
                return arg.strip()
        return None


def parse_blocks(path: Path, text: str | None = None) -> list[Block]:
    """Fenced code blocks of a Markdown file, with the markers just above each."""
    lines = (path.read_text(encoding="utf-8") if text is None else text).splitlines()
    blocks: list[Block] = []
    k = 0
    while k < len(lines):
        stripped = lines[k].strip()
        if stripped.startswith("```"):
            start = k + 1
            fence = stripped[: len(stripped) - len(stripped.lstrip("`"))]
            lang = stripped[len(fence) :].strip().split(" ")[0]
            markers = []
            j = k - 1
            while j >= 0 and (not lines[j].strip() or _MARKER.fullmatch(lines[j].strip())):
                if lines[j].strip():
                    markers.append(_MARKER.fullmatch(lines[j].strip()).group(1))
                j -= 1
            body = []
            k += 1
            while k < len(lines) and lines[k].strip() != fence:
                body.append(lines[k])
                k += 1
            blocks.append(Block(path, start, lang, "\n".join(body) + "\n", markers))
        k += 1
    return blocks


def doc_pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


# --------------------------------------------------------------------------- (a), (b)


def cli_sections() -> dict[str, str]:
    """Command name -> the text of its section in cli.md."""
    text = CLI_MD.read_text(encoding="utf-8")
    heads = list(re.finditer(r"^##\s+`negotiation-sim ([a-z-]+)`", text, flags=re.MULTILINE))
    sections = {}
    for n, head in enumerate(heads):
        end = heads[n + 1].start() if n + 1 < len(heads) else len(text)
        sections[head.group(1)] = text[head.start() : end]
    return sections


def _mentions(text: str, option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def _options(command: click.Command) -> list[click.Option]:
    ctx = click.Context(command, info_name=command.name)
    return [p for p in command.get_params(ctx) if isinstance(p, click.Option)]


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_a_section(name):
    assert name in cli_sections(), f"docs/reference/cli.md has no '## `negotiation-sim {name}`' section"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_option_is_documented_in_its_section(name):
    section = cli_sections().get(name, "")
    command = main.commands[name]
    missing = []
    for option in _options(command):
        for opt in [*option.opts, *option.secondary_opts]:
            if not _mentions(section, opt):
                missing.append(opt)
        if isinstance(option.type, click.Choice):
            missing += [f"{option.opts[-1]} {c}" for c in option.type.choices if not _mentions(section, str(c))]
    # The same names also come straight from cmd.params, as the brief asks.
    for param in command.params:
        for opt in getattr(param, "opts", []):
            if param.param_type_name == "option" and not _mentions(section, opt):
                missing.append(opt)
    assert not missing, f"`negotiation-sim {name}` section of cli.md lacks: {sorted(set(missing))}"


def test_global_options_are_documented():
    text = CLI_MD.read_text(encoding="utf-8")
    for option in _options(main):
        for opt in option.opts:
            assert _mentions(text, opt), opt
    for phrase in ("exit status", "--debug"):
        assert phrase in text.lower() or phrase in text


# --------------------------------------------------------------------------- (c)


def python_blocks() -> list[Block]:
    blocks = []
    for page in [ROOT / "README.md", *doc_pages()]:
        if page.parent == DOCS / "notebooks":
            continue  # executed notebooks: their cells build on each other (tests/notebooks runs them)
        blocks += [b for b in parse_blocks(page) if b.lang == "python"]
    return blocks


def _mirror_root(tmp_path: Path) -> Path:
    """A scratch folder whose entries link to the repository root's (outputs stay in it)."""
    for entry in ROOT.iterdir():
        if entry.name.startswith(".") or entry.name in {"build", "dist"}:
            continue
        (tmp_path / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    return tmp_path


@pytest.mark.parametrize("block", python_blocks(), ids=lambda b: b.where)
def test_python_block_runs(block, tmp_path, monkeypatch):
    if block.marker("no-test") is not None:
        pytest.skip("marked <!-- no-test -->")
    monkeypatch.chdir(_mirror_root(tmp_path))
    code = compile(block.text, block.where, "exec")
    exec(code, {"__name__": "__docs__"})


# --------------------------------------------------------------------------- (d)


def _commands(block: Block) -> list[str]:
    """The negotiation-sim command lines of a shell block (continuations joined)."""
    joined: list[str] = []
    pending = ""
    for raw in block.text.splitlines():
        line = raw.strip()
        if pending:
            pending += " " + line.strip()
        elif line.startswith("$ "):
            pending = line[2:]
        elif line.startswith("negotiation-sim "):
            pending = line
        else:
            continue
        if pending.endswith("\\"):
            pending = pending[:-1]
            continue
        if pending.startswith("negotiation-sim "):
            joined.append(pending)
        pending = ""
    return joined


def _apply_diff(text: str, diff: str, where: str) -> str:
    removed: list[str] = []
    added: list[str] = []

    def flush(current: str) -> str:
        if not removed and not added:
            return current
        old, new = "\n".join(removed) + "\n", "\n".join(added) + "\n"
        assert old in current, f"{where}: the lines to remove are not in the file:\n{old}"
        removed.clear()
        added.clear()
        return current.replace(old, new, 1)

    for line in diff.splitlines():
        if line.startswith("-"):
            if added:
                text = flush(text)
            removed.append(line[1:])
        elif line.startswith("+"):
            added.append(line[1:])
        else:
            text = flush(text)
    return flush(text)


class Workspace:
    """Runs a page's commands in order, with files and outputs in a scratch folder."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.files: dict[str, Path] = {}
        self.runner = CliRunner()

    def write(self, name: str, text: str) -> None:
        target = self.tmp / Path(name).name
        target.write_text(text, encoding="utf-8")
        self.files[name] = target

    def edit(self, name: str, diff: str, where: str) -> None:
        assert name in self.files, f"{where}: edit of {name}, which no earlier 'file:' block wrote"
        path = self.files[name]
        path.write_text(_apply_diff(path.read_text(encoding="utf-8"), diff, where), encoding="utf-8")

    def argv(self, command: str) -> tuple[list[str], Path | None]:
        words = shlex.split(command, comments=True)
        assert words[0] == "negotiation-sim"
        words = words[1:]
        if "|" in words:
            words = words[: words.index("|")]
        redirect = None
        if ">" in words:
            k = words.index(">")
            redirect = self.tmp / Path(words[k + 1]).name
            words = words[:k] + words[k + 2 :]
        out: list[str] = []
        for k, word in enumerate(words):
            previous = words[k - 1] if k else ""
            if previous in OUTPUT_OPTIONS:
                word = str(self.tmp / Path(word).name)
            elif word in self.files:
                word = str(self.files[word])
            elif word in PLACEHOLDER_FILES:
                word = str(PLACEHOLDER_FILES[word])
            out.append(word)
        return out, redirect

    def run(self, command: str, expected: int, where: str) -> None:
        args, redirect = self.argv(command)
        result = self.runner.invoke(main, args)
        assert result.exit_code == expected, (
            f"{where}: `{command}` exited {result.exit_code}, expected {expected}\n"
            f"output:\n{result.output}\nexception: {result.exception!r}"
        )
        if redirect is not None:
            redirect.write_text(result.stdout, encoding="utf-8")


def readme_quickstart() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return "## Quickstart" + text.split("## Quickstart", 1)[1].split("\n## ", 1)[0]


def shell_pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((DOCS / "tutorial").glob("*.md")), *sorted((DOCS / "how-to").glob("*.md"))]


def _page_blocks(page: Path) -> list[Block]:
    if page.name == "README.md":
        return parse_blocks(page, readme_quickstart())
    return parse_blocks(page)


@pytest.mark.parametrize("page", shell_pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_shell_commands_run(page, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    workspace = Workspace(tmp_path)
    ran = 0
    for block in _page_blocks(page):
        if block.marker("no-test") is not None:
            continue
        name = block.marker("file")
        if name and block.lang in ("yaml", "yml"):
            workspace.write(name, block.text)
            continue
        name = block.marker("edit")
        if name and block.lang == "diff":
            workspace.edit(name, block.text, block.where)
            continue
        if block.lang not in ("sh", "console"):
            continue
        expected = 2 if block.marker("expect-error") is not None else 0
        for command in _commands(block):
            workspace.run(command, expected, block.where)
            ran += 1
    if page.name == "README.md" or page.parent.name == "tutorial":
        assert ran, f"{page.relative_to(ROOT)} shows no negotiation-sim command"
    if page.parent.name == "tutorial" and "wage_bargain.yaml" in workspace.files:
        # (e) The steps of the tutorial rebuild exactly the file shipped next to it.
        built = workspace.files["wage_bargain.yaml"].read_text(encoding="utf-8")
        assert built == TUTORIAL_SCENARIO.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- (e) and links


def test_tutorial_scenario_validates():
    import warnings

    import negotiation_sim as ns

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scenario = ns.load_scenario(TUTORIAL_SCENARIO)
    assert scenario.warnings == ()
    result = CliRunner().invoke(main, ["validate", str(TUTORIAL_SCENARIO)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("page", [ROOT / "README.md", *doc_pages()], ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page):
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = (page.parent / target.split("#", 1)[0]).resolve()
        assert path.exists(), f"{page.relative_to(ROOT)}: broken link {target}"


def test_every_limit_variable_is_documented():
    import re

    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    names = set(re.findall(r"NEGOTIATION_SIM_[A-Z_]+", source))
    assert names
    for doc in ("docs/reference/cli.md", "docs/explanation/limits.md", "SECURITY.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        missing = sorted(n for n in names if n not in text)
        assert not missing, (doc, missing)
