"""Documents on body pages: title blocks, paragraphs in columns, tables, attachments, all
composed beforehand (typeset.compose.issue); this places them."""
from __future__ import annotations

import math

from typeset.compose.issue import (ComposedAttachment, ComposedDocument, ComposedImage,
                                   ComposedParagraph, FullWidth, Row)
from typeset.compose.tables import TablePlan
from typeset.config import MM, Start
from typeset.errors import TypesetError
from typeset.images import upright_size
from typeset.layout.boxes import ImageItem, TextLine
from typeset.layout.flow import Flow, Slot
from typeset.layout.table import TableSetter
from typeset.layout.tags import KIND_OF_STYLE, Tags
from typeset.model import Break, BreakKind, Where


CLOSING = ("attach-note", "signature", "date", "public")   # the closing block's styles


def _style(block) -> str | None:
    return block.paragraph.style if isinstance(block, ComposedParagraph) else None


def _closing(block) -> bool:
    return isinstance(block, ComposedParagraph) and block.paragraph.style in CLOSING


class BodySetter:
    def __init__(self, flow: Flow, tags: Tags):
        self.flow = flow
        self.lay = flow.lay
        self.tags = tags
        self.parent = 0                              # the Part or Sect being filled
        self.list = None                             # (parent, L element) while list items run
        self.tables = TableSetter(flow, flow.lay, tags)
        self.block_id = 0
        self._tail: list[Slot] = []                  # the last lines of the last paragraph
        self.doc_pages: dict[int, int] = {}          # document index -> index of its flow page
        self.table_breaks: dict[str, tuple[int, ...]] = {}   # table where -> rows starting a page

    def _row_offsets(self, rows: tuple[Row, ...]) -> tuple[list[int], int]:
        """Grid-line offset of each full-width row, and the lines they take in all. Each
        style's space_before and space_after apply where its rows begin and end."""
        marks, g = [], 0
        for i, row in enumerate(rows):
            st = self.lay.style(row.style)
            if i == 0 or rows[i - 1].style != row.style:
                g += st.space_before
            marks.append(g)
            g += st.lines
            if i == len(rows) - 1 or rows[i + 1].style != row.style:
                g += st.space_after
        return marks, g

    def row_tags(self, rows: tuple[Row, ...]) -> list[int]:
        """One element for each run of rows of one style (a title's lines are one H1)."""
        out = []
        for i, row in enumerate(rows):
            if i == 0 or rows[i - 1].style != row.style:
                tag = self.tags.style(row.style, self.parent)
            out.append(tag)
        return out

    def _place_full(self, rows: tuple[Row, ...], kind: str, where: Where) -> int:
        """Reserve grid lines for full-width rows and draw them; return the first line."""
        tags = self.row_tags(rows)
        marks, g = self._row_offsets(rows)
        if g > self.lay.grid.lines:
            raise TypesetError(f"this title takes {g} grid lines, more than a page holds "
                               f"({self.lay.grid.lines})", file=where.file, line=where.line,
                               fix="shorten the title or split it over fewer @title lines")
        g0 = self.flow.reserve(g)
        page = self.flow.page
        for row, k, tag in zip(rows, marks, tags):
            st = self.lay.style(row.style)
            y = self.flow.baseline(g0 + k, st.size, st.lines)
            page.items.append(TextLine.placed(row.line, self.lay.left, y, kind, where=str(where),
                                              tag=tag))
        return g0

    # -- documents ----------------------------------------------------------------
    def _start(self, mode: Start) -> None:
        if mode is Start.PAGE:
            self.flow.break_page()
        elif mode is Start.COLUMN:
            self.flow.break_column()

    def document(self, cd: ComposedDocument, section: str, index: int, first_in_section: bool,
                 after_attachments: bool) -> None:
        flow = self.flow
        doc = cd.document
        d = self.lay.document
        flow.section = section
        self._start(d.section_start if first_in_section else
                    d.after_attachments if after_attachments else d.start)
        part = self.parent = self.tags.add("Part", 0, title=doc.title)
        self._keep_short(cd)
        g = self._place_full(cd.title, "title", doc.where)
        flow.page.section = flow.page.section or section
        if first_in_section:
            flow.mark(section, 0, f"sec{index}", flow.line_top(g))
        flow.mark(doc.title, 1, f"doc{index}", flow.line_top(g))
        self.doc_pages[index] = len(flow.pages) - 1
        self.blocks(cd.blocks)
        for k, att in enumerate(cd.attachments):
            self.parent = self.tags.add("Sect", part, title=(att.attachment.label + " " + "".join(
                att.attachment.title_lines)).strip())
            self.attachment(att, f"doc{index}.{k}")
        flow.end_document()

    def _keep_short(self, cd: ComposedDocument) -> None:
        """A short document (its title and text, columns balanced, fit one page) is not split
        over two pages: it starts a new page when the rest of this one is too short. Not where
        the issue keeps its print's breaks (lone_lines = "keep")."""
        if not self.flow.avoid_lone_lines or not all(isinstance(b, (ComposedParagraph, FullWidth))
                                                     for b in cd.blocks):
            return
        lay = self.lay
        text = sum(len(b.lines) for b in cd.blocks if isinstance(b, ComposedParagraph))
        spaces = sum(lay.style(b.paragraph.style).space_before + lay.style(b.paragraph.style).space_after
                     for b in cd.blocks if isinstance(b, ComposedParagraph))
        full = sum(self._row_offsets(b.rows)[1] for b in cd.blocks if isinstance(b, FullWidth))
        need = self._row_offsets(cd.title)[1] + full + math.ceil((text + spaces) / lay.grid.columns)
        if need <= lay.grid.lines and need > self.flow.room():
            self.flow.break_page()

    def attachment(self, ca: ComposedAttachment, key: str) -> None:
        """An attachment (附件…), or with no label the text a notice issues (印发)."""
        flow = self.flow
        att = ca.attachment
        d = self.lay.document
        self._start(d.attachment_start if att.label else d.enclosure_start)
        title = (att.label + " " + "".join(att.title_lines)).strip()
        rows = ca.label + ca.title
        first = ca.blocks[0] if ca.blocks else None
        plan = first if isinstance(first, TablePlan) else None
        if plan is not None and plan.landscape:
            self.table_breaks[str(plan.table.where)] = self.tables.place(
                plan, key, rows, mark=(title, 2), parent=self.parent,
                heading_tags=self.row_tags(rows))
        else:
            if plan is not None:
                self._keep_together(rows, plan)
            if rows:
                g = self._place_full(rows, "attach-title", att.where)
                flow.mark(title, 2, key, flow.line_top(g))
            if plan is not None:
                self.table(plan)
        self.blocks(ca.blocks[1 if plan is not None else 0:])

    def _keep_together(self, rows, plan: TablePlan) -> None:
        """An attachment whose table fits on a page is not split: it starts a new page if
        the rest of this one is too short."""
        need = self._row_offsets(rows)[1] * self.lay.grid.pitch + self.tables.height(plan)
        if need <= self.lay.body_height and need > self.flow.room() * self.lay.grid.pitch:
            self.flow.break_page()

    # -- blocks ---------------------------------------------------------------------
    def blocks(self, blocks) -> None:
        """Blocks in order; the closing block (附件说明, 署名, 成文日期, 附注) is kept in one
        column and takes the two body lines before it along (GB/T 9704 7.3.4–7.3.6)."""
        blocks = list(blocks)
        for k, block in enumerate(blocks):
            prev = blocks[k - 1] if k else None
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            closing = _closing(block) and self.flow.avoid_lone_lines
            before_closing = not closing and _closing(nxt) and self.flow.avoid_lone_lines
            later = [b for b in blocks[k + 1:] if isinstance(b, ComposedParagraph)]
            last_of_block = closing and not (later and _closing(later[0]))
            self.block(block, closing=closing and not last_of_block,
                       keep_tail=2 if before_closing else 0,
                       run=(_style(prev) == _style(block), _style(nxt) == _style(block)))

    def block(self, block, closing: bool = False, keep_tail: int = 0,
              run: tuple[bool, bool] = (False, False)) -> None:
        if not (isinstance(block, ComposedParagraph) and block.paragraph.style == "item"):
            self.list = None
        if not isinstance(block, ComposedParagraph):
            self._tail = []
        if isinstance(block, FullWidth):
            self._place_full(block.rows, block.paragraph.style, block.paragraph.where)
        elif isinstance(block, ComposedParagraph):
            slots = self.paragraph_slots(block, *run)
            if closing:
                for slot in slots:
                    slot.keep = True
            elif keep_tail:
                # the last two body lines go with the closing block, over a one-line paragraph
                real = self._tail + [s for s in slots if s.line is not None]
                for slot in real[-keep_tail:]:
                    slot.keep = True
            self._tail = [s for s in slots if s.line is not None][-2:]
            self.flow.add(slots)
        elif isinstance(block, TablePlan):
            self.table(block)
        elif isinstance(block, Break):
            if block.kind is BreakKind.PAGE:
                self.flow.break_page(explicit=True)
            else:
                self.flow.break_column()
        elif isinstance(block, ComposedImage):
            self.image(block)

    def paragraph_tag(self, p) -> int:
        """The element a paragraph's lines belong to: a P or heading, or a list item's LBody
        (consecutive items make one L)."""
        if p.style != "item":
            return self.tags.style(p.style, self.parent)
        if self.list is None or self.list[0] != self.parent:
            self.list = (self.parent, self.tags.add("L", self.parent))
        return self.tags.add("LBody", self.tags.add("LI", self.list[1]))

    def run_tags(self, cp: ComposedParagraph, tag: int) -> list[tuple]:
        """Each line's runs' elements where a run-in heading (a Span) begins the paragraph."""
        spans, k = [], 0
        for span in cp.paragraph.spans:
            if span.style in KIND_OF_STYLE:
                spans.append((k, k + len(span.text), self.tags.add("Span", tag)))
            k += len(span.text)
        if not spans:
            return [()] * len(cp.lines)
        out = []
        for ln in cp.lines:
            at, tags = ln.start, []
            for run in ln.runs:
                tags.append(next((s for a, b, s in spans if a <= at < b), tag))
                at += len(run.text)
            out.append(tuple(tags))
        return out

    def paragraph_slots(self, cp: ComposedParagraph, after_same: bool = False,
                        before_same: bool = False) -> list[Slot]:
        """A paragraph's grid lines. A style's space_before and space_after apply where a run
        of its paragraphs begins and ends (no blank between 附件说明's items)."""
        p = cp.paragraph
        st = self.lay.style(p.style)
        self.block_id += 1
        tag = self.paragraph_tag(p)
        closing = p.style in CLOSING and self.flow.avoid_lone_lines
        slots = [Slot(None, keep=closing) for _ in range(0 if after_same else st.space_before)]
        lines = [Slot(ln, kind=p.style, where=str(p.where), block=self.block_id,
                      keep=st.keep_with_next, size=st.size, tag=tag, run_tags=rt)
                 for ln, rt in zip(cp.lines, self.run_tags(cp, tag))]
        if self.flow.avoid_lone_lines and len(lines) >= 2:
            lines[0].keep = True          # no first line alone at a column foot
            lines[-2].keep = True         # no last line alone at a column top
        slots += lines
        slots += [Slot(None, keep=closing) for _ in range(0 if before_same else st.space_after)]
        return slots

    def table(self, plan: TablePlan) -> None:
        key = f"table{len(self.table_breaks)}"
        breaks = self.tables.place(plan, key, parent=self.parent)
        self.table_breaks[str(plan.table.where)] = breaks

    def image(self, ci: ComposedImage) -> None:
        """An image centred across the columns, no larger than the body, its caption below."""
        img = ci.image
        w, h = upright_size(img.path)
        lay = self.lay
        caption = ci.caption
        room = lay.body_height - len(caption) * lay.grid.pitch
        width = min((img.width_mm or 0) * MM or lay.body_width, lay.body_width, room * w / h)
        height = width * h / w
        lines = math.ceil(height / lay.grid.pitch - 1e-6)
        g = self.flow.reserve(lines + len(caption))
        x = lay.left + (lay.body_width - width) / 2
        figure = self.tags.add("Figure", self.parent, alt=self.alt_text(ci))
        self.flow.page.items.append(ImageItem(img.path, x, self.flow.line_top(g), width, height,
                                              figure))
        tag = self.tags.add("P", self.parent) if caption else -1
        for k, row in enumerate(caption):
            st = lay.style(row.style)
            self.flow.page.items.append(TextLine.placed(
                row.line, lay.left, self.flow.baseline(g + k + lines, st.size), "caption",
                where=str(img.where), tag=tag))

    def alt_text(self, ci: ComposedImage) -> str:
        """A Figure's alternate description: its caption, else the attachment's (or document's)
        title it illustrates (a 印章's 印模 is an attachment titled after the seal)."""
        if ci.image.caption:
            return ci.image.caption
        el = self.tags.elements[self.parent]
        return el.title or "图片"
