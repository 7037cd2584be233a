"""The Markdown form of a :class:`~negotiation_sim.report.page.Page` (``report -o report.md``).

Markdown cannot hold the figures inline portably, so each figure is an SVG file in a
folder beside the Markdown file (``report_figures/`` for ``report.md``), linked by a
relative path.  Text from scenario files is escaped so that it cannot start markup
(emphasis, links, HTML tags) or break a table.
"""

from __future__ import annotations

import re

from .page import Bullets, Figure, Page, Paragraph, Section, Table
from .tables import table

__all__ = ["escape_text", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")


def escape_text(text: str) -> str:
    """Escape Markdown and HTML markup in plain text, and fold line breaks into spaces.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> print(escape_text("<script>*x*</script>\\nnext"))
    \\<script\\>\\*x\\*\\</script\\> next
    >>> print(escape_text("# 1 - not a heading"))
    \\# 1 - not a heading
    """
    folded = _SPECIAL.sub(r"\\\1", " ".join(text.split())).replace("&", "&amp;")
    # A heading, list or quote marker only counts at the start of a line.
    return "\\" + folded if folded[:1] in ("#", "-", "+", ">") or re.match(r"\d+[.)] ", folded) else folded


def render_markdown(page: Page, figure_folder: str) -> str:
    """Render a page as Markdown, linking each figure as ``<figure_folder>/<name>.svg``.

    Parameters
    ----------
    page : Page
    figure_folder : str
        The folder of the figure files, relative to the Markdown file.

    Returns
    -------
    str
        Ending with a newline.

    Examples
    --------
    >>> from negotiation_sim.report.page import Page, Paragraph, Section
    >>> page = Page(title="T", summary="s", command="negotiation-sim report x.yaml", version="1",
    ...             sections=(Section(id="a", heading="A", blocks=(Paragraph(text="x < y"),)),))
    >>> print(render_markdown(page, "report_figures").splitlines()[4])
    ## A
    """
    lines = [f"# {escape_text(page.title)}", "", escape_text(page.summary), ""]
    for section in page.sections:
        lines += _section(section, 2, figure_folder)
    lines += [
        "---",
        "",
        f"Made by negotiation-sim {escape_text(page.version)} with:",
        "",
        "```",
        page.command.replace("```", "'''"),
        "```",
    ]
    return "\n".join(lines).rstrip() + "\n"


def _section(section: Section, level: int, folder: str) -> list[str]:
    lines = ["#" * level + " " + escape_text(section.heading), ""]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            lines += [escape_text(block.text), ""]
        elif isinstance(block, Bullets):
            lines += [*(f"- {escape_text(item)}" for item in block.items), ""]
        elif isinstance(block, Table):
            # table() escapes "|" in cells (not in headers); undo ours there so it is not escaped twice.
            headers = [escape_text(h) for h in block.headers]
            rows = [[escape_text(c).replace("\\|", "|") for c in row] for row in block.rows]
            lines += [f"*{escape_text(block.caption)}*", "", table(headers, rows, markdown=True), ""]
        elif isinstance(block, Figure):
            lines += [
                f"![{escape_text(block.alt)}]({folder}/{block.name}.svg)",
                "",
                f"*{escape_text(block.caption)}*",
                "",
            ]
    for sub in section.subsections:
        lines += _section(sub, level + 1, folder)
    return lines
