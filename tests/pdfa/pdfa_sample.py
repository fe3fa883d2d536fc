"""A small gazette-like PDF made with reportlab, and its PDF/A copies; also run as a script for rebuild tests.

python pdfa_sample.py OUT_DIR [FONT]  writes OUT_DIR/print.pdf (reportlab) and OUT_DIR/pdfa-{2u,2b,3u}.pdf
(untagged: the tagged 2a is tested on real builds, tests/tagging).
"""
from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from typeset.pdfa import VARIANTS, PdfMeta, canvas_kwargs, make_pdfa, meta_date, stamp_canvas  # noqa: E402
from typeset import reportlab_fixes  # noqa: E402

SONG = "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"
WENKAI = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"
META = PdfMeta(title="泽州县人民政府公报 2024年第2期（总第5期）", author="泽州县人民政府办公室",
               subject="政府公报 <2024-02> & 目录", keywords="泽州县, 政府公报, 2024",
               date=meta_date(datetime.date(2024, 2, 29)))
UNTAGGED = sorted(v for v, spec in VARIANTS.items() if spec.conformance != "A")  # the sample has no structure
LINES = ["泽州县人民政府办公室关于印发《泽州县防汛应急预案》的通知",
         "各乡（镇）人民政府，县直各有关单位：现将《预案》印发给你们，请认真贯彻执行。",
         "一、总则（一）编制目的。“引号”、顿号；分号：冒号——破折号……省略号。PM2.5 ABC 123"]


def render(font: str = SONG) -> bytes:
    """Three A4 pages: headings and body text, a red rule, tinted boxes, a link, outline, page labels."""
    name = "Body-" + Path(font).stem
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, font))
    reportlab_fixes.apply()             # as typeset.render does
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4, **canvas_kwargs(META))
    stamp_canvas(c, META)
    width, height = A4
    for n in range(3):
        key = f"page{n}"
        c.bookmarkPage(key)
        c.addOutlineEntry("目录" if n == 0 else f"第{n}篇 通知", key, level=0)
        c.setFillColorRGB(0.8, 0, 0)
        c.setFont(name, 22)
        c.drawCentredString(width / 2, height - 90, "泽州县人民政府公报")
        c.setStrokeColorRGB(0.8, 0, 0)
        c.setLineWidth(1.5)
        c.line(72, height - 110, width - 72, height - 110)
        c.setFillColorRGB(0.92, 0.92, 0.96)
        c.rect(72, height - 400, width - 144, 60, fill=1, stroke=0)
        c.setFillGray(0)
        c.setFont(name, 10.5)
        for i, text in enumerate(LINES):
            c.drawString(72, height - 150 - 18 * i, text)
        c.drawCentredString(width / 2, 40, f"— {n + 1} —")
        if n == 0:
            c.linkAbsolute("第1篇", "page1", Rect=(72, height - 155, 300, height - 140))
        c.showPage()
    c.addPageLabel(0, style="ROMAN_UPPER")
    c.addPageLabel(1, style="ARABIC", start=1)
    c.save()
    return out.getvalue()


def build(out_dir: Path, font: str = SONG) -> dict[str, Path]:
    """Write print.pdf and one PDF/A file per variant into out_dir; return their paths by name."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = render(font)
    files = {"print": out_dir / "print.pdf"}
    files["print"].write_bytes(pdf)
    for variant in UNTAGGED:
        files[variant] = out_dir / f"pdfa-{variant}.pdf"
        files[variant].write_bytes(make_pdfa(pdf, META, variant))
    return files


if __name__ == "__main__":
    build(Path(sys.argv[1]), *sys.argv[2:3])
