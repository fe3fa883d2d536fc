"""A walked Word table -> @table … @end: gridSpan -> <, vMerge -> ^, header rows before ---,
tblGrid widths -> @widths, captions above and notes below."""
from __future__ import annotations

from .text import escape, join_lines, render

FORM_ROWS = 3        # a blank form: at least this many body rows empty but for their first cell
EQUAL = 1.02         # grid columns this close are Word's equal split: no @widths


def cell_text(cell) -> tuple[str, bool]:
    """A cell's paragraphs as one line (Chinese joined without spaces); whether it had breaks."""
    lines = []
    for p in cell.paras:
        lines.extend(render(p.num and [(p.num, "")] + p.pieces or p.pieces, keep_breaks=True).split("\n"))
    lines = [x for x in lines if x.strip()]
    text = join_lines(lines)
    if text in ("^", "<"):
        text = "\\" + text if text == "^" else text + " "
    return text, len(lines) > 1


def grid_of(table) -> tuple[list[list[str]], int, int]:
    """Rows of cell texts with ^ and <; the number of joined cells; of padded rows."""
    rows: list[list[str]] = []
    joined = padded = 0
    for cells in table.rows:
        row: list[str] = []
        for cell in cells:
            if cell.vmerge == "continue":
                row.extend(["^"] * cell.span)
                continue
            text, broke = cell_text(cell)
            joined += broke
            row.append(text)
            row.extend(["<"] * (cell.span - 1))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        if len(r) < width:
            padded += 1
            r.extend([""] * (width - len(r)))
    # a ^ with nothing above it (a vMerge that starts nowhere) is an empty cell
    for i, r in enumerate(rows):
        for c, text in enumerate(r):
            if text == "^" and i == 0:
                r[c] = ""
            if text == "<" and c == 0:
                r[c] = ""
    return rows, joined, padded


def header_count(table, rows) -> tuple[int, bool]:
    """Rows marked w:tblHeader at the top; else the first row and the rows merged into it
    from above (a guess)."""
    n = 0
    while n < len(table.header) and table.header[n]:
        n += 1
    if n:
        return n, False
    n = 1
    while n < len(rows) and any(t == "^" for t in rows[n]):
        n += 1
    return min(n, len(rows)), True


def is_form(body) -> bool:
    empty = [r for r in body if len(r) > 1 and all(t in ("", "^", "<") for t in r[1:])]
    return len(empty) >= FORM_ROWS and len(empty) * 2 >= len(body)


def widths_of(table, ncols: int) -> str:
    grid = table.grid
    if len(grid) != ncols or min(grid, default=0) <= 0:
        return ""
    if max(grid) / min(grid) <= EQUAL:
        return ""
    return " | ".join(f"{w / 56.6929:.1f}".rstrip("0").rstrip(".") for w in grid)


def emit_table(out, table, captions, notes) -> None:
    rows, joined, padded = grid_of(table)
    if not rows or not rows[0]:
        return
    head, guessed = header_count(table, rows)
    body = rows[head:]
    cut = 0
    for r in body[:1]:
        for c, t in enumerate(r):
            if t == "^":               # a merge across the header line: the parser refuses it
                r[c] = ""
                cut += 1
    out.blank()
    out.line("@table")
    for cap in captions:
        out.check("a line right above the table, read as its caption")
        out.line(f"@caption {cap}")
    if is_form(body):
        out.check("most body rows are empty: read as a blank form (@form)")
        out.line("@form")
    widths = widths_of(table, len(rows[0]))
    if widths:
        out.line(f"@widths {widths}")
    if guessed:
        out.check(f"the Word table marks no repeated header row: the first {head} row(s) taken as the header")
    if joined:
        out.check(f"line breaks inside {joined} cell(s) joined into one line each")
    if padded:
        out.check(f"{padded} short row(s) filled with empty cells at the end")
    if cut:
        out.check("a merged cell crossed the header line: its body part is written as an empty cell")
    for n, r in enumerate(rows):
        if n == head and head < len(rows):
            out.line("---")
        line = " | ".join(r).rstrip()
        if line.startswith(("#", "@", "-")):
            line = "\\" + line
        out.line(line)
    for note in notes:
        out.line(f"@note {note}")
    out.line("@end")
    out.blank()


__all__ = ["emit_table", "cell_text", "escape"]
