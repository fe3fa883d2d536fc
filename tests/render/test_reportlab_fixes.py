"""Each of typeset.reportlab_fixes' changes to reportlab, tested directly, and the version guard."""
from __future__ import annotations

import pytest
from reportlab.pdfbase import pdfdoc, ttfonts

from typeset import reportlab_fixes
from typeset.errors import TypesetError


def test_the_pinned_version_is_installed():
    reportlab_fixes.check_version()                  # raises on any other version


def test_another_version_is_a_clear_error():
    with pytest.raises(TypesetError) as err:
        reportlab_fixes.check_version("4.4.0")
    assert "reportlab 4.4.0 is installed" in err.value.what
    assert "scripts/setup.sh" in err.value.fix


def test_to_unicode_writes_surrogate_pairs_past_the_bmp():
    reportlab_fixes.apply()
    cmap = ttfonts.makeToUnicodeCMap("F1", [0x4E2D, 0x2C317])
    assert "<00> <4E2D>" in cmap
    assert "<01> <D870DF17>" in cmap                 # 𬌗 U+2C317 in UTF-16BE
    assert "2C317" not in cmap
    control = reportlab_fixes._original_cmap("F1", [0x4E2D, 0x2C317])
    assert "<2C317>" in control                      # what reportlab alone writes


def test_bmp_cmaps_are_reportlabs_own():
    assert reportlab_fixes.make_to_unicode_cmap("F1", [0x4E2D]) == \
        reportlab_fixes._original_cmap("F1", [0x4E2D])


def test_streams_end_with_an_eol_before_endstream():
    reportlab_fixes.apply()
    doc = pdfdoc.PDFDocument()
    stream = pdfdoc.PDFStream(content=b"0 0 m 1 1 l S", filters=[])
    out = stream.format(doc)
    assert out.endswith(b"\nendstream\n")
    assert b"S\nendstream" in out
    assert not reportlab_fixes._original_format(stream, doc).endswith(b"S\nendstream\n")


def test_apply_is_idempotent():
    reportlab_fixes.apply()
    reportlab_fixes.apply()
    assert pdfdoc.PDFStream.format is reportlab_fixes.stream_format
    assert ttfonts.makeToUnicodeCMap is reportlab_fixes.make_to_unicode_cmap
