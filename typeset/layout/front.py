"""Front and back matter: cover, title page, 目录 (from the body's pages), colophon."""
from __future__ import annotations

from typeset import furniture
from typeset.compose import GlyphRun
from typeset.compose.issue import issue_names
from typeset.compose.titles import Segmenter, fill_title
from typeset.compose.typesetter import Typesetter
from typeset.errors import TypesetError
from typeset.layout.boxes import Rule, TextLine
from typeset.config import MM, Layout
from typeset.layout.flow import PageBuilder, centred_baseline
from typeset.layout.tags import ARTIFACT, Link, Tags
from typeset.model import Issue


class FrontSetter:
    """Each page's text is tagged in a Part of its own (`parts`: cover, title page, 目录 and
    colophon element), one P for each text; the 目录 is a TOC of TOCIs, an entry's TOCI a Link
    to its document's title (the dot leaders are artifacts)."""

    def __init__(self, layout: Layout, ts: Typesetter, issue: Issue, tags: Tags | None = None,
                 parts: dict[str, int] | None = None):
        self.lay = layout
        self.ts = ts
        self.issue = issue
        self.meta = issue.meta
        self.tags = tags or Tags()
        self.parts = parts or {}
        self.parent = 0
        self._seg = None

    def _part(self, name: str) -> int:
        if name not in self.parts:
            self.parts[name] = self.tags.add("Part")
        self.parent = self.parts[name]
        return self.parent

    def segmenter(self) -> Segmenter:
        """The title breaker's segmenter with the issue's names (made when an entry wraps)."""
        if self._seg is None:
            self._seg = Segmenter.of(issue_names(self.issue))
        return self._seg

    def _page(self) -> PageBuilder:
        return PageBuilder(self.lay.page_width, self.lay.page_height)

    def _centered(self, page, text: furniture.Text, size, y, kind="cover", color=None, width=None,
                  single=False):
        """Centred lines; `single`: one line only (the cover's, whose places are fixed): a text
        wider than the body is then an error at its issue.toml line."""
        width = width or self.lay.body_width
        lines = self.ts.line(text.text, text.role, size, width, align="center")
        if single and len(lines) > 1:
            w = text.where
            raise TypesetError(f"{text.text!r} is wider than the page's {width:.0f} pt at {size:g} pt",
                               file=w.file if w else None, line=w.line if w else None,
                               fix="shorten it, or give it a smaller size in the layout file")
        tag = self.tags.add("H1" if kind == "toc-heading" else "P", self.parent)
        for ln in lines:
            page.items.append(TextLine.placed(ln, (page.width - width) / 2, y, kind,
                                              color=color or "", where=str(text.where or ""),
                                              tag=tag))
            y += size * 1.4
        return y

    def cover(self) -> PageBuilder:
        c = self.lay.cover
        masthead, pinyin, year, number = furniture.cover(self.meta, self.lay)
        self._part("cover")
        page = self._page()
        if c.band_mm:                 # [cover] band_mm: red across the top, off three edges
            bleed, band = self.lay.press.bleed_mm * MM, c.band_mm * MM
            page.items.append(Rule(-bleed, (band - bleed) / 2, page.width + bleed,
                                   (band - bleed) / 2, band + bleed, self.lay.colors.masthead))
        y = c.masthead_y_mm * MM
        self._centered(page, masthead, c.masthead_size, y, "masthead", self.lay.colors.masthead,
                       single=True)
        y += c.masthead_size * 0.9
        self._centered(page, pinyin, c.pinyin_size, y, "cover", single=True)
        x0 = self.lay.left
        page.items.append(Rule(x0, y + 8, page.width - x0, y + 8, 2.0, self.lay.colors.masthead))
        y = c.year_y_mm * MM
        self._centered(page, year, c.year_size, y, "cover", single=True)
        self._centered(page, number, c.number_size, y + c.year_size * 1.6, "cover", single=True)
        return page

    def titlepage(self) -> PageBuilder:
        tp = self.lay.titlepage
        masthead, pinyin, number, sponsor = furniture.titlepage(self.meta, self.lay)
        self._part("titlepage")
        page = self._page()
        y = tp.y_mm * MM
        y = self._centered(page, masthead, tp.masthead_size, y, "masthead",
                           self.lay.colors.masthead)
        y = self._centered(page, pinyin, 10.0, y + 4, "cover")
        y = self._centered(page, number, 12.0, y + 30, "cover")
        self._centered(page, sponsor, 12.0, y + 10, "cover")
        return page

    # -- 目录 ---------------------------------------------------------------------
    def toc(self, folios: dict[int, int]) -> list[PageBuilder]:
        """The 目录; `folios` maps each document's index to the folio of its title page."""
        t = self.lay.toc
        width = self.lay.body_width
        x0 = self.lay.left
        bottom = self.lay.top + self.lay.body_height
        part = self._part("toc")
        pages = [self._page()]
        y = t.top_mm * MM
        self._centered(pages[0], furniture.toc_heading(self.lay), t.heading_size, y, "toc-heading")
        y += t.heading_size * 2.5
        rows: list[tuple[str, list, int, int]] = []      # kind, lines, element, leader run
        toc = self.tags.add("TOC", part)
        index = 0
        for section in self.issue.sections:
            name = furniture.toc_section(section, self.lay)
            item = self.tags.add("TOCI", toc)
            rows.append(("section", self.ts.line(name.text, name.role, t.size, width,
                                                 align="left"), self.tags.add("P", item), -1))
            for doc in section.documents:
                link = self.tags.add("Link", self.tags.add("TOCI", toc), target=f"doc{index}",
                                     title=f"{doc.title}（第{folios[index]}页）")
                lines, leader = self._entry(doc, folios[index], width)
                rows.append(("entry", lines, link, leader))
                index += 1
        for kind, lines, tag, leader in rows:
            if y + len(lines) * t.pitch > bottom:
                pages.append(self._page())
                y = t.top_mm * MM
            if kind == "section":
                y += t.pitch * 0.3
            if kind == "entry":
                pages[-1].links.append(Link(tag, x0, y, width, len(lines) * t.pitch))
            for k, ln in enumerate(lines):
                run_tags = () if k < len(lines) - 1 or leader < 0 else \
                    tuple(ARTIFACT if r == leader else tag for r in range(len(ln.runs)))
                pages[-1].items.append(TextLine.placed(ln, x0, centred_baseline(y, t.pitch, t.size),
                                                       "toc", tag=tag, run_tags=run_tags))
                y += t.pitch
        return pages


    def _entry(self, doc, folio: int, width: float) -> tuple[list, int]:
        """Title lines, then the 文号, dot leaders and the page number flush right; and the
        index of the leaders' run in the last line (-1: none)."""
        t = self.lay.toc
        role, size = furniture.toc_entry_role(self.lay), t.size
        num = str(folio)
        num_w = self.ts.width_of(num, role, size)
        lines = [ln for part in fill_title(doc.title, lambda s: self.ts.width_of(s, role, size),
                                           width, self.segmenter)
                 for ln in self.ts.line(part, role, size, width, align="left")]
        last = lines[-1]
        tail = doc.number
        tail_w = self.ts.width_of(tail, role, size) + num_w + 3 * size
        if width - last.end >= tail_w + size:
            lines = lines[:-1]
            head_runs, x = list(last.runs), last.end + size
        else:
            head_runs, x = [], 0.0
        for ln in self.ts.line(tail, role, size, width, align="left"):
            head_runs += [_moved(r, x) for r in ln.runs]
            x += ln.end
        face = self.ts.fontset.face_for(role, t.leader)
        step = size * 0.5
        start = x + size * 0.5
        stop = width - num_w - size * 0.5
        n = max(0, int((stop - start) / step))
        leader = len(head_runs) if n else -1
        if n:
            xs = tuple(stop - (n - i) * step for i in range(n))
            head_runs.append(GlyphRun(face.pdf_name, size, t.leader * n, xs))
        for ln in self.ts.line(num, role, size, num_w + 1, align="right"):
            head_runs += [_moved(r, width - num_w - 1) for r in ln.runs]
        lines.append(last._replace(runs=tuple(head_runs), end=width, width=width))
        return lines, leader

    # -- colophon -------------------------------------------------------------------
    def colophon(self) -> PageBuilder:
        c = self.lay.colophon
        back = self._part("colophon")
        page = self._page()
        y = c.y_mm * MM
        x0 = self.lay.left + self.lay.body_width * 0.15
        w = self.lay.body_width * 0.7
        page.items.append(Rule(x0, y - c.pitch * 0.2, x0 + w, y - c.pitch * 0.2, 1.0,
                               self.lay.colors.rule))
        role = furniture.colophon_role(self.lay)
        bottom = self.lay.folio_y(page.height)       # as low as a folio stands
        for label, parts in furniture.colophon(self.meta, self.lay):
            where = self.meta.where_of(f"colophon.{label}")
            tag = self.tags.add("P", back)
            for i, part in enumerate(parts):
                text = (label + "：" if i == 0 else "") + part
                indent = 0 if i == 0 else self.ts.width_of(label + "：", role, c.size)
                for ln in self.ts.line(text, role, c.size, w - indent, align="left"):
                    if y + c.pitch > bottom:
                        raise TypesetError(
                            f"the colophon runs past the foot of the back page at {label}",
                            file=where.file if where else None, line=where.line if where else None,
                            fix="shorten the colophon, or move [colophon] y_mm up in the layout")
                    page.items.append(TextLine.placed(ln, x0 + indent,
                                                      centred_baseline(y, c.pitch, c.size),
                                                      "colophon", where=str(where or ""),
                                                      tag=tag))
                    y += c.pitch
        page.items.append(Rule(x0, y + c.pitch * 0.2, x0 + w, y + c.pitch * 0.2, 1.0,
                               self.lay.colors.rule))
        return page


def _moved(run, dx: float):
    return run._replace(xs=tuple(x + dx for x in run.xs))
