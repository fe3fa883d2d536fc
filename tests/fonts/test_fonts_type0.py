"""The Type0 embedding (typeset/fonts/type0.py, sfnt.py) on a made-up font and on a prepared face:
the subset keeps glyph ids and the used outlines, CIDs that share a glyph read back apart, a
character past U+FFFF is a surrogate pair in ToUnicode, and the subset name comes from the content."""
from __future__ import annotations

import io
import re
import struct

import pypdfium2 as pdfium
import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent
from fonts_pdfcheck import fonts, problems, to_unicode, used
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from typeset.fonts import Face, FontSet, prepare_fonts
from typeset.fonts.sfnt import Sfnt

ADVANCES = {".notdef": 500, "square": 600, "pair": 1000, "tri": 500, "far": 1000}
CMAP = {ord("A"): "square", ord("Α"): "square", ord("B"): "pair", ord("C"): "tri",
        0x2C317: "far"}                     # Α (Greek) shares A's glyph; 𬌗 is past U+FFFF


def _contour(points) -> Glyph:
    pen = TTGlyphPen(None)
    pen.moveTo(points[0])
    for p in points[1:]:
        pen.lineTo(p)
    pen.closePath()
    return pen.glyph()


def _composite(base: str, offsets) -> Glyph:
    glyph = Glyph()
    glyph.numberOfContours = -1
    glyph.components = []
    for dx, dy in offsets:
        comp = GlyphComponent()
        comp.glyphName, comp.x, comp.y, comp.flags = base, dx, dy, 0
        glyph.components.append(comp)
    return glyph


@pytest.fixture(scope="module")
def test_font(tmp_path_factory):
    """A TrueType font with a composite glyph (pair = two squares), two characters on one glyph and
    a character past U+FFFF; and its Face, as prepare_fonts would make it."""
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(list(ADVANCES))
    fb.setupCharacterMap(CMAP)
    glyphs = {".notdef": _contour([(50, 0), (450, 0), (450, 700), (50, 700)]),
              "square": _contour([(100, 0), (500, 0), (500, 400), (100, 400)]),
              "tri": _contour([(50, 0), (450, 0), (250, 600)]),
              "far": _contour([(100, -100), (900, -100), (900, 800), (100, 800)])}
    fb.setupGlyf({**glyphs, "pair": _composite("square", [(0, 0), (400, 300)])})
    fb.setupHorizontalMetrics({g: (a, 0) for g, a in ADVANCES.items()})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Type0 Test", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    fb.setupPost()
    path = tmp_path_factory.mktemp("type0font") / "test.ttf"
    fb.save(str(path))
    man = {"family": "Type0 Test", "units_per_em": 1000, "ascent": 800, "descent": -200,
           "proportional_latin": True,
           "advances": {chr(c): ADVANCES[g] for c, g in CMAP.items()}}
    face = Face("song", "song-Type0Test-0123abcd", str(path), str(path), 0, man)
    FontSet(faces={"song": face}).register()
    return path, face


def _draw(path, face, lines: list[str]) -> None:
    c = Canvas(str(path), invariant=1, initialFontName=face.pdf_name)
    c.setFont(face.pdf_name, 20)
    for i, text in enumerate(lines):
        c.drawString(50, 800 - 30 * i, text)
    c.save()


def test_sfnt_reads_what_fonttools_reads(test_font, fontset):
    for path in [test_font[0], *(f.path for f in fontset.all_faces())]:
        tt = TTFont(str(path))
        sfnt = Sfnt(open(path, "rb").read())
        assert sfnt.cmap() == {c: tt.getGlyphID(g) for c, g in tt.getBestCmap().items()}
        assert sfnt.advances == [tt["hmtx"][g][0] for g in tt.getGlyphOrder()]
        assert sfnt.num_glyphs == tt["maxp"].numGlyphs


def test_subset_keeps_glyph_ids_used_outlines_and_components(test_font):
    path, _ = test_font
    sfnt = Sfnt(path.read_bytes())
    full = TTFont(str(path))
    order = full.getGlyphOrder()
    data = sfnt.subset([order.index("pair")])
    sub = TTFont(io.BytesIO(data))
    assert sub.getGlyphOrder() == order and sub["hmtx"].metrics == full["hmtx"].metrics
    glyf, orig = sub["glyf"], full["glyf"]
    for name in (".notdef", "pair", "square"):          # square: a component of pair
        assert glyf[name].getCoordinates(glyf)[0] == orig[name].getCoordinates(orig)[0], name
    for name in ("tri", "far"):
        assert glyf[name].numberOfContours == 0, name     # emptied
    assert sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF == 0xB1B0AFBA


def test_subset_of_a_prepared_face_keeps_its_outlines(fontset):
    song = fontset.faces["song"]
    sfnt = Sfnt(open(song.path, "rb").read())
    cmap = sfnt.cmap()
    used = [cmap[ord(ch)] for ch in "各乡人民政府县直有关单位2024"]
    sub = TTFont(io.BytesIO(sfnt.subset(used)))
    full = TTFont(song.path)
    order = full.getGlyphOrder()
    for gid in used:
        name = order[gid]
        assert sub["glyf"][name].getCoordinates(sub["glyf"]) == \
            full["glyf"][name].getCoordinates(full["glyf"])
    kept = [n for n in order if sub["glyf"][n].numberOfContours != 0]
    assert len(kept) == len(set(used)) + 1                                 # and .notdef
    assert len(sfnt.subset(used)) < len(open(song.path, "rb").read()) / 2


def _cid_to_gid(font) -> list[int]:
    data = font["/DescendantFonts"][0].get_object()["/CIDToGIDMap"].get_object().get_data()
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]


def test_shared_glyph_and_non_bmp_read_back_as_themselves(test_font, tmp_path):
    path, face = test_font
    pdf = tmp_path / "t.pdf"
    text = "AΑBC𬌗"
    _draw(pdf, face, [text])
    (font,) = fonts(pdf).values()
    assert problems(font) == []
    cids = {ch: cid for cid, ch in to_unicode(font).items()}
    assert sorted(cids) == sorted(text)                     # (this font has no space)
    gids = _cid_to_gid(font)
    assert cids["A"] != cids["Α"] and gids[cids["A"]] == gids[cids["Α"]]   # one glyph, two CIDs
    assert "<D870DF17>" in font["/ToUnicode"].get_object().get_data().decode()
    assert PdfReader(str(pdf)).pages[0].extract_text().strip() == text
    doc = pdfium.PdfDocument(str(pdf))
    assert doc[0].get_textpage().get_text_range().strip() == text
    doc.close()


def test_unused_glyphs_are_not_embedded(test_font, tmp_path):
    path, face = test_font
    pdf = tmp_path / "t.pdf"
    _draw(pdf, face, ["ABC"])
    (font,) = fonts(pdf).values()
    assert problems(font) == []
    program = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]["/FontFile2"]
    sub = TTFont(io.BytesIO(program.get_object().get_data()))
    assert sub["glyf"]["far"].numberOfContours == 0          # 𬌗 was not drawn: not embedded
    assert sub["glyf"]["tri"].numberOfContours == 1


@pytest.fixture(scope="module")
def many(cache):
    """A song face of 300 ideographs (more than 256)."""
    text = "".join(chr(0x4E00 + i) for i in range(300))
    fs = prepare_fonts({"song": used(text)}, cache_dir=cache)
    fs.register()
    return fs.faces["song"], text


def test_the_most_drawn_characters_get_codes_below_256(many):
    """pdfium keeps glyph boxes only for codes below 256: the characters a document draws most
    get them; the order is fixed by the counts, not by dict order."""
    from reportlab.pdfbase import pdfmetrics
    face, text = many
    font = pdfmetrics.getFont(face.pdf_name)
    counts = {ch: 1 for ch in text}
    often = text[-10:]                              # last in code order, first in use
    counts.update({ch: 5 for ch in often})
    codes = []
    for order in (text, text[::-1]):
        doc = Canvas(io.BytesIO(), invariant=1)._doc
        name, hexes = font.use(doc, {ch: counts[ch] for ch in order})
        codes.append({ch: int(h, 16) for ch, h in hexes.items()})
    assert codes[0] == codes[1]
    assert all(codes[0][ch] < 256 for ch in often)
    # below 256: CIDs 1-255 but 32, the space's
    assert sum(1 for code in codes[0].values() if code >= 256) == 300 - 254
    assert codes[0][" "] == 0x20                    # the space at its ASCII code, drawn or not
    assert len(set(codes[0].values())) == len(codes[0])


def test_subset_name_comes_from_the_content(test_font, tmp_path):
    path, face = test_font
    names = []
    for i, text in enumerate(["AB", "AB", "ABC"]):
        pdf = tmp_path / f"{i}.pdf"
        _draw(pdf, face, [text])
        (name,) = fonts(pdf)
        names.append(name)
    assert all(re.fullmatch(r"/[A-Z]{6}\+song-Type0Test-0123abcd", n) for n in names), names
    assert names[0] == names[1] != names[2]
    assert (tmp_path / "0.pdf").read_bytes() == (tmp_path / "1.pdf").read_bytes()


def test_one_font_one_tf_for_a_line_of_many_characters(many, tmp_path):
    """reportlab's own text calls go through the Type0 font too: 300 different characters in one
    drawString (more than reportlab's 256-glyph subsets held) are one font, one Tf."""
    song, text = many
    pdf = tmp_path / "many.pdf"
    c = Canvas(str(pdf), invariant=1, initialFontName=song.pdf_name)
    c.setFont(song.pdf_name, 5)
    c.drawString(10, 800, text)
    c.save()
    page = PdfReader(str(pdf)).pages[0]
    assert len(page["/Resources"]["/Font"]) == 1
    assert page.get_contents().get_data().count(b" Tf") == 1
    assert page.extract_text().strip() == text
    (font,) = fonts(pdf).values()
    assert problems(font) == []
