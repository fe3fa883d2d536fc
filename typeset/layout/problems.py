"""Typographic problems on the laid-out pages, for the proof: emergency breaks, loose and
overfull lines, a paragraph's last line alone at a column top, a heading last in a column, and
the characters set in a fallback face."""
from __future__ import annotations

from typeset.config import Layout
from typeset.layout.boxes import Problem, ProblemKind, TextLine


def find_problems(pages, layout: Layout, fontset) -> tuple[Problem, ...]:
    """Typographic problems on the placed lines, for the proof."""
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
    for warning in fontset.warnings:
        found.append(Problem(ProblemKind.FALLBACK, warning))
    return tuple(found)
