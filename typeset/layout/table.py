"""Tables: column widths from content, cells set by the composer, rows paginated with the
header repeated on every page, spans, decimal alignment, blank form rows and notes."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from typeset.errors import TypesetError
from typeset.layout.boxes import Box, Mark, TextLine
from typeset.config import MM
from typeset.layout.flow import Flow, centred_baseline
from typeset.layout.inline import Typesetter
from typeset.model import Table

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
ASCII_RUN = re.compile(r"[\x21-\x7e]+")


@dataclass
class CellPlan:
    row: int                  # grid row (header rows first, then body rows)
    col: int
    rowspan: int
    colspan: int
    lines: list               # composed lines
    header: bool
    where: str
    numeric: bool = False


@dataclass
class TablePlan:
    table: Table
    widths: list[float]
    heights: list[float]      # per grid row
    cells: list[CellPlan]
    nheader: int
    groups: list[tuple[int, int]]   # body row ranges [a, b) that may not be split
    landscape: bool
    notes: list               # composed note lines
    captions: list


class TableSetter:
    def __init__(self, flow: Flow | None, ts: Typesetter):
        self.flow = flow              # None: plans only
        self.ts = ts
        self.lay = ts.layout
        self.t = ts.layout.table

    # -- measuring --------------------------------------------------------------
    def _runs(self, cell, header: bool):
        role = self.t.header_role if header else self.t.body_role
        return self.ts.runs(cell.spans, role, self.t.size)

    def _least(self, cell, total: float, header: bool) -> float:
        """The least width a cell may have, given its natural width `total`."""
        text = cell.text
        longest = max((len(m) for m in ASCII_RUN.findall(text)), default=0)
        unit = self.t.size
        keep = 2 if header else 4            # short names in body cells stay whole
        return max(min(len(text), keep) * unit, longest * unit * 0.55)

    def plan(self, table: Table, width: float, landscape_ok: bool = True) -> TablePlan:
        """Column widths, composed cells, row heights and unbreakable row groups."""
        t = self.t
        rows = list(table.header) + list(table.rows)
        n = table.ncols
        most = [0.0] * n
        least = [t.size] * n
        numeric = [True] * n
        measured = {}                        # (row, col) -> (runs, natural width)
        for ri, row in enumerate(rows):
            header = ri < len(table.header)
            for cell, col in zip(row.cells, row.columns):
                runs = self._runs(cell, header)
                total = self.ts.runs_width(runs)
                measured[ri, col] = runs, total
                if cell.colspan == 1:
                    most[col] = max(most[col], total)
                    least[col] = max(least[col], self._least(cell, total, header))
                if not header and cell.text.strip() and not NUMBER.match(cell.text.strip()):
                    numeric[col] = False
        pad = 2 * t.pad_x
        most = [m + pad for m in most]
        least = [m + pad for m in least]
        landscape = False
        if sum(least) > width:
            wide = self.lay.page_height - 2 * self.lay.left
            if landscape_ok and t.landscape and sum(least) <= wide:
                landscape, width = True, wide
            else:
                fits = wide if landscape_ok and t.landscape else width
                raise TypesetError(
                    f"the table needs {sum(least):.0f} pt but at most {fits:.0f} pt fit",
                    file=table.where.file, line=table.where.line,
                    fix="split the table or shorten its widest cells")
        if table.widths:
            total = sum(table.widths)
            widths = [width * w / total for w in table.widths]
        else:
            widths = self._distribute(most, least, width)
        cells = []
        for ri, row in enumerate(rows):
            header = ri < len(table.header)
            for cell, col in zip(row.cells, row.columns):
                w = sum(widths[col:col + cell.colspan]) - pad
                runs, total = measured[ri, col]
                num = (not header) and numeric[col] and bool(cell.text.strip())
                one = total <= w
                align = "center" if (header or one or num) else "justify"
                lines = self.ts.compose(runs, w, em=t.size, indent=0, align=align) if runs else []
                cells.append(CellPlan(ri, col, cell.rowspan, cell.colspan, lines, header,
                                      str(row.where), num))
        heights = self._heights(table, rows, cells)
        groups = self._groups(table, len(table.header))
        note_lines = [ln for p in table.notes for ln in
                      self.ts.compose(self.ts.runs(p.spans, t.note_role, t.size), width,
                                      em=t.size, indent=0, align="justify")]
        caption_lines = [ln for p in table.caption for ln in
                         self.ts.compose(self.ts.runs(p.spans, t.note_role, self.lay.grid.size),
                                         width, em=self.lay.grid.size, indent=0, align="left")]
        self._align_decimals(cells, widths)
        return TablePlan(table, widths, heights, cells, len(table.header), groups, landscape,
                         note_lines, caption_lines)

    @staticmethod
    def _distribute(most, least, width):
        if sum(most) <= width:
            extra = width - sum(most)
            total = sum(most)
            return [m + extra * m / total for m in most]
        room = width - sum(least)
        span = sum(m - l for m, l in zip(most, least)) or 1.0
        return [l + room * (m - l) / span for m, l in zip(most, least)]

    def _heights(self, table, rows, cells):
        t = self.t
        base = t.leading + 2 * t.pad_y
        heights = []
        for ri, row in enumerate(rows):
            empty = all(not c.text.strip() for c in row.cells)
            if table.form and empty and ri >= len(table.header):
                heights.append(max(t.form_row_height, base))
            else:
                heights.append(base)
        for c in cells:
            need = len(c.lines) * t.leading + 2 * t.pad_y
            if c.rowspan == 1:
                heights[c.row] = max(heights[c.row], need)
        for c in cells:
            if c.rowspan > 1:
                need = len(c.lines) * t.leading + 2 * t.pad_y
                have = sum(heights[c.row:c.row + c.rowspan])
                if need > have:
                    heights[c.row + c.rowspan - 1] += need - have
        return heights

    @staticmethod
    def _groups(table, nheader):
        """Body rows joined by row spans, as [a, b) ranges in grid-row numbers."""
        reach = {}
        for ri, row in enumerate(table.rows):
            g = nheader + ri
            reach[g] = max([g + 1] + [g + c.rowspan for c in row.cells])
        groups, a = [], nheader
        end = nheader + len(table.rows)
        while a < end:
            b = reach[a]
            k = a + 1
            while k < b:
                b = max(b, reach[k])
                k += 1
            groups.append((a, b))
            a = b
        return groups

    def _align_decimals(self, cells, widths):
        """Numbers in a column share the decimal point's x: shift each line accordingly."""
        by_col: dict[int, list[CellPlan]] = {}
        for c in cells:
            if c.numeric and c.lines and len(c.lines) == 1:
                by_col.setdefault(c.col, []).append(c)
        for col, group in by_col.items():
            def parts(c):
                ln = c.lines[0]
                text = "".join(r.text for r in ln.runs)
                xs = [x for r in ln.runs for x in r.xs]
                dot = text.find(".")
                left = (xs[dot] if dot >= 0 else ln.end) - xs[0]
                return ln, xs[0], left, ln.end - xs[0] - left
            info = [parts(c) for c in group]
            lmax = max(i[2] for i in info)
            rmax = max(i[3] for i in info)
            w = widths[col] - 2 * self.t.pad_x
            start = (w - (lmax + rmax)) / 2
            for c, (ln, x0, left, _) in zip(group, info):
                c.lines[0] = _shift(ln, start + (lmax - left) - x0)

    def height(self, plan: TablePlan) -> float:
        """The whole table's height on one page: captions, rows and notes."""
        return (len(plan.captions) * self.lay.grid.pitch + sum(plan.heights)
                + len(plan.notes) * self.t.leading + (self.t.pad_y if plan.notes else 0))

    # -- placing ----------------------------------------------------------------
    def place(self, plan: TablePlan, key: str, heading=(), mark=None) -> list[int]:
        """Draw the table through the flow; return the body row numbers (1-based) that begin
        a continuation page. A landscape table gets pages of its own, with `heading` (the
        attachment's label and title rows, (line, style) pairs) above it."""
        flow, t = self.flow, self.t
        lay = self.lay
        if plan.landscape:
            page = flow.landscape_page()
            top, bottom = self._landscape_band(page)
            x0 = (page.width - sum(plan.widths)) / 2
            if mark:
                page.marks.append(Mark(*mark, key=key, y=top))
            for ln, st in heading:
                top += st.space_before * lay.grid.pitch
                base = centred_baseline(top, st.lines * lay.grid.pitch, st.size)
                left = st is lay.style("attach-label")       # the label at the table's edge
                page.items.append(TextLine.placed(
                    ln, x0 if left else (page.width - lay.body_width) / 2, base, "attach-title",
                    where=str(plan.table.where)))
                top += (st.lines + st.space_after) * lay.grid.pitch
        else:
            top = flow.finish_region_for_block()
            bottom = lay.top + lay.body_height
            x0 = lay.left
        y = top
        y = self._lines(plan.captions, x0, y, lay.grid.size, "caption", plan)
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
            y = self._lines(plan.notes, x0, y + t.pad_y, t.size, "note", plan)
        if plan.landscape:
            flow.new_page()
        else:
            flow.continue_below(y)
        return breaks

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
            piece = replace(plan, cells=part,
                            heights=plan.heights[:r] + [height] + plan.heights[r + 1:])
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
        for c in plan.cells:
            if not (a <= c.row < b):
                continue
            h = sum(plan.heights[c.row:min(c.row + c.rowspan, b)])
            cx, cw = xs[c.col], xs[c.col + c.colspan] - xs[c.col]
            page.items.append(Box(cx, tops[c.row], cw, h, width=t.rule_width))
            inner = len(c.lines) * t.leading
            ty = tops[c.row] + (h - inner) / 2
            for k, ln in enumerate(c.lines):
                base = centred_baseline(ty + k * t.leading, t.leading, t.size)
                page.items.append(TextLine.placed(ln, cx + t.pad_x, base, "th" if c.header else "td",
                                                  where=c.where, block=c.row * 1000 + c.col))
        return yy

    def _lines(self, lines, x0, y, size, kind, plan) -> float:
        page = self.flow.page
        lead = self.t.leading if kind == "note" else self.lay.grid.pitch
        for ln in lines:
            page.items.append(TextLine.placed(ln, x0, centred_baseline(y, lead, size), kind,
                                              where=str(plan.table.where)))
            y += lead
        return y


def _shift(line, dx: float):
    runs = tuple(r._replace(xs=tuple(x + dx for x in r.xs)) for r in line.runs)
    return line._replace(runs=runs, end=line.end + dx)
