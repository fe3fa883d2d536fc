"""Table rows of a printed issue -> the source's @table lines.

The extracted text gives each row's cells (tabs) and nothing else: the header rows, the merged
cells, the repeated header rows where the print broke and the column widths are inferred here,
and every inference is written as a `# check:` line above the table."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .printed_pieces import Piece
from .printed_punct import full_width, unwrap

PAD = 2.0            # em: a printed cell's padding, as the widths are read from its text
TOTAL = re.compile(r"^(合计|小计|总计|共计)$")


def em(text: str) -> float:
    return sum(0.5 if unicodedata.east_asian_width(c) in "NaH" else 1.0 for c in text)


def escape_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


class TableRows:
    """The rows of one table, cleaned: wrap spaces out, punctuation full width."""

    def __init__(self, pieces: list[Piece], changes: Counter, keep_punctuation: bool):
        self.raw = [list(p.cells) for p in pieces]
        self.ncols = max(len(r) for r in self.raw)
        for r in self.raw:
            r += [""] * (self.ncols - len(r))
        fix = (lambda t: t) if keep_punctuation else (lambda t: full_width(t, changes))
        self.cells = [[fix(unwrap(c)) for c in r] for r in self.raw]
        self.gaps = [p.gap for p in pieces]
        self.pieces = pieces
        self.checks: list[str] = []

    def lines(self) -> list[str]:
        pdf = any(p.spans for p in self.pieces)
        nhead = self._header_count()
        head, body, breaks = self._drop_repeats(nhead)
        if not pdf:
            head = self._header_merges(head)
            body = self._body_merges(body)
        form = len(body) >= 2 and all(not c for r in body for c in r[1:]) and bool(body[0][0])
        widths = self._widths(pdf, breaks)
        out = [f"# check: {c}" for c in self.checks]
        if widths:
            out.append("@widths " + " | ".join(_num(w) for w in widths))
        if form:
            out.append("@form")
        out += [" | ".join(escape_cell(c) for c in r).rstrip() for r in head]
        out.append("---")
        for i, r in enumerate(body):
            if i in breaks:
                out.append("@printed-break")
            out.append(" | ".join(escape_cell(c) for c in r).rstrip())
        return out

    # header rows: the first row, and the rows right under it that leave the first cell empty
    def _header_count(self) -> int:
        if self.pieces[0].hint == "header":
            return sum(1 for p in self.pieces if p.hint == "header")
        n = 1
        while n < len(self.cells) - 1 and not self.cells[n][0] and self.cells[0][0]:
            n += 1
        return n

    def _drop_repeats(self, nhead):
        """Header rows printed again after a page break are dropped; the next row gets
        @printed-break. A blank line between rows (a page end in the extracted text) also marks one."""
        head = self.cells[:nhead]
        body, breaks = [], set()
        i = nhead
        while i < len(self.cells):
            if self.cells[i:i + nhead] == head:
                breaks.add(len(body))
                i += nhead
                continue
            if self.gaps[i] or self.pieces[i].hint == "break":
                breaks.add(len(body))
            body.append(self.cells[i])
            i += 1
        if nhead > 1 or breaks:
            self.checks.append(f"{nhead} header row(s); {len(breaks)} printed break(s) where the header was "
                               "printed again" if breaks else f"{nhead} header rows")
        return head, body, breaks

    def _header_merges(self, head):
        """Under a header cell, an empty cell is that cell continued down (^); an empty top cell
        over filled ones is the cell to its left continued (<)."""
        if len(head) < 2:
            return head
        head = [list(r) for r in head]
        merged = 0
        for c in range(self.ncols):
            for r in range(1, len(head)):
                if not head[r][c] and (head[r - 1][c] not in ("", "<")):
                    head[r][c] = "^"
                    merged += 1
            if c and not head[0][c] and any(head[r][c] for r in range(1, len(head))):
                head[0][c] = "<"
                merged += 1
        if merged:
            self.checks.append(f"header cells merged from their empty neighbours ({merged} ^ and <)")
        return head

    def _body_merges(self, body):
        """An empty cell under a group's label continues it (^) when the cells to its left do
        too; a column filled only in its first row by a long text spans all rows; an empty
        cell in an otherwise filled column continues the cell to its left (<); a 合计 cell spans
        the empty cells after it up to the first figure."""
        if len(body) < 2 or all(not c for r in body for c in r[1:]):
            return body
        body = [list(r) for r in body]
        filled = [sum(1 for r in body if r[c]) for c in range(self.ncols)]
        notes = []
        for r, row in enumerate(body):
            if TOTAL.match(row[0]):
                first = next((c for c in range(1, self.ncols) if row[c]), None)
                if first:
                    for c in range(1, first):
                        row[c] = "<"
                    notes.append(f"{row[0]} spans {first} columns")
        for c in range(self.ncols):
            one = filled[c] == 1 and body[0][c] and em(body[0][c]) > 2 * max(
                (em(x) for r in body for x in r[:c] + r[c + 1:]), default=0)
            empties = [r for r in range(len(body)) if not body[r][c] and not TOTAL.match(body[r][0])]
            for r in range(1, len(body)):
                row = body[r]
                if row[c] or TOTAL.match(row[0]):
                    continue
                if one:
                    row[c] = "^"
                elif body[r - 1][c] not in ("", "<") and all(x == "^" for x in row[:c]):
                    row[c] = "^"
                elif c and row[c - 1] not in ("", "^", "<") and len(empties) == 1:
                    row[c] = "<"
        n = sum(1 for r in body for x in r if x in ("^", "<"))
        if n:
            notes.append(f"{n} empty body cells taken as merged (^ continues the cell above, < the one to the left)")
            self.checks += notes
        return body

    def _widths(self, pdf: bool, breaks) -> tuple[float, ...]:
        """The printed column widths. A PDF gives them; the text gives a lower bound: a cell's
        longest printed line (a wrapped cell keeps a space where its line ended)."""
        if pdf:
            return next((p.widths for p in self.pieces if p.widths), ())
        if not breaks or not any(" " in c for r in self.raw[1:] for c in r):
            return ()
        out = []
        for c in range(self.ncols):
            cells = [full_width(r[c], Counter()) for r in self.raw if r[c]]
            wrapped = [x.split(" ")[0] for x in cells if " " in x]
            out.append(max((em(x) for x in wrapped or cells), default=1.0) + PAD)
        self.checks.append("column widths from each column's longest first printed line of a wrapped cell "
                           f"(or its longest cell) plus {PAD} em: compare with the print")
        return tuple(out)


def _num(w: float) -> str:
    return f"{w:.4f}".rstrip("0").rstrip(".")
