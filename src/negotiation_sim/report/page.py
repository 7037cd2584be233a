"""A report page as data: sections of paragraphs, lists, tables and figures.

:func:`negotiation_sim.report.html.render_html` and
:func:`negotiation_sim.report.markdown.render_markdown` turn one :class:`Page` into HTML or
Markdown.  Every string here is plain text (never markup): the renderers escape it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Bullets", "Figure", "Page", "Paragraph", "Section", "Table"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    """A paragraph of plain text."""

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Bullets:
    """A bulleted list of plain-text items."""

    items: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """A table: a caption, column headers and rows of text cells.

    Attributes
    ----------
    caption : str
    headers : tuple of str
    rows : tuple of tuple of str
    row_headers : bool
        The first cell of each row names the row (``<th scope="row">`` in HTML).
    numeric : tuple of int
        Columns of numbers (right-aligned).
    """

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_headers: bool = False
    numeric: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """A figure drawn as SVG.

    Attributes
    ----------
    name : str
        A file-name-safe identifier, unique in the page (also the Markdown file name).
    alt : str
        What the figure shows, for readers who cannot see it.
    caption : str
    svg : str
        The SVG document, as written by matplotlib.
    """

    name: str
    alt: str
    caption: str
    svg: str


Block = Paragraph | Bullets | Table | Figure


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """A headed section; its subsections are one heading level down.

    Attributes
    ----------
    id : str
        Anchor (letters, digits and hyphens).
    heading : str
    blocks : tuple
        Paragraphs, lists, tables and figures, in order.
    subsections : tuple of Section
    """

    id: str
    heading: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """A whole report.

    Attributes
    ----------
    title : str
    summary : str
        One sentence under the title.
    sections : tuple of Section
    command : str
        The command line that made the report.
    version : str
        negotiation-sim's version.
    """

    title: str
    summary: str
    sections: tuple[Section, ...]
    command: str
    version: str

    def figures(self) -> list[Figure]:
        """Every figure of the page, in order.

        Examples
        --------
        >>> Page(title="t", summary="", sections=(), command="", version="0").figures()
        []
        """
        found: list[Figure] = []

        def visit(section: Section) -> None:
            found.extend(b for b in section.blocks if isinstance(b, Figure))
            for sub in section.subsections:
                visit(sub)

        for section in self.sections:
            visit(section)
        return found
