"""Fixes to reportlab 5.1's TrueType embedding, applied by FontSet.register().

1. ToUnicode: reportlab writes each code's Unicode value as "<%04X>", so a character past U+FFFF
   (e.g. 𬌗 U+2C317) becomes "<2C317>", which readers take as U+2C31 plus junk. PDF wants UTF-16BE:
   a surrogate pair "<D870DF17>". We replace the module's makeToUnicodeCMap with one that does.
2. /Widths (reportlab's hmetrics bug) cannot occur with our prepared fonts: they keep
   numberOfHMetrics == numGlyphs (see convert.py); face.py checks it at registration.
"""
from __future__ import annotations

from reportlab.pdfbase import ttfonts

_original = ttfonts.makeToUnicodeCMap


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be").hex().upper()


def make_to_unicode_cmap(fontname: str, subset) -> str:
    text = _original(fontname, subset)
    if all(code <= 0xFFFF for code in subset):
        return text
    lines = text.split("\n")
    start = lines.index(f"{len(subset)} beginbfchar") + 1
    for i, code in enumerate(subset):
        lines[start + i] = "<%02X> <%s>" % (i, _utf16_hex(code))
    return "\n".join(lines)


def apply() -> None:
    """Idempotent."""
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
