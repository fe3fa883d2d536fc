"""One document file -> model.Document. Line-oriented; directives start with @."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import TypesetError
from ..model import Attachment, Block, Break, BreakKind, Document, Image, Paragraph, Where
from .headings import classify
from .inline import parse_inline
from .issuefile import suggest
from .readfile import read_bytes, read_lines, resolve_inside
from .table import TABLE_DIRECTIVES, TableBuilder, split_cells

# directive -> paragraph style (for the one-line paragraph directives)
PARA_STYLES = {"to": "to", "sign": "signature", "date": "date", "public": "public", "attach-note": "attach-note",
               "center": "center", "right": "right", "p": "body", "item": "item",
               "h1": "heading1", "h2": "heading2", "h3": "heading3", "h4": "heading4"}
NEEDS_TEXT = {"title", "number", "printed-page", "image", "note", "caption", "widths", *PARA_STYLES}
NO_TEXT = {"table", "end", "pagebreak", "form", "printed-break"}
DIRECTIVES = sorted({"attachment", *NEEDS_TEXT, *NO_TEXT})
_DIRECTIVE = re.compile(r"^@([A-Za-z][A-Za-z0-9-]*)(?:[ \t\u3000]+(.*?))?[ \t\u3000]*$")
NUMBER = re.compile(r"^[^\s〔〕]+〔\d{4}〕[1-9]\d*号$")
# What is wrong with a 文号 that has its year in 〔〕 (GB/T 9704 7.2.5: 发文机关代字、年份、发文顺序号;
# 〔〕 for the year, no 第 and no leading zero before the number, which ends with 号).
NUMBER_FAULTS = (
    (re.compile(r"〕第"), "has 第 before its number", "leave out 第: 泽政发〔2024〕3号"),
    (re.compile(r"〕0\d"), "has a leading zero in its number", "write the number without 0: 〔2024〕3号"),
    (re.compile(r"〕号"), "has no number after the year", "write the number before 号: 〔2024〕3号"),
    (re.compile(r"〕\d+[-－—.．、]\d"), "has two numbers", "a 文号 has one whole number: 〔2024〕3号"),
    (re.compile(r"号.+$"), "has text after 号", "end the 文号 with 号 (put other text in the body)"),
    (re.compile(r"〕\d+$"), "does not end with 号", "add 号: 〔2024〕3号"),
    (re.compile(r"^〔"), "has no issuer code before the year", "write the issuer's code first: 泽政发〔2024〕3号"),
)
FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
BAD_BRACKETS = re.compile(r"[\[【(（［〔]\s*\d{4}\s*[\]】)）］〕]")
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


@dataclass
class _Container:
    label: str | None            # None for the document itself
    where: Where
    titles: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


class _Parser:
    def __init__(self, folder: Path, path: Path, file: str):
        self.folder, self.path, self.file = folder, path, file
        self.doc = _Container(None, Where(file, 1))
        self.attachments: list[_Container] = []
        self.number = ""
        self.number_line = 0
        self.printed_page: int | None = None
        self.table: TableBuilder | None = None
        self.first_title_line = 0

    @property
    def current(self) -> _Container:
        return self.attachments[-1] if self.attachments else self.doc

    def error(self, what: str, line: int, fix: str, column: int | None = None) -> TypesetError:
        return TypesetError(what, file=self.file, line=line, column=column, fix=fix)

    def para(self, style: str, text: str, line: int, col: int = 1) -> Paragraph:
        spans, breaks = parse_inline(text, self.file, line, col)
        return Paragraph(style, spans, Where(self.file, line), breaks)

    def run(self) -> Document:
        for number, line in enumerate(read_lines(self.path, self.file), 1):
            self.line(line, number)
        if self.table is not None:
            raise self.error("@table is never closed", self.table.line, "add a line @end after the last row")
        return self.finish()

    def line(self, text: str, n: int) -> None:
        stripped = text.strip(" \t\u3000")
        if self.table is not None:     # tabs separate cells here: keep leading and trailing ones
            self.table_line(text.strip(" \u3000") if stripped else "", n)
        elif not stripped or stripped.startswith("#"):
            return
        elif stripped.startswith("@"):
            word, rest, col = self.split_directive(stripped, text, n)
            self.directive(word, rest, n, col)
        elif "\t" in stripped or ("|" in stripped and {"^", "<"} & {c for c, _ in split_cells(stripped)}):
            raise self.error("a table row (cells with tabs, ^ or <) outside @table", n,
                             "put @table before the rows and @end after them")
        elif stripped.startswith(("- ", "-\u3000")):
            self.current.blocks.append(self.para("item", stripped[2:].lstrip(), n, text.index("-") + 3))
        else:
            spans, breaks = parse_inline(stripped, self.file, n, text.index(stripped[0]) + 1)
            style, spans = classify(spans)
            self.current.blocks.append(Paragraph(style, spans, Where(self.file, n), breaks))

    def split_directive(self, stripped: str, text: str, n: int) -> tuple[str, str, int]:
        m = _DIRECTIVE.match(stripped)
        if not m:
            raise self.error(f"a line starting with @ must be a directive, not {stripped[:12]!r}", n,
                             "write \\@ for a literal @; directives: " + " ".join("@" + d for d in DIRECTIVES))
        word, rest = m.group(1), m.group(2) or ""
        col = text.find(rest) + 1 if rest else 1
        if word not in DIRECTIVES:
            raise self.error(f"unknown directive @{word}", n, suggest(word, DIRECTIVES, "@"))
        if word in NEEDS_TEXT and not rest:
            raise self.error(f"@{word} needs text after it", n, f"write @{word} followed by a space and the text")
        if word in NO_TEXT and rest:
            raise self.error(f"@{word} takes nothing after it", n, f"put @{word} alone on its line")
        return word, rest, col

    def table_line(self, stripped: str, n: int) -> None:
        table = self.table
        if not stripped or stripped.startswith("#"):
            return
        if stripped == "---":
            table.separator(n)
        elif stripped.startswith("@"):
            word, rest, col = self.split_directive(stripped, stripped, n)
            if word == "end":
                self.current.blocks.append(table.build(n))
                self.table = None
            elif word in TABLE_DIRECTIVES:
                table.directive(word, rest, n, col)
            elif word == "table":
                raise self.error("@table inside a table (the table opened at line "
                                 f"{table.line} has no @end)", n, "close the first table with @end")
            else:
                raise self.error(f"@{word} inside a table", n,
                                 f"close the table (opened at line {table.line}) with @end first")
        else:
            table.row(stripped, n)

    def directive(self, word: str, rest: str, n: int, col: int) -> None:
        cur = self.current
        if word in TABLE_DIRECTIVES or word == "end":
            raise self.error(f"@{word} outside a table", n, "use it between @table and @end")
        if word == "title":
            if cur.blocks:    # a title inside the body, e.g. after a 样式 cover page
                cur.blocks.append(self.para("title", rest, n, col))
            else:
                cur.titles.append("".join(s.text for s in parse_inline(rest, self.file, n, col)[0]))
                if cur is self.doc and not self.first_title_line:
                    self.first_title_line = n
        elif word == "number":
            self.set_number(rest, n, col)
        elif word == "printed-page":
            if self.attachments or not rest.isdigit() or int(rest) < 1:
                raise self.error(f"@printed-page {rest!r} must be a page number under the title", n,
                                 "write e.g. @printed-page 8 near the top of the document")
            self.printed_page = int(rest)
        elif word == "attachment":
            self.attachments.append(_Container(rest, Where(self.file, n)))
        elif word == "table":
            self.table = TableBuilder(self.file, n)
        elif word == "pagebreak":
            cur.blocks.append(Break(BreakKind.PAGE, Where(self.file, n)))
        elif word == "image":
            cur.blocks.append(self.image(rest, n))
        else:
            cur.blocks.append(self.para(PARA_STYLES[word], rest, n, col))

    def set_number(self, rest: str, n: int, col: int) -> None:
        if self.number:
            raise self.error(f"a second @number (the first is {self.number} on line {self.number_line})", n,
                             "give each document one 文号")
        if self.attachments or self.doc.blocks:
            raise self.error("@number after the body began", n, "put @number right under the @title lines")
        rest = rest.translate(FULL_DIGITS)          # ２０２４ → 2024: one spelling, one duplicate check
        bad = BAD_BRACKETS.search(rest)
        if bad and not NUMBER.match(rest) and not re.search(r"〔\d{4}〕", rest):
            raise self.error(f"文号 brackets {bad.group()!r} in {rest!r}", n,
                             "write the year in 〔〕 (U+3014, U+3015), e.g. 泽政发〔2024〕1号", col + bad.start())
        if not NUMBER.match(rest) and re.search(r"〔\d{4}〕", rest):
            for pattern, what, fix in NUMBER_FAULTS:
                if pattern.search(rest):
                    raise self.error(f"文号 {rest!r} {what}", n, fix, col)
        if not NUMBER.match(rest):
            raise self.error(f"{rest!r} is not a 文号 like 泽政发〔2024〕1号", n,
                             "write issuer code, the year in 〔〕, the number and 号", col)
        self.number, self.number_line = rest, n

    def image(self, rest: str, n: int) -> Image:
        name, _, options = rest.partition(" ")
        width, caption = None, ""
        options = options.strip()
        while options:
            if options.startswith("caption="):
                caption = options[len("caption="):]
                break
            token, _, options = options.partition(" ")
            options = options.strip()
            m = re.fullmatch(r"width=(\d+(?:\.\d+)?)mm", token)
            if not m and "=" not in token:
                raise self.error(f"the image name {name!r} is followed by {token!r}: a file name "
                                 "with a space?", n, "rename the file without spaces (e.g. "
                                 "images/seal-1.png), or write width=…mm / caption=… after the name")
            if not m:
                raise self.error(f"unknown image option {token!r}", n,
                                 "write @image path [width=60mm] [caption=text]")
            width = float(m.group(1))
            if not 0 < width <= 1000:
                raise self.error(f"image width {token!r} must be more than 0 mm", n,
                                 "give the printed width, e.g. width=60mm (or leave it out: as "
                                 "wide as fits)")
        path = resolve_inside(self.folder, name, file=self.file, line=n, what="image")
        head = read_bytes(path, self.file, 8)
        if not head.startswith(IMAGE_MAGIC):
            raise self.error(f"image {name!r} is not a PNG or JPEG file", n,
                             "export the image as PNG or JPEG")
        return Image(str(path.resolve()), Where(self.file, n), width, caption)

    def finish(self) -> Document:
        doc = self.doc
        if not doc.titles and not doc.blocks and not self.attachments and not self.number:
            raise self.error("empty document", 1, "write the document's @title, @number and text, "
                             "or remove it from issue.toml")
        if not doc.titles:
            raise self.error("document has no title", 1, "add @title lines at the top (the issuer first)")
        if not doc.blocks and not self.attachments:
            raise self.error("document has a title but no text", self.first_title_line, "add the body text")
        attachments = []
        for att in self.attachments:
            if not att.titles and not att.blocks:
                raise self.error(f"empty attachment {att.label!r}", att.where.line,
                                 "add its @title and text, or delete the @attachment line")
            attachments.append(Attachment(att.label, tuple(att.titles), tuple(att.blocks), att.where))
        return Document(tuple(doc.titles), self.number, tuple(doc.blocks), tuple(attachments),
                        Where(self.file, self.first_title_line), self.printed_page)


def load_document(folder: Path, path: Path, file: str) -> Document:
    return _Parser(folder, path, file).run()
