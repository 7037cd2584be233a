"""The report page: structure (headings, figures, tables, no network) and content, read with an HTML parser."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_pages import HOSTILE, HOSTILE_TITLE, PAGES, ROOT

import negotiation_sim as ns
from negotiation_sim.cli import main

VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base", "source", "wbr"}


class Page(HTMLParser):
    """Collects what the tests check: elements with attributes, headings, figures, tables and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.headings: list[tuple[int, str]] = []
        self.text: list[str] = []
        self.titles: dict[str, str] = {}  # svg <title> id -> its text
        self.tables: list[dict] = []
        self._stack: list[str] = []
        self._heading: list[str] | None = None
        self._title_id: str | None = None
        self._cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []
        if tag == "title" and "id" in attributes:
            self._title_id = attributes["id"]
            self.titles[self._title_id] = ""
        if tag == "table":
            self.tables.append({"caption": "", "head": [], "row_headers": 0, "rows": 0, "in_head": False})
        if self.tables:
            current = self.tables[-1]
            if tag == "thead":
                current["in_head"] = True
            elif tag == "tbody":
                current["in_head"] = False
            elif tag == "th" and current["in_head"]:
                current["head"].append(attributes.get("scope"))
            elif tag == "th":
                current["row_headers"] += attributes.get("scope") == "row"
            elif tag == "tr" and not current["in_head"]:
                current["rows"] += 1
            elif tag == "caption":
                self._cell = "caption"
        if tag not in VOID:
            self._stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((int(tag[1]), "".join(self._heading).strip()))
            self._heading = None
        if tag == "title":
            self._title_id = None
        if tag == "caption":
            self._cell = None
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)
        if self._title_id is not None:
            self.titles[self._title_id] += data
        if self._cell == "caption" and self.tables:
            self.tables[-1]["caption"] += data

    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())

    def find(self, tag: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag]


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


@pytest.fixture(scope="module")
def parsed(report_pages) -> dict[str, Page]:
    return {name: parse(path) for name, path in report_pages.items()}


@pytest.mark.parametrize("name", PAGES)
def test_headings_are_in_order(parsed, name):
    levels = [level for level, _ in parsed[name].headings]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, parsed[name].headings
    assert all(text for _, text in parsed[name].headings)


@pytest.mark.parametrize("name", PAGES)
def test_self_contained_no_script_no_network(parsed, report_pages, name):
    page = parsed[name]
    assert not page.find("script") and not page.find("link") and not page.find("iframe")
    for tag, attributes in page.elements:
        for key in ("src", "href", "xlink:href", "action", "srcset"):
            value = attributes.get(key)
            if value is not None:
                assert value.startswith(("#", "data:")), f"<{tag} {key}={value!r}> would leave the page"
        assert not any(k.startswith("on") for k in attributes), f"<{tag}> has an event handler: {attributes}"
    html = report_pages[name].read_text(encoding="utf-8")
    assert "@import" not in html and "url(http" not in html
    style = page.find("style")
    assert style, "the CSS is inline"


@pytest.mark.parametrize("name", PAGES)
def test_ids_are_unique(parsed, name):
    ids = [a["id"] for _, a in parsed[name].elements if "id" in a]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", PAGES)
def test_every_figure_has_a_text_alternative(parsed, name):
    page = parsed[name]
    svgs = [a for t, a in page.elements if t == "svg"]
    for svg in svgs:
        assert svg.get("role") == "img"
        label = page.titles.get(svg.get("aria-labelledby", ""), "")
        assert len(label) > 20, svg
    assert len(page.find("figcaption")) == len(page.find("figure")) == len(svgs)


@pytest.mark.parametrize("name", PAGES)
def test_tables_have_header_cells_and_captions(parsed, name):
    tables = parsed[name].tables
    assert tables
    for table in tables:
        assert table["caption"].strip()
        assert table["head"] and all(scope == "col" for scope in table["head"])
        assert table["rows"] >= 1


def _section_text(path: Path, section: str) -> str:
    html = path.read_text(encoding="utf-8")
    match = re.search(rf'<section id="{section}".*?(?=<section id="[a-z]+"|</main>)', html, re.S)
    assert match, f"no section {section}"
    page = Page()
    page.feed(match.group(0))
    return page.all_text()


@pytest.mark.parametrize("name", ["normal", "tree", "pair"])
def test_parameter_table_has_every_parameter_with_its_source(report_pages, name):
    scenarios = [ns.load_scenario(ROOT / a) for a in PAGES[name] if a.endswith(".yaml")]
    text = _section_text(report_pages[name], "parameters")
    for scenario in scenarios:
        for parameter in scenario.parameters.values():
            assert parameter.name in text
            assert " ".join(parameter.source.split()) in text, parameter.name
            assert " ".join(parameter.label.split()) in text


@pytest.mark.parametrize("name", ["normal", "tree", "pair"])
def test_scenario_descriptions_sources_command_and_version(parsed, name):
    text = parsed[name].all_text()
    for arg in PAGES[name]:
        if arg.endswith(".yaml"):
            scenario = ns.load_scenario(ROOT / arg)
            assert " ".join(scenario.description.split()) in text
            for source in scenario.sources:
                assert " ".join(source.split()) in text
    assert f"negotiation-sim {ns.__version__}" in text
    assert "negotiation-sim report" in text and "-o" in text


def test_normal_form_page_shows_the_matrix_and_the_equilibrium(parsed):
    page = parsed["normal"]
    captions = [t["caption"] for t in page.tables]
    assert any(c.startswith("Payoffs of Prisoner's dilemma") for c in captions)
    assert any(c.startswith("Nash equilibria (1)") for c in captions)
    assert "Suspect A plays defect, Suspect B plays defect" in page.all_text()
    assert not any(a.get("aria-labelledby", "").endswith("title") and "Game tree" in a for a in page.find("svg"))


def test_tree_page_shows_the_tree_with_its_path_and_the_overrides(parsed, report_pages):
    page = parsed["tree"]
    labels = list(page.titles.values())
    assert any(label.startswith("Game tree of New approach") and "cooperate=" in label for label in labels)
    assert "china_threat = 0.5" in page.all_text()
    findings = _section_text(report_pages["tree"], "findings")
    assert "at these values the game ends in" in findings and "How robust" in findings


def test_pair_page_compares_with_preferences_maps_and_tornados(parsed, report_pages):
    page = parsed["pair"]
    text = page.all_text()
    assert "Japan prefers New approach" in text and "Russia prefers New approach" in text
    figures = {f.get("id") for f in page.find("figure")}
    assert {"figure-comparison-japan", "figure-tornado-japan", "figure-tree-0", "figure-tree-1"} <= figures
    assert {"figure-regions-0", "figure-regions-1", "figure-comparison-russia", "figure-tornado-russia"} <= figures
    changes = _section_text(report_pages["pair"], "changes")
    assert "China's assertiveness" in changes and "at 0.3 (tie there)" in changes


def test_hostile_strings_are_escaped(parsed, report_pages):
    page = parsed["hostile"]
    assert not page.find("script") and not page.find("img")
    assert not page.find("b") and not page.find("i") and not page.find("u")
    # The only links are the page's own contents list, none from the scenario's sources.
    assert all(a.get("href", "").startswith("#") for a in page.find("a"))
    text = page.all_text()
    assert "Evil <script>alert('title')</script> second line & more" in text
    assert "Source with <script>alert('source')</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "<a href='https://example.com/'>a link</a>" in text
    assert page.headings[0][1].split() == HOSTILE_TITLE.split()
    html = report_pages["hostile"].read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_markdown_report_writes_figures_beside_and_escapes(tmp_path):
    (tmp_path / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "study.md"
    result = CliRunner().invoke(main, ["report", str(tmp_path / "hostile.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert links and all((tmp_path / link).is_file() for link in links)
    assert all(link.startswith("study_figures/") and link.endswith(".svg") for link in links)
    # Every "<" from the scenario is escaped (no raw HTML), and the title stays on one line.
    assert not re.search(r"(?<!\\)<", text.split("```")[0])
    assert text.startswith("# Evil \\<script>alert('title')\\</script> second line & more\n")
    assert "Source with \\<script>alert('source')\\</script>" in text
    assert "| name | label | value | range | unit | source |" in text


def test_the_template_ships_in_the_package():
    template = resources.files("negotiation_sim.report") / "templates" / "report.html.j2"
    assert template.is_file()
    assert "{{ page.title }}" in template.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["prisoners_dilemma", "-o", "r.pdf"], "unsupported file type"),
        (["prisoners_dilemma", "chicken", "stag_hunt", "-o", "r.html"], "one scenario or two"),
        (["prisoners_dilemma", "--vary", "reward", "--vary", "reward", "-o", "r.html"], "same parameter twice"),
        (["prisoners_dilemma", "--player", "suspect_c", "-o", "r.html"], "did you mean"),
        (["prisoners_dilemma", "--vary", "rewrd", "-o", "r.html"], "reward"),
        (["prisoners_dilemma", "--vary", "a", "--vary", "b", "--vary", "c", "-o", "r.html"], "at most twice"),
        (["scenarios/islands/parameters.yaml", "-o", "r.html"], "has no game"),
    ],
)
def test_bad_input_is_a_located_error(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(ROOT)
    args = [str(tmp_path / a) if a.startswith("r.") else a for a in args]
    result = CliRunner().invoke(main, ["report", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not list(tmp_path.iterdir())


def test_render_needs_unique_figure_names():
    from negotiation_sim.report.html import render_html
    from negotiation_sim.report.page import Figure, Page, Section

    svg = '<svg width="10pt"></svg>'
    twice = (Figure(name="a", alt="x", caption="c", svg=svg), Figure(name="a", alt="y", caption="d", svg=svg))
    page = Page(
        title="t", summary="s", command="c", version="v", sections=(Section(id="s", heading="h", blocks=twice),)
    )
    with pytest.raises(ValueError, match="unique"):
        render_html(page)


def test_uncertainty_section_with_samples(parsed, report_pages):
    page = parsed["uncertain"]
    text = _section_text(report_pages["uncertain"], "uncertainty")
    assert "2,000 samples, seed 7" in text
    captions = [t["caption"] for t in page.tables]
    assert "Outcomes of Wage bargain" in captions
    assert any(c.startswith("Sobol' indices of Union's payoff") for c in captions)
    assert "figure-uncertainty" in {f.get("id") for f in page.find("figure")}
    findings = _section_text(report_pages["uncertain"], "findings")
    assert "How sure: with 4 parameters drawn from their distributions (2,000 samples)" in findings
    assert "--samples 2000 --seed 7" in page.all_text()
    assert "uncertainty" not in {s.get("id") for s in parsed["pair"].find("section")}


def test_change_points_are_exact_and_drawn_on_the_maps(parsed, report_pages):
    changes = _section_text(report_pages["pair"], "changes")
    assert "located by bisection with exact solves" in changes
    # china_threat: the new approach stops being exploited at 0.15 (a tie there), found exactly.
    assert "at 0.15 (tie there): Russia pockets the upfront aid without aligning" in changes
    html = report_pages["pair"].read_text(encoding="utf-8")
    assert re.search(r'id="fig\d+-threshold:[0-9.e-]+"', html)
