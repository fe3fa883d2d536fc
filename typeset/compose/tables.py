"""Tables composed: column widths from the content, every cell's lines, row heights, the row
groups that may not be split, decimal alignment, notes and captions. Layout paginates the plan."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from typeset.compose import classes as C
from typeset.compose.data import Line
from typeset.compose.spans import split_spans
from typeset.compose.titles import fill_title
from typeset.compose.typesetter import Typesetter
from typeset.errors import TypesetError
from typeset.model import Table

# A number cell (aligned on its decimal point): 12, -3.5, 1,234.56, 12.5%; a placeholder (—, /)
# in a column of numbers leaves it numeric and is centred.
NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[%‰]?$")
PLACEHOLDER = frozenset(("—", "——", "-", "－", "/", "／", "…"))
# Units a cell line never breaks inside: dates, numbers with their unit, ranges, 文号, Latin words.
UNITS = re.compile(
    r"[\u4e00-\u9fff]{0,6}〔\d{4}〕\d+号"
    r"|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:[—–\-～至]\d{0,4}年?(?:\d{1,2}月(?:\d{1,2}日)?)?)?"
    r"|\d{1,2}月(?:\d{1,2}日)?"
    r"|[-+]?\d+(?:[.,]\d+)*(?:[—–\-～]\d+(?:[.,]\d+)*)?[%‰]?"
    r"|[A-Za-z][A-Za-z0-9.\-_/@]*"
    r"|（[^（）]{0,3}[亩元米吨个座所人户株斤方项次%]+[^（）]{0,2}）")                        # a unit in brackets: （亩）, （万元）
MIXED = re.compile(r"(?<=[\u4e00-\u9fff])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[\u4e00-\u9fff])")
SHORT_WORD = 4           # a body cell of at most this many characters stays whole (乡镇, 树种)


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
    def __init__(self, ts: Typesetter, seg=None):
        self.ts = ts
        self.lay = ts.layout
        self.t = ts.layout.table
        self.seg = seg              # the title breaker's segmenter (a callable), for captions

    def _caption(self, p, width: float) -> list[Line]:
        """A caption's lines, broken between words as titles are."""
        t, size = self.t, self.lay.grid.size
        parts = [p.text]
        if self.seg is not None:
            parts = fill_title(p.text, lambda s: self.ts.width_of(s, t.note_role, size), width,
                               self.seg) or [p.text]
        lines, spans = [], p.spans
        for part in parts:
            head, spans = split_spans(spans, len(part))
            lines += self.ts.compose(self.ts.runs(head, t.note_role, size), width, em=size,
                                     indent=0, align="left")
        return lines

    def _runs(self, cell, header: bool):
        role = self.t.header_role if header else self.t.body_role
        return self.ts.runs(cell.spans, role, self.t.size)

    def _natural(self, runs) -> float:
        """The width of runs set on one line, with the composer's Han–Latin gaps, in pt."""
        text = "".join(r.text for r in runs)
        gaps = len(MIXED.findall(text))
        return self.ts.runs_width(runs) + gaps * C.MIXED_GAP * self.t.size

    def _least(self, cell, runs, total: float, header: bool) -> float:
        """The least width a cell may have: its widest unit that must not break (a date, a
        number, a 文号, a Latin word; a short body cell whole), never less than a character."""
        text = cell.text.strip()
        if not header and len(text) <= SHORT_WORD:
            return total
        role = self.t.header_role if header else self.t.body_role
        widest = max((self._natural(self.ts.text_runs(m.group(), role, self.t.size))
                      for m in UNITS.finditer(text)), default=0.0)
        return max(widest, self.t.size * min(len(text), 2))     # a two-character word

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
                total = self._natural(runs)
                measured[ri, col] = runs, total
                if cell.colspan == 1:
                    most[col] = max(most[col], total)
                    least[col] = max(least[col], self._least(cell, runs, total, header))
                text = cell.text.strip()
                if not header and text and text not in PLACEHOLDER and not NUMBER.match(text):
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
            widths = self._distribute(rows, measured, least, most, width, pad)
        cells = []
        for ri, row in enumerate(rows):
            header = ri < len(table.header)
            for cell, col in zip(row.cells, row.columns):
                w = sum(widths[col:col + cell.colspan]) - pad
                runs, total = measured[ri, col]
                num = (not header) and numeric[col] and bool(NUMBER.match(cell.text.strip()))
                one = total <= w
                align = "center" if (header or one or num) else "justify"
                lines = self.ts.compose(runs, w, em=t.size, indent=0, align=align) if runs else []
                if align == "justify" and any(ln.stretch > self.lay.grid.max_stretch
                                              for ln in lines):
                    # not stretched across the cell: set left instead
                    lines = self.ts.compose(runs, w, em=t.size, indent=0, align="left")
                if header and len(lines) > 1:
                    lines = self._header_words(cell.text.strip(), runs, w, lines)
                cells.append(CellPlan(ri, col, cell.rowspan, cell.colspan, tuple(lines), header,
                                      str(row.where), num))
        cells = self._align_decimals(cells, widths)
        heights = self._heights(table, rows, cells)
        note_lines = [ln for p in table.notes for ln in
                      self.ts.compose(self.ts.runs(p.spans, t.note_role, t.size), width,
                                      em=t.size, indent=0, align="justify")]
        caption_lines = [ln for p in table.caption for ln in self._caption(p, width)]
        return TablePlan(table, tuple(widths), tuple(heights), tuple(cells), len(table.header),
                         _groups(table, len(table.header)), landscape, tuple(note_lines),
                         tuple(caption_lines))

    def _header_words(self, text: str, runs, w: float, lines: list[Line]) -> list[Line]:
        """A wrapped header cell broken between words (村数 / （个）, not 村 / 数（个）) when
        that takes no more lines (the row keeps its height)."""
        if self.seg is None or not text or len(runs) != 1:
            return lines
        t = self.t
        width = lambda s: self.ts.width_of(s, t.header_role, t.size)   # noqa: E731
        parts = fill_title(text, width, w, self.seg)
        seg = self.seg()
        k, cuts = 0, []
        for part in parts[:-1]:
            k += len(part)
            cuts.append(k)
        if len(parts) > len(lines) or any(seg.inside_word(text, c) for c in cuts) \
                or "".join(parts) != text:
            return lines
        out = []
        for part in parts:
            out += self.ts.compose(self.ts.text_runs(part, t.header_role, t.size), w, em=t.size,
                                   indent=0, align="center")
        if len(out) != len(parts):
            return lines
        at = 0
        for i, ln in enumerate(out):                  # offsets in the cell's text
            out[i] = ln._replace(start=at, stop=at + len(parts[i]), last=i == len(out) - 1)
            at += len(parts[i])
        return out

    def _distribute(self, rows, measured, least, most, width, pad) -> list[float]:
        if sum(most) <= width:
            return _distribute(most, least, width)       # everything on one line: as before
        return _fill(rows, measured, least, most, width, pad)

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
                if dot < 0:                     # an integer: its last digit before the point
                    dot = max(i for i, ch in enumerate(text) if ch.isdigit()) + 1
                left = (xs[dot] if dot < len(xs) else ln.end) - xs[0]
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


def _lines(total: float, w: float) -> int:
    """Lines a cell of natural width `total` takes at inner width w (an estimate)."""
    return max(1, math.ceil(total / w - 1e-6)) if w > 0 else 10 ** 6


def _fill(rows, measured, least, most, width, pad) -> list[float]:
    """Column widths from the least ones: the room left goes, a step at a time, where it
    takes the most lines off the table (the rows' heights in lines, header included); what no
    step shortens is spread in proportion to the columns' natural widths."""
    widths = list(least)
    cells = [(ri, col, measured[ri, col][1], cell.rowspan) for ri, row in enumerate(rows)
             for cell, col in zip(row.cells, row.columns) if cell.colspan == 1]
    nrows = len(rows)

    def height(ws):
        lines = [1] * nrows
        for ri, c, t, span in cells:
            if span == 1:
                lines[ri] = max(lines[ri], _lines(t, ws[c] - pad))
        for ri, c, t, span in cells:             # a merged cell: its rows together
            if span > 1:
                need = _lines(t, ws[c] - pad) - sum(lines[ri:ri + span])
                if need > 0:
                    lines[min(ri + span, nrows) - 1] += need
        return sum(lines)

    room = width - sum(widths)
    current = height(widths)
    by_row: dict[int, list[tuple[int, float]]] = {}
    for ri, c, t, span in cells:
        if span == 1:
            by_row.setdefault(ri, []).append((c, t))
    while room > 1e-6:
        # each step takes a line off one row: every cell of the row wider than one line less
        best, seen = None, set()
        for row in by_row.values():
            k = max(_lines(t, widths[c] - pad) for c, t in row) - 1
            if k < 1:
                continue
            need: dict[int, float] = {}
            for c, t in row:
                if _lines(t, widths[c] - pad) > k:
                    need[c] = max(need.get(c, 0.0), t / k + pad - widths[c] + 1e-6)
            key = tuple(sorted(need.items()))
            cost = sum(need.values())
            if key in seen or cost > room:
                continue
            seen.add(key)
            trial = [w + need.get(c, 0.0) for c, w in enumerate(widths)]
            gain = current - height(trial)
            if gain > 0 and (best is None or gain / cost > best[0]):
                best = (gain / cost, trial, cost)
        if best is None:
            break
        _, widths, cost = best
        room -= cost
        current = height(widths)
    if room > 1e-6:
        want = [max(m - w, 0.0) for m, w in zip(most, widths)]
        share = want if sum(want) > 1e-6 else widths
        total = sum(share)
        widths = [w + room * s / total for w, s in zip(widths, share)]
    return widths


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
