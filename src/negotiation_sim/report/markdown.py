"""The Markdown form of a :class:`~negotiation_sim.report.page.Page` (``report -o report.md``).

Markdown cannot hold the figures inline portably, so each figure is an SVG file in a
folder beside the Markdown file (``report_figures/`` for ``report.md``), linked by a
relative path.  Text from scenario files is escaped with
:func:`~negotiation_sim.report.tables.escape_markdown`, so that it cannot start markup
(emphasis, links, HTML tags, headings) or break a table.
"""

from __future__ import annotations

from .page import Bullets, Figure, Page, Paragraph, Section, Table
from .tables import escape_markdown, markdown_code_block, table

__all__ = ["render_markdown"]


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
    lines = [f"# {escape_markdown(page.title)}", "", escape_markdown(page.summary), ""]
    for section in page.sections:
        lines += _section(section, 2, figure_folder)
    lines += [
        "---",
        "",
        f"Made by negotiation-sim {escape_markdown(page.version)} with:",
        "",
        markdown_code_block(page.command),
    ]
    return "\n".join(lines).rstrip() + "\n"


def _section(section: Section, level: int, folder: str) -> list[str]:
    lines = ["#" * level + " " + escape_markdown(section.heading), ""]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            lines += [escape_markdown(block.text), ""]
        elif isinstance(block, Bullets):
            lines += [*(f"- {escape_markdown(item)}" for item in block.items), ""]
        elif isinstance(block, Table):
            # table() escapes its cells and headers itself.
            lines += [f"*{escape_markdown(block.caption)}*", "", table(block.headers, block.rows, markdown=True), ""]
        elif isinstance(block, Figure):
            lines += [
                f"![{escape_markdown(block.alt)}]({folder}/{block.name}.svg)",
                "",
                f"*{escape_markdown(block.caption)}*",
                "",
            ]
    for sub in section.subsections:
        lines += _section(sub, level + 1, folder)
    return lines
