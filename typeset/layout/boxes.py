"""The laid-out issue as plain data: pages -> items (text lines, rules, boxes; named tuples).

Coordinates are in pt with the origin at the page's top-left corner and y growing
downwards; a text line's `y` is its baseline. The renderer only draws these.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Mapping, NamedTuple

from typeset.compose import GlyphRun


class TextLine(NamedTuple):
    x: float
    y: float                      # baseline
    runs: tuple[GlyphRun, ...]
    kind: str                     # "body", "title", "head", "folio", "toc", "cell", "cover", ...
    where: str = ""               # source file:line, for the proof
    width: float = 0.0            # the measure it was set to
    end: float = 0.0              # x of its right edge relative to x (== width when flush)
    column: int = 0               # 1 or 2 for body columns, 0 for full-width items
    grid_line: int = -1           # index of its grid line in the column, -1 off the grid
    start: int = 0                # offsets of its characters in the paragraph text
    stop: int = 0
    last: bool = True             # the paragraph's last line
    stretch: float = 0.0          # extra em per gap (justification)
    emergency: bool = False
    block: int = -1               # id of the paragraph or cell it belongs to
    color: str = ""               # "" = the layout's text colour
    tag: int = -1                 # its structure element (typeset.layout.tags); -1 an artifact
    run_tags: tuple = ()          # one element per run where they differ (a run-in heading)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @classmethod
    def placed(cls, line, x: float, y: float, kind: str, **extra) -> "TextLine":
        """A composed line (typeset.compose.Line) placed at x, baseline y."""
        return cls(x=x, y=y, runs=line.runs, kind=kind, width=line.width, end=line.end,
                   start=line.start, stop=line.stop, last=line.last, stretch=line.stretch,
                   emergency=line.emergency, **extra)


class Rule(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5
    color: str = ""               # "" = the layout's text colour


class Box(NamedTuple):
    x: float
    y: float                      # top edge
    w: float
    h: float
    stroke: str = "#000000"
    width: float = 0.5


class ImageItem(NamedTuple):
    path: str
    x: float
    y: float                      # top edge
    w: float
    h: float
    tag: int = -1                 # its Figure element; -1 an artifact


class Mark(NamedTuple):
    """A navigation point: a bookmark (level 0 栏目, 1 document, 2 attachment)."""
    title: str
    level: int
    y: float
    key: str


@dataclass(frozen=True)
class Page:
    index: int                    # 0-based position in the PDF
    width: float
    height: float
    label: str                    # the page label: folio for body pages, e.g. "封面", "目录"
    folio: int | None             # printed page number, None for front and back matter
    items: tuple = ()             # TextLine | Rule | Box
    marks: tuple[Mark, ...] = ()
    section: str = ""             # 栏目 shown in the running head
    links: tuple = ()             # link areas (typeset.layout.tags.Link): the 目录 entries
    broken: bool = False          # ended by the source's own @pagebreak
    unbalanced: bool = False      # holds a region that no split within the keeps could balance


class ProblemKind(StrEnum):
    EMERGENCY = "emergency"           # broken where no rule allowed a break
    LOOSE = "loose"                   # justified wider than the layout's max_stretch
    OVERFULL = "overfull"             # wider than its measure
    LONE_LINE = "lone-line"           # a paragraph's last line alone at a column top
    HEADING_LAST = "heading-last"     # a heading last in a column
    FALLBACK = "fallback"             # characters set in a fallback face
    TITLE_SPLIT = "title-split"       # a title line broken inside a word or a span kept whole
    UNIT_SPLIT = "unit-split"         # a table cell broken inside a date, number or 文号
    CLOSING_SPLIT = "closing-split"   # the closing block (附件说明…附注) over two columns or pages
    CLOSING_ALONE = "closing-alone"   # the closing block alone at a column's top, no body line above
    UNBALANCED = "unbalanced"         # a document's last columns left unbalanced
    OFF_FRAME = "off-frame"           # a column line past its column or below the body
    KEPT = "kept-printed"             # a lone line or lone closing block the issue keeps as its
                                      # print has it ([typesetting] lone_lines = "keep")


@dataclass(frozen=True)
class Problem:
    """A typographic problem found during layout, for the proof."""
    kind: ProblemKind
    message: str
    where: str = ""
    page: int = -1                # page index
    column: int = 0
    line: int = -1
    bbox: tuple[float, float, float, float] | None = None   # x, y(top), w, h on the page


@dataclass(frozen=True)
class LaidOutIssue:
    pages: tuple[Page, ...]
    problems: tuple[Problem, ...]
    doc_pages: Mapping[int, int]                  # document index -> folio of its title
    table_breaks: Mapping[str, tuple[int, ...]]   # table where -> body rows starting a page
    text_color: str = "#000000"
    tags: tuple = ()                              # structure elements (typeset.layout.tags)


def dump(pages) -> str:
    """A text dump of the layout, positions rounded to 0.01 pt: a reviewable golden."""
    out = []
    for p in pages:
        out.append(f"page {p.index} label={p.label} folio={p.folio} {p.width:.2f}x{p.height:.2f}")
        for m in p.marks:
            out.append(f"  mark {m.level} {m.title} y={m.y:.2f}")
        for it in p.items:
            if isinstance(it, TextLine):
                out.append(f"  text {it.kind} c{it.column} g{it.grid_line} x={it.x:.2f} y={it.y:.2f} "
                           f"w={it.width:.2f} end={it.end:.2f} {it.text}")
            elif isinstance(it, Rule):
                out.append(f"  rule {it.x0:.2f},{it.y0:.2f}-{it.x1:.2f},{it.y1:.2f} w={it.width}")
            elif isinstance(it, Box):
                out.append(f"  box {it.x:.2f},{it.y:.2f} {it.w:.2f}x{it.h:.2f}")
            elif isinstance(it, ImageItem):
                out.append(f"  image {it.x:.2f},{it.y:.2f} {it.w:.2f}x{it.h:.2f}")
    return "\n".join(out) + "\n"
