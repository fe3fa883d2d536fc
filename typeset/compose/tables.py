"""Tables composed: column widths from the content, every cell's lines, row heights, the row
groups that may not be split, decimal alignment, notes and captions. Layout paginates the plan."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from typeset.compose.data import Line
from typeset.compose.typesetter import Typesetter
from typeset.errors import TypesetError
from typeset.model import Table

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
ASCII_RUN = re.compile(r"[\x21-\x7e]+")


@dataclass(frozen=True)
class CellPlan:
    row: int                  # grid row (header rows first, then body rows)
    col: int
    rowspan: int
    colspan: int
    lines: tuple[Line, ...]
    header: bool
    where: str
    numeric: bool = False


@dataclass(frozen=True)
class TablePlan:
    table: Table
    widths: tuple[float, ...]
    heights: tuple[float, ...]      # per grid row
    cells: tuple[CellPlan, ...]
    nheader: int
    groups: tuple[tuple[int, int], ...]   # body row ranges [a, b) that may not be split
    landscape: bool
    notes: tuple[Line, ...]
    captions: tuple[Line, ...]


class TablePlanner:
    def __init__(self, ts: Typesetter):
        self.ts = ts
        self.lay = ts.layout
        self.t = ts.layout.table

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
            widths = _distribute(most, least, width)
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
                cells.append(CellPlan(ri, col, cell.rowspan, cell.colspan, tuple(lines), header,
                                      str(row.where), num))
        cells = self._align_decimals(cells, widths)
        heights = self._heights(table, rows, cells)
        note_lines = [ln for p in table.notes for ln in
                      self.ts.compose(self.ts.runs(p.spans, t.note_role, t.size), width,
                                      em=t.size, indent=0, align="justify")]
        caption_lines = [ln for p in table.caption for ln in
                         self.ts.compose(self.ts.runs(p.spans, t.note_role, self.lay.grid.size),
                                         width, em=self.lay.grid.size, indent=0, align="left")]
        return TablePlan(table, tuple(widths), tuple(heights), tuple(cells), len(table.header),
                         _groups(table, len(table.header)), landscape, tuple(note_lines),
                         tuple(caption_lines))

    def _heights(self, table, rows, cells) -> list[float]:
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

    def _align_decimals(self, cells: list[CellPlan], widths) -> list[CellPlan]:
        """Numbers in a column share the decimal point's x: each line shifted accordingly."""
        by_col: dict[int, list[int]] = {}
        for i, c in enumerate(cells):
            if c.numeric and len(c.lines) == 1:
                by_col.setdefault(c.col, []).append(i)
        out = list(cells)
        for col, group in by_col.items():
            def parts(c):
                ln = c.lines[0]
                text = "".join(r.text for r in ln.runs)
                xs = [x for r in ln.runs for x in r.xs]
                dot = text.find(".")
                left = (xs[dot] if dot >= 0 else ln.end) - xs[0]
                return ln, xs[0], left, ln.end - xs[0] - left
            info = [parts(cells[i]) for i in group]
            lmax = max(i[2] for i in info)
            rmax = max(i[3] for i in info)
            w = widths[col] - 2 * self.t.pad_x
            start = (w - (lmax + rmax)) / 2
            for i, (ln, x0, left, _) in zip(group, info):
                shifted = _shift(ln, start + (lmax - left) - x0)
                out[i] = replace(cells[i], lines=(shifted,))
        return out


def _distribute(most, least, width):
    if sum(most) <= width:
        extra = width - sum(most)
        total = sum(most)
        return [m + extra * m / total for m in most]
    room = width - sum(least)
    span = sum(m - l for m, l in zip(most, least)) or 1.0
    return [l + room * (m - l) / span for m, l in zip(most, least)]


def _groups(table, nheader) -> tuple[tuple[int, int], ...]:
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
    return tuple(groups)


def _shift(line, dx: float):
    runs = tuple(r._replace(xs=tuple(x + dx for x in r.xs)) for r in line.runs)
    return line._replace(runs=runs, end=line.end + dx)
