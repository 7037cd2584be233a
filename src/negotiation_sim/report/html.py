"""One self-contained HTML page from a :class:`~negotiation_sim.report.page.Page`.

The page is rendered by a Jinja2 template shipped in the package
(``report/templates/report.html.j2``) with autoescaping on, so every title, label,
description and source from a scenario file is escaped; the only markup not escaped is
the SVG of the figures, which matplotlib wrote and :func:`inline_svg` cleaned.  The page
has inline CSS, no script and nothing fetched from the network.  Jinja2 is imported
only when a page is rendered.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from .page import Bullets, Figure, Page, Paragraph, Table

__all__ = ["TEMPLATE", "inline_svg", "render_html"]

TEMPLATE = "report.html.j2"
"""The template file, in ``negotiation_sim/report/templates``."""

_ID = re.compile(r'\bid="([^"]+)"')
_WIDTH = re.compile(r'\bwidth="([0-9.]+)pt"')

SHRINK = 0.7
"""A figure shrinks to this share of its natural width to fit; narrower screens scroll its box."""

MIN_WIDTH_CAP = 860
"""...but never needs more than this many pixels, so even a large figure fits a desktop page."""


def inline_svg(svg: str, *, prefix: str, alt: str) -> str:
    """Prepare a matplotlib SVG document for inlining in an HTML page.

    Drops the XML prologue and DOCTYPE, prefixes every ``id`` (and each reference to one)
    so that several figures can share a page, numbers repeated ids, scopes matplotlib's ``*`` style rule to the
    figure, labels the drawing for screen readers (``role="img"`` and a ``<title>``), and
    lets it shrink to :data:`SHRINK` of its natural width or :data:`MIN_WIDTH_CAP` pixels (below
    that, its box scrolls).

    Parameters
    ----------
    svg : str
        An SVG document.
    prefix : str
        Unique in the page; letters, digits and hyphens.
    alt : str
        The text alternative (plain text; escaped here).

    Returns
    -------
    str
        Markup starting with ``<svg``.

    Raises
    ------
    ValueError
        If ``svg`` has no ``<svg`` element.

    Examples
    --------
    >>> doc = '<?xml version="1.0"?><svg width="9pt"><path id="a"/><use xlink:href="#a"/></svg>'
    >>> print(inline_svg(doc, prefix="f1", alt="A <dot>"))  # doctest: +NORMALIZE_WHITESPACE
    <svg role="img" aria-labelledby="f1-title" width="9pt" style="min-width: 8px"><title
    id="f1-title">A &lt;dot&gt;</title><path id="f1-a"/><use xlink:href="#f1-a"/></svg>
    """
    start = svg.find("<svg")
    if start < 0:
        raise ValueError("not an SVG document: no <svg> element")
    body = svg[start:].strip()
    ids = set(_ID.findall(body))
    seen: dict[str, int] = {}

    def rename(match: re.Match[str]) -> str:
        # matplotlib writes artists' gids as ids, and a gid may repeat (the edges of a tree).
        name = match.group(1)
        seen[name] = seen.get(name, 0) + 1
        return f'id="{prefix}-{name}"' if seen[name] == 1 else f'id="{prefix}-{name}-{seen[name]}"'

    body = _ID.sub(rename, body)
    for name in sorted(ids, key=len, reverse=True):
        body = body.replace(f"url(#{name})", f"url(#{prefix}-{name})")
        body = body.replace(f'href="#{name}"', f'href="#{prefix}-{name}"')
    body = body.replace("*{", f"#{prefix}-svg *{{", 1) if "<style" in body else body
    close = body.index(">")
    opening = body[:close].replace("<svg", f'<svg role="img" aria-labelledby="{prefix}-title"', 1)
    width = _WIDTH.search(opening)
    if width is not None:
        natural = float(width.group(1)) * 4 / 3  # 1pt = 4/3 px
        opening += f' style="min-width: {round(min(natural * SHRINK, MIN_WIDTH_CAP))}px"'
    if "<style" in body:
        opening += f' id="{prefix}-svg"'
    title = f'<title id="{prefix}-title">{escape(alt, quote=False)}</title>'
    return opening + ">" + title + body[close + 1 :]


def render_html(page: Page) -> str:
    """Render a page as one self-contained HTML document.

    Parameters
    ----------
    page : Page

    Returns
    -------
    str
        HTML5, ending with a newline.

    Examples
    --------
    >>> from negotiation_sim.report.page import Page, Paragraph, Section
    >>> page = Page(title="<b>T</b>", summary="s", command="negotiation-sim report x.yaml", version="1",
    ...             sections=(Section(id="a", heading="A", blocks=(Paragraph(text="x < y"),)),))
    >>> html = render_html(page)
    >>> "<title>&lt;b&gt;T&lt;/b&gt;" in html, "<p>x &lt; y</p>" in html
    (True, True)
    """
    from jinja2 import Environment, PackageLoader, StrictUndefined
    from markupsafe import Markup

    environment = Environment(
        loader=PackageLoader("negotiation_sim.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    figures = page.figures()
    svgs = {f.name: Markup(inline_svg(f.svg, prefix=f"fig{k}", alt=f.alt)) for k, f in enumerate(figures, 1)}
    if len(svgs) != len(figures):
        raise ValueError("figure names must be unique in a page")
    template = environment.get_template(TEMPLATE)
    return template.render(page=page, svgs=svgs, kind=_kind)


def _kind(block: Any) -> str:
    kinds = {Paragraph: "paragraph", Bullets: "bullets", Table: "table", Figure: "figure"}
    return kinds[type(block)]
