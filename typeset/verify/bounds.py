"""Nothing drawn off the page, outside its frame, or over other text: every character read back
from the PDF is checked, on every page, and a fault is an error naming the source line that
made it (a build that verifies is never printed with hidden or colliding text)."""
from __future__ import annotations

import unicodedata

from typeset.config import MM, Layout
from typeset.errors import TypesetError
from typeset.layout.boxes import LaidOutIssue, TextLine

SLACK = 2.0          # pt: ink may stand this far past the frame (descenders, italic overhang)
OVERLAP = 0.3        # of the smaller box's area: more than this is overprinting


def check_bounds(pages, laid: LaidOutIssue, layout: Layout) -> None:
    for page in pages:
        frame = _frame(page, layout)
        for c in page.chars:
            top, bottom = c.y - c.h / 2, c.y + c.h / 2
            if c.right < 0 or c.x > page.width or bottom < 0 or top > page.height:
                _fail(laid, page, c, "is drawn off the page")
            x0, y0, x1, y1 = frame
            if c.x < x0 or c.right > x1 or top < y0 or bottom > y1:
                _fail(laid, page, c, "stands outside the page's frame (margins)")
        clash = _overprint(page.chars)
        if clash:
            a, b = clash
            _fail(laid, page, b, f"overprints {a.ch!r}")


def _frame(page, layout: Layout) -> tuple[float, float, float, float]:
    """The area text may use: inside the side margins, from the head to the folio."""
    top = layout.head.y_mm * MM - layout.head.size - SLACK
    bottom = layout.folio_y(page.height) + layout.folio.size * 0.3 + SLACK
    return layout.left - SLACK, top, page.width - layout.left + SLACK, bottom


def _overprint(chars):
    """The first two characters whose ink boxes overlap by more than OVERLAP. Characters are
    grouped in rows (by the centre of their box) and sorted by x: each is compared with its
    neighbours in its row and with the rows near enough for their boxes to meet."""
    rows: dict[int, list] = {}
    for c in chars:
        if c.right > c.x and c.h > 0 and not (c.ch > "\u02ff" and unicodedata.combining(c.ch)):
            rows.setdefault(round(c.y / 4), []).append(c)
    keys = sorted(rows)
    tall = {k: max(c.h for c in rows[k]) / 4 for k in keys}
    for k in keys:
        rows[k].sort(key=lambda c: c.x)
    for i, k in enumerate(keys):
        row = rows[k]
        for a, b in zip(row, row[1:]):
            if a.right > b.x and _overlap(a, b):
                return a, b
        for k2 in keys[i + 1:]:
            if k2 - k > (tall[k] + tall[k2]) / 2 + 1:
                break
            hit = _meet(row, rows[k2])
            if hit:
                return hit
    return None


def _meet(a_row, b_row):
    """Two x-sorted rows: the first pair, one of each, that overlaps."""
    j = 0
    n = len(b_row)
    for a in a_row:
        x, right = a.x, a.right
        while j < n and b_row[j].right <= x:
            j += 1
        k = j
        while k < n and b_row[k].x < right:
            if _overlap(a, b_row[k]):
                return a, b_row[k]
            k += 1
    return None


def _overlap(a, b) -> bool:
    w = min(a.right, b.right) - max(a.x, b.x)
    h = min(a.y + a.h / 2, b.y + b.h / 2) - max(a.y - a.h / 2, b.y - b.h / 2)
    if w <= 0 or h <= 0:
        return False
    small = min((a.right - a.x) * a.h, (b.right - b.x) * b.h)
    return w * h > OVERLAP * small


def _fail(laid: LaidOutIssue, page, c, what: str) -> None:
    line = _line_at(laid, page.index, c)
    where = line.where if line is not None else ""
    file, _, number = where.rpartition(":")
    text = line.text if line is not None else c.ch
    part = f" ({line.kind})" if line is not None and not where else ""
    raise TypesetError(f"on page {page.label}, {c.ch!r} of 「{text[:24]}」{part} {what}",
                       file=file or None, line=int(number) if number.isdigit() else None,
                       fix="shorten that text, or give it more room in the layout file")


def _line_at(laid: LaidOutIssue, index: int, c) -> TextLine | None:
    """The laid-out line that drew character c (nearest baseline with c inside its width)."""
    best = None
    for it in laid.pages[index].items if index < len(laid.pages) else ():
        if isinstance(it, TextLine) and it.x - 1 <= c.x <= it.x + max(it.width, it.end) + 1:
            d = abs(it.y - c.y)
            if d < 20 and (best is None or d < best[0]):
                best = (d, it)
    return best[1] if best else None
