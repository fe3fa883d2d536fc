"""The pages of a printed issue's PDF (printed_pdf) -> pieces (printed_pieces), in reading order.

Each page: the head above its rule and the folio at its foot are left out; the drawn rectangles
are table cells; the other characters make lines (a smaller character off the baseline is a
sub- or superscript, an underline between characters a blank). A line that crosses the middle of
the text frame, or a title's larger type, runs across both columns and divides the page into
bands; in a band the left column is read before the right. Within a column a paragraph goes on
while a line is full and the next starts at the column's left edge; an indent or a short line
ends it. A paragraph that goes on in the next column or page is a new piece with `cont`."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from .printed_pdf import Char, Page
from .printed_pieces import Piece

FOLIO = re.compile(r"^[—–\-\s]*\d{1,4}[—–\-\s]*$")
LEADERS = re.compile(r"\s*[.·…]{3,}\s*(?=\d+$)")          # a 目录 entry's leader dots
TOC_END = re.compile(r"\s\d{1,4}$")
LABEL = re.compile(r"^附件\s*\d*$")
END = re.compile(r"^(\d{4}年\d{1,2}月\d{1,2}日|[（(]此件.{1,8}[）)])$")
NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,10}〔\d{4}〕\d+号$")
NOTE = re.compile(r"^附件\s*[:：]")         # 附件说明, whose wrapped lines hang under the name
NOTE_ITEM = re.compile(r"^\d{1,3}[.．]")
TITLE_SIZE = 1.25          # a title's type is this much larger than the body's
MM = 25.4 / 72


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    base: float
    top: float
    bottom: float
    size: float
    page: int
    col: int = -1              # -1 across the frame, 0 left, 1 right
    left: float = 0.0          # the edges of the column (or frame) it stands in
    right: float = 0.0

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def make_lines(chars: list[Char], rules, page: int) -> list[Line]:
    """Characters in the order the PDF draws them -> lines."""
    groups: list[list[Char]] = []
    for c in chars:
        g = groups[-1] if groups else None
        if g is not None and _joins(g, c, rules):
            g.append(c)
        else:
            groups.append([c])
    out = []
    for g in groups:
        line = _line(g, rules, page)
        if line.text.strip():
            line.text = LEADERS.sub(" ", line.text).strip()
            out.append(line)
    return out


def _main(g: list[Char]) -> Char:
    size = max(c.size for c in g)
    return next(c for c in g if c.size == size)


def _blank(rules, a: float, b: float, base: float, size: float):
    return next((r for r in rules if r[0] >= a - 1.5 and r[1] <= b + 1.5 and r[1] - r[0] > size
                 and base - 1 <= r[2] <= base + 0.45 * size), None)


def _joins(g: list[Char], c: Char, rules) -> bool:
    main, last = _main(g), g[-1]
    size = main.size
    dx = c.x - last.right
    if dx < -0.5 * size:
        return False
    if dx > 1.6 * size and not _blank(rules, last.right, c.x, main.base, size):
        return False
    if abs(c.base - main.base) <= 0.15 * size and abs(c.size - size) <= 0.2 * size:
        return True
    if c.size < 0.85 * size and abs(c.base - main.base) < 0.6 * size:
        return True                         # a sub- or superscript
    if last.size < 0.85 * c.size and abs(c.base - main.base) < 0.6 * c.size and c.size > size:
        return True                         # the line began with a smaller character
    return False


def _underscores(rule, before: float, after: float, size: float) -> str:
    """A blank as the source writes it: an underscore a half em, with the spaces around it."""
    blank = "_" * max(3, round((rule[1] - rule[0]) / (size / 2)))
    return (" " if rule[0] - before > 0.15 * size else "") + blank + (" " if after - rule[1] > 0.15 * size else "")


def _line(g: list[Char], rules, page: int) -> Line:
    main = _main(g)
    size, base = main.size, main.base
    ink = [c for c in g if not c.ch.isspace()] or g
    x0, x1 = min(c.x for c in ink), max(c.right for c in ink)
    out, mark, prev = [], None, None
    for c in g:
        kind = None
        if c.size < 0.85 * size and abs(c.base - base) > 0.08 * size:
            kind = "_" if c.base > base else "^"
        if prev is not None:
            gap = c.x - prev.right
            blank = _blank(rules, prev.right, c.x, base, size) if gap > 0.8 * size else None
            if blank:
                if mark:
                    out.append("}")
                    mark = None
                out.append(_underscores(blank, prev.right, c.x, size))
            elif not prev.ch.isspace() and not c.ch.isspace() and (
                    (gap > 0.6 * size and (gap > 0.9 * size or _alnum(prev.ch) or _alnum(c.ch)))
                    or (gap > 0.2 * size and _han(prev.ch) and _han(c.ch))):
                out.append(" ")             # a space (Han characters stand close, even justified)
        if kind != mark:
            if mark:
                out.append("}")
            if kind:
                out.append(kind + "{")
            mark = kind
        out.append(" " if c.ch == "\u3000" or c.ch.isspace() else c.ch)
        prev = c
    if mark:
        out.append("}")
    end = next((r for r in rules if x1 - 1.5 <= r[0] <= x1 + size and r[1] - r[0] > size
                and base - 1 <= r[2] <= base + 0.45 * size), None)
    if end:                                 # a blank that ends the line
        out.append(_underscores(end, x1, end[1], size))
        x1 = end[1]
    text = re.sub(r" {2,}", " ", "".join(out))
    return Line(text, x0, x1, base, min(c.top for c in ink), max(c.bottom for c in ink), size, page)


# -- tables -----------------------------------------------------------------------------------
@dataclass
class Grid:
    """One table on one page: its cells on the grid their edges make."""
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    xs: list[float]
    rows: list[list[tuple[str, int, int]]]     # per grid row: (text, rowspan, colspan) of the cells starting there
    starts: list[list[int]]                    # their grid columns
    fonts: list[set[str]]                      # the fonts of each row's characters
    used: list[float]                          # per column: its widest line of text (one-column cells)


def _edges(values: list[float]) -> list[float]:
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= 1.0:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def _near(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def tables(page: Page) -> tuple[list[Grid], list[Char]]:
    """The page's tables (rectangles that touch make one) and the characters outside them."""
    boxes = sorted(page.boxes, key=lambda b: (b[1], b[0]))
    group = list(range(len(boxes)))

    def find(i):
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            if b[1] > a[3] + 1.5:
                break
            if b[0] <= a[2] + 1.5 and a[0] <= b[2] + 1.5:
                group[find(j)] = find(i)
    clusters: dict[int, list] = {}
    for i, b in enumerate(boxes):
        clusters.setdefault(find(i), []).append(b)
    inside: set[int] = set()
    grids = []
    for cells in clusters.values():
        xs = _edges([b[0] for b in cells] + [b[2] for b in cells])
        ys = _edges([b[1] for b in cells] + [b[3] for b in cells])
        rows = [[] for _ in ys[:-1]]
        starts = [[] for _ in ys[:-1]]
        fonts = [set() for _ in ys[:-1]]
        used = [0.0] * (len(xs) - 1)
        for b in sorted(cells, key=lambda b: (b[1], b[0])):
            r0, r1, c0, c1 = _near(ys, b[1]), _near(ys, b[3]), _near(xs, b[0]), _near(xs, b[2])
            if r1 <= r0 or c1 <= c0:
                continue
            mine = [k for k, ch in enumerate(page.chars) if k not in inside
                    and b[0] <= (ch.x + ch.right) / 2 <= b[2] and b[1] <= ch.base - ch.size * 0.3 <= b[3]]
            inside.update(mine)
            chars = [page.chars[k] for k in mine]
            lines = make_lines(chars, page.rules, page.index)
            text = " ".join(ln.text for ln in lines)
            if c1 - c0 == 1 and lines:
                used[c0] = max(used[c0], max(ln.x1 - ln.x0 for ln in lines))
            rows[r0].append((text, r1 - r0, c1 - c0))
            starts[r0].append(c0)
            fonts[r0].update(ch.font for ch in chars)
        grids.append(Grid(page.index, ys[0], ys[-1], xs[0], xs[-1], xs, rows, starts, fonts, used))
    rest = [ch for k, ch in enumerate(page.chars) if k not in inside]
    return sorted(grids, key=lambda g: g.top), rest


def full_rows(grid: Grid) -> list[tuple[tuple[str, ...], tuple[tuple[int, int], ...], tuple[int, ...]]]:
    """Each grid row as source cells: the text of a cell that starts there, ^ under a cell from
    above, < right of a cell from the left; with the (rowspan, colspan) and column of each."""
    n = len(grid.xs) - 1
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r, (row, starts) in enumerate(zip(grid.rows, grid.starts)):
        for (_, rs, cs), c in zip(row, starts):
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    owner[(rr, cc)] = (r, c)
    out = []
    for r, (row, starts) in enumerate(zip(grid.rows, grid.starts)):
        text = {c: t for (t, _, _), c in zip(row, starts)}
        cells = []
        for c in range(n):
            o = owner.get((r, c))
            cells.append(text.get(c, "") if o == (r, c) or o is None else ("<" if o[1] < c else "^"))
        out.append((tuple(cells), tuple((rs, cs) for _, rs, cs in row), tuple(starts)))
    return out


def widths(xs: list[float], used: list[float]) -> tuple[float, ...]:
    """The printed column widths in pt, to 0.001 pt. A column whose text the print fitted exactly
    must not come back narrower: each is rounded up by at least 0.0005 pt, and the column with
    the most room beside its widest line (the tightest column's room is the cells' padding)
    gives it back, so that the widths still add up to the table's."""
    exact = [b - a for a, b in zip(xs, xs[1:])]
    out = [math.ceil(w * 10000 + 0.5) / 10000 for w in exact]
    room = [w - u for w, u in zip(exact, used)]
    pad = min((r for r, u in zip(room, used) if u), default=0.0)
    best = max(range(len(room)), key=lambda i: room[i])
    if room[best] - pad > 0.05:
        out[best] = round(sum(exact) - sum(w for i, w in enumerate(out) if i != best), 4)
    return tuple(out)


def header_rows(grid: Grid) -> int:
    """The header: the first rows, set in another font than the last row (at least one row),
    and as many more as its cells span down."""
    last = grid.fonts[-1]
    n = 0
    while n < len(grid.rows) - 1 and grid.fonts[n] and last and not (grid.fonts[n] & last):
        n += 1
    n = max(n, 1)
    while n < len(grid.rows) and any(r + rs > n for r in range(n) for _, rs, _ in grid.rows[r]):
        n += 1
    return n


# -- pages -> elements in reading order -> pieces ---------------------------------------------
@dataclass
class Frame:
    left: float
    right: float
    columns: tuple[tuple[float, float], ...]     # (left, right) of each column

    @property
    def middle(self) -> float:
        return (self.left + self.right) / 2


def _mode(values, default: float) -> float:
    c = Counter(round(v * 2) / 2 for v in values)
    return c.most_common(1)[0][0] if c else default


class Flow:
    def __init__(self, pages: list[Page]):
        self.pages = pages
        self.note = False           # the last piece is a 附件说明 line or item
        self.items: list[tuple[Page, list[Line], list[Grid]]] = []
        for page in pages:
            grids, rest = tables(page)
            lines = self._furniture(page, make_lines(rest, page.rules, page.index))
            self.items.append((page, lines, grids))
        sizes = Counter()
        for _, lines, _ in self.items:
            for ln in lines:
                sizes[ln.size] += len(ln.text)
        self.size = sizes.most_common(1)[0][0] if sizes else 10.0
        portrait = [ln for page, lines, _ in self.items if not page.landscape for ln in lines
                    if abs(ln.size - self.size) < 0.05]
        heads = [(r[0], r[1]) for page in pages if not page.landscape for r in self._head_rules(page)]
        self.body_lines = [ln for page, lines, _ in self.items if not page.landscape
                           and self.headed(page) for ln in lines if abs(ln.size - self.size) < 0.05]
        self.frame = self._frame(portrait, Counter(heads).most_common(1)[0][0] if heads else None)
        self.pitch = _mode([b.base - a.base for _, lines, _ in self.items for a, b in zip(lines, lines[1:])
                            if 0.8 * self.size < b.base - a.base < 3 * self.size and abs(a.x0 - b.x0) < 3 * self.size],
                           1.5 * self.size)
        self.bottom = max((ln.base for page, lines, _ in self.items if self.headed(page) for ln in lines), default=0)

    @staticmethod
    def _head_rules(page: Page):
        return [r for r in page.rules if r[1] - r[0] > 0.6 * page.width and r[2] < 0.2 * page.height]

    def headed(self, page: Page) -> bool:
        return bool(self._head_rules(page))

    def _furniture(self, page: Page, lines: list[Line]) -> list[Line]:
        """Without the head (above a rule across the page near its top) and the folio."""
        heads = [r[2] for r in self._head_rules(page)]
        head = min(heads) if heads else None
        return [ln for ln in lines if not (head is not None and ln.bottom <= head + 1)
                and not (ln.top > 0.88 * page.height and FOLIO.match(ln.text))]

    def _frame(self, lines: list[Line], head) -> Frame:
        """The text frame (as wide as the head rule, or as the body's lines) and its columns."""
        if not lines:
            return Frame(0, 0, ())
        left, right = head or (min(ln.x0 for ln in lines), max(ln.x1 for ln in lines))
        mid = (left + right) / 2
        lefts = [ln for ln in lines if ln.x1 < mid]
        rights = [ln for ln in lines if ln.x0 > mid]
        if lefts and not rights and not any(ln.x0 < mid < ln.x1 for ln in self.body_lines):
            # every line in the left column (short documents kept whole): the right one mirrors it
            width = max(ln.x1 for ln in lefts) - left
            return Frame(left, right, ((left, left + width), (right - width, right)))
        if not rights or not lefts:
            return Frame(left, right, ((left, right),))
        return Frame(left, right, ((left, max(ln.x1 for ln in lefts)), (min(ln.x0 for ln in rights), right)))

    # one page's elements: ("line", Line) / ("table", Grid) / ("picture", box), in reading order
    def elements(self, page: Page, lines: list[Line], grids: list[Grid]) -> list[tuple]:
        frame = self.frame
        if page.landscape or not frame.columns:
            xs = [ln.x0 for ln in lines] + [g.x0 for g in grids]
            ys = [ln.x1 for ln in lines] + [g.x1 for g in grids]
            frame = Frame(min(xs, default=0), max(ys, default=page.width), ())
            frame.columns = ((frame.left, frame.right),)
        mid, size = frame.middle, self.size
        wide, cols = [], []
        titles = [ln.top for ln in lines if ln.size >= TITLE_SIZE * size]
        above = None                # the line across the frame just above, if it was full
        for ln in sorted(lines, key=lambda ln: ln.top):
            # the rest of a line across the frame that was full (a table's note) goes on across it
            goes_on = (above is not None and ln.x0 < frame.left + 0.5 * size
                       and 0 < ln.base - above.base < 1.6 * self.pitch and ln.size == above.size)
            # an attachment's label stands above its title, whatever column it is printed in
            big = ln.size >= TITLE_SIZE * size or (LABEL.match(ln.text) and any(
                0 < t - ln.bottom < 4 * self.pitch for t in titles))
            centred = abs(ln.centre - mid) < size and ln.x0 > frame.left + 2 * size
            if len(frame.columns) == 1 or big or centred or goes_on or (ln.x0 < mid - 0.5 * size < mid + 0.5 * size < ln.x1):
                ln.col, ln.left, ln.right = -1, frame.left, frame.right
                wide.append((ln.top, ln.bottom, ("line", ln)))
                above = ln if ln.x1 >= frame.right - size and not TOC_END.search(ln.text) else None
            else:
                ln.col = 0 if ln.x1 <= mid + 0.5 * size else 1
                ln.left, ln.right = frame.columns[ln.col]
                cols.append(ln)
                above = None
        wide += [(g.top, g.bottom, ("table", g)) for g in grids]
        wide += [(b[1], b[3], ("picture", b)) for b in page.pictures if b[2] - b[0] > 2 and b[3] - b[1] > 2]
        wide.sort(key=lambda w: w[0])
        out, upper = [], -1.0
        for top, bottom, item in wide + [(page.height + 1, page.height + 1, None)]:
            band = [ln for ln in cols if upper <= ln.base < top]
            out += [("line", ln) for ln in self._band(band)]
            if item:
                out.append(item)
            upper = max(upper, bottom)
        return out

    def _band(self, band: list[Line]) -> list[Line]:
        return sorted(band, key=lambda ln: (ln.col, ln.base))

    # elements -> pieces
    def pieces(self) -> list[Piece]:
        out: list[Piece] = []
        prev = None                 # the last element, ("line", Line) or ("table", Grid, header texts)
        pages = [(page, self.elements(page, lines, grids)) for page, lines, grids in self.items]
        pictures = 0
        for k, (page, elements) in enumerate(pages):
            first = True
            skip = None
            for n, el in enumerate(elements):
                if el[0] == "line" and el[1] is not skip:
                    prev = self._line(out, el[1], prev, first)
                elif el[0] == "table":
                    prev = self._table(out, el[1], prev, first)
                elif el[0] == "picture":
                    pictures += 1
                    x0, y0, x1, y1, png = el[1]
                    arg = f"images/picture-{pictures}.png width={_num((x1 - x0) * MM)}mm"
                    nxt = elements[n + 1][1] if n + 1 < len(elements) and elements[n + 1][0] == "line" else None
                    if nxt is not None and nxt.col < 0 and abs(nxt.centre - (x0 + x1) / 2) < nxt.size \
                            and 0 <= nxt.top - y1 < 2 * self.pitch and nxt.size < self.size:
                        arg += f" caption={nxt.text}"        # the line under it in smaller type
                        skip = nxt
                    out.append(Piece(arg, page.index + 1, hint="picture", data=png))
                    prev = el
                first = False
            if k + 1 < len(pages) and self._broken(page, elements, pages[k + 1]):
                out.append(Piece("", page.index + 1, hint="pagebreak"))
                prev = None
        return out

    def _broken(self, page: Page, elements, following) -> bool:
        """The page ends well above the foot of the text, and the next page goes on with the same
        document (a @pagebreak in its source)."""
        nxt, after = following
        if not (self.headed(page) and self.headed(nxt)) or not elements or not after:
            return False
        lines = [e[1] for e in elements if e[0] == "line"]
        if not lines or max(ln.base for ln in lines) > self.bottom - 4 * self.pitch or elements[-1][0] != "line":
            return False
        head = after[0]
        if head[0] != "line" or LABEL.match(head[1].text):
            return False
        if head[1].size >= TITLE_SIZE * self.size:
            nxt_lines = [e[1] for e in after if e[0] == "line" and e[1].size < TITLE_SIZE * self.size]
            if END.match(lines[-1].text) or (nxt_lines and NUMBER.match(nxt_lines[0].text.replace(" ", ""))):
                return False
        return True

    def _hint(self, ln: Line) -> str:
        size = ln.size
        lgap, rgap = ln.x0 - ln.left, ln.right - ln.x1
        if ln.col == -1 and ln.size >= TITLE_SIZE * self.size:
            return "title"
        if lgap > 2.5 * size and abs(lgap - rgap) < size:
            return "center"
        if lgap > 3 * size and rgap < 0.5 * size and not (self.note and NOTE_ITEM.match(ln.text)):
            return "right"
        return ""

    def _line(self, out: list[Piece], ln: Line, prev, first: bool):
        hint = self._hint(ln)
        last = prev[1] if prev and prev[0] == "line" else None
        if hint == "title" and last is not None and out and out[-1].hint == "title" and not first \
                and abs(last.size - ln.size) < 0.05 and ln.top - last.bottom < 2 * ln.size:
            out[-1].text += " " + ln.text            # a title's next printed line
            return ("line", ln)
        goes_on = (last is not None and not hint and not self._hint(last) and (last.col >= 0) == (ln.col >= 0)
                   and ln.x0 < ln.left + 0.5 * ln.size and last.x1 >= last.right - 1.0 * last.size
                   and abs(last.size - ln.size) < 0.1 * ln.size
                   and not (ln.col < 0 and TOC_END.search(last.text)))     # 目录 entries are full lines
        same_column = last is not None and last.page == ln.page and last.col == ln.col and not first
        if out and not goes_on and self._hangs(out[-1], last, ln, hint):
            goes_on = True                           # a 附件说明 item's line under its name
        if goes_on and same_column and out and not out[-1].row:
            sep = " " if _alnum(out[-1].text[-1:]) and _alnum(ln.text[:1]) else ""
            out[-1].text += sep + ln.text
            out[-1].lines += 1
        else:
            gap = not same_column
            out.append(Piece(ln.text, ln.page + 1, gap=gap, cont=bool(goes_on and gap), hint=hint, lines=1))
            self.note = bool(NOTE.match(ln.text) or (self.note and NOTE_ITEM.match(ln.text)))
        return ("line", ln)

    def _hangs(self, piece: Piece, last, ln: Line, hint: str) -> bool:
        """A full 附件说明 line, and the next indented past the paragraph indent (GB/T 9704
        7.3.4: a wrapped name stands under the name's first character)."""
        return (self.note and last is not None and not hint and not piece.row
                and last.x1 >= last.right - 1.0 * last.size and ln.x0 > ln.left + 2.5 * ln.size
                and not NOTE_ITEM.match(ln.text) and abs(last.size - ln.size) < 0.1 * ln.size)

    def _table(self, out: list[Piece], grid: Grid, prev, first: bool):
        rows = full_rows(grid)
        nhead = header_rows(grid)
        head = [r[0] for r in rows[:nhead]]
        carried = prev is not None and prev[0] == "table" and first
        if carried and prev[2] == head:
            rows = rows[nhead:]                         # the header printed again on this page
        elif carried:
            head = prev[2]
        for i, (cells, spans, columns) in enumerate(rows):
            piece = Piece("", grid.page + 1, cells=cells, spans=spans, columns=columns)
            if not carried and i < nhead:
                piece.hint = "header"
                if i == 0:
                    piece.widths = widths(grid.xs, grid.used)
            elif carried and i == 0:
                piece.hint, piece.gap = "break", True
            out.append(piece)
        return ("table", grid, head)
