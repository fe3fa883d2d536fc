"""Typographic problems on the laid-out pages, for the proof: emergency breaks, loose and
overfull lines, a paragraph's last line alone at a column top, a heading last in a column, and
the characters set in a fallback face."""
from __future__ import annotations

import re

from typeset.compose.tables import UNITS
from typeset.config import Layout
from typeset.layout.boxes import Problem, ProblemKind, TextLine


# What an issue that keeps its print's lone lines (lone_lines = "keep") lists as kept.
KEPT_KINDS = ("lone-line", "closing-alone")


def find_problems(pages, layout: Layout, fontset, broken_titles=frozenset(),
                  keep_printed: bool = False) -> tuple[Problem, ...]:
    """Typographic problems on the placed lines, for the proof. `broken_titles`: where (file:line)
    of the titles the composer broke into lines (explicit @title lines are the office's own).
    `keep_printed`: the issue keeps its print's lone lines; they are listed as kept."""
    found = _find(pages, layout, fontset, broken_titles)
    if keep_printed:
        found = tuple(Problem(ProblemKind.KEPT, "kept as printed: " + p.message, p.where, p.page,
                              p.column, p.line, p.bbox) if p.kind in KEPT_KINDS else p
                      for p in found)
    return found


def _find(pages, layout: Layout, fontset, broken_titles) -> tuple[Problem, ...]:
    found: list[Problem] = []
    limit = layout.grid.max_stretch
    by_block: dict[int, list] = {}
    for page in pages:
        for it in page.items:
            if not isinstance(it, TextLine):
                continue
            bbox = (it.x, it.y - layout.grid.size, it.width or it.end, layout.grid.size * 1.2)
            where = dict(where=it.where, page=page.index, column=it.column, line=it.grid_line,
                         bbox=bbox)
            if it.emergency:
                found.append(Problem(ProblemKind.EMERGENCY, f"emergency break: {it.text}", **where))
            if not it.last and it.stretch > limit:
                found.append(Problem(
                    ProblemKind.LOOSE, f"line stretched {it.stretch:.2f} em per gap (limit {limit}): {it.text}",
                    **where))
            if it.end > (it.width or it.end) + 0.5:
                found.append(Problem(ProblemKind.OVERFULL, f"line is {it.end - it.width:.1f} pt too "
                                               f"long: {it.text}", **where))
            if it.column and it.block >= 0:
                by_block.setdefault(it.block, []).append((page.index, it, where))
    for lines in by_block.values():
        if len(lines) > 1:
            (p0, prev, _), (p1, last, where) = lines[-2], lines[-1]
            if (p0, prev.column) != (p1, last.column):
                found.append(Problem(
                    ProblemKind.LONE_LINE, f"a paragraph's last line stands alone at the top of a column: "
                    f"{last.text}", **where))
    flow = [(page.index, it) for page in pages for it in page.items
            if isinstance(it, TextLine) and it.kind not in ("head", "folio")]
    for (page, line), (page2, nxt) in zip(flow, flow[1:] + [(None, None)]):
        if line.column and line.kind.startswith("heading") and \
                (nxt is None or page2 != page or nxt.column != line.column):
            found.append(Problem(
                ProblemKind.HEADING_LAST, f"a heading is last in a column: {line.text}", where=line.where,
                page=page, column=line.column, line=line.grid_line,
                bbox=(line.x, line.y - layout.grid.size, line.width, layout.grid.size * 1.2)))
    found += _titles(pages, layout, broken_titles) + _cells(pages, layout) + _closing(pages) + \
        _unbalanced(pages, layout) + _off_frame(pages, layout)
    for warning in fontset.warnings:
        found.append(Problem(ProblemKind.FALLBACK, warning))
    return tuple(found)


def _box(it, layout):
    return (it.x, it.y - layout.grid.size, it.width or it.end, layout.grid.size * 1.2)


def _runs(pages, kinds, key):
    """Consecutive text lines of the given kinds grouped by key(line), per page."""
    for page in pages:
        groups: dict = {}
        for it in page.items:
            if isinstance(it, TextLine) and it.kind in kinds:
                groups.setdefault(key(it), []).append(it)
        for lines in groups.values():
            yield page, lines


def _titles(pages, layout, broken_titles) -> list[Problem]:
    """A title's lines broken inside a word (the segmenter's, with the title's own spans)."""
    lines = [(p, it) for p in pages for it in p.items
             if isinstance(it, TextLine) and it.kind == "title" and it.column == 0
             and it.where in broken_titles]
    found, seg = [], None
    groups: list[list] = []
    for page, it in lines:
        if groups and groups[-1][-1][1].where == it.where and groups[-1][-1][0] is page \
                and not re.search(r"〔\d{4}〕", it.text):
            groups[-1].append((page, it))
        elif not re.search(r"〔\d{4}〕", it.text):
            groups.append([(page, it)])
    for group in groups:
        if len(group) < 2:
            continue
        if seg is None:
            from typeset.compose.titles import Segmenter
            seg = Segmenter.of()
        texts = [it.text for _, it in group]
        joined = "".join(texts)
        k = 0
        for (page, it), text in zip(group[1:], texts):
            k += len(text)
            if seg.inside_word(joined, k):
                found.append(Problem(ProblemKind.TITLE_SPLIT, f"title broken inside a word: "
                                     f"{joined[:k]}|{joined[k:]}", where=it.where,
                                     page=page.index, bbox=_box(it, layout)))
    return found


def _cells(pages, layout) -> list[Problem]:
    found = []
    for page, lines in _runs(pages, ("td", "th"), lambda it: (it.where, it.block)):
        if len(lines) < 2:
            continue
        text = "".join(it.text for it in lines)
        cuts = []
        k = 0
        for it in lines[:-1]:
            k += len(it.text)
            cuts.append((k, it))
        spans = [m.span() for m in UNITS.finditer(text)]
        for k, it in cuts:
            if any(a < k < b for a, b in spans):
                found.append(Problem(ProblemKind.UNIT_SPLIT, f"a cell broken inside a unit: "
                                     f"{text[:k]}|{text[k:]}", where=it.where, page=page.index,
                                     bbox=_box(it, layout)))
    return found


CLOSING = ("attach-note", "signature", "date", "public")


def _closing(pages) -> list[Problem]:
    """A closing block whose lines are not all in one column of one page."""
    found, blocks = [], {}
    order = []
    for page in pages:
        for it in page.items:
            if isinstance(it, TextLine) and it.column:
                if it.kind in CLOSING:
                    key = order[-1] if order and order[-1][1] == "closing" else None
                    if key is None:
                        key = (len(order), "closing")
                        order.append(key)
                    blocks.setdefault(key, []).append((page.index, it))
                else:
                    order.append((len(order), it.kind))
    for lines in blocks.values():
        page, first = lines[0]
        if _alone(pages[page], first) and not (page and pages[page - 1].broken):
            found.append(Problem(ProblemKind.CLOSING_ALONE, f"the closing block stands alone at "
                                 f"the top of a column: {first.text}", where=first.where,
                                 page=page, column=first.column, line=first.grid_line,
                                 bbox=(first.x, first.y - 10, first.width, 12)))
        if len({(p, it.column) for p, it in lines}) > 1:
            page, it = lines[-1]
            found.append(Problem(ProblemKind.CLOSING_SPLIT, f"the closing block is split: "
                                 f"{it.text}", where=it.where, page=page, column=it.column,
                                 line=it.grid_line, bbox=(it.x, it.y - 10, it.width, 12)))
    return found


def _alone(page, first) -> bool:
    """Whether no body line stands above the closing block's first line in its column, below
    the last full-width block (title, table, image) above it."""
    def bottom(it):
        if isinstance(it, TextLine):
            return it.y if not it.column and it.kind not in ("head", "folio") else None
        h = getattr(it, "h", None)
        return it.y + h if h is not None else None
    top = max((b for it in page.items if (b := bottom(it)) is not None and b < first.y),
              default=float("-inf"))
    return not any(isinstance(it, TextLine) and it.column == first.column
                   and it.kind not in CLOSING and top < it.y < first.y for it in page.items)


def _unbalanced(pages, layout) -> list[Problem]:
    """The last region of a body page (below its last full-width line) in one column of more
    than two lines, the other column empty, with room left below: a document's end not
    balanced."""
    found = []
    for page in pages:
        if page.folio is None or page.broken or page.unbalanced:   # the author's own break, or
            continue                                             # no legal split within the keeps
        lines = [it for it in page.items if isinstance(it, TextLine)
                 and it.kind not in ("head", "folio")]
        wide = [it.y for it in lines if not it.column]
        region = [it for it in lines if it.column and (not wide or it.y > max(wide))]
        if not region or (wide and any(it.y < max(wide) for it in lines if it.column) is None):
            continue
        cols = {it.column for it in region}
        low = max(it.grid_line for it in region)
        if len(cols) == 1 and layout.grid.columns > 1 and len(region) > 2 \
                and low < layout.grid.lines - 1:
            it = region[-1]
            found.append(Problem(ProblemKind.UNBALANCED, f"a document ends in one column, the "
                                 f"other empty: {it.text}", where=it.where, page=page.index,
                                 column=it.column, line=it.grid_line, bbox=_box(it, layout)))
    return found


def _off_frame(pages, layout) -> list[Problem]:
    """A column line past its column's edge, or below the body (the layout data, before
    rendering; verification checks the printed page)."""
    found = []
    for page in pages:
        if page.folio is None or page.width > page.height:
            continue
        bottom = layout.top + layout.body_height + 1
        for it in page.items:
            if not isinstance(it, TextLine) or not it.column:
                continue
            x0 = layout.left + (it.column - 1) * (layout.column_width + layout.gutter)
            if it.x < x0 - 0.5 or it.x + it.end > x0 + layout.column_width + 0.5 or it.y > bottom:
                found.append(Problem(ProblemKind.OFF_FRAME, f"a line off its column: {it.text}",
                                     where=it.where, page=page.index, column=it.column,
                                     line=it.grid_line, bbox=_box(it, layout)))
    return found
