"""A fill-in blank's underline ends where the composer ends the blank: it never runs under the
next glyph."""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from typeset.build import build

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def mini_pdf(tmp_path_factory):
    return build(ROOT / "tests" / "issues" / "mini", out=tmp_path_factory.mktemp("out")).pdf_path


def underlines_and_next_chars(pdf_path, after: str):
    """For each page: horizontal rules shorter than a column, and the left edges of `after`."""
    doc = pdfium.PdfDocument(str(pdf_path))
    out = []
    for page in doc:
        rules = []
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
            left, bottom, right, top = obj.get_bounds()
            if top - bottom < 1.5 and 5 < right - left < 100:
                rules.append((left, right, (top + bottom) / 2))
        tp = page.get_textpage()
        text = tp.get_text_range()
        starts = [tp.get_charbox(i)[:2] for i, ch in enumerate(text) if ch == after]
        out.append((rules, starts))
    return out


def test_blank_underline_stops_before_the_next_glyph(mini_pdf):
    # tests/issues/mini: "报名电话：_____，联系人：______。"
    pairs = 0
    for rules, starts in underlines_and_next_chars(mini_pdf, "，"):
        for left, right, y in rules:
            nxt = [x for x, bottom in starts if abs(x - right) < 12 and abs(bottom - y) < 12]
            for x in nxt:
                pairs += 1
                # the comma's glyph box starts at its ink; its origin is at most right + 0.01
                assert right <= x + 0.01, (right, x)
    assert pairs >= 1                      # the check found the blank it is about
