"""The text the layout prints itself — cover, title page, 目录, running heads, folios, colophon —
and the font role each string is set in. One owner: layout sets these strings, and the fonts
stage learns from the same functions which characters each role needs (chars_by_role).

Every function returns `Text`s; positions and sizes stay with layout."""
from __future__ import annotations

from dataclasses import dataclass

from typeset.config import Layout
from typeset.model import Issue, IssueMeta, Section, Where

DIGITS = "0123456789"         # page numbers: any folio can appear in a head, folio or 目录


@dataclass(frozen=True)
class Text:
    text: str
    role: str
    where: Where | None = None        # the issue.toml line it comes from, for messages


def cover(m: IssueMeta, lay: Layout) -> tuple[Text, Text, Text, Text]:
    """Masthead, pinyin, year, 期 line."""
    w = m.where_of
    return (Text(m.masthead, lay.cover.masthead_role, w("masthead")), Text(m.pinyin, "song", w("pinyin")),
            Text(str(m.year), "hei", w("year")),
            Text(f"第{m.number}期（总第{m.total}期）", "song", w("number")))


def titlepage(m: IssueMeta, lay: Layout) -> tuple[Text, Text, Text, Text]:
    """Masthead, pinyin, 期 line, 主办 line."""
    w = m.where_of
    return (Text(m.masthead, "title", w("masthead")), Text(m.pinyin, "song", w("pinyin")),
            Text(f"{m.year}年第{m.number}期　总第{m.total}期", "song", w("number")),
            Text(f"{m.sponsor}主办", "song", w("sponsor")))


def toc_heading(lay: Layout) -> Text:
    return Text(lay.toc.heading, "title")


def toc_section(section: Section, lay: Layout) -> Text:
    return Text(f"【{section.name}】", lay.toc.section_role, section.where)


def toc_entry_role(lay: Layout) -> str:
    """The role of a 目录 entry: its title, 文号, leader and page number."""
    return lay.toc.entry_role


def _fields(m: IssueMeta, folio: int) -> dict:
    return {"masthead": m.masthead, "year": m.year, "number": m.number, "total": m.total,
            "n": folio}


def head(m: IssueMeta, lay: Layout, folio: int) -> Text:
    """The running head of a body page: the even format on left-hand pages, the odd on right."""
    fmt = lay.head.odd if folio % 2 else lay.head.even
    return Text(fmt.format(**_fields(m, folio)), lay.head.role, m.where)


def head_section(section: Section | None, lay: Layout) -> Text | None:
    """The 栏目 a right-hand page's head names on its left, if the layout asks for it."""
    if not (lay.head.odd_section and section):
        return None
    return Text(f"【{section.name}】", lay.head.role, section.where)


def folio(m: IssueMeta, lay: Layout, n: int) -> Text:
    return Text(lay.folio.format.format(**_fields(m, n)), lay.folio.role)


def colophon(m: IssueMeta, lay: Layout) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(label, printed lines of its value) in order: 主办单位, 编辑出版 (unless the colophon has
    its own), then the issue's colophon entries."""
    entries = [("主办单位", m.sponsor)] + list(m.colophon)
    if m.publisher and not any(k == "编辑出版" for k, _ in entries):
        entries.insert(1, ("编辑出版", m.publisher))
    return tuple((label, tuple(str(value).split("\n"))) for label, value in entries)


def colophon_role(lay: Layout) -> str:
    return lay.colophon.role


def texts(issue: Issue, lay: Layout) -> list[Text]:
    """Every string the layout can print for this issue (page numbers as their digits)."""
    m = issue.meta
    out = [*cover(m, lay), *titlepage(m, lay), toc_heading(lay)]
    entry = toc_entry_role(lay)
    out += [Text(DIGITS + lay.toc.leader, entry), Text(DIGITS, lay.head.role)]
    for parity in (1, 2):
        out += [head(m, lay, parity), folio(m, lay, parity)]
    out.append(Text(DIGITS, lay.folio.role))
    for s in issue.sections:
        out.append(toc_section(s, lay))
        if head_section(s, lay):
            out.append(head_section(s, lay))
        for d in s.documents:
            out.append(Text(d.title + d.number, entry, d.where))
    for label, lines in colophon(m, lay):
        out.append(Text(label + "：" + "".join(lines), colophon_role(lay),
                        m.where_of(f"colophon.{label}")))
    return out


def chars_by_role(issue: Issue, lay: Layout) -> dict[str, dict[str, Where | None]]:
    """{role: {char: where}} of the layout's own text; `where`: the line it comes from."""
    out: dict[str, dict[str, Where | None]] = {}
    for t in texts(issue, lay):
        bucket = out.setdefault(t.role, {})
        for ch in t.text:
            if not ch.isspace():
                bucket.setdefault(ch, t.where or issue.meta.where)
    return out
