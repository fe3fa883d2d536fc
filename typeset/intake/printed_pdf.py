"""A printed issue's PDF, read with pdfium: every page's characters (with their size and font),
its drawn rectangles (table cells), rules (the underlines of blanks, the head rule), pictures,
its size and its label. printed_pdf_flow turns the pages into pieces.

Through pdfium's C API, as the verification reads the build's PDF (typeset/pdfread.py,
whose call helpers and page-label reader this uses: a leaf module that imports nothing of ours)."""
from __future__ import annotations

import ctypes
import io
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import TypesetError
from ..pdfread import as_pointer, characters, open_page, page_label, unchecked


class Char(NamedTuple):
    ch: str
    x: float          # where it begins, pt: its origin for a full-width character, else its box
    right: float      # where it ends: its origin plus one em, else its box
    base: float       # its baseline, pt from the page top
    top: float        # its box, pt from the page top
    bottom: float
    size: float       # font size, pt
    font: str         # the font's name


@dataclass
class Page:
    index: int
    label: str
    width: float
    height: float
    chars: list[Char]
    boxes: list[tuple[float, float, float, float]]      # rectangles: x0, y0, x1, y1 from the top
    rules: list[tuple[float, float, float]]             # horizontal rules: x0, x1, y
    pictures: list[tuple[float, float, float, float, bytes]] = field(default_factory=list)   # box, PNG

    @property
    def landscape(self) -> bool:
        return self.width > self.height


EM_WIDE = "“”‘’…—"       # set full width by a Chinese font, though Unicode calls them ambiguous
_ORIGIN = unchecked(pdfium_c.FPDFText_GetCharOrigin, ctypes.c_int)
_CHARBOX = unchecked(pdfium_c.FPDFText_GetCharBox, ctypes.c_int)
_SIZE = unchecked(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
_GENERATED = unchecked(pdfium_c.FPDFText_IsGenerated, ctypes.c_int)
_TEXTOBJ = unchecked(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p)
_HANDLE = type("Handle", (ctypes.c_void_p,), {})       # stays a pointer when returned (see pdfread.as_pointer)
_GETOBJECT = unchecked(pdfium_c.FPDFPage_GetObject, _HANDLE)
_GETTYPE = unchecked(pdfium_c.FPDFPageObj_GetType, ctypes.c_int)
_GETBOUNDS = unchecked(pdfium_c.FPDFPageObj_GetBounds, ctypes.c_int)
_MATRIX = unchecked(pdfium_c.FPDFPageObj_GetMatrix, ctypes.c_int)
_SEGMENTS = unchecked(pdfium_c.FPDFPath_CountSegments, ctypes.c_int)
_SEGMENT = unchecked(pdfium_c.FPDFPath_GetPathSegment, _HANDLE)
_POINT = unchecked(pdfium_c.FPDFPathSegment_GetPoint, ctypes.c_int)


def read_pages(path) -> list[Page]:
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        raise TypesetError(f"the PDF cannot be read ({e})", file=str(path),
                           fix="give the printed issue's PDF as the printer or the archive has it") from None
    try:
        return [_page(doc, i) for i in range(len(doc))]
    finally:
        doc.close()


def _page(doc, i: int) -> Page:
    with open_page(doc, i) as (page, tp, w, h):
        chars = _chars(tp, h)
        boxes, rules, pictures = _objects(page, h)
        if pictures:
            pictures = _pictures(doc, i, h)
        return Page(i, page_label(doc, i), w, h, chars, boxes, rules, pictures)


def _chars(tp, h: float) -> list[Char]:
    d = [ctypes.c_double() for _ in range(6)]
    refs = [ctypes.byref(v) for v in d]
    found = characters(tp)
    vtp = as_pointer(tp)
    fonts: dict[int, str] = {}
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    out = []
    for k, ch in found:
        if _GENERATED(vtp, k) or ch in "\r\n":
            continue                       # a space or line end pdfium made up
        _CHARBOX(vtp, k, *refs[:4])
        left, right, bottom, top = (v.value for v in d[:4])
        if right <= left and top <= bottom and not ch.isspace():
            continue
        _ORIGIN(vtp, k, refs[4], refs[5])
        obj = _TEXTOBJ(vtp, k) or 0
        font = fonts.get(obj)
        if font is None:
            pdfium_c.FPDFText_GetFontInfo(tp, k, buf, len(buf), ctypes.byref(flags))
            font = fonts[obj] = buf.value.decode("latin-1")
        size = round(_SIZE(vtp, k), 2)
        if ch.isspace():                   # a space the PDF draws: as wide as its advance
            right = max(right, left + 0.25 * size)
        elif unicodedata.east_asian_width(ch) in "WF" or ch in EM_WIDE:
            left, right = d[4].value, d[4].value + size      # the em box: punctuation's ink is narrow
        out.append(Char(ch, left, right, h - d[5].value, h - top, h - bottom, size, font))
    return out


def _objects(page, h: float):
    """Rectangles (both sides over 2 pt: table cells), horizontal rules (under 2 pt high) and
    pictures, from the page's path and image objects. A path's extent comes from its points
    (pdfium's bounds grow by the stroke's width)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
    px, py = ctypes.c_float(), ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()
    n = pdfium_c.FPDFPage_CountObjects(page)
    vpage = as_pointer(page)
    boxes, rules, pictures = [], [], []
    for i in range(n):
        obj = _GETOBJECT(vpage, i)
        kind = _GETTYPE(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            _GETBOUNDS(obj, *refs)
            pictures.append((left.value, h - top.value, right.value, h - bottom.value))
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        _MATRIX(obj, ctypes.byref(matrix))
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        xs, ys = [], []
        for k in range(_SEGMENTS(obj)):
            if _POINT(_SEGMENT(obj, k), ctypes.byref(px), ctypes.byref(py)):
                xs.append(a * px.value + c * py.value + e)
                ys.append(h - (b * px.value + d * py.value + f))
        if not xs:
            continue
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if x1 - x0 > 2 and y1 - y0 > 2:
            boxes.append((x0, y0, x1, y1))
        elif x1 - x0 > 2:
            rules.append((x0, x1, (y0 + y1) / 2))
    return boxes, rules, pictures


def _pictures(doc, i: int, h: float) -> list[tuple[float, float, float, float, bytes]]:
    """The page's pictures: where they stand and their pixels as PNG (what the PDF holds,
    decoded: a JPEG comes back as its pixels)."""
    out = []
    page = doc[i]
    try:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
            x0, y0, x1, y1 = obj.get_bounds()
            buf = io.BytesIO()
            obj.get_bitmap(render=False).to_pil().save(buf, format="PNG")
            out.append((x0, h - y1, x1, h - y0, buf.getvalue()))
    finally:
        page.close()
    return out
