"""Every change we make to reportlab's behaviour, in one place, for the pinned reportlab only.

1. Streams: without ASCII85, reportlab writes no end-of-line between a stream's data and
   "endstream", which PDF/A requires (ISO 19005-2 6.1.7.1). PDFStream.format adds it.
(reportlab's TrueType embedding, 256-glyph simple fonts, is not used: each face is one Type0 font
of our own, fonts/type0.py, which writes its ToUnicode in UTF-16BE and checks the advances.)

`apply()` checks the version and applies the fix; it is idempotent.
"""
from __future__ import annotations

import reportlab
from reportlab.pdfbase import pdfdoc

from typeset.errors import TypesetError

PINNED = "5.1.0"            # requirements.txt; each fix below was written for this version


def check_version(version: str | None = None) -> None:
    version = reportlab.Version if version is None else version
    if version != PINNED:
        raise TypesetError(f"reportlab {version} is installed, but typeset's fixes to it were "
                           f"written for reportlab {PINNED}",
                           fix=f"run scripts/setup.sh (or pip install reportlab=={PINNED})")


_original_format = pdfdoc.PDFStream.format


def stream_format(self, document) -> bytes:
    out = _original_format(self, document)
    return out[:-len(b"endstream\n")] + b"\nendstream\n"


def apply() -> None:
    check_version()
    pdfdoc.PDFStream.format = stream_format
