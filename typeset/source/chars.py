"""Every character of an issue by element style, with where it is first used (for glyph checks)."""
from __future__ import annotations

from ..model import Block, Image, Issue, Paragraph, Span, Table, Where


def chars_by_style(issue: Issue) -> dict[str, dict[str, Where]]:
    """{style: {char: first Where}}. Styles: the Paragraph or Span styles, "title", "number",
    "attach-label", "attach-title", "enclosure-title", "caption" (under an image), "table-header",
    "table-body", "table-note", "table-caption". What the layout prints itself (cover, 目录, heads,
    colophon) is typeset.furniture's."""
    out: dict[str, dict[str, Where]] = {}

    def add(style: str, text: str, where: Where) -> None:
        seen = out.setdefault(style, {})
        for ch in text:
            if ch != "\n" and ch not in seen:
                seen[ch] = where

    def spans(style: str, items: tuple[Span, ...], where: Where) -> None:
        for s in items:
            add(s.style or style, s.text, where)

    def blocks(items: tuple[Block, ...]) -> None:
        for b in items:
            if isinstance(b, Paragraph):
                spans(b.style, b.spans, b.where)
            elif isinstance(b, Table):
                table(b)
            elif isinstance(b, Image) and b.caption:
                add("caption", b.caption, b.where)

    def table(t: Table) -> None:
        for p in t.caption:
            spans(p.style, p.spans, p.where)
        for style, rows in (("table-header", t.header), ("table-body", t.rows)):
            for row in rows:
                for cell in row.cells:
                    spans(style, cell.spans, row.where)
        for p in t.notes:
            spans(p.style, p.spans, p.where)

    for section in issue.sections:
        for doc in section.documents:
            add("title", "".join(doc.title_lines), doc.where)
            add("number", doc.number, doc.where)
            blocks(doc.blocks)
            for att in doc.attachments:
                add("attach-label", att.label, att.where)
                add("attach-title" if att.label else "enclosure-title", "".join(att.title_lines),
                    att.where)
                blocks(att.blocks)
    return out
