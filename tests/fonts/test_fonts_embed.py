"""Embedding read back from real PDFs: one Type0 font per face, FontFile2, ToUnicode, /W == hmtx, text."""
from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from fonts_pdfcheck import SAMPLE, draw, fonts, problems, text_lines, used
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, FloatObject, NameObject, NumberObject

from typeset.config import FontOverride
from typeset.errors import TypesetError
from typeset.fonts import ROLES, Face, prepare_fonts
from typeset.fonts.type0 import Type0Font

GKAI = "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf"


def test_every_role_embeds_correctly(fontset, tmp_path):
    pdf = tmp_path / "sample.pdf"
    lines = [(role, SAMPLE[role]) for role in ROLES]
    draw(pdf, fontset, lines)
    found = fonts(pdf)
    assert {name.split("+")[1] for name in found} == {f.pdf_name for f in fontset.faces.values()}
    for font in found.values():
        assert problems(font) == []
    assert text_lines(pdf) == [text for _, text in lines]


def test_fallback_faces_embed_and_extract(cache, tmp_path):
    text = "姓名：张喆、李镕、王堃、䶮、𬌗。"
    fs = prepare_fonts({"kai": used(text)}, {"kai": FontOverride(file=GKAI, fallback=("song",))}, cache)
    fs.register()
    fs.register()                                 # idempotent
    pdf = tmp_path / "fallback.pdf"
    draw(pdf, fs, [("kai", text)])
    found = fonts(pdf)
    assert len(found) == 2                        # AR PL KaitiM GB (upm 1024) and the fallback
    for font in found.values():
        assert problems(font) == []
    assert text_lines(pdf) == [text]
    doc = pdfium.PdfDocument(str(pdf))
    assert doc[0].get_textpage().get_text_range() == text      # 𬌗 U+2C317: a surrogate pair
    doc.close()


def _set_first_width(writer, width) -> None:
    """Give the first CID listed in /W of the first font another width."""
    font = next(iter(writer.pages[0]["/Resources"]["/Font"].values())).get_object()
    cid_font = font["/DescendantFonts"][0].get_object()
    w = cid_font["/W"]
    if w and isinstance(w[1], list):              # c [w1 w2 ...]
        w[1][0] = FloatObject(width)
    elif w:                                       # c_first c_last w
        w[2] = FloatObject(width)
    else:                                         # every CID at /DW: list the first one
        cid_font[NameObject("/W")] = ArrayObject([NumberObject(32), ArrayObject([FloatObject(width)])])


def test_width_check_catches_a_wrong_width(fontset, tmp_path):
    """Control: the same PDF with one /W entry changed fails the check above, so its passing on
    our fonts means something."""
    pdf = tmp_path / "sample.pdf"
    draw(pdf, fontset, [("song", SAMPLE["song"])])
    writer = PdfWriter(clone_from=PdfReader(str(pdf)))
    _set_first_width(writer, 123.0)
    buf = io.BytesIO()
    writer.write(buf)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(buf.getvalue())
    (font,) = fonts(bad).values()
    assert any("width 123.0 but hmtx" in p for p in problems(font))


def test_a_manifest_that_disagrees_with_its_font_file_is_an_error(fontset):
    """The composer's advances (the manifest) must be the embedded font's: Type0Font checks them."""
    song = fontset.faces["song"]
    lying = dict(song.units)
    lying["县"] = lying["县"] + 7
    man = {"family": song.family, "units_per_em": song.units_per_em, "ascent": 880,
           "descent": -120, "proportional_latin": True, "advances": lying}
    face = Face("song", song.pdf_name + "-x", song.path, song.source, song.index, man)
    with pytest.raises(TypesetError, match="U\\+53BF the advance"):
        Type0Font(face)
