"""Pieces of a printed issue -> an issue folder's files: issue.toml from the front matter, the
目录 and the colophon, and one source file per document.

Paragraphs are rejoined where a column or page ended (`{printed}` marks the place), titles split
at their printed line ends, 主送, 附件说明, 落款, dates, 公开属性 and attachments recognised from
their shape, tables rebuilt (printed_tables). What the text cannot decide is written as a
`# check: …` line above the line it concerns and listed in the report."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..errors import TypesetError
from ..source.headings import SENTENCE_END, heading_level
from .printed_pieces import Piece
from .printed_punct import full_width, unwrap
from .printed_tables import TableRows, em
from .write import source_names

NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}〔\d{4}〕\d+号")
TOC_ENTRY = re.compile(r"^(?P<title>.*?)\s*(?P<number>" + NUMBER.pattern + r")?\s+(?P<page>\d{1,4})$")
ISSUE_NO = re.compile(r"第(\d+)期[（(]总第(\d+)期[）)]")
ISSUE_NO2 = re.compile(r"(\d{4})年第(\d+)期\s*总第(\d+)期")
DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
PUBLIC = re.compile(r"^[（(]此件.{1,8}[）)]$")
LABEL = re.compile(r"^附件\s*(\d*)$")
ATTACH_NOTE = re.compile(r"^附件\s*[:：]\s*\S")
NOTE_ITEM = re.compile(r"^\d{1,2}[.．]\S")
COLOPHON = re.compile(r"^(主办单位|编辑出版|主\s*办|定\s*价|电\s*话|地\s*址|网\s*址|邮\s*编|印\s*刷|传\s*真)\s*[:：]\s*(.*)$")
BLANK = re.compile(r"_{3,}")
CLOSED = "。；：！？…）」』】〕》”’"
OPEN = "，、"
NO_TITLE = "。，；：、！？"
KINDS = (("通知", "tongzhi"), ("批复", "pifu"), ("意见", "yijian"), ("决定", "jueding"), ("办法", "banfa"),
         ("方案", "fangan"), ("报告", "baogao"), ("公告", "gonggao"), ("通报", "tongbao"), ("规定", "guiding"),
         ("决议", "jueyi"), ("纪要", "jiyao"), ("请示", "qingshi"), ("命令", "mingling"), ("函", "han"))
COLOPHON_KEYS = {"主办单位": "sponsor", "主办": "sponsor", "编辑出版": "publisher"}


@dataclass
class Entry:
    section: str
    title: str
    number: str
    page: int


@dataclass
class Rebuilt:
    """One document: its source text and what the report says about it beyond its # check: lines."""
    name: str
    entry: Entry
    text: str
    notes: list[str]
    images: list[tuple[str, bytes]]     # (file name under images/, PNG)
    date: str                           # its last 成文日期, as printed


@dataclass
class Result:
    toml: str
    docs: list[Rebuilt]
    notes: list[str] = field(default_factory=list)      # about the issue as a whole (issue.toml)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def title_like(text: str) -> bool:
    return bool(text) and len(text) <= 60 and not any(c in text for c in NO_TITLE) \
        and not heading_level(text) and not text.startswith("- ")


class Rebuild:
    def __init__(self, pieces: list[Piece], name: str, keep_punctuation: bool, pdf: bool = False):
        self.pieces, self.name, self.keep = pieces, name, keep_punctuation
        self.unit = "page of the PDF" if pdf else "line of the extracted text"   # what Piece.line counts
        self.lists = pdf                # find list items by their shape (a PDF prints no marker)
        self.changes: Counter = Counter()
        self.report: list[str] = []             # notes about the issue as a whole

    def fix(self, text: str) -> str:
        return text if self.keep else full_width(text, self.changes)

    def fail(self, what: str, piece: Piece | None = None, fix: str = "") -> TypesetError:
        return TypesetError(what, file=self.name, line=piece.line if piece else None, fix=fix)

    # -- front matter and 目录 ------------------------------------------------------------
    def run(self) -> Result:
        ps = self.pieces
        toc = next((i for i, p in enumerate(ps) if squash(p.text) == "目录"), None)
        if toc is None:
            raise self.fail("no 目录 found", ps[0], "the import needs the issue's 目录 (a line 目录 before the entries)")
        meta = self.front(ps[:toc])
        entries, body = self.toc(toc)
        starts = self.starts(entries, body)
        end = self.colophon_start(starts[-1])
        colophon = ps[end:]
        self.width = 0.0 if self.lists else self.column_width(ps[toc:end])
        if not self.lists:          # a PDF says where its paragraphs end
            self.report.append(f"the printed column's width, estimated from the split paragraphs: {self.width} em")
        docs, sections = [], []
        for k, (entry, start, name) in enumerate(zip(entries, starts, source_names(len(entries)))):
            stop = starts[k + 1] if k + 1 < len(starts) else end
            before = Counter(self.changes)
            doc = Document(self, entry, ps[start], ps[start + (2 if entry.number else 1):stop])
            text = doc.text()
            changed = self.changes - before
            if changed:
                doc.notes.append("punctuation made full width: " + ", ".join(
                    f"{k} ×{n}" for k, n in sorted(changed.items())))
            docs.append(Rebuilt(name, entry, text, doc.notes, doc.images, doc.printed_dates[-1:][0]
                                if doc.printed_dates else ""))
            if not sections or sections[-1][0] != entry.section:
                sections.append((entry.section, []))
            sections[-1][1].append(name)
            meta["dates"] += doc.dates
        toml = self.toml(meta, self.colophon(colophon, meta), sections)
        return Result(toml, docs, self.report)

    def lone_lines(self) -> bool:
        """Whether the print leaves a paragraph's first line alone at a column's foot or its last
        line alone at a column's top (the layout avoids them unless told to keep them). The
        extracted text does not show its lines: a print is taken to have them."""
        if not self.lists:
            return True
        ps = [p for p in self.pieces if not p.row and p.lines]
        return any((b.cont and a.lines == 1 and not a.cont) or
                   (a.cont and a.lines == 1 and not b.cont) for a, b in zip(ps, ps[1:]))

    def column_width(self, ps: list[Piece]) -> float:
        """The printed column's width in em, from the extracted text alone: a fragment that a
        column end cut off (it ends without punctuation) fills its last line, so the lengths of
        such fragments (their 2 em indent included) cluster at multiples of the width. 0: unknown."""
        sizes = [em(self.fix(a.text)) + 2 for a, b in zip(ps, ps[1:])
                 if not a.row and not b.row and a.text and a.text[-1] not in CLOSED + "”’"
                 and not heading_level(b.text) and any(c in a.text for c in SENTENCE_END + "，")]
        if len(sizes) < 8:
            return 0.0
        def fit(w):
            return sum(1 for x in sizes if min(x % w, w - x % w) <= 1.5) - len(sizes) * 3.0 / w
        best = max((w / 4 for w in range(15 * 4, 40 * 4)), key=lambda w: (fit(w), -w))
        return best if fit(best) > len(sizes) / 3 else 0.0

    def front(self, ps: list[Piece]) -> dict:
        meta = {"masthead": "", "pinyin": "", "year": None, "number": None, "total": None, "sponsor": "", "publisher": "",
                "dates": []}
        for p in ps:
            t = p.text
            if not meta["masthead"] and re.search(r"[\u4e00-\u9fff]", t):
                meta["masthead"] = squash(t)
            elif not meta["pinyin"] and re.fullmatch(r"[A-Z][A-Z ]+", t):
                meta["pinyin"] = t
            if m := ISSUE_NO2.search(t):
                meta["year"], meta["number"], meta["total"] = map(int, m.groups())
            elif m := ISSUE_NO.search(t):
                meta["number"], meta["total"] = int(m.group(1)), int(m.group(2))
            elif re.fullmatch(r"\d{4}", t) and meta["year"] is None:
                meta["year"] = int(t)
            elif t.endswith("主办") and len(t) > 2:
                meta["sponsor"] = squash(t[:-2])
        for key in ("masthead", "year", "number", "total"):
            if not meta[key]:
                raise self.fail(f"the front matter gives no {key}", ps[0] if ps else None,
                                "the cover must give the masthead and 2024年第2期 总第5期 (or 第2期（总第5期）)")
        return meta

    def toc(self, at: int) -> tuple[list[Entry], int]:
        ps, entries, section, pending = self.pieces, [], "", []
        i = at + 1
        while i < len(ps):
            p = ps[i]
            nxt = ps[i + 1].text if i + 1 < len(ps) else ""
            if entries and any(squash(nxt) == e.number for e in entries if e.number) and not pending:
                return entries, i
            if entries and not pending and any(squash(p.text) == squash(e.title) for e in entries if not e.number):
                return entries, i
            if m := re.fullmatch(r"【(.+)】", squash(p.text)):
                section = m.group(1)
            elif m := TOC_ENTRY.match(p.text):
                title = squash("".join(pending) + m.group("title"))
                entries.append(Entry(section, title, m.group("number") or "", int(m.group("page"))))
                pending = []
            else:
                pending.append(p.text)
            i += 1
        raise self.fail("the 目录 is not followed by its documents", ps[at],
                        "each 目录 entry's 文号 must appear on a line of its own under the document's title")

    def starts(self, entries: list[Entry], at: int) -> list[int]:
        out, i = [], at
        for e in entries:
            while i < len(self.pieces):
                p = self.pieces[i]
                nxt = self.pieces[i + 1].text if i + 1 < len(self.pieces) else ""
                if (e.number and squash(nxt) == e.number and not p.row) or \
                        (not e.number and squash(p.text) == e.title):
                    break
                i += 1
            else:
                raise self.fail(f"the document {e.number or e.title} of the 目录 is not found in the text", None,
                                "check that its 文号 stands on a line of its own under its title")
            out.append(i)
            i += 1
        return out

    def colophon_start(self, last: int) -> int:
        ps = self.pieces
        for i in range(last, len(ps)):
            if COLOPHON.match(ps[i].text) and all(COLOPHON.match(q.text) or (not q.row and len(q.text) < 40)
                                                  for q in ps[i:]):
                return i
        return len(ps)

    def colophon(self, ps: list[Piece], meta: dict) -> list[tuple[str, list[str], str]]:
        out = []
        for p in ps:
            m = COLOPHON.match(p.text)
            if m:
                label, value = squash(m.group(1)), squash(self.fix(m.group(2)).strip("<>"))
                value = re.sub(r"^<(.*)>$", r"\1", value)
                if label in COLOPHON_KEYS:
                    meta[COLOPHON_KEYS[label]] = meta[COLOPHON_KEYS[label]] or value
                    continue
                out.append((label, [value], ""))
            elif out:
                to = next((k for k, (lab, _, _) in enumerate(out) if lab == "地址"), len(out) - 1)
                out[to][1].append(squash(p.text))
                out[to] = (out[to][0], out[to][1],
                           f"the line {squash(p.text)} has no label: taken as a further line of {out[to][0]}")
        return out

    def toml(self, meta: dict, colophon, sections) -> str:
        q = _quote
        dates = sorted(meta["dates"])
        date = dates[-1] if dates else f"{meta['year']}-12-31"
        lines = [f"# {meta['masthead']} {meta['year']}年第{meta['number']}期（总第{meta['total']}期）",
                 f"# Imported from the printed issue ({self.name}); see import-report.md.", "",
                 "[issue]", f"masthead = {q(meta['masthead'])}", f"pinyin = {q(meta['pinyin'])}",
                 f"year = {meta['year']}", f"number = {meta['number']}", f"total = {meta['total']}",
                 "# check: the print gives no publication date; this is its latest document's date",
                 f"date = {q(date)}", f"sponsor = {q(meta['sponsor'])}",
                 f"publisher = {q(meta.get('publisher') or meta['sponsor'])}", ""]
        if self.lone_lines():
            lines += ["[typesetting]", "# the print leaves lines alone at a column's foot or top: keep them, "
                      "as printed", 'lone_lines = "keep"', ""]
        lines.append("[colophon]")
        self.report.append(f"issue.toml: the publication date {date} is the latest document's date (the print gives none)")
        for label, values, check in colophon:
            if check:
                lines.append(f"# check: {check}")
                self.report.append(f"issue.toml [colophon]: {check}")
            value = q(values[0]) if len(values) == 1 else "[" + ", ".join(q(v) for v in values) + "]"
            lines.append(f"{q(label)} = {value}")
        for name, docs in sections:
            lines += ["", "[[section]]", f"name = {q(name)}", "documents = [" + ", ".join(q(d) for d in docs) + "]"]
        return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


LIST_NUMBER = re.compile(r"^(?:(\d{1,2})[.．]|[（(](\d{1,2})[）)])(?!\d)")


def _listlike(line: str) -> bool:
    return bool(line) and line[0] not in "@#-\\" and len(line) <= 80 and not any(c in line for c in "。！？；") \
        and heading_level(line) in ("", "heading3", "heading4")


def _follows(a: str, b: str) -> bool:
    """b can be the list item after a: both unnumbered, or numbered n and n+1 alike."""
    ma, mb = LIST_NUMBER.match(a), LIST_NUMBER.match(b)
    if not ma and not mb:
        return not heading_level(a) and not heading_level(b)
    if not ma or not mb or (ma.group(1) is None) != (mb.group(1) is None):
        return False
    return int(mb.group(1) or mb.group(2)) == int(ma.group(1) or ma.group(2)) + 1


def escape(text: str) -> str:
    """Plain printed text as a source line: the characters the source reads as marks escaped
    (an extracted PM_{2.5} is the source's own subscript mark and stays)."""
    out, i = [], 0
    for m in re.finditer(r"[_^]\{[^{}]+\}|_{3,}|\{printed\}", text):
        out.append(_esc(text[i:m.start()]))
        out.append(m.group())
        i = m.end()
    out.append(_esc(text[i:]))
    line = "".join(out)
    return "\\" + line if line[:1] in "@#" else line


def _esc(text: str) -> str:
    return re.sub(r"([\\{}_^|])", r"\\\1", text)


class Document:
    """One document's pieces -> its source lines."""

    def __init__(self, rb: Rebuild, entry: Entry, title: Piece, pieces: list[Piece]):
        self.rb, self.entry, self.title, self.pieces = rb, entry, title, pieces
        self.dates: list[str] = []
        self.printed_dates: list[str] = []
        self.out: list[str] = []
        self.notes: list[str] = []
        self.images: list[tuple[str, bytes]] = []

    def kind(self) -> str:
        t = squash(self.title.text)
        return next((slug for word, slug in KINDS if t.endswith(word)), "wenjian")

    def check(self, what: str, piece: Piece | None) -> None:
        unit, _, of = self.rb.unit.partition(" ")
        where = f" ({unit} {piece.line} {of})" if piece else ""
        self.out.append(f"# check: {what}{where}")

    def titles(self, piece: Piece) -> list[str]:
        return [f"@title {escape(self.rb.fix(t))}" for t in piece.text.split(" ") if t]

    def text(self) -> str:
        e = self.entry
        self.out += self.titles(self.title)
        if e.number:
            self.out.append(f"@number {e.number}")
        self.out.append(f"@printed-page {e.page}")
        self.out.append("")
        self.body(self.roles())
        if self.rb.lists:
            self.items()
        return "\n".join(self.out).rstrip("\n") + "\n"

    def items(self) -> None:
        """Two or more paragraphs in a row, each without a full stop, all unnumbered or numbered
        1. 2. 3. (or （1）（2）…) in sequence, are list items: the print sets items like paragraphs."""
        out, i = self.out, 0
        while i < len(out):
            if out[i] == "@table":
                i = out.index("@end", i) + 1
                continue
            run, j = [], i
            while j < len(out) and _listlike(out[j]) and (not run or _follows(out[run[-1]], out[j])):
                run.append(j)
                j += 1
                while j < len(out) and out[j] == "":
                    j += 1
            if len(run) >= 2:
                for k in run:
                    out[k] = "- " + out[k]
                out.insert(run[0], f"# check: {len(run)} paragraphs without a full stop in a row: taken as list items")
                i = run[-1] + 2
            else:
                i += 1

    # each piece's role from its shape and its neighbours
    def roles(self) -> list[tuple[str, Piece]]:
        ps = self.pieces
        roles = ["body"] * len(ps)
        notes = []                      # 附件说明 items, for a table title printed without its label
        after_sign = False
        i = 0
        while i < len(ps):
            p, t = ps[i], ps[i].text
            prev = roles[i - 1] if i else ""
            if p.row:
                roles[i] = "row"
            elif p.hint in ("pagebreak", "picture"):
                roles[i] = p.hint
            elif p.hint in ("center", "right"):
                roles[i] = p.hint
            elif i == 0 and re.search(r"[:：]$", t) and len(t) <= 60 and "。" not in t:
                roles[i] = "to"
            elif DATE.match(t):
                roles[i] = "date"
                k = i - 1
                while k >= 0 and roles[k] == "body" and len(ps[k].text) <= 30 and i - k <= 3 \
                        and not any(c in ps[k].text for c in NO_TITLE) and not heading_level(ps[k].text):
                    roles[k] = "sign"
                    k -= 1
                after_sign = True
            elif PUBLIC.match(t):
                roles[i] = "public"
                after_sign = True
            elif LABEL.match(t):
                roles[i] = "label"
            elif ATTACH_NOTE.match(t) or (prev == "attach-note" and NOTE_ITEM.match(t)):
                roles[i] = "attach-note"
                notes.append(re.sub(r"^(附件\s*[:：]\s*)?", "", t))
            elif prev == "label" or (after_sign and prev in ("date", "public") and title_like(t)
                                     and (i + 1 >= len(ps) or not PUBLIC.match(ps[i + 1].text))):
                roles[i] = "title" if prev == "label" else "unlabelled"
            elif prev in ("row", "note") and title_like(t) and self._noted(t, notes):
                roles[i] = "noted"
            elif prev == "row" and t.startswith("注"):
                roles[i] = "note"
            elif prev == "note" and len(t) <= 20 and re.search(r"[:：]$", t):
                roles[i] = "note"
            elif p.hint == "title":
                roles[i] = "title"
            i += 1
        # a table's lines above its first row; a form's cover lines; a title on a new page
        for i, p in enumerate(ps):
            if roles[i] == "body" and i + 1 < len(ps) and not p.row and ps[i + 1].row \
                    and len(p.text) <= 40 and "。" not in p.text:
                k = i
                while k >= 0 and roles[k] == "body" and len(ps[k].text) <= 40 and "。" not in ps[k].text:
                    roles[k] = "caption"
                    k -= 1
        for i in range(len(ps)):
            if roles[i] in ("title", "unlabelled", "noted"):
                k = i + 1
                while k < len(ps) and roles[k] == "body" and len(ps[k].text) <= 20 \
                        and not any(c in ps[k].text for c in "。，；、") and not heading_level(ps[k].text):
                    k += 1
                group = range(i + 1, k)
                if group and any(BLANK.search(ps[j].text) for j in group):
                    for j in group:
                        roles[j] = "center"
                    if k < len(ps) and roles[k] == "body" and title_like(ps[k].text) and " " in ps[k].text:
                        roles[k] = "newpage"
        return list(zip(roles, ps))

    def _noted(self, text: str, notes: list[str]) -> int:
        t = squash(text)
        for n in notes:
            m = re.match(r"^(\d+)[.．](.*)$", squash(n))
            if m and squash(self.rb.fix(m.group(2))) == squash(self.rb.fix(t)):
                return int(m.group(1))
        return 0

    def body(self, roles: list[tuple[str, Piece]]) -> None:
        fix = self.rb.fix
        notes = [p.text for r, p in roles if r == "attach-note"]
        i = 0
        while i < len(roles):
            role, p = roles[i]
            t = fix(p.text)
            if role == "body":
                i = self.paragraph(roles, i)
                continue
            if role == "to":
                self.out += [f"@to {escape(t)}", ""]
            elif role == "sign":
                self.out.append(f"@sign {escape(t)}")
            elif role == "date":
                self.out.append(f"@date {t}")
                self.printed_dates.append(t)
                m = DATE.match(t)
                self.dates.append(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")
                if i + 1 >= len(roles) or roles[i + 1][0] != "public":
                    self.out.append("")
            elif role == "public":
                self.out += [f"@public {escape(t)}", ""]
            elif role == "attach-note":
                self.out.append(f"@attach-note {escape(t)}")
                if i + 1 < len(roles) and roles[i + 1][0] != "attach-note":
                    self.out.append("")
            elif role == "label":
                m = LABEL.match(p.text)
                self.out.append(f"@attachment 附件{m.group(1)}")
            elif role == "title":
                self.out += self.titles(p) + [""]
            elif role == "unlabelled":
                self.check("a title right after the 公开属性, with no 附件 label: taken as the text this "
                           "document issues (an attachment without a label)", p)
                self.out += ["@attachment"] + self.titles(p) + [""]
            elif role == "noted":
                n = self._noted(p.text, notes)
                self.check(f"the print has no label here; 附件{n} from the 附件说明", p)
                self.out += [f"@attachment 附件{n}"] + self.titles(p) + [""]
            elif role == "center":
                if roles[i - 1][0] != "center" and p.hint != "center":
                    self.check("a short line of a cover page: centred", p)
                self.out.append(f"@center {escape(t)}")
            elif role == "pagebreak":
                self.out.append("@pagebreak")
            elif role == "picture":
                self.out.append(f"@image {p.text}")
                name = p.text.split(" ")[0]
                self.images.append((name[len("images/"):], p.data))
                self.notes.append(f"the picture on page {p.line} of the print taken out of the PDF as {name} "
                                  "(its pixels, as PNG)")
            elif role == "newpage":
                self.check("the title after a cover page: taken to begin a new page", p)
                self.out += ["@pagebreak"] + self.titles(p) + [""]
            elif role in ("caption", "row"):
                i = self.table(roles, i)
                continue
            elif role in ("center", "right"):
                self.out.append(f"@{role} {escape(t)}")
            else:
                self.out.append(escape(t))
            i += 1

    def open_end(self, a: str, b: str, first: bool) -> bool:
        """Whether paragraph fragment `a` continues in `b` (the extracted text does not say)."""
        if not a or not b or heading_level(b) or b.startswith("- "):
            return False
        if a[-1] in OPEN:
            return True
        if first and self.rb.width and em(a) + 2 < self.rb.width - 2.5:
            return False                 # shorter than a printed line: the paragraph ended there
        if a[-1] in CLOSED:
            return False
        if heading_level(a) and not any(c in a for c in SENTENCE_END) and len(a) <= 60:
            return b.endswith("；")       # a standalone heading, unless what follows ends a list item
        return True

    def paragraph(self, roles, i: int) -> int:
        role, p = roles[i]
        parts = [self.rb.fix(p.text)]
        j = i + 1
        while j < len(roles) and roles[j][0] == "body":
            q = roles[j][1]
            nxt = self.rb.fix(q.text)
            join = q.cont if q.cont is not None else self.open_end(parts[-1], nxt, len(parts) == 1)
            if not join:
                break
            if q.cont is None or q.gap:
                parts.append("{printed}")
            parts.append(nxt)
            j += 1
        text = "".join(parts)
        level = heading_level(text)
        if level and not any(c in text for c in SENTENCE_END) and " " in text:
            self.check("a space in a heading: taken as where its printed line ended", p)
            text = unwrap(text)
        self.out += [escape(text), ""]
        return j

    def table(self, roles, i: int) -> int:
        captions = []
        while roles[i][0] == "caption":
            captions.append(roles[i][1])
            i += 1
        rows = []
        while i < len(roles) and roles[i][0] == "row":
            rows.append(roles[i][1])
            i += 1
        table = TableRows(rows, self.rb.changes, self.rb.keep)
        lines = table.lines()
        self.out.append("@table")
        self.out += [f"@caption {escape(self.rb.fix(c.text))}" for c in captions]
        self.out += lines
        while i < len(roles) and roles[i][0] == "note":
            self.out.append(f"@note {escape(self.rb.fix(roles[i][1].text))}")
            i += 1
        self.out += ["@end", ""]
        return i
