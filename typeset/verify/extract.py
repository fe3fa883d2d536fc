"""Read a built PDF back with pdfium: page labels, every character with its box, and the drawn
rectangles (table cells). Through pdfium's C API: its object wrappers cost several times more."""
from __future__ import annotations

import ctypes
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from typeset.pdfread import as_pointer, characters, open_page, page_label, unchecked


class PdfChar(NamedTuple):
    ch: str
    x: float          # left edge, pt
    y: float          # vertical centre of its box, pt from the page top
    right: float
    h: float = 0.0    # height of its ink box


class PdfPage:
    def __init__(self, index: int, label: str, width: float, height: float,
                 chars: list[PdfChar], boxes: list[tuple[float, float, float, float]]):
        self.index, self.label, self.width, self.height = index, label, width, height
        self.chars = chars
        self.boxes = boxes          # drawn rectangles (table cells): x0, y0, x1, y1 from the top
        self.memo: dict = {}        # what the checks derive from the page, derived once

    def text(self) -> str:
        return "".join(c.ch for c in self.chars)


def read_pdf(path) -> list[PdfPage]:
    """Every page of the PDF."""
    doc = pdfium.PdfDocument(str(path))
    try:
        return [_read_page(doc, i) for i in range(len(doc))]
    finally:
        doc.close()


def _read_page(doc, i: int) -> PdfPage:
    with open_page(doc, i) as (page, tp, w, h):
        chars = _chars(tp, h)
        _ink_order(chars)
        return PdfPage(i, page_label(doc, i), w, h, chars, _boxes(page, h))


_CHARBOX = unchecked(pdfium_c.FPDFText_GetCharBox, ctypes.c_int)
_GETOBJECT = unchecked(pdfium_c.FPDFPage_GetObject, type("Handle", (ctypes.c_void_p,), {}))
_GETTYPE = unchecked(pdfium_c.FPDFPageObj_GetType, ctypes.c_int)
_GETBOUNDS = unchecked(pdfium_c.FPDFPageObj_GetBounds, ctypes.c_int)


def _chars(tp, h: float) -> list[PdfChar]:
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    refs = ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top)
    box = _CHARBOX
    found = characters(tp)
    tp = as_pointer(tp)
    out = []
    for k, ch in found:
        if ch.isspace():
            continue
        box(tp, k, *refs)
        x0, x1, y0, y1 = left.value, right.value, bottom.value, top.value
        if x1 <= x0 and y1 <= y0:
            continue                      # a character pdfium made up (space, newline)
        out.append(PdfChar(ch, x0, h - (y0 + y1) / 2, x1, y1 - y0))
    return out


def _boxes(page, h: float) -> list[tuple[float, float, float, float]]:
    """Drawn rectangles (path objects larger than a rule), x0, y0, x1, y1 from the page top."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
    n = pdfium_c.FPDFPage_CountObjects(page)
    page = as_pointer(page)
    out = []
    for i in range(n):
        obj = _GETOBJECT(page, i)
        if _GETTYPE(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        _GETBOUNDS(obj, *refs)
        if right.value - left.value > 2 and top.value - bottom.value > 2:
            out.append((left.value, h - top.value, right.value, h - bottom.value))
    return out


def _ink_order(chars: list[PdfChar]) -> None:
    """Put neighbours on one line in the order of their ink: a compressed opening mark
    (its glyph origin moved left) can share its origin with the mark before it."""
    for _ in range(3):
        mids = [c.x + c.right for c in chars]         # twice the centre
        swaps = [i for i, (a, b, ma, mb) in enumerate(zip(chars, chars[1:], mids, mids[1:]))
                 if ma > mb + 1.0 and abs(a.y - b.y) < 7 and a.x - b.x < 20]
        if not swaps:
            return
        for i in swaps:
            a, b = chars[i], chars[i + 1]
            if (a.x + a.right) > (b.x + b.right) + 1.0:   # not already moved by a swap next to it
                chars[i], chars[i + 1] = b, a
