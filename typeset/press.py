"""The press file, out/<issue>/<issue>-print.pdf: the archival file's pages drawn again from the
same layout for a print shop (issue 17). What differs is only how they are painted (Press):

- black (the text colour, rules, table lines, leaders) is DeviceCMYK 0/0/0/100 with overprint,
  so small characters sit on the black plate alone (GB/T 9704 6.2: BL100%);
- the masthead red is CMYK 0/80/80/0 (GB/T 9704: M80% Y80%), or a named spot colour when the
  printer prints two inks ([press] spot);
- every page has a TrimBox (the laid-out page); a page where something runs off the trimmed
  page gets bleed_mm around it: the MediaBox grows, the content moves, nothing is scaled;
- images are converted to CMYK with the printer's profile ([press] icc_profile), which also
  makes the file PDF/X-4 (GTS_PDFX output intent); without one they stay as they are, with a
  warning.

The canvas enforces CMYK (reportlab's enforceColorSpace "cmyk"; "sep_cmyk" with a spot colour,
which "cmyk" would turn into process ink): an RGB colour is an error, not ink.
"""
from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.lib.utils import ImageReader

from typeset.config import MM, Layout
from typeset.images import upright_data
from typeset.layout.boxes import Box, ImageItem, Rule
from typeset.pdfmeta import PdfMeta
from typeset.render import render

BLACK = (0.0, 0.0, 0.0, 1.0)          # GB/T 9704 6.2: BL100%
RED = (0.0, 0.8, 0.8, 0.0)            # GB/T 9704: Y80% M80%
EDGE = 0.01                           # pt: ink this near the trimmed edge runs off it
GREY_MODES = ("1", "L", "LA")         # images that print on the black plate as they are


def press_name(name: str) -> str:
    return f"{name}-print.pdf"


class Press:
    """Paints for the press (the calls of typeset.render.RGB)."""

    def __init__(self, layout: Layout):
        p = layout.press
        self.bleed = p.bleed_mm * MM
        red = CMYKColorSep(*RED, spotName=p.spot) if p.spot else CMYKColor(*RED)
        black = CMYKColor(*BLACK)
        c = layout.colors
        # colour -> (ink, overprint); black wins where the layout gives two roles one colour
        self.inks = {c.masthead: (red, False), "#000000": (black, True),
                     c.rule: (black, True), c.text: (black, True)}
        self.enforce = "sep_cmyk" if p.spot else "cmyk"
        self.profile = Path(p.icc_profile).expanduser() if p.icc_profile else None
        self._transforms: dict[bytes, object] = {}
        self.warnings: list[str] = []
        self._stroke = None                     # the page's stroke colour (tables: hundreds)

    def page(self, canvas, page) -> float:
        b = self.bleed if bleeds(page) else 0.0
        w, h = page.width, page.height
        canvas.setPageSize((w + 2 * b, h + 2 * b))
        self._stroke = None
        canvas.setTrimBox((b, b, b + w, b + h))
        canvas.setBleedBox((0, 0, w + 2 * b, h + 2 * b) if b else None)
        if b:
            canvas.translate(b, b)
        return b

    def ink(self, color: str) -> tuple[CMYKColor, bool]:
        if color in self.inks:
            return self.inks[color]
        r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
        k = 1 - max(r, g, b)                     # a colour the layout has no role for
        if k == 1:
            return CMYKColor(*BLACK), True
        cmy = [round((1 - v - k) / (1 - k), 3) for v in (r, g, b)]
        return CMYKColor(*cmy, round(k, 3)), cmy == [0, 0, 0]

    def fill(self, canvas, color: str) -> None:
        ink, over = self.ink(color)
        canvas.setFillColor(ink)
        canvas.setFillOverprint(over)
        if over:
            canvas.setOverprintMask(1)           # the 0 components leave what is below alone

    def stroke(self, canvas, color: str) -> None:
        if color == self._stroke:
            return
        self._stroke = color
        ink, over = self.ink(color)
        canvas.setStrokeColor(ink)
        canvas.setStrokeOverprint(over)
        if over:
            canvas.setOverprintMask(1)

    def image(self, path: str):
        from PIL import Image
        data = upright_data(path)
        with Image.open(io.BytesIO(data)) as im:
            if im.mode in GREY_MODES:
                return ImageReader(io.BytesIO(data))
            if self.profile is None:
                self.warnings.append(
                    f"{Path(path).name}: kept in RGB in the press file (name the printer's CMYK "
                    "profile as [press] icc_profile in the layout to convert it)")
                return ImageReader(io.BytesIO(data))
            return ImageReader(self._cmyk(im))

    def _cmyk(self, im):
        """The image in the printer's CMYK (relative colorimetric, black point compensation),
        from its own profile or sRGB. Its pixels are the archival file's: RGB, any alpha channel
        dropped (render draws pictures without their transparency in both files)."""
        from PIL import ImageCms
        source = im.info.get("icc_profile") or b""
        flat = im.convert("RGB")
        if source not in self._transforms:
            src = (ImageCms.ImageCmsProfile(io.BytesIO(source)) if source
                   else ImageCms.createProfile("sRGB"))
            self._transforms[source] = ImageCms.buildTransform(
                src, str(self.profile), "RGB", "CMYK",
                renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
        return ImageCms.applyTransform(flat, self._transforms[source])


def bleeds(page) -> bool:
    """Does anything drawn on the page reach its trimmed edge (a band, a picture to the edge)?"""
    for item in page.items:
        if isinstance(item, Rule):
            pad = item.width / 2
            x0, x1 = sorted((item.x0, item.x1))
            y0, y1 = sorted((item.y0, item.y1))
            box = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
        elif isinstance(item, (Box, ImageItem)):
            box = (item.x, item.y, item.x + item.w, item.y + item.h)
        else:
            continue                             # text stays in the frame (verify.bounds)
        if box[0] <= EDGE or box[1] <= EDGE or box[2] >= page.width - EDGE or \
                box[3] >= page.height - EDGE:
            return True
    return False


def render_press(laid, fontset, layout: Layout, meta: PdfMeta, stamp,
                 canvas_kwargs: dict, memo: dict | None = None) -> tuple[bytes, tuple[str, ...]]:
    """The press file's bytes and its warnings (images kept in RGB). `memo`: the archival
    render's (typeset.render.render)."""
    paint = Press(layout)
    kwargs = dict(canvas_kwargs, enforceColorSpace=paint.enforce)
    pdf = render(laid, fontset, stamp, kwargs, paint, memo)
    if paint.profile is not None:
        from typeset.pdfx import make_pdfx
        pdf = make_pdfx(pdf, meta, paint.profile, layout.press.condition)
    return pdf, tuple(dict.fromkeys(paint.warnings))
