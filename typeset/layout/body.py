"""Documents on body pages: title blocks, paragraphs in columns, tables, attachments."""
from __future__ import annotations

import math

from typeset.errors import TypesetError
from typeset.layout.boxes import ImageItem, TextLine
from typeset.config import MM
from typeset.layout.flow import Flow, Slot
from typeset.layout.inline import Typesetter
from typeset.layout.table import TableSetter
from typeset.model import Attachment, Break, Document, Image, Paragraph, Table

FULL_WIDTH = ("title", "attach-title")     # paragraph styles set across both columns


class BodySetter:
    def __init__(self, flow: Flow, ts: Typesetter, result):
        self.flow = flow
        self.ts = ts
        self.lay = flow.lay
        self.result = result
        self.tables = TableSetter(flow, ts)
        self.block_id = 0

    def _request(self, p: Paragraph) -> tuple:
        """What composing paragraph p takes: (runs, width, em, indent, align)."""
        st = self.lay.style(p.style)
        em = self.lay.grid.size
        width = self.lay.column_width - st.right_indent * em
        return self.ts.runs(p.spans, st.role, st.size), width, em, st.indent, st.align

    def _plan(self, table: Table):
        return self.tables.plan(table, self.lay.body_width)

    def _lines(self, p: Paragraph) -> list:
        runs, width, em, indent, align = self._request(p)
        return self.ts.compose(runs, width, em=em, indent=indent, align=align) if runs else []

    # -- full-width title lines ---------------------------------------------------
    def _title_lines(self, texts, style_name: str, align: str = "center"):
        """Compose full-width lines; return [(line, style)]."""
        st = self.lay.style(style_name)
        out = []
        for text in texts:
            for ln in self.ts.line(text, st.role, st.size, self.lay.body_width, align=align):
                out.append((ln, st))
        return out

    @staticmethod
    def _row_offsets(rows) -> tuple[list[int], int]:
        """Grid-line offset of each full-width row, and the lines they take in all. Each
        style's space_before and space_after apply where its rows begin and end."""
        marks, g = [], 0
        for i, (ln, st) in enumerate(rows):
            if i == 0 or rows[i - 1][1] is not st:
                g += st.space_before
            marks.append(g)
            g += st.lines
            if i == len(rows) - 1 or rows[i + 1][1] is not st:
                g += st.space_after
        return marks, g

    def _place_full(self, rows, kind: str, where: str) -> int:
        """Reserve grid lines for full-width rows and draw them; return the first line."""
        marks, g = self._row_offsets(rows)
        g0 = self.flow.reserve(g)
        page = self.flow.page
        for (ln, st), k in zip(rows, marks):
            y = self.flow.baseline(g0 + k, st.size, st.lines)
            page.items.append(TextLine.placed(ln, self.lay.left, y, kind, where=where))
        return g0

    # -- documents ----------------------------------------------------------------
    def _start(self, mode: str) -> None:
        if mode == "page":
            self.flow.break_page()
        elif mode == "column":
            self.flow.break_column()

    def document(self, doc: Document, section: str, index: int, first_in_section: bool,
                 after_attachments: bool) -> None:
        flow = self.flow
        d = self.lay.document
        flow.section = section
        self._start(d.section_start if first_in_section else
                    d.after_attachments if after_attachments else d.start)
        where = str(doc.where)
        rows = self._title_lines(doc.title_lines, "title")
        if doc.number:
            rows += self._title_lines([doc.number], "number")
        g = self._place_full(rows, "title", where)
        flow.page.section = flow.page.section or section
        if first_in_section:
            flow.mark(section, 0, f"sec{index}", flow.line_top(g))
        flow.mark(doc.title, 1, f"doc{index}", flow.line_top(g))
        self.result.doc_pages[index] = len(flow.pages) - 1
        for block in doc.blocks:
            self.block(block)
        for k, att in enumerate(doc.attachments):
            self.attachment(att, f"doc{index}.{k}")

    def attachment(self, att: Attachment, key: str) -> None:
        """An attachment (附件…), or with no label the text a notice issues (印发)."""
        flow = self.flow
        d = self.lay.document
        self._start(d.attachment_start if att.label else d.enclosure_start)
        title = (att.label + " " + "".join(att.title_lines)).strip()
        rows = self._title_lines([att.label], "attach-label", align="left") if att.label else []
        rows += self._title_lines(att.title_lines,
                                  "attach-title" if att.label else "enclosure-title")
        first = att.blocks[0] if att.blocks else None
        plan = self._plan(first) if isinstance(first, Table) else None
        if plan is not None and plan.landscape:
            self.result.table_breaks[str(first.where)] = self.tables.place(
                plan, key, rows, mark=(title, 2))
        else:
            if plan is not None:
                self._keep_together(rows, plan)
            if rows:
                g = self._place_full(rows, "attach-title", str(att.where))
                flow.mark(title, 2, key, flow.line_top(g))
            if plan is not None:
                self.table(first, plan)
        for block in att.blocks[1 if plan is not None else 0:]:
            self.block(block)

    def _keep_together(self, rows, plan) -> None:
        """An attachment whose table fits on a page is not split: it starts a new page if
        the rest of this one is too short."""
        need = self._row_offsets(rows)[1] * self.lay.grid.pitch + self.tables.height(plan)
        if need <= self.lay.body_height and need > self.flow.room() * self.lay.grid.pitch:
            self.flow.break_page()

    # -- blocks ---------------------------------------------------------------------
    def block(self, block) -> None:
        if isinstance(block, Paragraph) and block.style in FULL_WIDTH:
            rows = self._title_lines([block.text], block.style)
            self._place_full(rows, block.style, str(block.where))
        elif isinstance(block, Paragraph):
            self.flow.add(self.paragraph_slots(block))
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Break):
            if block.kind == "page":
                self.flow.break_page()
            else:
                self.flow.break_column()
        elif isinstance(block, Image):
            self.image(block)

    def paragraph_slots(self, p: Paragraph) -> list[Slot]:
        st = self.lay.style(p.style)
        try:
            lines = self._lines(p)
        except TypesetError as e:
            raise e.at(p.where) from None
        self.block_id += 1
        slots = [Slot(None) for _ in range(st.space_before)]
        slots += [Slot(ln, kind=p.style, where=str(p.where), block=self.block_id,
                       keep=st.keep_with_next,
                       size=st.size) for ln in lines]
        slots += [Slot(None) for _ in range(st.space_after)]
        return slots

    def table(self, table: Table, plan=None) -> None:
        plan = plan or self._plan(table)
        key = f"table{len(self.result.table_breaks)}"
        breaks = self.tables.place(plan, key)
        self.result.table_breaks[str(table.where)] = breaks

    def image(self, img: Image) -> None:
        """An image centred across the columns, no larger than the body, its caption below."""
        from PIL import Image as PILImage
        with PILImage.open(img.path) as im:
            w, h = im.size
        lay = self.lay
        caption = self._title_lines([img.caption], "caption") if img.caption else []
        room = lay.body_height - len(caption) * lay.grid.pitch
        width = min((img.width_mm or 0) * MM or lay.body_width, lay.body_width, room * w / h)
        height = width * h / w
        lines = math.ceil(height / lay.grid.pitch - 1e-6)
        g = self.flow.reserve(lines + len(caption))
        x = lay.left + (lay.body_width - width) / 2
        self.flow.page.items.append(ImageItem(img.path, x, self.flow.line_top(g), width, height))
        for k, (ln, st) in enumerate(caption):
            self.flow.page.items.append(TextLine.placed(
                ln, lay.left, self.flow.baseline(g + lines + k, st.size), "caption",
                where=str(img.where)))
