"""Layout: the issue as pages of placed glyph runs, rules and boxes (plain data)."""
from __future__ import annotations

from types import MappingProxyType

from typeset import furniture
from typeset.compose.issue import ComposedIssue
from typeset.compose.typesetter import Typesetter
from typeset.config import MM, Layout, load_layout
from typeset.layout.body import BodySetter
from typeset.layout.boxes import LaidOutIssue, Page, Rule, TextLine, dump
from typeset.layout.flow import Flow, PageBuilder
from typeset.layout.front import FrontSetter
from typeset.layout.problems import find_problems
from typeset.layout.tags import Tags
from typeset.errors import TypesetError
from typeset.model import Issue

__all__ = ["layout_issue", "load_layout", "Layout", "LaidOutIssue", "Page", "dump"]


def layout_issue(composed: ComposedIssue, layout: Layout, fontset) -> LaidOutIssue:
    """Lay out the composed issue: body pages from folio 1, then the front matter (whose 目录
    takes its numbers from the body), heads and folios, the colophon."""
    issue = composed.issue
    ts = Typesetter(layout, fontset)
    flow = Flow(layout)
    flow.avoid_lone_lines = layout.document.avoid_lone_lines and issue.meta.lone_lines != "keep"
    tags = Tags()          # the front matter's Parts first: the structure is in reading order
    parts = {name: tags.add("Part") for name in ("cover", "titlepage", "toc")}
    body = BodySetter(flow, tags)
    index, previous = 0, None
    for section in composed.sections:
        for k, cd in enumerate(section.documents):
            after = previous is not None and bool(previous.attachments)
            body.document(cd, section.name, index, k == 0, after)
            index, previous = index + 1, cd.document
    flow.finish()
    body_pages = [p for p in flow.pages if p.items or p.marks]
    page_of = {id(p): i for i, p in enumerate(body_pages)}
    folios = {i: page_of[id(flow.pages[pi])] + 1 for i, pi in body.doc_pages.items()}

    front = FrontSetter(layout, ts, issue, tags, parts)
    front_pages = [(front.cover(), "封面"), (front.titlepage(), "扉页")]
    toc = front.toc(folios)
    front_pages += [(p, f"目录{i + 1}" if len(toc) > 1 else "目录") for i, p in enumerate(toc)]
    if layout.page.body_starts_recto and len(front_pages) % 2:
        front_pages.append((PageBuilder(layout.page_width, layout.page_height), "空白"))
    pages: list[Page] = []
    for pb, label in front_pages:
        pages.append(_freeze(pb, len(pages), label, None))
    for i, pb in enumerate(body_pages):
        folio = i + 1
        _decorate(pb, folio, issue, layout, ts)
        pages.append(_freeze(pb, len(pages), str(folio), folio))
    pages.append(_freeze(front.colophon(), len(pages), "版权页", None))
    problems = find_problems(pages, layout, fontset, _broken_titles(composed),
                             keep_printed=issue.meta.lone_lines == "keep")
    return LaidOutIssue(pages=tuple(pages), problems=problems,
                        doc_pages=MappingProxyType(folios),
                        table_breaks=MappingProxyType(dict(body.table_breaks)),
                        text_color=layout.colors.text, tags=tuple(tags.elements))


def _broken_titles(composed: ComposedIssue) -> frozenset[str]:
    """Where the titles are that were given as one line and set as several."""
    return frozenset(str(cd.document.where) for s in composed.sections for cd in s.documents
                     if len(cd.document.title_lines) == 1 and
                     sum(1 for row in cd.title if row.style == "title") > 1)


def _freeze(pb: PageBuilder, index: int, label: str, folio: int | None) -> Page:
    return Page(index=index, width=pb.width, height=pb.height, label=label, folio=folio,
                items=tuple(pb.items), marks=tuple(pb.marks), section=pb.section,
                links=tuple(pb.links), broken=pb.broken, unbalanced=pb.unbalanced)


def _decorate(pb: PageBuilder, folio: int, issue: Issue, layout: Layout, ts: Typesetter) -> None:
    """Running head and folio for a body page."""
    h, f, m = layout.head, layout.folio, issue.meta
    odd = folio % 2 == 1
    left = layout.left
    width = pb.width - 2 * left
    y = h.y_mm * MM
    named = next((s for s in issue.sections if s.name == pb.section), None)
    section = furniture.head_section(named, layout) if odd else None
    head = furniture.head(m, layout, folio)
    if section:
        room = ts.width_of(section.text, section.role, h.size) + h.size + \
            ts.width_of(head.text, head.role, h.size)
        if room > width:
            w = section.where
            raise TypesetError(f"the 栏目 {section.text} and the running head {head.text!r} do not "
                               f"fit one head line ({room:.0f} pt of {width:.0f} pt)",
                               file=w.file if w else None, line=w.line if w else None,
                               fix="shorten the 栏目 name, or set [head] odd_section = false")
        for ln in ts.line(section.text, section.role, h.size, width, align="left"):
            pb.items.append(TextLine.placed(ln, left, y, "head", where=str(section.where or "")))
    for ln in ts.line(head.text, head.role, h.size, width, align="right" if odd else "left"):
        pb.items.append(TextLine.placed(ln, left, y, "head"))
    ry = h.rule_mm * MM
    pb.items.append(Rule(left, ry, left + width, ry, h.rule_width, layout.colors.rule))
    align = "center" if f.position == "center" else ("right" if odd else "left")
    y = layout.folio_y(pb.height)
    text = furniture.folio(m, layout, folio)
    for ln in ts.line(text.text, text.role, f.size, width, align=align):
        pb.items.append(TextLine.placed(ln, left, y, "folio"))
