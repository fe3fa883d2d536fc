"""Embedding read back from real PDFs: subsets, FontFile2, ToUnicode, /Widths == hmtx, text."""
from __future__ import annotations

import io

from fontTools import subset
from fontTools.ttLib import TTFont
from fonts_pdfcheck import SAMPLE, used, draw, fonts, problems, text_lines
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as RLFont
from reportlab.pdfgen.canvas import Canvas

from typeset.config import FontOverride
from typeset.fonts import ROLES, prepare_fonts

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


def test_width_check_catches_reportlabs_bug(tmp_path):
    """Control: a compacted hmtx with upm != 1000 (fontTools' default output) embeds wrong widths
    in reportlab, and the check above sees it; so its passing on prepared fonts means something."""
    font = TTFont(GKAI)
    opts = subset.Options()
    opts.hinting = False
    sub = subset.Subsetter(opts)
    text = "（一）严格落实党政领导责任。"
    sub.populate(text=text)
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    compacted = TTFont(io.BytesIO(buf.getvalue()))
    assert compacted["hhea"].numberOfHMetrics < compacted["maxp"].numGlyphs
    path = tmp_path / "compacted.ttf"
    path.write_bytes(buf.getvalue())
    pdfmetrics.registerFont(RLFont("control-compacted", str(path)))
    c = Canvas(str(tmp_path / "bug.pdf"), invariant=1, initialFontName="control-compacted")
    c.drawString(50, 800, text)
    c.save()
    (font,) = fonts(tmp_path / "bug.pdf").values()
    assert any("/Widths" in p for p in problems(font))
