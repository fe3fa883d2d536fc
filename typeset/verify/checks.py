"""Checks of a built PDF against the source and the printed edition's references.

Everything here reads the PDF (extract.read_pdf) and the source model; the only layout
knowledge used is the layout file's geometry (where columns and grid lines are)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from typeset.layout.config import MM
from typeset.model import Image, Issue, Paragraph, Table

SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return SPACE.sub("", text)


@dataclass
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


@dataclass
class TableCheck:
    where: str
    printed: list[int]
    typeset: list[int]

    @property
    def ok(self) -> bool:
        return self.printed == self.typeset


@dataclass
class Anchor:
    where: str
    snippet: str
    page: str = ""
    column: int = 0
    line: int = -1
    diff: int | None = None      # signed lines from the nearest column start; None: not found


@dataclass
class Fidelity:
    ok: bool
    expected: int
    found: int
    message: str = ""


@dataclass
class Checks:
    pages: list[PageRow] = field(default_factory=list)
    tables: list[TableCheck] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
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
    texts = []
    for p in body:
        wide = _full_width_rows(p, layout)
        texts.append(squash("".join(c.ch for c in p.chars if round(c.y) in wide)))
    toc = squash("".join(p.text() for p in pages if p.label.startswith("目录")))
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


def table_breaks(issue: Issue, pages) -> list[TableCheck]:
    """For each table that records printed page breaks: the rows that begin a page here."""
    body = _body(pages)
    texts = [squash(p.text()) for p in body]
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
    """Body-column characters in reading order, each with (page label, column, grid line)."""
    g = layout.grid
    top, bottom = layout.top, layout.top + layout.body_height
    colw, gutter, left = layout.column_width, layout.gutter, layout.left
    chars, where = [], []
    for p in _body(pages):
        if p.width > p.height:
            continue
        cols: list[list] = [[] for _ in range(g.columns)]
        wide = _full_width_rows(p, layout)
        for c in p.chars:
            if not (top <= c.y <= bottom) or round(c.y) in wide:
                continue
            col = int((c.x - left + gutter / 2) // (colw + gutter))
            if 0 <= col < g.columns:
                cols[col].append(c)
        for ci, col in enumerate(cols):
            for c in col:
                chars.append(c.ch)
                where.append((p.label, ci + 1, int((c.y - top) // g.pitch)))
    return "".join(chars), where


def _full_width_rows(page, layout) -> set[int]:
    """Rows (rounded y) of lines set across the columns: some glyph lies in a gutter."""
    gutters = [(layout.left + k * (layout.column_width + layout.gutter) - layout.gutter,
                layout.left + k * (layout.column_width + layout.gutter))
                for k in range(1, layout.grid.columns)]
    rows = set()
    for c in page.chars:
        x = (c.x + c.right) / 2
        if any(a + 1 < x < b - 1 for a, b in gutters):
            rows.update((round(c.y) - 3, round(c.y) - 2, round(c.y) - 1, round(c.y),
                         round(c.y) + 1, round(c.y) + 2, round(c.y) + 3))
    return rows


def anchors(issue: Issue, pages, layout) -> list[Anchor]:
    text, where = column_chars(pages, layout)
    n_lines = layout.grid.lines
    out, cursor = [], 0
    for p in issue.blocks(Paragraph):
        for off in p.printed_breaks:
            before = squash(p.text[max(0, off - 12):off])
            snippet = squash(p.text[off:off + 12])
            a = Anchor(f"{p.where}+{off}", snippet)
            at = text.find(before + snippet, cursor) if snippet else -1
            if at >= 0:
                at += len(before)
                cursor = at
                a.page, a.column, a.line = where[at]
                a.diff = a.line if a.line < n_lines / 2 else a.line - n_lines
            out.append(a)
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
    top, bottom = layout.top, layout.top + layout.body_height
    flow, cells = [], Counter()
    for p in _body(pages):
        lo, hi = (top, bottom) if p.width <= p.height else landscape_band(p, layout)
        for c in p.chars:
            if not (lo - 2 <= c.y <= hi + 2):
                continue
            if p.in_box(c):
                cells[c.ch] += 1
            else:
                flow.append(c.ch)
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
    return Checks(page_table(issue, pages, layout), table_breaks(issue, pages),
                  anchors(issue, pages, layout), fidelity(issue, pages, layout))
