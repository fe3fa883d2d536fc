"""Each of typeset.reportlab_fixes' changes to reportlab, tested directly, and the version guard."""
from __future__ import annotations

import pytest
from reportlab.pdfbase import pdfdoc

from typeset import reportlab_fixes
from typeset.errors import TypesetError


def test_the_pinned_version_is_installed():
    reportlab_fixes.check_version()                  # raises on any other version


def test_another_version_is_a_clear_error():
    with pytest.raises(TypesetError) as err:
        reportlab_fixes.check_version("4.4.0")
    assert "reportlab 4.4.0 is installed" in err.value.what
    assert "scripts/setup.sh" in err.value.fix


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
