"""The document model: plain, immutable data parsed from an issue's source.

It imports nothing from compose, layout or render. Every element keeps `where`
(file and line) so that later stages can name the source in their messages.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Where:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class Script(StrEnum):
    NONE = ""
    SUB = "sub"
    SUP = "sup"


class BreakKind(StrEnum):
    PAGE = "page"
    COLUMN = "column"


@dataclass(frozen=True)
class Span:
    """A run of inline text.

    style:  "" for the paragraph's own style, or another element style for a run
            inside it, e.g. "heading2" for the run-in "（一）严格落实党政领导责任。".
    script: Script.SUB or SUP for PM_{2.5} -> Span("PM"), Span("2.5", script=Script.SUB)
    blank:  a fill-in blank; `text` is the underscores as written, their count the width.
    """
    text: str
    style: str = ""
    script: Script = Script.NONE
    blank: bool = False


@dataclass(frozen=True)
class Paragraph:
    """One paragraph or one-line element.

    style: an element style named in the layout: "body", "heading1".."heading4",
           "to" (主送), "signature", "date", "public" (公开属性), "attach-note" (附件说明),
           "item" (a list item), "center", "right", "form-line" (a line of a blank form).
    printed_breaks: character offsets (into the joined span text) where the printed
           edition began a new column or page. Proofing only; never affects layout.
    """
    style: str
    spans: tuple[Span, ...]
    where: Where
    printed_breaks: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Cell:
    spans: tuple[Span, ...]
    rowspan: int = 1
    colspan: int = 1

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Row:
    """A table row. `cells` holds only the cells that start in this row (merged
    positions covered by a span from above or the left are omitted); `columns`
    gives the grid column of each cell."""
    cells: tuple[Cell, ...]
    columns: tuple[int, ...]
    where: Where
    printed_break: bool = False   # the printed edition began a new page before this row


@dataclass(frozen=True)
class Table:
    header: tuple[Row, ...]        # repeated on every continuation page
    rows: tuple[Row, ...]
    ncols: int
    where: Where
    notes: tuple[Paragraph, ...] = ()
    form: bool = False             # a blank form: empty rows keep a fixed height
    caption: tuple[Paragraph, ...] = ()   # lines above the table (e.g. "镇_____村（盖章）")
    widths: tuple[float, ...] = ()        # relative column widths; () = from the content


@dataclass(frozen=True)
class Image:
    path: str                      # resolved, inside the issue folder
    where: Where
    width_mm: float | None = None
    caption: str = ""


@dataclass(frozen=True)
class Break:
    """A forced break."""
    kind: BreakKind
    where: Where


Block = Paragraph | Table | Image | Break


@dataclass(frozen=True)
class Attachment:
    label: str                     # "附件", "附件1"
    title_lines: tuple[str, ...]   # each item one printed line
    blocks: tuple[Block, ...]
    where: Where


@dataclass(frozen=True)
class Document:
    title_lines: tuple[str, ...]   # printed title lines; the first is usually the issuer
    number: str                    # 文号, e.g. "泽政发〔2024〕1号"
    blocks: tuple[Block, ...]      # 主送, body, 附件说明, signature, date, 公开属性, in order
    attachments: tuple[Attachment, ...]
    where: Where
    printed_page: int | None = None   # the page the printed 目录 gives

    @property
    def title(self) -> str:
        return "".join(self.title_lines)


@dataclass(frozen=True)
class Section:
    name: str                      # "泽州县人民政府文件" (printed as 【…】)
    documents: tuple[Document, ...]
    where: Where | None = None     # its [[section]] in issue.toml


@dataclass(frozen=True)
class IssueMeta:
    masthead: str                  # 泽州县人民政府公报
    pinyin: str                    # ZEZHOUXIAN RENMIN ZHENGFU GONGBAO
    year: int
    number: int                    # 期
    total: int                     # 总期
    date: str                      # publication date, ISO "2024-06-30"; fixes PDF dates
    sponsor: str                   # 主办
    publisher: str                 # 编辑出版
    colophon: tuple[tuple[str, str], ...] = ()   # ordered (label, value), e.g. ("电话", "（0356）3033064")
    where: Where | None = None                   # the [issue] line
    lines: tuple[tuple[str, int], ...] = ()      # (key, line) in issue.toml; "colophon.电话" too
    lone_lines: str = "avoid"      # [typesetting]: "keep" keeps the print's lone lines

    def where_of(self, key: str) -> Where | None:
        """issue.toml:line of a key (a colophon label as "colophon.电话"), else of [issue]."""
        for k, line in self.lines:
            if k == key and self.where is not None:
                return Where(self.where.file, line)
        return self.where


@dataclass(frozen=True)
class Issue:
    meta: IssueMeta
    sections: tuple[Section, ...]
    folder: str

    def documents(self) -> list[Document]:
        return [d for s in self.sections for d in s.documents]

    def blocks(self, kind=object):
        """Every block of every document and attachment, in reading order (of one kind)."""
        for doc in self.documents():
            for blocks in [doc.blocks] + [a.blocks for a in doc.attachments]:
                yield from (b for b in blocks if isinstance(b, kind))
