"""Tables placed: a composed table's rows paginated with the header repeated on every page,
cell boxes, landscape pages, rows taller than a page in pieces, notes."""
from __future__ import annotations

from dataclasses import replace

from typeset.compose.tables import TablePlan
from typeset.config import MM, Layout
from typeset.errors import TypesetError
from typeset.layout.boxes import Box, Mark, TextLine
from typeset.layout.flow import Flow, centred_baseline
from typeset.layout.tags import ARTIFACT, Tags


class TableSetter:
    def __init__(self, flow: Flow, layout: Layout, tags: Tags | None = None):
        self.flow = flow
        self.lay = layout
        self.t = layout.table
        self.tags = tags or Tags()
        self.cell_tags: dict[tuple[int, int], int] = {}   # (row, col) -> its TH or TD
        self.header_done = False         # the header drawn once: repeats are artifacts

    def _tag(self, plan: TablePlan, parent: int) -> tuple[list[int], list[int]]:
        """The table's elements in reading order: a P for each caption line's paragraph, the
        Table (THead, TBody, TR, TH with Scope, TD, RowSpan and ColSpan from the source), a P
        for each note's paragraph; returns the caption and note lines' elements."""
        tags = self.tags
        captions = _paragraph_tags(plan.captions, tags, parent)
        table = tags.add("Table", parent)
        self.cell_tags, self.header_done = {}, False
        by_row: dict[int, list] = {}
        for c in plan.cells:
            by_row.setdefault(c.row, []).append(c)
        nrows = len(plan.heights)
        for part, rows in (("THead", range(plan.nheader)), ("TBody", range(plan.nheader, nrows))):
            if not rows:
                continue
            group = tags.add(part, table)
            for r in rows:
                tr = tags.add("TR", group)
                for c in sorted(by_row.get(r, ()), key=lambda c: c.col):
                    attrs = (("Scope", "Column"),) if c.header else ()
                    attrs += tuple((k, v) for k, v in (("RowSpan", c.rowspan), ("ColSpan", c.colspan))
                                   if v > 1)
                    self.cell_tags[c.row, c.col] = tags.add("TH" if c.header else "TD", tr,
                                                            attrs=attrs)
        return captions, _paragraph_tags(plan.notes, tags, parent)

    def height(self, plan: TablePlan) -> float:
        """The whole table's height on one page: captions, rows and notes."""
        return (len(plan.captions) * self.lay.grid.pitch + sum(plan.heights)
                + len(plan.notes) * self.t.leading + (self.t.pad_y if plan.notes else 0))

    # -- placing ----------------------------------------------------------------
    def place(self, plan: TablePlan, key: str, heading=(), mark=None, parent: int = 0,
              heading_tags=()) -> tuple[int, ...]:
        """Draw the table through the flow; return the body row numbers (1-based) that begin
        a continuation page. A landscape table gets pages of its own, with `heading` (the
        attachment's label and title rows, elements `heading_tags`) above it."""
        flow, t = self.flow, self.t
        lay = self.lay
        heading_tags = list(heading_tags) or [ARTIFACT] * len(heading)
        captions, notes = self._tag(plan, parent)
        if plan.landscape:
            page = flow.landscape_page()
            top, bottom = self._landscape_band(page)
            x0 = (page.width - sum(plan.widths)) / 2
            if mark:
                page.marks.append(Mark(*mark, key=key, y=top))
            for row, tag in zip(heading, heading_tags):
                st = lay.style(row.style)
                top += st.space_before * lay.grid.pitch
                base = centred_baseline(top, st.lines * lay.grid.pitch, st.size)
                left = row.style == "attach-label"       # the label at the table's edge
                page.items.append(TextLine.placed(
                    row.line, x0 if left else (page.width - lay.body_width) / 2, base, "attach-title",
                    where=str(plan.table.where), tag=tag))
                top += (st.lines + st.space_after) * lay.grid.pitch
        else:
            top = flow.finish_region_for_block()
            bottom = lay.top + lay.body_height
            x0 = lay.left
        y = top
        y = self._lines(plan.captions, x0, y, lay.grid.size, "caption", plan, captions)
        header_h = sum(plan.heights[:plan.nheader])
        breaks = []
        first = True
        for a, b in plan.groups:
            h = sum(plan.heights[a:b])
            room = bottom - y - (header_h if first else 0)
            if h > room and not (first and y == top):
                if not first:
                    breaks.append(a - plan.nheader + 1)
                page = flow.new_page(landscape=plan.landscape)
                y = self._landscape_band(page)[0] if plan.landscape else lay.top
                first = True
            if first:
                y = self._rows(plan, 0, plan.nheader, x0, y)
                first = False
            if h > bottom - y:
                row = (list(plan.table.header) + list(plan.table.rows))[a]
                if b - a > 1:
                    raise TypesetError(f"rows joined by a merged cell are {h:.0f} pt tall, more "
                                       f"than a page holds ({bottom - y:.0f} pt below the header)",
                                       file=row.where.file, line=row.where.line,
                                       fix="split the merged cell or its text over fewer rows")
                y = self._split_row(plan, a, x0, y, bottom)
                continue
            y = self._rows(plan, a, b, x0, y)
        if plan.notes:
            y = self._lines(plan.notes, x0, y + t.pad_y, t.size, "note", plan, notes)
        if plan.landscape:
            flow.new_page()
        else:
            flow.continue_below(y)
        return tuple(breaks)

    def _split_row(self, plan: TablePlan, r: int, x0: float, y: float, bottom: float) -> float:
        """A single row taller than a page: its cells' lines go on in pieces, each piece on a
        page of its own under the repeated header. Returns the y below the last piece."""
        t, flow = self.t, self.flow
        done = 0
        most = max(len(c.lines) for c in plan.cells if c.row == r)
        while True:
            n = max(1, int((bottom - y - 2 * t.pad_y) // t.leading))
            part = [replace(c, lines=c.lines[done:done + n]) if c.row == r else c
                    for c in plan.cells]
            height = min(n, most - done) * t.leading + 2 * t.pad_y
            piece = replace(plan, cells=tuple(part),
                            heights=plan.heights[:r] + (height,) + plan.heights[r + 1:])
            y = self._rows(piece, r, r + 1, x0, y)
            done += n
            if done >= most:
                return y
            page = flow.new_page(landscape=plan.landscape)
            y = self._landscape_band(page)[0] if plan.landscape else self.lay.top
            y = self._rows(plan, 0, plan.nheader, x0, y)

    def _landscape_band(self, page) -> tuple[float, float]:
        """Top and bottom of the table on a landscape page: a line below the head's rule, a
        line above the folio."""
        lay = self.lay
        folio = lay.folio_y(page.height)
        return lay.head.rule_mm * MM + lay.grid.pitch, folio - 2 * lay.grid.pitch

    def _rows(self, plan: TablePlan, a: int, b: int, x0: float, y: float) -> float:
        t = self.t
        page = self.flow.page
        xs = [x0]
        for w in plan.widths:
            xs.append(xs[-1] + w)
        tops = {}
        yy = y
        for r in range(a, b):
            tops[r] = yy
            yy += plan.heights[r]
        repeat = self.header_done and a < plan.nheader
        for c in plan.cells:
            if not (a <= c.row < b):
                continue
            tag = ARTIFACT if repeat else self.cell_tags.get((c.row, c.col), ARTIFACT)
            h = sum(plan.heights[c.row:min(c.row + c.rowspan, b)])
            cx, cw = xs[c.col], xs[c.col + c.colspan] - xs[c.col]
            page.items.append(Box(cx, tops[c.row], cw, h, width=t.rule_width))
            inner = len(c.lines) * t.leading
            ty = tops[c.row] + (h - inner) / 2
            for k, ln in enumerate(c.lines):
                base = centred_baseline(ty + k * t.leading, t.leading, t.size)
                page.items.append(TextLine.placed(ln, cx + t.pad_x, base, "th" if c.header else "td",
                                                  where=c.where, block=c.row * 1000 + c.col,
                                                  tag=tag))
        if a < plan.nheader:
            self.header_done = True
        return yy

    def _lines(self, lines, x0, y, size, kind, plan, tags) -> float:
        page = self.flow.page
        lead = self.t.leading if kind == "note" else self.lay.grid.pitch
        for ln, tag in zip(lines, tags):
            page.items.append(TextLine.placed(ln, x0, centred_baseline(y, lead, size), kind,
                                              where=str(plan.table.where), tag=tag))
            y += lead
        return y


def _paragraph_tags(lines, tags: Tags, parent: int) -> list[int]:
    """A P for each paragraph among lines composed one paragraph after another (a paragraph's
    first line starts at offset 0)."""
    out = []
    for k, ln in enumerate(lines):
        if k == 0 or ln.start == 0:
            tag = tags.add("P", parent)
        out.append(tag)
    return out
