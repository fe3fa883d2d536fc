"""The closing block set by GB/T 9704: 附件说明 (7.3.4) with later items and wrapped lines under
the first item's name, and the 署名 and 成文日期 of a document without a seal (7.3.5.2): the
署名 右空二字, the date one line below, its first character two characters right of the 署名's
(a date that would come nearer the edge: 右空二字, the 署名 moved left with it). The layout
file's [closing] gives the amounts; the styles give role, size and indent."""
from __future__ import annotations

import re

from typeset.compose.data import GlyphRun, Line
from typeset.errors import TypesetError
from typeset.compose.spans import split_spans
from typeset.model import Paragraph

# The parts of a 附件说明 line before the attachment's name: the label, then an item number.
LABEL = re.compile(r"附件[：:]")
NUMBER = re.compile(r"\d{1,3}[.．]")


class ClosingSetter:
    """Sets one document's (or attachment's) closing paragraphs; the 附件说明's label width
    carries from its first line to the items below it."""

    def __init__(self, ts):
        self.ts = ts
        self.lay = ts.layout
        self.label = None           # the width of 附件： in the current 附件说明, pt

    # -- 附件说明 ------------------------------------------------------------------------
    def attach_note(self, p: Paragraph) -> tuple[Line, ...]:
        """附件：1.name / 2.name: the label and number set before a block whose every line
        starts under the name's first character."""
        st = self.lay.style(p.style)
        em = self.lay.grid.size
        width = self.lay.column_width - st.right_indent * em
        text = p.text
        label = LABEL.match(text)
        if label:
            self.label = self.ts.width_of(label.group(), st.role, st.size)
            k = label.end()
        elif self.label is not None and NUMBER.match(text):
            k = 0
        else:
            self.label = None
            return self._plain(p, width, em)
        lead = st.indent * em + (0.0 if label else self.label)
        number = NUMBER.match(text, k)
        k = number.end() if number else k
        if not self.lay.closing.hang or k >= len(text):
            return self._plain(p, width, em, indent=lead / em if not label else st.indent)
        head, tail = split_spans(p.spans, k)
        prefix = self.ts.runs(head, st.role, st.size)
        x0 = st.indent * em if label else lead
        name_at = x0 + self.ts.runs_width(prefix)
        runs = self.ts.runs(tail, st.role, st.size)
        try:
            lines = self.ts.compose(runs, width, em=em, indent=name_at / em, hang=name_at / em)
        except TypesetError as e:
            raise e.at(p.where) from None
        first = lines[0]
        glyphs, x = [], x0
        for r in prefix:
            xs = []
            for ch in r.text:
                xs.append(round(x, 4))
                x += self.ts.advance(r.font, ch) * r.size
            glyphs.append(GlyphRun(r.font, r.size, r.text, tuple(xs), r.rise, r.blank))
        out = [first._replace(runs=tuple(glyphs) + first.runs, start=0, stop=first.stop + k,
                              natural=first.natural + name_at - x0)]
        out += [ln._replace(start=ln.start + k, stop=ln.stop + k) for ln in lines[1:]]
        return tuple(out)

    def _plain(self, p: Paragraph, width: float, em: float, indent: float | None = None):
        st = self.lay.style(p.style)
        try:
            return tuple(self.ts.compose(self.ts.runs(p.spans, st.role, st.size), width, em=em,
                                         indent=st.indent if indent is None else indent,
                                         align=st.align))
        except TypesetError as e:
            raise e.at(p.where) from None

    # -- 署名 and 成文日期 ---------------------------------------------------------------
    def sign_and_date(self, signs: list[Paragraph], date: Paragraph | None) -> dict[int, tuple]:
        """The lines of the 署名 paragraphs and the date, by id(paragraph). Every 署名 line ends
        where the last one does; the date starts date_shift characters right of the last
        署名 line's start."""
        c = self.lay.closing
        em = self.lay.grid.size
        col = self.lay.column_width
        sign_w = self._natural(signs[-1]) if signs else 0.0
        date_w = self._natural(date) if date is not None else 0.0
        start = col - c.sign_right * em - sign_w
        if date is not None:
            date_at = start + c.date_shift * em if signs else col
            if date_at + date_w > col - c.date_right * em:
                date_at = col - c.date_right * em - date_w
                start = date_at - c.date_shift * em
            date_at = max(0.0, date_at)
        start = max(0.0, start)
        out = {}
        edge = min(col, start + sign_w)
        for p in signs:
            out[id(p)] = self._line(p, edge, "right", 0.0)
        if date is not None:
            out[id(date)] = self._line(date, col, "left", date_at)
        return out

    def _natural(self, p: Paragraph) -> float:
        lines = self._line(p, self.lay.column_width, "left", 0.0)
        return max(ln.end for ln in lines)

    def _line(self, p: Paragraph, width: float, align: str, at: float) -> tuple[Line, ...]:
        st = self.lay.style(p.style)
        em = self.lay.grid.size
        try:
            return tuple(self.ts.compose(self.ts.runs(p.spans, st.role, st.size), width, em=em,
                                         indent=at / em, align=align))
        except TypesetError as e:
            raise e.at(p.where) from None
