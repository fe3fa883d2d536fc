"""The compose stage: every paragraph, title, caption and table cell of an issue set into lines,
at the measure the layout file gives it (a column, or the body width for full-width elements).
Layout only places what this returns. The text the layout prints itself (heads, folios, the 目录,
cover and colophon) is set by layout through the same Typesetter, since it depends on pages."""
from __future__ import annotations

import re
from dataclasses import dataclass

from typeset.compose.closing import ClosingSetter
from typeset.compose.data import Line
from typeset.compose.tables import TablePlan, TablePlanner
from typeset.compose.titles import Segmenter, TitleRules, break_title
from typeset.compose.typesetter import Typesetter
from typeset.config import Layout
from typeset.errors import TypesetError
from typeset.fonts import FontSet
from typeset.model import Attachment, Break, Document, Image, Issue, Paragraph, Table

FULL_WIDTH = ("title", "attach-title")     # paragraph styles set across both columns


@dataclass(frozen=True)
class Row:
    """A full-width line (title, 文号, attachment label, caption) and its style's name."""
    line: Line
    style: str


@dataclass(frozen=True)
class ComposedParagraph:
    paragraph: Paragraph
    lines: tuple[Line, ...]          # at the column measure


@dataclass(frozen=True)
class FullWidth:
    """A paragraph set across the columns (a title inside the text)."""
    paragraph: Paragraph
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class ComposedImage:
    image: Image
    caption: tuple[Row, ...]


ComposedBlock = ComposedParagraph | FullWidth | TablePlan | ComposedImage | Break


@dataclass(frozen=True)
class ComposedAttachment:
    attachment: Attachment
    label: tuple[Row, ...]           # 附件1, flush left
    title: tuple[Row, ...]
    blocks: tuple[ComposedBlock, ...]


@dataclass(frozen=True)
class ComposedDocument:
    document: Document
    title: tuple[Row, ...]           # the title lines, then the 文号
    blocks: tuple[ComposedBlock, ...]
    attachments: tuple[ComposedAttachment, ...]


@dataclass(frozen=True)
class ComposedSection:
    name: str
    documents: tuple[ComposedDocument, ...]


@dataclass(frozen=True)
class ComposedIssue:
    issue: Issue
    sections: tuple[ComposedSection, ...]


def compose_issue(issue: Issue, layout: Layout, fontset: FontSet,
                  memo: dict | None = None) -> ComposedIssue:
    """`memo`: composed lines from an earlier call with the same layout and font set, keyed by
    what decides them (a paragraph's style and spans, a table as a whole); read and filled here.
    The caller owns it and must drop it when the layout or the fonts change."""
    c = _Composer(Typesetter(layout, fontset), issue_names(issue), {} if memo is None else memo)
    return ComposedIssue(issue, tuple(
        ComposedSection(s.name, tuple(c.document(d) for d in s.documents))
        for s in issue.sections))


def issue_names(issue: Issue) -> tuple[str, ...]:
    """The issue's own names, words a title is never broken inside: issuers (落款), the
    addressees of 主送 and the 栏目 (less 文件)."""
    names = set()
    for doc in issue.documents():
        for b in doc.blocks:
            if isinstance(b, Paragraph) and b.style == "signature":
                names.add(b.text.strip())
            elif isinstance(b, Paragraph) and b.style == "to":
                names.update(n.strip() for n in re.split(r"[，、：:；]", b.text))
    for s in issue.sections:
        names.add(s.name.removesuffix("文件"))
    return tuple(sorted(n for n in names if len(n) >= 2))


class _Composer:
    def __init__(self, ts: Typesetter, names: tuple[str, ...] = (), memo: dict | None = None):
        self.ts = ts
        self.memo = {} if memo is None else memo
        self.lay = ts.layout
        self.tables = TablePlanner(ts, self.segmenter)
        self.names = names
        self.issuers = tuple(n for n in names if not n.startswith("各"))
        self._seg = None

    def segmenter(self) -> Segmenter:
        if self._seg is None:
            self._seg = Segmenter.of(self.names)
        return self._seg

    def title_lines(self, lines, style: str) -> tuple[str, ...]:
        """A title given as one line broken at word boundaries; several lines kept."""
        if len(lines) != 1:
            return tuple(lines)
        st = self.lay.style(style)
        t = self.lay.titles
        rules = TitleRules(min(t.max_em, self.lay.body_width / st.size), t.issuer_line)
        return tuple(break_title(lines[0], lambda s: self.ts.width_of(s, st.role, st.size),
                                 st.size, rules, self.segmenter, self.issuers))

    def rows(self, texts, style: str, align: str = "center") -> tuple[Row, ...]:
        key = ("rows", tuple(texts), style, align)
        got = self.memo.get(key)
        if got is None:
            st = self.lay.style(style)
            got = self.memo[key] = tuple(
                Row(ln, style) for text in texts
                for ln in self.ts.line(text, st.role, st.size, self.lay.body_width, align))
        return got

    def document(self, doc: Document) -> ComposedDocument:
        title = self.rows(self.title_lines(doc.title_lines, "title"), "title")
        if doc.number:
            title += self.rows([doc.number], "number")
        return ComposedDocument(doc, title, self.blocks(doc.blocks),
                                tuple(self.attachment(a) for a in doc.attachments))

    def attachment(self, att: Attachment) -> ComposedAttachment:
        label = self.rows([att.label], "attach-label", align="left") if att.label else ()
        style = "attach-title" if att.label else "enclosure-title"
        title = self.rows(self.title_lines(att.title_lines, style), style)
        return ComposedAttachment(att, label, title, self.blocks(att.blocks))

    def blocks(self, blocks) -> tuple[ComposedBlock, ...]:
        closing = ClosingSetter(self.ts)
        placed = self.sign_and_date(closing, blocks)
        out = []
        for b in blocks:
            if isinstance(b, Paragraph) and id(b) in placed:
                out.append(ComposedParagraph(b, placed[id(b)]))
            elif isinstance(b, Paragraph) and b.style == "attach-note":
                out.append(ComposedParagraph(b, closing.attach_note(b)))
            else:
                out.append(self.block(b))
        return tuple(out)

    @staticmethod
    def sign_and_date(closing: ClosingSetter, blocks) -> dict[int, tuple[Line, ...]]:
        """The lines of each run of 署名 paragraphs and the 成文日期 after it."""
        placed: dict[int, tuple[Line, ...]] = {}
        signs: list[Paragraph] = []
        for b in list(blocks) + [None]:
            style = b.style if isinstance(b, Paragraph) else None
            if style == "signature":
                signs.append(b)
                continue
            date = b if style == "date" else None
            if signs or date is not None:
                placed.update(closing.sign_and_date(signs, date))
            signs = []
        return placed

    def block(self, block) -> ComposedBlock:
        if isinstance(block, Paragraph) and block.style in FULL_WIDTH:
            return FullWidth(block, self.rows(self.title_lines([block.text], block.style),
                                              block.style))
        if isinstance(block, Paragraph):
            return ComposedParagraph(block, self.paragraph(block))
        if isinstance(block, Table):              # the key holds its source lines (the plan does)
            key = ("table", block, self.names)    # and the names its caption is not broken in
            got = self.memo.get(key)
            if got is None:
                got = self.memo[key] = self.tables.plan(block, self.lay.body_width)
            return got
        if isinstance(block, Image):
            caption = self.rows([block.caption], "caption") if block.caption else ()
            return ComposedImage(block, caption)
        return block                                     # a Break

    def paragraph(self, p: Paragraph) -> tuple[Line, ...]:
        key = ("paragraph", p.style, p.spans)     # the lines hold no source position
        got = self.memo.get(key)
        if got is None:
            got = self.memo[key] = self._paragraph(p)
        return got

    def _paragraph(self, p: Paragraph) -> tuple[Line, ...]:
        lay = self.lay
        st = lay.style(p.style)
        em = lay.grid.size
        width = lay.column_width - st.right_indent * em
        try:
            runs = self.ts.runs(p.spans, st.role, st.size)
            return tuple(self.ts.compose(runs, width, em=em, indent=st.indent, align=st.align)
                         if runs else ())
        except TypesetError as e:
            raise e.at(p.where) from None
