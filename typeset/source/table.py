"""Tables between @table and @end: rows of cells split by | (or a tab), ^ and < merges."""
from __future__ import annotations

from ..errors import TypesetError
from ..model import Cell, Paragraph, Row, Table, Where
from .inline import parse_inline

TABLE_DIRECTIVES = ("note", "caption", "form", "printed-break", "widths")


def split_cells(text: str) -> list[tuple[str, int]]:
    """Cells of a row line with their 1-based start columns; `\\|` is a literal bar."""
    cells, start, i = [], 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "|\t":
            cells.append((text[start:i], start))
            start = i + 1
        i += 1
    cells.append((text[start:], start))
    out = []
    for raw, begin in cells:
        stripped = raw.strip(" \u3000")
        lead = len(raw) - len(raw.lstrip(" \u3000"))
        out.append((stripped, begin + lead + 1))
    return out


class TableBuilder:
    def __init__(self, file: str, line: int):
        self.file, self.line = file, line
        self.grid: list[list[tuple[int, int] | None]] = []   # owner (row, col) of each position
        self.texts: dict[tuple[int, int], tuple[str, int]] = {}
        self.row_lines: list[int] = []
        self.row_breaks: list[bool] = []
        self.header_rows: int | None = None
        self.ncols = 0
        self.notes: list[Paragraph] = []
        self.caption: list[Paragraph] = []
        self.form = False
        self.pending_break = False
        self.widths: tuple[float, ...] = ()
        self.widths_line = 0

    def error(self, what: str, line: int, fix: str, column: int | None = None) -> TypesetError:
        return TypesetError(what, file=self.file, line=line, column=column, fix=fix)

    def separator(self, line: int) -> None:
        if self.header_rows is not None:
            raise self.error("a second --- line in one table", line, "keep one --- between header and body rows")
        if not self.grid:
            raise self.error("--- before any header row", line, "write the header rows first, then ---")
        self.header_rows = len(self.grid)

    def directive(self, word: str, rest: str, line: int, col: int) -> None:
        if word == "widths":
            parts = [p.strip() for p in rest.replace("|", " ").split()]
            try:
                widths = tuple(float(p) for p in parts)
            except ValueError:
                widths = ()
            if not widths or not all(0 < w < 1e6 for w in widths):
                raise self.error(f"@widths needs positive numbers, one per column: {rest!r}", line,
                                 "write e.g. @widths 2 | 16 | 8 (relative widths)", col)
            self.widths, self.widths_line = widths, line
        elif word == "form":
            self.form = True
        elif word == "printed-break":
            self.pending_break = True
        elif word == "note":
            spans, breaks = parse_inline(rest, self.file, line, col)
            self.notes.append(Paragraph("table-note", spans, Where(self.file, line), breaks))
        elif word == "caption":
            if self.grid:
                raise self.error("@caption after the table rows began", line,
                                 "put @caption lines right after @table, before the header")
            spans, breaks = parse_inline(rest, self.file, line, col)
            self.caption.append(Paragraph("table-caption", spans, Where(self.file, line), breaks))

    def row(self, text: str, line: int) -> None:
        if self.notes:
            raise self.error("a table row after @note", line, "put @note lines after the last row")
        printed = self.pending_break
        self.pending_break = False
        if text.startswith("{printed}"):
            printed, text = True, text[len("{printed}"):]
        cells = split_cells(text)
        r = len(self.grid)
        if r == 0:
            self.ncols = len(cells)
        elif len(cells) != self.ncols:
            raise self.error(f"ragged table row: expected {self.ncols} cells, got {len(cells)}", line,
                             f"give every row {self.ncols} cells separated by | (an empty cell is fine: `a |  | c`;"
                             " write ^ or < for a merged cell)")
        owners: list[tuple[int, int] | None] = []
        for c, (cell, col) in enumerate(cells):
            if cell == "^":
                if r == 0 or (self.header_rows is not None and r == self.header_rows):
                    where = "the first row" if r == 0 else "the first body row (merges cannot cross ---)"
                    raise self.error(f"merge ^ in {where}: there is no cell above", line,
                                     "write the cell's text, or merge with < instead", col)
                owners.append(self.grid[r - 1][c])
            elif cell == "<":
                if c == 0:
                    raise self.error("merge < in the first column: there is no cell to the left", line,
                                     "write the cell's text, or merge with ^ instead", col)
                owners.append(owners[c - 1])
            else:
                owners.append((r, c))
                self.texts[(r, c)] = (cell, col)
        self.grid.append(owners)
        self.row_lines.append(line)
        self.row_breaks.append(printed)

    def build(self, end_line: int) -> Table:
        if not self.grid:
            raise self.error("empty table: no rows between @table and @end", self.line,
                             "add rows (cells separated by |) or delete the @table … @end lines")
        if self.header_rows == len(self.grid):
            raise self.error("the table has header rows but no body rows after ---", self.line,
                             "add the body rows after --- (empty rows of a blank form too: `1 |  |  |`),"
                             " or delete the --- line")
        boxes: dict[tuple[int, int], list[int]] = {}
        for r, owners in enumerate(self.grid):
            for c, owner in enumerate(owners):
                box = boxes.setdefault(owner, [r, c, r, c])
                box[2], box[3] = max(box[2], r), max(box[3], c)
        for owner, (r0, c0, r1, c1) in boxes.items():
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if self.grid[r][c] != owner:
                        raise self.error("merged cell is not a rectangle", self.row_lines[r],
                                         "mark every position the merged cell covers with ^ (from above) or "
                                         "< (from the left)")
        split = self.header_rows or 0
        rows: list[Row] = []
        for r, owners in enumerate(self.grid):
            cells, columns = [], []
            for c, owner in enumerate(owners):
                if owner != (r, c):
                    continue
                r0, c0, r1, c1 = boxes[owner]
                text, col = self.texts[owner]
                spans, _ = parse_inline(text, self.file, self.row_lines[r], col)
                cells.append(Cell(spans, rowspan=r1 - r0 + 1, colspan=c1 - c0 + 1))
                columns.append(c)
            rows.append(Row(tuple(cells), tuple(columns), Where(self.file, self.row_lines[r]), self.row_breaks[r]))
        if self.pending_break:
            raise self.error("@printed-break after the last row", end_line, "move it before the row it precedes")
        if self.widths and len(self.widths) != self.ncols:
            raise self.error(f"@widths gives {len(self.widths)} widths for {self.ncols} columns",
                             self.widths_line, f"give exactly {self.ncols} numbers")
        return Table(header=tuple(rows[:split]), rows=tuple(rows[split:]), ncols=self.ncols,
                     where=Where(self.file, self.line), notes=tuple(self.notes), form=self.form,
                     caption=tuple(self.caption), widths=self.widths)
