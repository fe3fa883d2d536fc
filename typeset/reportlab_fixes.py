"""Every change we make to reportlab's behaviour, in one place, for the pinned reportlab only.

1. ToUnicode: reportlab writes each code's Unicode value as "<%04X>", so a character past U+FFFF
   (e.g. 𬌗 U+2C317) becomes "<2C317>", which readers take as U+2C31 plus junk. PDF wants UTF-16BE:
   a surrogate pair "<D870DF17>". makeToUnicodeCMap is replaced by one that writes that.
2. Streams: without ASCII85, reportlab writes no end-of-line between a stream's data and
   "endstream", which PDF/A requires (ISO 19005-2 6.1.7.1). PDFStream.format adds it.
(/Widths from reportlab's hmetrics cannot be wrong with our prepared fonts: they keep
numberOfHMetrics == numGlyphs (fonts/convert.py); fonts/face.py checks it at registration.)

`apply()` checks the version and applies both; it is idempotent.
"""
from __future__ import annotations

import reportlab
from reportlab.pdfbase import pdfdoc, ttfonts

from typeset.errors import TypesetError

PINNED = "5.1.0"            # requirements.txt; each fix below was written for this version


def check_version(version: str | None = None) -> None:
    version = reportlab.Version if version is None else version
    if version != PINNED:
        raise TypesetError(f"reportlab {version} is installed, but typeset's fixes to it were "
                           f"written for reportlab {PINNED}",
                           fix=f"run scripts/setup.sh (or pip install reportlab=={PINNED})")


_original_cmap = ttfonts.makeToUnicodeCMap
_original_format = pdfdoc.PDFStream.format


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be").hex().upper()


def make_to_unicode_cmap(fontname: str, subset) -> str:
    text = _original_cmap(fontname, subset)
    if all(code <= 0xFFFF for code in subset):
        return text
    lines = text.split("\n")
    start = lines.index(f"{len(subset)} beginbfchar") + 1
    for i, code in enumerate(subset):
        lines[start + i] = "<%02X> <%s>" % (i, _utf16_hex(code))
    return "\n".join(lines)


def stream_format(self, document) -> bytes:
    out = _original_format(self, document)
    return out[:-len(b"endstream\n")] + b"\nendstream\n"


def apply() -> None:
    check_version()
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
    pdfdoc.PDFStream.format = stream_format
