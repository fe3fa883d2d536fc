"""From model spans to composed lines: the layout file's styles pick font roles and sizes, the font
set picks the face of each character, and the composer sets the lines."""
from __future__ import annotations

from typeset.compose import Run, compose_paragraph
from typeset.config import Layout
from typeset.fonts import FontSet
from typeset.model import Script, Span

SUB_SCALE = 0.6      # subscript and superscript size, of the run's size
SUB_RISE = -0.15     # subscript baseline shift, in em of the run's size
SUP_RISE = 0.4


class Typesetter:
    """Turns spans into composer runs with real faces, and composes them."""

    def __init__(self, layout: Layout, fontset: FontSet):
        self.layout = layout
        self.fontset = fontset
        self._faces = {face.pdf_name: face for face in fontset.all_faces()}
        self.advance = self._advance

    def _advance(self, font: str, ch: str) -> float:
        return self._faces[font].advance(ch)

    def runs(self, spans: tuple[Span, ...] | list[Span], role: str, size: float) -> list[Run]:
        """Runs for spans in a paragraph whose own style has `role` and `size`."""
        out: list[Run] = []
        for span in spans:
            r, s = role, size
            if span.style:
                st = self.layout.style(span.style)
                r, s = st.role, st.size
            rise = 0.0
            if span.script:
                rise = (SUB_RISE if span.script is Script.SUB else SUP_RISE) * s
                s = s * SUB_SCALE
            out.extend(self.text_runs(span.text, r, s, rise=rise, blank=span.blank))
        return out

    def text_runs(self, text: str, role: str, size: float, *, rise: float = 0.0,
                  blank: bool = False) -> list[Run]:
        """Split text into runs by the face that has each character (main or fallback)."""
        if blank:
            face = self.fontset.faces[role]
            return [Run(text, face.pdf_name, size, rise, True)]
        out: list[Run] = []
        start, cur = 0, None
        for i, ch in enumerate(text):
            name = self.fontset.face_for(role, ch).pdf_name
            if name != cur:
                if cur is not None:
                    out.append(Run(text[start:i], cur, size, rise))
                start, cur = i, name
        if cur is not None:
            out.append(Run(text[start:], cur, size, rise))
        return out

    def compose(self, runs: list[Run], width: float, *, em: float, indent: float = 0.0,
                align: str = "justify", hang: float = 0.0):
        lay = self.layout
        return compose_paragraph(runs, width, self.advance, em=em, indent=indent, align=align,
                                 punctuation=lay.page.punctuation, squeeze=lay.page.squeeze,
                                 hang=hang)

    def line(self, text: str, role: str, size: float, width: float, align: str = "center"):
        """One or more lines of plain text in one role (titles, heads, 目录 entries)."""
        return self.compose(self.text_runs(text, role, size), width, em=size, align=align)

    def width_of(self, text: str, role: str, size: float) -> float:
        return self.runs_width(self.text_runs(text, role, size))

    def runs_width(self, runs) -> float:
        """Natural width of runs in pt, before any compression or stretch."""
        return sum(self._faces[r.font].advance(ch) * r.size for r in runs for ch in r.text)
