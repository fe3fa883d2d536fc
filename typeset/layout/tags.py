"""The issue's logical structure, for the tagged PDF (PDF/UA-1, PDF/A-2a): elements made from the
model as layout places it (a document's Part, its H1 title, P, H2–H5, L/LI, Table/TR/TH/TD,
Figure, TOC/TOCI/Link), each text line, image and run pointing at the element it belongs to.

An item's `tag` is an element's index in LaidOutIssue.tags, or ARTIFACT (running heads, folios,
rules, cell borders, leader dots, repeated table headers). Render writes each tagged piece as
marked content with the next MCID of its page (page_mcids gives the same numbering); the PDF/A
step builds the structure tree from `structure()`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, NamedTuple

ARTIFACT = -1

# paragraph style -> structure type (PDF 32000-1 14.8.4); every other style is a P
KIND_OF_STYLE = {
    "title": "H1", "attach-title": "H1", "enclosure-title": "H1",
    "heading1": "H2", "heading2": "H3", "heading3": "H4", "heading4": "H5",
}


class Element(NamedTuple):
    kind: str                     # a standard structure type: Part, Sect, H1, P, TD, Link, ...
    parent: int                   # index of the parent element; -1 for the root (Document)
    alt: str = ""                 # Figure: the alternate description (/Alt)
    attrs: tuple = ()             # table attributes, e.g. (("RowSpan", 2), ("Scope", "Column"))
    title: str = ""               # /T: a Part's document title; a Link's description
    target: str = ""              # Link: the bookmark key (Mark.key) it leads to


class Link(NamedTuple):
    """A link area on a page (a 目录 entry), top-left coordinates in pt, for the Link element `tag`."""
    tag: int
    x: float
    y: float
    w: float
    h: float


class Tags:
    """The element list layout builds, in reading order within each parent."""

    def __init__(self):
        self.elements: list[Element] = [Element("Document", -1)]
        self.level = 0                # the last heading's level, in the body's reading order

    def add(self, kind: str, parent: int = 0, **extra) -> int:
        self.elements.append(Element(kind, parent, **extra))
        return len(self.elements) - 1

    def style(self, style: str, parent: int) -> int:
        """The element of a paragraph (or title rows) of `style`, made in reading order. A
        heading one level below the last may not skip a level (PDF/UA-1 7.4.2): a （1） that
        follows a run-in 1. (a Span, not a heading) under an H3 is an H4."""
        kind = KIND_OF_STYLE.get(style, "P")
        if kind[0] == "H":
            self.level = min(int(kind[1:]), self.level + 1)
            kind = f"H{self.level}"
        return self.add(kind, parent)


def pieces(line) -> list[tuple[int, int, int]]:
    """(tag, first run, end run) of a text line's runs grouped by element; blank runs are drawn
    as rules (artifacts) and split no group."""
    tags = line.run_tags
    if not tags:
        return [(line.tag, 0, len(line.runs))]
    out: list[list[int]] = []
    for k, tag in enumerate(tags):
        if out and out[-1][0] == tag:
            out[-1][2] = k + 1
        else:
            out.append([tag, k, k + 1])
    return [tuple(p) for p in out]


def page_mcids(page) -> list[int]:
    """The element of each marked-content id on a page, in the order render writes them."""
    from typeset.layout.boxes import ImageItem, TextLine

    out = []
    for item in page.items:
        if isinstance(item, TextLine):
            out += [tag for tag, _, _ in pieces(item) if tag != ARTIFACT]
        elif isinstance(item, ImageItem) and item.tag != ARTIFACT:
            out.append(item.tag)
    return out


@dataclass(frozen=True)
class Structure:
    """What the PDF/A step needs to write the structure tree."""
    elements: tuple[Element, ...]
    mcids: tuple[tuple[int, ...], ...]            # per page: the element of each MCID
    links: tuple[tuple[int, Link], ...]           # (page index, link area)
    targets: Mapping[str, tuple[int, float]]      # bookmark key -> (page index, y from the top)
    heights: tuple[float, ...]                    # page heights (links are in top-left coordinates)


def structure(laid) -> Structure:
    targets = {m.key: (p.index, m.y) for p in laid.pages for m in p.marks}
    return Structure(elements=tuple(laid.tags), mcids=tuple(tuple(page_mcids(p)) for p in laid.pages),
                     links=tuple((p.index, ln) for p in laid.pages for ln in p.links),
                     targets=targets, heights=tuple(p.height for p in laid.pages))
