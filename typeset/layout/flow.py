"""Body flow on the character grid: column slots, full-width blocks, pages, balancing.

A column holds `grid.lines` slots; each slot is one grid line. Paragraph lines fill
the first column of a region, then the next; a region is the part of a page between
full-width blocks (titles, tables). A region that ends mid-page before another block
is balanced: its columns get equal heights.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from typeset.layout.boxes import Mark, TextLine
from typeset.compose.data import Line
from typeset.config import Layout

ASCENT = 0.88        # baseline below the em box's top, in em (the ideographic em box)


def centred_baseline(top: float, height: float, size: float) -> float:
    """The baseline of text of `size` whose em box is centred in a band from `top` of `height`."""
    return top + (height - size) / 2 + ASCENT * size


@dataclass
class Slot:
    line: Line | None            # a composed line, or None for an empty grid line
    kind: str = "body"
    where: str = ""
    block: int = -1
    dx: float = 0.0              # offset of the line within the column
    keep: bool = False           # keep with the next slot (headings)
    size: float = 0.0
    tag: int = -1                # its structure element (typeset.layout.tags)
    run_tags: tuple = ()


@dataclass
class PageBuilder:
    width: float
    height: float
    items: list = field(default_factory=list)
    marks: list = field(default_factory=list)
    section: str = ""
    landscape: bool = False
    links: list = field(default_factory=list)
    broken: bool = False        # the source's own @pagebreak ended it (checks spare the author's)
    unbalanced: bool = False    # a region no split could balance within the keeps


class Flow:
    def __init__(self, layout: Layout):
        self.lay = layout
        self.pages: list[PageBuilder] = []
        self.top = 0                 # first free grid line of the current region
        self.pending: list[Slot] = []
        self.section = ""
        self.avoid_lone_lines = layout.document.avoid_lone_lines

    # -- geometry ---------------------------------------------------------------
    def line_top(self, g: int) -> float:
        return self.lay.top + g * self.lay.grid.pitch

    def baseline(self, g: int, size: float, lines: int = 1) -> float:
        return centred_baseline(self.line_top(g), lines * self.lay.grid.pitch, size)

    def column_x(self, c: int) -> float:
        return self.lay.left + c * (self.lay.column_width + self.lay.gutter)

    @property
    def page(self) -> PageBuilder:
        if not self.pages:
            self.new_page()
        return self.pages[-1]

    # -- pages ------------------------------------------------------------------
    def new_page(self, landscape: bool = False) -> PageBuilder:
        w, h = self.lay.page_width, self.lay.page_height
        if landscape:
            w, h = h, w
        self.pages.append(PageBuilder(w, h, section=self.section, landscape=landscape))
        self.top = 0
        return self.pages[-1]

    def break_page(self, explicit: bool = False) -> None:
        """Finish the current region (unbalanced) and start a new page if anything is on it.
        `explicit`: the source's @pagebreak."""
        self._flush(balance=False)
        if self.pages and (self.page.items or self.top > 0):
            self.page.broken = explicit
            self.new_page()

    def landscape_page(self) -> PageBuilder:
        """An empty landscape page at the end of the flow (for a wide table); the columns above
        it are balanced, as above any full-width block."""
        self._flush(balance=True)
        self.break_page()
        if self.pages and not self.page.items and not self.page.marks:
            self.pages.pop()
        return self.new_page(landscape=True)

    def break_column(self) -> None:
        self.pending.append(Slot(None, kind="column-break"))

    def mark(self, title: str, level: int, key: str, y: float | None = None) -> None:
        page = self.page
        page.marks.append(Mark(title, level, self.line_top(self.top) if y is None else y, key))

    # -- column text ------------------------------------------------------------
    def add(self, slots: list[Slot]) -> None:
        _ = self.page
        self.pending.extend(slots)
        while True:
            cap = self.lay.grid.lines - self.top
            cols, rest = self._fill(self.pending, cap)
            if not rest:
                return
            self._place(cols)
            self.pending = rest
            self.new_page()

    def _fill(self, slots: list[Slot], cap: int):
        """Fill columns of `cap` lines from `slots`; return (columns, rest)."""
        cols: list[list[Slot]] = []
        i, n = 0, len(slots)
        for _ in range(self.lay.grid.columns):
            col: list[Slot] = []
            while i < n and slots[i].line is None and slots[i].kind != "column-break":
                i += 1                       # no empty line at the top of a column
            while i < n and len(col) < cap:
                if slots[i].kind == "column-break":
                    i += 1
                    break
                col.append(slots[i])
                i += 1
            if i < n and len(col) == cap:
                # a heading never stands last in a column: carry it (and what it keeps) over
                j = len(col)
                while j > 1 and col[j - 1].line is None:
                    j -= 1
                kept = j
                while j > 1 and col[j - 1].keep:
                    j -= 1
                if j < kept:
                    i -= len(col) - j
                    col = col[:j]
            while col and col[-1].line is None:
                col.pop()
            cols.append(col)
        while i < n and slots[i].line is None:
            i += 1
        return cols, slots[i:]

    def _place(self, cols: list[list[Slot]]) -> int:
        """Draw filled columns at the region top; return the lines used."""
        page = self.page
        used = 0
        for c, col in enumerate(cols):
            x0 = self.column_x(c)
            for k, slot in enumerate(col):
                if slot.line is None:
                    continue
                g = self.top + k
                ln = slot.line
                page.items.append(TextLine.placed(
                    ln, x0 + slot.dx, self.baseline(g, slot.size), slot.kind, where=slot.where,
                    column=c + 1, grid_line=g, block=slot.block, tag=slot.tag,
                    run_tags=slot.run_tags))
            used = max(used, len(col))
        return used

    def _columns(self, balance: bool) -> list[list[Slot]]:
        """The columns the pending slots make here: balanced (equal heights) if asked."""
        cap = self.lay.grid.lines - self.top
        if balance and self.lay.document.balance:
            real = sum(1 for s in self.pending if s.line is not None or s.kind == "column-break")
            h = max(1, math.ceil(real / self.lay.grid.columns))
            first = None
            while h < cap:
                cols, rest = self._fill(self.pending, h)
                if not rest:
                    if not (self.avoid_lone_lines and _lone(cols)) and not _torn(cols):
                        return cols
                    first = first or cols
                h += 1
            if first and not _lone(self._fill(self.pending, cap)[0]):
                return self._fill(self.pending, cap)[0]
            if first:
                return first
        cols, rest = self._fill(self.pending, cap)
        assert not rest
        return cols

    def _flush(self, balance: bool) -> None:
        """Place what is pending; balance the columns if asked."""
        if not self.pending:
            return
        cols = self._columns(balance)
        if balance and self.lay.grid.columns > 1 and sum(1 for c in cols if c) == 1:
            self.page.unbalanced = True     # the keeps let no split balance it (the proof's check)
        self.pending = []
        self.top += self._place(cols)

    # -- full-width blocks ------------------------------------------------------
    def reserve(self, lines: int) -> int:
        """Make room for a full-width block of `lines` grid lines; return its first line."""
        self._flush(balance=True)
        _ = self.page
        if self.top + lines > self.lay.grid.lines and self.top > 0:
            self.new_page()
        g = self.top
        self.top += lines
        return g

    def finish_region_for_block(self) -> float:
        """Balance pending text before a block measured in pt; return the y where it starts."""
        self._flush(balance=True)
        if self.top >= self.lay.grid.lines:
            self.new_page()
        return self.line_top(self.top)

    def continue_below(self, y: float) -> None:
        """After a block ending at y (pt): the next region starts on the next whole grid line."""
        g = math.ceil((y - self.lay.top) / self.lay.grid.pitch - 1e-6)
        self.top = g
        if self.top >= self.lay.grid.lines:
            self.new_page()

    def room(self) -> int:
        """Grid lines left on this page below what is pending, once its columns are balanced."""
        used = max((len(c) for c in self._columns(True)), default=0) if self.pending else 0
        return max(0, self.lay.grid.lines - self.top - used)

    def end_document(self) -> None:
        """A document's end: the columns above what follows (on this page or the next) are
        balanced."""
        self._flush(balance=True)

    def finish(self) -> None:
        self._flush(balance=False)


def _lone(cols: list[list[Slot]]) -> bool:
    """Whether a column starts with a paragraph's last line, or ends with its first line, the
    rest of the paragraph being in the next or previous column."""
    for a, b in zip(cols, cols[1:]):
        if a and b and a[-1].line is not None and b[0].line is not None \
                and a[-1].block == b[0].block >= 0 and (b[0].line.last or a[-1].line.start == 0):
            return True
    return False


def _torn(cols: list[list[Slot]]) -> bool:
    """Whether a column ends with a line kept with the next (a heading, the closing block),
    the next being at the top of the following column."""
    for a, b in zip(cols, cols[1:]):
        if a and b and a[-1].keep and a[-1].line is not None:
            return True
    return False
