"""Reading PDFs through pdfium's C API (faster than its object wrappers): the few calls that both
the verification (typeset.verify.extract) and the back-issue importer (typeset.intake.printed_pdf)
need. A utility under both stages; it imports only pypdfium2."""
from __future__ import annotations

import ctypes
from contextlib import contextmanager

import pypdfium2.raw as pdfium_c

# pdfium reads a hyphen that ends a line as a hyphenation mark, U+0002 (U+FFFE in some of its
# calls), in the hyphen's place: it is the hyphen the PDF draws.
HYPHENATION = "\x02\ufffe"


def unchecked(fn, restype):
    """The same C function without ctypes' argument conversion, which costs more than the call
    (the two below run once a character)."""
    f = type(fn)(ctypes.cast(fn, ctypes.c_void_p).value)
    f.restype = restype
    return f


def as_pointer(handle) -> ctypes.c_void_p:
    """A pdfium handle as a plain pointer (a returned c_void_p subclass stays a pointer; a plain
    one would become an int, which an unchecked call passes as a 32-bit int)."""
    return ctypes.c_void_p(ctypes.cast(handle, ctypes.c_void_p).value)


def characters(tp) -> list[tuple[int, str]]:
    """(pdfium index, character) of a text page: a character past U+FFFF once, at the index of
    its high half; a line-end hyphen as "-"."""
    text = units(tp)
    out = []
    skip = False
    for k, ch in enumerate(text):
        if skip:                          # the low half of a pair, joined to the high half
            skip = False
            continue
        if "\ud800" <= ch <= "\udbff" and k + 1 < len(text) and "\udc00" <= text[k + 1] <= "\udfff":
            ch = (ch + text[k + 1]).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
            skip = True
        elif ch in HYPHENATION:
            ch = "-"
        out.append((k, ch))
    return out


def units(tp) -> str:
    """The page's characters, one UTF-16 unit a pdfium character index: pdfium gives a
    character past U+FFFF two indices, its surrogate halves (joined again in _chars)."""
    n = pdfium_c.FPDFText_CountChars(tp)
    buf = (ctypes.c_ushort * (n + 1))()
    pdfium_c.FPDFText_GetText(tp, 0, n, buf)
    text = bytes(buf)[:2 * n].decode("utf-16-le", "surrogatepass")
    if len(text) == n:
        return text
    return "".join(map(chr, buf[:n]))         # the decoder joined a pair: one unit an index


def page_label(doc, i: int) -> str:
    n = pdfium_c.FPDF_GetPageLabel(doc.raw, i, None, 0)
    if n <= 2:
        return str(i + 1)
    buf = ctypes.create_string_buffer(n)
    pdfium_c.FPDF_GetPageLabel(doc.raw, i, buf, n)
    return buf.raw[:n - 2].decode("utf-16-le")


@contextmanager
def open_page(doc, i: int):
    """Page i of a pypdfium2 document as C handles: (page, text page, width, height), closed
    after use."""
    page = pdfium_c.FPDF_LoadPage(doc.raw, i)
    tp = pdfium_c.FPDFText_LoadPage(page)
    try:
        yield page, tp, pdfium_c.FPDF_GetPageWidthF(page), pdfium_c.FPDF_GetPageHeightF(page)
    finally:
        pdfium_c.FPDFText_ClosePage(tp)
        pdfium_c.FPDF_ClosePage(page)
