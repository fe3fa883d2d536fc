"""Checks of a built PDF against the source and the printed edition's references.

Everything here reads the PDF (extract.read_pdf) and the source model; the only layout
knowledge used is the layout file's geometry (where columns and grid lines are)."""
from __future__ import annotations

import bisect
import re
from array import array
from collections import Counter
from dataclasses import dataclass

from typeset.config import MM
from typeset.model import Image, Issue, Paragraph, Table

# white space, and combining marks (pdfium may read one before or after its base character)
SPACE = re.compile(r"[\s\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def squash(text: str) -> str:
    return SPACE.sub("", text)


@dataclass(frozen=True)
class PageRow:
    title: str
    number: str
    printed: int | None
    typeset: int | None
    toc: int | None

    @property
    def ok(self) -> bool:
        want = self.printed if self.printed is not None else self.typeset
        return self.typeset is not None and self.typeset == want and self.toc == self.typeset


@dataclass(frozen=True)
class TableCheck:
    where: str
    printed: list[int]
    typeset: list[int]

    @property
    def ok(self) -> bool:
        return self.printed == self.typeset


@dataclass(frozen=True)
class Anchor:
    where: str
    snippet: str
    page: str = ""
    column: int = 0
    line: int = -1
    diff: int | None = None      # signed lines from the nearest column start; None: not found


@dataclass(frozen=True)
class Fidelity:
    ok: bool
    expected: int
    found: int
    message: str = ""


@dataclass(frozen=True)
class Checks:
    pages: tuple[PageRow, ...] = ()
    tables: tuple[TableCheck, ...] = ()
    anchors: tuple[Anchor, ...] = ()
    fidelity: Fidelity | None = None

    @property
    def ok(self) -> bool:
        return (all(r.ok for r in self.pages) and all(t.ok for t in self.tables)
                and (self.fidelity is None or self.fidelity.ok))


def _body(pages):
    return [p for p in pages if p.label.isdigit()]


def page_table(issue: Issue, pages, layout) -> list[PageRow]:
    """Each document's title is looked for in the lines set across the columns (so a title
    quoted in running text does not count); its 目录 number follows its 文号 (or, without one,
    the end of its title) and the dot leaders."""
    body = _body(pages)
    texts = [squash(_facts(p, layout)["wide"]) for p in body]
    toc = squash("".join(_facts(p, layout)["text"] for p in pages if p.label.startswith("目录")))
    rows, start = [], 0
    for doc in issue.documents():
        title = squash("".join(doc.title_lines))
        found = None
        for k in range(start, len(body)):
            if title in texts[k]:
                found, start = k, k
                break
        key = squash(doc.number) if doc.number else title[-8:]
        m = re.search(re.escape(key) + r"[.·…]*(\d+)", toc)
        rows.append(PageRow(doc.title, doc.number, doc.printed_page,
                            int(body[found].label) if found is not None else None,
                            int(m.group(1)) if m else None))
    return rows


def _row_text(row) -> str:
    return squash("".join(c.text for c in row.cells if not any(s.blank for s in c.spans)))


def table_breaks(issue: Issue, pages, layout) -> list[TableCheck]:
    """For each table that records printed page breaks: the rows that begin a page here."""
    body = _body(pages)
    texts = [squash(_facts(p, layout)["text"]) for p in body]
    out = []
    for table in issue.blocks(Table):
        printed = [i + 1 for i, r in enumerate(table.rows) if r.printed_break]
        if not printed:
            continue
        k, pos, seen, begins = 0, 0, None, []
        for i, row in enumerate(table.rows):
            key = _row_text(row)
            while k < len(texts):
                at = texts[k].find(key, pos) if key else pos
                if at >= 0:
                    pos = at + len(key)
                    break
                k, pos = k + 1, 0
            if k >= len(texts):
                break
            if seen is not None and k != seen:
                begins.append(i + 1)
            seen = k
        out.append(TableCheck(str(table.where), printed, begins))
    return out


def column_chars(pages, layout):
    """Body-column characters in reading order, and a function giving the (page label, column,
    grid line) of the character at an index."""
    texts, starts = [], []          # starts: (index of its first character, label, column, lines)
    n = 0
    for p in _body(pages):
        if p.width > p.height:
            continue
        for ci, (text, lines) in enumerate(_facts(p, layout)["columns"]):
            starts.append((n, p.label, ci + 1, lines))
            texts.append(text)
            n += len(text)

    def where(i: int) -> tuple[str, int, int]:
        k = bisect.bisect_right([s[0] for s in starts], i) - 1
        first, label, column, lines = starts[k]
        return label, column, lines[i - first]

    return "".join(texts), where


def _facts(page, layout) -> dict:
    """What the checks read of a page (derived once, see derive)."""
    if "text" not in page.memo:
        derive(page, layout)
    return page.memo


def derive(page, layout) -> None:
    """What the checks need of a page, kept in page.memo:
    "text": every character; "wide": those on lines set across the columns (a line some glyph of
    which reaches into a gutter: rows within half its height of that glyph's centre; reaching in, not
    centred there, so that a space of a Latin title in the gutter still counts); "columns": for each column,
    the other body characters in it and the grid line of each; "flow": the body's text outside
    tables, and the text in them."""
    step, gutter, left = layout.column_width + layout.gutter, layout.gutter, layout.left
    gutters = [(left + k * step - gutter + 1, left + k * step - 1)
               for k in range(1, layout.grid.columns)]
    chars = page.chars
    rows = set()
    for a, b in gutters:
        # half the glyph's height either side: a mark (、，) sits low in the line's em box
        for y, half in {(round(c.y), max(3, round(c.h / 2))) for c in chars
                        if c.right > a + 0.5 and c.x < b - 0.5}:
            rows.update(range(y - half, y + half + 1))
    wide = [c.ch for c in chars if round(c.y) in rows] if rows else []
    cols: list[list] = [[] for _ in range(layout.grid.columns)]
    top, bottom, pitch = layout.top, layout.top + layout.body_height, layout.grid.pitch
    origin = left - gutter / 2
    for c in chars:
        if top <= c.y <= bottom and not (rows and round(c.y) in rows):
            col = int((c.x - origin) // step)
            if 0 <= col < len(cols):
                cols[col].append(c)
    page.memo["text"] = "".join(c.ch for c in chars)
    page.memo["wide"] = "".join(wide)
    page.memo["columns"] = [("".join(c.ch for c in col),
                             array("h", [int((c.y - top) // pitch) for c in col])) for col in cols]

    lo, hi = (top, bottom) if page.width <= page.height else landscape_band(page, layout)
    areas = _table_areas(page)
    flow, cells = [], []
    for c in chars:
        if not lo - 2 <= c.y <= hi + 2:
            continue
        x = (c.x + c.right) / 2
        if areas and any(x0 <= x <= x1 and y0 <= c.y <= y1 for x0, y0, x1, y1 in areas):
            cells.append(c.ch)
        else:
            flow.append(c.ch)
    page.memo["flow"] = "".join(flow), "".join(cells)


def read_pages(path, layout) -> list:
    """The PDF's pages read back, with what the checks derive from each."""
    from typeset.verify.extract import read_pdf

    pages = read_pdf(path)
    for p in pages:
        derive(p, layout)
    return pages


def _table_areas(page) -> list[tuple[float, float, float, float]]:
    """The page's drawn cell rectangles merged where they touch: one area a table."""
    areas = [tuple(b) for b in page.boxes]
    merged = True
    while merged:
        merged = False
        out: list[tuple[float, float, float, float]] = []
        for x0, y0, x1, y1 in areas:
            for i, (a0, b0, a1, b1) in enumerate(out):
                if x0 <= a1 + 1 and a0 <= x1 + 1 and y0 <= b1 + 1 and b0 <= y1 + 1:
                    out[i] = (min(a0, x0), min(b0, y0), max(a1, x1), max(b1, y1))
                    merged = True
                    break
            else:
                out.append((x0, y0, x1, y1))
        areas = out
    return areas


def anchors(issue: Issue, pages, layout) -> list[Anchor]:
    text, where_of = column_chars(pages, layout)
    n_lines = layout.grid.lines
    out, cursor = [], 0
    for p in issue.blocks(Paragraph):
        for off in p.printed_breaks:
            before = squash(p.text[max(0, off - 12):off])
            snippet = squash(p.text[off:off + 12])
            at = text.find(before + snippet, cursor) if snippet else -1
            if at >= 0:
                at += len(before)
                cursor = at
                page, column, line = where_of(at)
                diff = line if line < n_lines / 2 else line - n_lines
                out.append(Anchor(f"{p.where}+{off}", snippet, page, column, line, diff))
            else:
                out.append(Anchor(f"{p.where}+{off}", snippet))
    return out


def expected_text(issue: Issue) -> tuple[str, Counter, list[str]]:
    """The body's text outside tables in reading order; the tables' characters; each
    table's header text."""
    parts, cells, headers = [], Counter(), []
    for doc in issue.documents():
        parts += list(doc.title_lines) + [doc.number]
        for label, titles, blocks in [(None, (), doc.blocks)] + \
                [(a.label, a.title_lines, a.blocks) for a in doc.attachments]:
            parts += [label or ""] + list(titles)
            for b in blocks:
                if isinstance(b, Paragraph):
                    parts.append(_visible(b.spans))
                elif isinstance(b, Table):
                    parts += [_visible(p.spans) for p in b.caption]
                    headers.append("".join(_row_text(r) for r in b.header))
                    for r in list(b.header) + list(b.rows):
                        cells.update(_row_text(r))
                    parts += [_visible(p.spans) for p in b.notes]
                elif isinstance(b, Image):
                    parts.append(b.caption)
    return squash("".join(parts)), cells, headers


def _visible(spans) -> str:
    return "".join(s.text for s in spans if not s.blank)


def landscape_band(page, layout) -> tuple[float, float]:
    """The body of a landscape page: between the running head's rule and the folio."""
    folio = layout.folio_y(page.height)
    return layout.head.rule_mm * MM + 1, folio - layout.folio.size * 1.5


def fidelity(issue: Issue, pages, layout) -> Fidelity:
    """Text outside tables must equal the source character for character, in reading
    order; table text must hold every source character (repeated headers aside)."""
    want, want_cells, headers = expected_text(issue)
    flow, cells = [], Counter()
    for p in _body(pages):
        text, in_tables = _facts(p, layout)["flow"]
        flow.append(text)
        cells.update(squash(in_tables))
    got = squash("".join(flow))
    missing = want_cells - cells
    extra = cells - want_cells
    header_chars = set("".join(headers))
    if got == want and not missing and set(extra) <= header_chars:
        return Fidelity(True, len(want) + sum(want_cells.values()),
                        len(got) + sum(cells.values()))
    if got != want:
        i = next((k for k, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
        msg = (f"first difference at character {i}: expected …{want[max(0, i - 15):i]}"
               f"[{want[i:i + 15]}]… found …{got[max(0, i - 15):i]}[{got[i:i + 15]}]…")
    else:
        msg = (f"table cells: missing {''.join(sorted(missing.elements()))[:40]!r}, unexpected "
               f"{''.join(sorted((extra - Counter({h: extra[h] for h in header_chars})).elements()))[:40]!r}")
    return Fidelity(False, len(want) + sum(want_cells.values()), len(got) + sum(cells.values()), msg)


def run_checks(issue: Issue, pages, layout) -> Checks:
    return Checks(tuple(page_table(issue, pages, layout)), tuple(table_breaks(issue, pages, layout)),
                  tuple(anchors(issue, pages, layout)), fidelity(issue, pages, layout))


def anchor_summary(checks: Checks) -> str:
    found = [a for a in checks.anchors if a.diff is not None]
    if not checks.anchors:
        return "no printed column starts recorded"
    exact = sum(1 for a in found if a.diff == 0)
    near = sum(1 for a in found if abs(a.diff) <= 1)
    return (f"{exact} of {len(checks.anchors)} printed column starts exact, {near} within 1 line "
            f"({len(checks.anchors) - len(found)} not found)")
