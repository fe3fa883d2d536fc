"""Walked Word items -> the lines of one source file, with a `# check:` line above each guess.

The 公文's parts are recognised from content first (patterns in text.py: 文号, dates, 附件说明,
版记), then from formatting (centred and large = title, red = 版头). Nothing is taken from one
office's template. The source parser's own heading rules decide 一、（一）1.（1）.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..source.headings import classify as heading_of
from ..source.headings import heading_level
from .docx_walk import Landscape, PageBreak, Para, Table
from .tables import emit_table
from .text import (ATTACH_LABEL, ATTACH_NOTE, BANJI, DATE, HEAD_DROP, LIST_NUMBER, NUMBER, PUBLIC, SEAL_WORDS,
                   SENTENCE, SPACES, full_width, guard_start, is_red, label_number, render, squeeze)

TITLE_STEP = 3.0         # a title is at least this many pt larger than the body text
TITLE_FONTS = ("小标宋", "标宋", "大标宋", "XBS", "Xiaobiaosong")
LONG_TITLE = 24          # a title line longer than this probably wraps in print
SIGN_MAX = 30            # a 落款 line is short
CAPTION_MAX = 40
NOTE_MAX = 40
TIGHT = ("@title", "@number", "@sign", "@date", "@public", "@attach-note", "@center", "@right",
         "@attachment", "@pagebreak")


@dataclass
class Out:
    """The lines being written, the checks (line number, text) and the report's other lines."""
    lines: list = field(default_factory=list)
    checks: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    punctuation: list = field(default_factory=list)
    keep_punctuation: bool = False

    def check(self, text: str) -> None:
        if self.lines and self.lines[-1] != "" and not self.lines[-1].startswith(TIGHT + ("# check:",)) \
                and not _in_table(self.lines):
            self.blank()
        self.lines.append(f"# check: {text}")
        self.checks.append((len(self.lines) + 1, text))

    def line(self, text: str) -> None:
        changes = []
        if not self.keep_punctuation and not text.startswith("@number"):
            text, changes = full_width(text)
        prev = self.lines[-1] if self.lines else ""
        if prev and not prev.startswith("# check:") and not (
                prev.startswith(TIGHT) and text.startswith(TIGHT)) and not _in_table(self.lines):
            self.lines.append("")
        self.lines.append(text)
        for ch, context in changes:
            self.punctuation.append((len(self.lines), ch, context))

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")


def _in_table(lines) -> bool:
    for line in reversed(lines):
        if line == "@end":
            return False
        if line == "@table":
            return True
    return False


@dataclass
class Result:
    lines: list
    checks: list
    report: list             # (kind, text) lines of the report without a line number
    punctuation: list
    images: list             # (name under images/, bytes)
    mark: str                # the 版头's 发文机关标志 ("泽州县人民政府文件"), "" if none
    date: str                # the 成文日期 as written, "" if none


def plain(p: Para) -> str:
    """The paragraph's text as a source line (numbering text included), spaces trimmed."""
    pieces = ([(p.num, "")] if p.num and not p.bullet else []) + p.pieces
    return render(pieces).strip(SPACES)


def body_size(items) -> float:
    weights: dict = {}
    for it in items:
        if isinstance(it, Para) and not it.in_box:
            n = len(it.text.strip())
            weights[it.size] = weights.get(it.size, 0) + n
    return max(weights.items(), key=lambda kv: (kv[1], kv[0]))[0] if weights else 16.0


def is_title(p: Para, size: float) -> bool:
    text = p.text.strip(SPACES)
    if not text or p.align != "center" or len(text) > 80 or is_red(p.color):
        return False
    return p.size >= size + TITLE_STEP or any(f in p.font for f in TITLE_FONTS)


def _is_sign_candidate(text: str) -> bool:
    return 0 < len(text) <= SIGN_MAX and not any(ch in text for ch in SENTENCE) and not DATE.match(text) \
        and not heading_level(text)


class Classifier:
    def __init__(self, walked, name: str, prefix: str, keep_seals: bool, keep_punctuation: bool):
        self.name, self.prefix, self.keep_seals = name, prefix, keep_seals
        self.notes_text = walked.notes
        self.facts = walked.facts
        self.out = Out(keep_punctuation=keep_punctuation)
        self.items = [it for it in walked.items]
        self.size = body_size(self.items)
        self.report: list = []
        self.images: list = []
        self.mark = ""
        self.date = ""
        self.number = ""
        self.number_pending = None
        self.container = None            # None: the document; else the attachment's label
        self.has_body = False            # the current container's body began
        self.has_titles = False
        self.after_sign = False          # the document's 落款 is written
        self.pending_break = False

    # ---- the whole document ----
    def run(self) -> Result:
        self.items = self._flatten_sign_tables(self.items)
        banji: list = []
        self.report, banji = banji, self.report
        self.items = self._drop_banji(self.items)
        self.report, banji = banji, self.report
        start = self._head()
        self.report.extend(banji)
        self._titles_and_body(start)
        self._facts()
        return Result(self.out.lines, self.out.checks, self.report, self.out.punctuation, self.images,
                      self.mark, self.date)

    def _flatten_sign_tables(self, items):
        out = []
        for it in items:
            if isinstance(it, Table) and not it.borders and len(it.rows) <= 4 and any(
                    DATE.match(plain(p)) or PUBLIC.match(plain(p)) for row in it.rows for c in row for p in c.paras):
                self.report.append(("guess", "the 落款 sits in a table without borders: read as lines"))
                out.extend(p for row in it.rows for c in row for p in c.paras)
            else:
                out.append(it)
        return out

    def _drop_banji(self, items):
        end = len(items)
        dropped = []
        while end > 0:
            it = items[end - 1]
            if isinstance(it, (PageBreak, Landscape)) or (isinstance(it, Para) and not plain(it) and not it.pics):
                end -= 1
                continue
            text = plain(it) if isinstance(it, Para) else " ".join(
                plain(p) for row in it.rows for c in row for p in c.paras)
            if BANJI.search(text.strip()) or (isinstance(it, Table) and ("抄送" in text or "印发" in text)):
                dropped.append(text)
                end -= 1
                continue
            break
        if dropped:
            for text in reversed(dropped):
                self.report.append(("dropped", f"版记: {text[:60]}"))
            return items[:end]
        return items

    def _head(self) -> int:
        """The 版头 before the title: 发文机关标志 (dropped), 文号 (kept), 签发人, 份号 … (dropped).
        Returns the index of the first item after it."""
        first_title = next((i for i, it in enumerate(self.items[:40])
                            if isinstance(it, Para) and is_title(it, self.size)), None)
        if first_title is None:
            return 0
        for it in self.items[:first_title]:
            if isinstance(it, Table):
                self.report.append(("dropped", "版头 table: " + " ".join(
                    plain(p) for row in it.rows for c in row for p in c.paras)[:60]))
                continue
            if not isinstance(it, Para):
                continue
            text = plain(it)
            if not text:
                if it.rule_below or it.pics:
                    self.report.append(("dropped", "版头 red rule"))
                continue
            if self._number(text):
                continue
            kind = next((k for k, pat in HEAD_DROP if pat.match(text)), None)
            if kind:
                self.report.append(("dropped", f"版头 {kind}: {text}"))
            elif is_red(it.color) or text.replace(" ", "").endswith("文件"):
                self.mark = self.mark or text.replace(" ", "").replace("\u3000", "")
                self.report.append(("dropped", f"版头 发文机关标志: {text}"))
            else:
                self.report.append(("dropped", f"版头 line: {text[:60]}"))
        return first_title

    def _number(self, text: str) -> bool:
        m = NUMBER.match(text.replace("\u3000", " "))
        if not m or self.number:
            return False
        number = f"{m['org']}〔{m['year']}〕{m['n']}号"
        rest = m["rest"].strip(SPACES)
        if rest:
            self.report.append(("dropped", f"版头 beside the 文号: {rest}"))
        self.number = number
        odd = (m["open"], m["close"]) != ("〔", "〕")
        self.number_pending = (number, f"文号 brackets {m['open']}{m['close']} written as 〔〕" if odd else "")
        return True

    def _flush_number(self) -> None:
        if self.number_pending:
            number, check = self.number_pending
            self.number_pending = None
            if check:
                self.out.check(check)
            self.out.line(f"@number {number}")

    # ---- titles, body, attachments ----
    def _titles_and_body(self, start: int) -> None:
        items = self.items
        i = start
        if start == 0 and not any(isinstance(it, Para) and is_title(it, self.size) for it in items[:40]):
            first = next((k for k, it in enumerate(items) if isinstance(it, Para) and plain(it)), None)
            if first is not None:
                self.out.check("no large centred title found: the first line taken as the title")
                self._title(items[first])
                i = first + 1
        while i < len(items):
            i = self._item(i)
        self._flush_number()
        if not self.has_titles:
            self.out.check("no title found: write the @title lines")

    def _title(self, p: Para) -> None:
        for part in render(p.pieces, keep_breaks=True).split("\n"):
            part = part.strip(SPACES)
            if not part:
                continue
            if len(part) > LONG_TITLE:
                self.out.check(f"a title line of {len(part)} characters: split it where the print breaks it")
            self.out.line(f"@title {part}")
        self.has_titles = True

    def _item(self, i: int) -> int:
        it = self.items[i]
        if not (isinstance(it, Para) and (not plain(it) or (is_title(it, self.size) and not self.has_body))):
            self._flush_number()
        if isinstance(it, PageBreak):
            self.pending_break = True
            return i + 1
        if isinstance(it, Landscape):
            self.out.check("the Word file turns the page to landscape here (a wide table?): "
                           "the layout turns wide tables by itself")
            self.report.append(("note", "a landscape section"))
            return i + 1
        if isinstance(it, Table):
            return self._table(i, [])
        p = it
        text = plain(p)
        self._pictures(p)
        if not text:
            return i + 1
        if not self.has_body and not self.after_sign and self.container is None and self._number(text):
            return i + 1
        title = is_title(p, self.size)
        label = ATTACH_LABEL.match(text)
        if label and (self.has_body or self.after_sign):
            self._attachment("附件" + label_number(label.group(1)))
            return self._attachment_titles(i + 1)
        if title:
            if self.container is None and not self.has_body:
                self._title(p)
                return i + 1
            if self.after_sign and self.container is None:
                self.out.check("a title after the 落款 without a 附件 label: an attached text "
                               "(the 实施方案 a notice 印发s?)")
                self._attachment("")
                return self._attachment_titles(i)
            if not self.has_body and not self.has_titles:
                self._title(p)
                return i + 1
            self._break()
            self.out.line(f"@title {text}")
            self.has_body = True
            return i + 1
        if ATTACH_NOTE.match(text) and self.has_body:
            return self._attach_note(i)
        if DATE.match(text) and (self.has_body or self.container is None):
            self.out.line(f"@date {text}")
            self.date = self.date or (text if self.container is None else "")
            self.after_sign = self.after_sign or self.container is None
            return i + 1
        if PUBLIC.match(text):
            self.out.line(f"@public {text}")
            self.after_sign = self.after_sign or self.container is None
            return i + 1
        if self.has_body and self._signs_ahead(i):
            return self._signs(i)
        if not self.has_body and (nxt := self._caption_ahead(i)):
            return self._table(nxt, [plain(x) for x in self.items[i:nxt] if isinstance(x, Para) and plain(x)])
        if self.container is None and not self.has_body and text.endswith(("：", ":")) and len(text) <= 150 \
                and not heading_level(text):
            self.out.line(f"@to {text}")
            self.has_body = True
            return i + 1
        return self._paragraph(i)

    def _break(self) -> None:
        if self.pending_break and self.has_body:
            self.out.line("@pagebreak")
        self.pending_break = False

    def _attachment(self, label: str) -> None:
        self.pending_break = False
        self.container = label
        self.has_body = self.has_titles = False
        self.out.blank()
        self.out.line(f"@attachment {label}".rstrip())

    def _attachment_titles(self, i: int) -> int:
        items = self.items
        while i < len(items):
            it = items[i]
            if isinstance(it, Para) and not plain(it) and not it.pics:
                i += 1
                continue
            if isinstance(it, Para) and is_title(it, self.size):
                self._title(it)
                i += 1
                continue
            break
        if not self.has_titles and i < len(items) and isinstance(items[i], Para) and \
                items[i].align == "center" and 0 < len(plain(items[i])) <= 40:
            self.out.check("a centred line under the 附件 label, read as the attachment's title")
            self._title(items[i])
            i += 1
        return i

    def _attach_note(self, i: int) -> int:
        items = self.items
        self.out.line(f"@attach-note {squeeze(plain(items[i]))}")
        i += 1
        while i < len(items) and isinstance(items[i], Para):
            p = items[i]
            text = plain(p)
            if not text:
                i += 1
                continue
            if DATE.match(text) or PUBLIC.match(text) or ATTACH_LABEL.match(text):
                break
            if LIST_NUMBER.match(text) or (p.num and not p.bullet):
                self.out.line(f"@attach-note {squeeze(text)}")
            elif (p.ind_left >= 2 or render(p.pieces)[:3].strip(SPACES) == "") and \
                    not any(ch in text for ch in "。；") and self._signs_ahead(i) is False:
                last = self.out.lines[-1]
                self.out.lines[-1] = last + squeeze(text)
                self.report.append(("guess", f"附件说明 continuation joined: {text[:30]}"))
            else:
                break
            i += 1
        return i

    def _signs_ahead(self, i: int):
        """Whether the paragraphs from i up to a date are 落款 lines (at most three)."""
        n = 0
        for it in self.items[i:i + 6]:
            if not isinstance(it, Para):
                return False
            text = plain(it)
            if not text:
                continue
            if DATE.match(text):
                return n > 0
            if not _is_sign_candidate(text) or n >= 3:
                return False
            n += 1
        return False

    def _signs(self, i: int) -> int:
        while i < len(self.items):
            p = self.items[i]
            text = plain(p)
            if isinstance(p, Para):
                self._pictures(p)
            if text and DATE.match(text):
                return i
            if text:
                right = p.align == "right" or p.ind_left >= 4 or render(p.pieces)[:4].strip(SPACES) == ""
                if not right:
                    self.out.check("a short line right before the date, read as the 落款 (signature)")
                self.out.line(f"@sign {squeeze(text) if ' ' not in text.strip() else text.strip()}")
            i += 1
        return i

    def _caption_ahead(self, i: int):
        """The index of a table right after short lines that would be its caption, or None."""
        j = i
        while j < len(self.items) and j - i < 3:
            it = self.items[j]
            if isinstance(it, Table):
                return j if j > i else None
            if not isinstance(it, Para):
                return None
            text = plain(it)
            if text and (len(text) > CAPTION_MAX or text.endswith(("。", "；", "：")) or heading_level(text)
                         or is_title(it, self.size)):
                return None
            j += 1
        return None

    def _table(self, i: int, captions) -> int:
        table = self.items[i]
        self._break()
        j, notes = i + 1, []
        while j < len(self.items) and isinstance(self.items[j], Para):
            text = plain(self.items[j])
            if not text:
                j += 1
                continue
            if text.startswith("注") and not notes or (notes and len(text) <= NOTE_MAX and self._ends_here(j)):
                notes.append(text)
                j += 1
                continue
            break
        emit_table(self.out, table, captions, notes)
        self.has_body = True
        return j

    def _ends_here(self, j: int) -> bool:
        """Only short lines from j to the end of the container (a page break, a 附件 label)."""
        for it in self.items[j:]:
            if isinstance(it, (PageBreak, Table)):
                return True
            text = plain(it) if isinstance(it, Para) else ""
            if ATTACH_LABEL.match(text):
                return True
            if text and len(text) > NOTE_MAX:
                return False
        return True

    def _paragraph(self, i: int) -> int:
        p = self.items[i]
        text = plain(p)
        self._break()
        self.has_body = True
        if p.bullet:
            self.out.line(f"- {text}")
        elif p.align == "center" and not heading_level(text):
            self.out.line(f"@center {text}")
        elif p.align == "right" and not heading_level(text):
            self.out.line(f"@right {text}")
        else:
            run = self._list_run(i)
            if run:
                self.out.check(f"{run} numbered lines in a row with no text between: read as a list, "
                               "not as headings")
                for k in range(i, i + run):
                    self.out.line(f"- {plain(self.items[k])}")
                return i + run
            for part in render(([(p.num, "")] if p.num else []) + p.pieces, keep_breaks=True).split("\n"):
                part = part.strip(SPACES)
                if part:
                    self._body_line(p, part)
        self._footnotes(p)
        return i + 1

    def _body_line(self, p: Para, text: str) -> None:
        if p.outline is not None and p.outline < 4:
            want = f"heading{p.outline + 1}"
            style, _ = heading_of(((_span(text)),))
            if style != want and heading_level(text):
                self.out.check(f"a Word heading (level {p.outline + 1}) whose text reads as {style}")
                self.out.line(f"@h{p.outline + 1} {text}")
                return
        self.out.line(guard_start(text))

    def _list_run(self, i: int) -> int:
        level, n = "", 0
        for it in self.items[i:]:
            if not isinstance(it, Para):
                break
            text = plain(it)
            if not text:
                continue
            lv = heading_level(text)
            style, _ = heading_of((_span(text),))
            if not lv or style != lv or (level and lv != level) or it.align != self.items[i].align:
                break
            level, n = lv, n + 1
        return n if n >= 2 and level else 0

    def _footnotes(self, p: Para) -> None:
        for n in p.notes:
            self.out.check(f"footnote {n} of the Word file, set as a note after its paragraph")
            self.out.line(f"@p 注^{{{n}}}：{self.notes_text.get(n, '')}")

    def _pictures(self, p: Para) -> None:
        for pic in p.pics:
            k = len(self.images) + 1
            seal = SEAL_WORDS.search(pic.name) or _red_picture(pic) or (
                pic.floating and (self.has_body and self._near_sign(p)))
            if seal and not self.keep_seals:
                self.report.append(("dropped", f"印章 picture ({pic.name or pic.ext})"))
                continue
            if pic.ext in ("emf", "wmf", "emz", "wmz"):
                self.out.check(f"an {pic.ext.upper()} picture is not kept: export it from Word as PNG "
                               f"and add @image images/{self.prefix}-{k}.png")
                self.report.append(("note", f"{pic.ext.upper()} picture not kept"))
                continue
            ext, data = _png_or_jpeg(pic)
            if data is None:
                self.report.append(("note", f"a {pic.ext} picture that cannot be read: not kept"))
                continue
            name = f"{self.prefix}-{k}.{ext}"
            self.images.append((name, data))
            self._break()
            width = f" width={pic.width_mm:g}mm" if pic.width_mm else ""
            if seal:
                self.out.check("a 印章 picture, kept (--keep-seals)")
            self.out.line(f"@image images/{name}{width}")
            self.has_body = True

    def _near_sign(self, p: Para) -> bool:
        text = plain(p)
        return bool(DATE.match(text) or _is_sign_candidate(text))

    def _facts(self) -> None:
        names = {"tracked": "tracked changes accepted", "comments": "comments dropped",
                 "hidden": "hidden text runs dropped", "page fields": "page-number fields dropped",
                 "boxes": "text boxes read", "shapes": "drawn shapes dropped (lines, rules)",
                 "headers": "headers dropped", "footers": "footers dropped"}
        for key, label in names.items():
            if self.facts.get(key):
                self.report.append(("note", f"{label}: {self.facts[key]}"))


def _span(text: str):
    from ..model import Span
    return Span(text)


def _red_picture(pic) -> bool:
    """Most coloured pixels of the picture are red: a 印章."""
    if pic.ext not in ("png", "jpeg", "jpg", "gif", "bmp"):
        return False
    try:
        import io

        from PIL import Image
        im = Image.open(io.BytesIO(pic.data)).convert("RGB")
        im.thumbnail((64, 64))
        px = [im.getpixel((x, y)) for y in range(im.height) for x in range(im.width)]
    except Exception:
        return False
    coloured = [(r, g, b) for r, g, b in px if max(r, g, b) - min(r, g, b) > 60]
    red = [1 for r, g, b in coloured if r > 150 and g < 110 and b < 110]
    return len(coloured) >= len(px) // 20 and len(red) * 10 >= len(coloured) * 7


def _png_or_jpeg(pic):
    if pic.ext == "png" or pic.data.startswith(b"\x89PNG"):
        return "png", pic.data
    if pic.ext in ("jpeg", "jpg") or pic.data.startswith(b"\xff\xd8\xff"):
        return "jpg", pic.data
    try:
        import io

        from PIL import Image
        im = Image.open(io.BytesIO(pic.data))
        buf = io.BytesIO()
        im.convert("RGBA" if im.mode in ("RGBA", "LA", "P") else "RGB").save(buf, "PNG")
        return "png", buf.getvalue()
    except Exception:
        return "png", None


def classify(walked, name: str, prefix: str, *, keep_seals=False, keep_punctuation=False) -> Result:
    return Classifier(walked, name, prefix, keep_seals, keep_punctuation).run()
