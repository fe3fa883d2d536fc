"""Draw a laid-out issue with reportlab. It only draws: every position comes from layout."""
from __future__ import annotations

import io

from reportlab.pdfgen import canvas as rl_canvas

from typeset.layout.boxes import Box, ImageItem, LaidOutIssue, Rule, TextLine

EPS = 0.01


def _rgb(hex_color: str) -> tuple[float, float, float]:
    return tuple(int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))


def _groups(run, advance):
    """Split a glyph run into pieces set with one character spacing each:
    yields (x, text, char_space)."""
    xs, text = run.xs, run.text
    n = len(text)
    i = 0
    while i < n:
        j = i + 1
        space = None
        while j < n:
            gap = xs[j] - xs[j - 1] - advance(run.font, text[j - 1]) * run.size
            if space is None:
                space = gap
            elif abs(gap - space) > EPS:
                break
            j += 1
        yield xs[i], text[i:j], (space or 0.0) if j - i > 1 else 0.0
        i = j


def render(laid: LaidOutIssue, fontset, stamp=None, canvas_kwargs: dict | None = None) -> bytes:
    """Return the PDF bytes of the laid-out issue. `stamp(canvas)` writes the document
    info (title, author, dates) before drawing."""
    fontset.register()
    faces = {face.pdf_name: face for face in fontset.all_faces()}

    def advance(font, ch):
        return faces[font].advance(ch)

    buf = io.BytesIO()
    kwargs = dict(canvas_kwargs or {})
    # reportlab starts every page in Helvetica, which is not embedded: start in our body face
    kwargs.setdefault("initialFontName", fontset.faces["song"].pdf_name)
    c = rl_canvas.Canvas(buf, **kwargs)
    if stamp:
        stamp(c)
    outline = []
    for page in laid.pages:
        c.setPageSize((page.width, page.height))
        h = page.height
        for item in page.items:
            if isinstance(item, TextLine):
                _text(c, item, h, advance, laid.text_color)
            elif isinstance(item, Rule):
                c.setStrokeColorRGB(*_rgb(item.color))
                c.setLineWidth(item.width)
                c.line(item.x0, h - item.y0, item.x1, h - item.y1)
            elif isinstance(item, Box):
                c.setLineWidth(item.width)
                c.setStrokeColorRGB(*_rgb(item.stroke))
                c.rect(item.x, h - item.y - item.h, item.w, item.h, stroke=1, fill=0)
            elif isinstance(item, ImageItem):
                c.drawImage(item.path, item.x, h - item.y - item.h, item.w, item.h)
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


def _text(c, item: TextLine, h: float, advance, text_color: str) -> None:
    y = h - item.y
    c.setFillColorRGB(*_rgb(item.color or text_color))
    for run in item.runs:
        if run.blank:
            x0 = item.x + run.xs[0]
            x1 = item.x + run.xs[-1] + advance(run.font, run.text[-1]) * run.size
            c.setLineWidth(0.5)
            c.line(x0, y - run.size * 0.12, x1, y - run.size * 0.12)
            continue
        t = c.beginText()
        t.setFont(run.font, run.size)
        t.setRise(run.rise)
        for x, text, space in _groups(run, advance):
            t.setCharSpace(space)
            t.setTextOrigin(item.x + x, y)
            t.textOut(text)
        c.drawText(t)
