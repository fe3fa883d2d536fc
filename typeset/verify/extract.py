"""Read a built PDF back: page labels, and every character with its box (pypdfium2)."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader


@dataclass(frozen=True)
class PdfChar:
    ch: str
    x: float          # left edge, pt
    y: float          # vertical centre of its box, pt from the page top
    right: float


@dataclass
class PdfPage:
    index: int
    label: str
    width: float
    height: float
    chars: list[PdfChar]
    boxes: list[tuple[float, float, float, float]]   # drawn rectangles (table cells): x0, y0, x1, y1

    def in_box(self, c: PdfChar) -> bool:
        if not self.boxes:
            return False
        x = (c.x + c.right) / 2
        return any(x0 <= x <= x1 and y0 <= c.y <= y1 for x0, y0, x1, y1 in self.boxes)

    def text(self) -> str:
        return "".join(c.ch for c in self.chars)


def read_pdf(path) -> list[PdfPage]:
    labels = list(PdfReader(str(path)).page_labels)
    doc = pdfium.PdfDocument(str(path))
    pages = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            w, h = page.get_size()
            tp = page.get_textpage()
            n = tp.count_chars()
            text = tp.get_text_range(0, n) if n else ""
            chars = []
            for k, ch in enumerate(text[:n]):
                if ch.isspace():
                    continue
                left, bottom, right, top = tp.get_charbox(k)
                if right <= left and top <= bottom:
                    continue                      # a character pdfium made up (space, newline)
                chars.append(PdfChar(ch, left, h - (bottom + top) / 2, right))
            tp.close()
            _ink_order(chars)
            boxes = _boxes(page, h)
            page.close()
            pages.append(PdfPage(i, labels[i] if i < len(labels) else str(i + 1), w, h, chars,
                                 boxes))
    finally:
        doc.close()
    return pages


def _boxes(page, h: float) -> list[tuple[float, float, float, float]]:
    """Drawn rectangles (path objects larger than a rule), x0, y0, x1, y1 from the page top.
    Read through pdfium's C API: the object wrappers cost ten times more."""
    raw = page.raw
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    out = []
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        if right.value - left.value > 2 and top.value - bottom.value > 2:
            out.append((left.value, h - top.value, right.value, h - bottom.value))
    return out


def _ink_order(chars: list[PdfChar]) -> None:
    """Put neighbours on one line in the order of their ink: a compressed opening mark
    (its glyph origin moved left) can share its origin with the mark before it."""
    for _ in range(3):
        swapped = False
        for i in range(len(chars) - 1):
            a, b = chars[i], chars[i + 1]
            if abs(a.y - b.y) < 7 and (a.x + a.right) / 2 > (b.x + b.right) / 2 + 0.5 \
                    and a.x - b.x < 20:
                chars[i], chars[i + 1] = b, a
                swapped = True
        if not swapped:
            return
