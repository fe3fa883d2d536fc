"""Draw a laid-out issue with reportlab. It only draws: every position comes from layout."""
from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as rl_canvas

from typeset.layout.boxes import Box, ImageItem, LaidOutIssue, Rule, TextLine
from typeset import reportlab_fixes
from typeset.images import upright_data

EPS = 0.01
BLANK_EM = 0.5             # an underscore of a fill-in blank (typeset.compose.data.Run)


def _rgb(hex_color: str) -> tuple[float, float, float]:
    return tuple(int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))


def render(laid: LaidOutIssue, fontset, stamp=None, canvas_kwargs: dict | None = None) -> bytes:
    """Return the PDF bytes of the laid-out issue. `stamp(canvas)` writes the document
    info (title, author, dates) before drawing."""
    reportlab_fixes.apply()
    fontset.register()
    faces = {face.pdf_name: face for face in fontset.all_faces()}

    rl_config.useA85 = 0        # plain Flate streams: ASCII85 only costs time and bytes
    buf = io.BytesIO()
    kwargs = dict(canvas_kwargs or {})
    # reportlab starts every page in Helvetica, which is not embedded: start in our body face
    kwargs.setdefault("initialFontName", fontset.faces["song"].pdf_name)
    c = rl_canvas.Canvas(buf, **kwargs)
    if stamp:
        stamp(c)
    outline = []
    text = _Text(c, faces, laid.text_color)
    text.assign_codes(laid.pages)
    for page in laid.pages:
        c.setPageSize((page.width, page.height))
        text.color = None                  # each page's content starts in the default state
        h = page.height
        for item in page.items:
            if isinstance(item, TextLine):
                text.line(item, h)
            elif isinstance(item, Rule):
                c.setStrokeColorRGB(*_rgb(item.color))
                c.setLineWidth(item.width)
                c.line(item.x0, h - item.y0, item.x1, h - item.y1)
            elif isinstance(item, Box):
                c.setLineWidth(item.width)
                c.setStrokeColorRGB(*_rgb(item.stroke))
                c.rect(item.x, h - item.y - item.h, item.w, item.h, stroke=1, fill=0)
            elif isinstance(item, ImageItem):
                # from its bytes: reportlab then names the image by its content, not its path
                image = ImageReader(io.BytesIO(upright_data(item.path)))
                c.drawImage(image, item.x, h - item.y - item.h, item.w, item.h)
        for mark in page.marks:
            c.bookmarkPage(mark.key, fit="XYZ", left=0, top=h - mark.y + 20)
            outline.append(mark)
        if page.folio is not None:
            if page.folio == 1 or page.index == 0:
                c.addPageLabel(page.index, style="D", start=page.folio)
        else:
            c.addPageLabel(page.index, prefix=page.label)
        c.showPage()
    for mark in outline:
        c.addOutlineEntry(mark.title, mark.key, level=mark.level)
    c.save()
    return buf.getvalue()


class _Text:
    """Writes text lines as PDF operators: one BT..ET a line; each glyph run starts at its own
    origin with its common letter spacing as Tc, and TJ numbers move the glyphs that stand
    elsewhere (compressed punctuation). Each face is one Type0 font (fonts/type0.py) whose codes
    are 2-byte glyph ids, so a run needs one Tf, and none when the line is already in its font."""

    def __init__(self, canvas, faces, text_color: str):
        self.canvas = canvas
        self.doc = canvas._doc
        self.faces = faces
        self.text_color = text_color
        self.color = None
        self.names: dict[str, str] = {}                   # pdf name -> the page resource /Fn
        self.codes: dict[str, dict[str, str]] = {}        # pdf name -> char -> 4 hex digits
        self.advances = {name: face.advances() for name, face in faces.items()}

    def assign_codes(self, pages) -> None:
        """Map each face the pages draw with in the document (in order of first use) and give
        its characters their codes, the most drawn first (fonts/type0.py)."""
        counts: dict[str, dict[str, int]] = {}
        for page in pages:
            for item in page.items:
                if isinstance(item, TextLine):
                    for run in item.runs:
                        if not run.blank:
                            count = counts.setdefault(run.font, {})
                            for ch in run.text:
                                count[ch] = count.get(ch, 0) + 1
        for font, count in counts.items():
            self.names[font], self.codes[font] = pdfmetrics.getFont(font).use(self.doc, count)

    def line(self, item: TextLine, h: float) -> None:
        c = self.canvas
        color = item.color or self.text_color
        if color != self.color:
            c.setFillColorRGB(*_rgb(color))
            self.color = color
        y = h - item.y
        ops = ["BT"]
        font = None
        for run in item.runs:
            if run.blank:
                self._blank(item, run, y)
            else:
                if (run.font, run.size) != font:
                    ops.append(f"{self.names[run.font]} {run.size:g} Tf")
                    font = (run.font, run.size)
                self._run(ops, run, item.x, y)
        ops.append("ET")
        c.addLiteral("\n".join(ops))

    def _blank(self, item: TextLine, run, y: float) -> None:
        """A fill-in blank: a rule under the width the composer gave it (half an em an
        underscore), not the font's underscore advance."""
        x0 = item.x + run.xs[0]
        x1 = item.x + run.xs[-1] + BLANK_EM * run.size
        self.canvas.setLineWidth(0.5)
        self.canvas.line(x0, y - run.size * 0.12, x1, y - run.size * 0.12)

    def _run(self, ops: list[str], run, x: float, y: float) -> None:
        text, xs, size = run.text, run.xs, run.size
        adv = self.advances[run.font]
        gaps = [b - a - adv[ch] * size for a, b, ch in zip(xs, xs[1:], text)]
        tc = _most_common(gaps)
        ops.append(f"1 0 0 1 {_num(x + xs[0])} {_num(y)} Tm {_num(run.rise)} Ts {_num(tc)} Tc")
        codes = self.codes[run.font]
        moved = [k for k, g in enumerate(gaps) if abs(g - tc) > EPS]
        if not moved:
            ops.append("<" + "".join(codes[ch] for ch in text) + "> Tj")
            return
        parts, start = [], 0
        for k in moved:
            parts.append("<" + "".join(codes[ch] for ch in text[start:k + 1]) + ">")
            parts.append(_num((tc - gaps[k]) * 1000 / size))
            start = k + 1
        if start < len(text):
            parts.append("<" + "".join(codes[ch] for ch in text[start:]) + ">")
        ops.append("[" + " ".join(parts) + "] TJ")


def _most_common(gaps: list[float]) -> float:
    """The letter spacing most glyphs of a run share (0 for a single glyph)."""
    if not gaps:
        return 0.0
    if max(gaps) - min(gaps) < 1e-9:            # evenly spaced, as most runs are
        return round(gaps[0], 3)
    counts: dict[float, int] = {}
    for g in gaps:
        g = round(g, 3)
        counts[g] = counts.get(g, 0) + 1
    return max(counts, key=counts.get)


def _num(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s
