"""The whole pipeline with one Type0 font per face (typeset/fonts/type0.py): 2024-02 and the mini
issue, with a line holding 𬌗 (U+2C317, past U+FFFF), in PDF/A-2u, 2b and 3u. veraPDF passes each
(and fails a copy with one wrong glyph width), one BT..ET a line and one Tf a change of font,
the text reads back with pdfium and pypdf, and the bytes do not depend on the folders."""
from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import FloatObject

from typeset.build import build
from typeset.layout.boxes import TextLine
from typeset.verapdf import validate_many
from typeset.verify.extract import read_pdf

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fonts"))
from fonts_pdfcheck import problems  # noqa: E402

SOURCE = ROOT / "source" / "2024-02"
MINI = ROOT / "tests" / "issues" / "mini"
AFTER = "（一）明确目标。全年植树10万株，成活率不低于90%。"
LINE = "牙齿咬合（𬌗）检查纳入体检项目。"
FLAVOURS = ("2u", "2b", "3u")


def _mini_with_line(dst: Path) -> Path:
    shutil.copytree(MINI, dst)
    doc = dst / "a-tongzhi.txt"
    text = doc.read_text(encoding="utf-8")
    assert AFTER in text
    doc.write_text(text.replace(AFTER, f"{AFTER}\n\n{LINE}", 1), encoding="utf-8")
    return dst


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("type0")
    mini = _mini_with_line(tmp / "src" / "mini")
    out = {}
    for v in FLAVOURS:
        out["2024-02", v] = build(SOURCE, out=tmp / f"out-{v}", pdfa=v)
        out["mini", v] = build(mini, out=tmp / f"out-{v}", pdfa=v)
    elsewhere = shutil.copytree(mini, tmp / "elsewhere" / "deeper" / "mini")
    out["mini-elsewhere"] = build(elsewhere, out=tmp / "again" / "deeper", pdfa="2u")
    return out


def _contents(path) -> list[bytes]:
    return [page.get_contents().get_data() for page in PdfReader(str(path)).pages]


def test_one_type0_font_per_face(builds):
    for issue in ("2024-02", "mini"):
        result = builds[issue, "2u"]
        drawn = {run.font for page in result.laid.pages for item in page.items
                 if isinstance(item, TextLine) for run in item.runs if not run.blank}
        found = {}
        for page in PdfReader(str(result.pdf_path)).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                found[str(font["/BaseFont"])] = font
        assert {name.split("+", 1)[1] for name in found} == drawn
        assert len(found) == len(drawn)                    # one font (one subset) per face
        for font in found.values():
            assert problems(font) == []


def test_one_text_object_a_line_and_one_tf_a_change_of_font(builds):
    result = builds["2024-02", "2u"]
    lines = tfs = 0
    for page in result.laid.pages:
        for item in page.items:
            if isinstance(item, TextLine):
                lines += 1
                current = None
                for run in item.runs:
                    if not run.blank and (run.font, run.size) != current:
                        tfs += 1
                        current = run.font, run.size
    data = b"\n".join(_contents(result.pdf_path))
    assert len(re.findall(rb"(?m)^BT$", data)) == lines
    assert len(re.findall(rb" Tf$", data, re.M)) == tfs
    assert tfs < lines * 1.1                   # reportlab's subsets needed about 7 a line here


def test_non_bmp_character_reads_back(builds):
    pdf = builds["mini", "2u"].pdf_path
    # what verify reads: pdfium gives a character past U+FFFF as two character indexes, its
    # surrogates (so did reportlab's subsets); joined as UTF-16 they are the character
    verify_text = "".join(page.text() for page in read_pdf(pdf))
    assert LINE in verify_text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    doc = pdfium.PdfDocument(str(pdf))
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    doc.close()
    assert LINE in "".join(text.split())
    pypdf_text = "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert LINE in "".join(pypdf_text.split())
    assert "𬌗" not in "".join(p.text() for p in read_pdf(builds["2024-02", "2u"].pdf_path))


def _with_wrong_widths(src: Path, dst: Path) -> Path:
    """A copy whose /W widths are all 100 too wide. (veraPDF 1.28 checks a font's widths only
    where the font is first used, so one wrong entry may go unseen by it; fonts_pdfcheck's
    problems() checks every CID.)"""
    writer = PdfWriter(clone_from=PdfReader(str(src)))
    changed = 0
    for font in writer.pages[0]["/Resources"]["/Font"].values():
        w = font.get_object()["/DescendantFonts"][0].get_object()["/W"]
        for i in range(2, len(w), 3):               # c_first c_last width
            w[i] = FloatObject(float(w[i]) + 100)
            changed += 1
    assert changed
    buf = io.BytesIO()
    writer.write(buf)
    dst.write_bytes(buf.getvalue())
    return dst


def test_verapdf_passes_every_flavour_and_fails_a_wrong_width(builds, tmp_path):
    bad = _with_wrong_widths(builds["mini", "2u"].pdf_path, tmp_path / "bad.pdf")
    for v in FLAVOURS:
        files = [builds["2024-02", v].pdf_path, builds["mini", v].pdf_path]
        results = validate_many(files + ([bad] if v == "2u" else []), v)
        for r in results[:2]:
            assert r.passed and r.failed_rules == [], r.report
        if v == "2u":
            assert not results[2].passed
            assert any(rule.startswith("6.2.11.5") for rule in results[2].failed_rules), \
                results[2].report


def test_same_bytes_from_another_folder(builds):
    """The same source in another folder, built into another folder: the same bytes."""
    assert builds["mini-elsewhere"].pdf_path.read_bytes() == builds["mini", "2u"].pdf_path.read_bytes()
