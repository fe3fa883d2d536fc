"""The Chinese line composer (clreq): kinsoku, punctuation compression, optimal breaking, justification.

Pure Python on made-up or real advance widths; no font or PDF library. See issue 4.
"""
from __future__ import annotations

from typing import Callable, Sequence

from ..errors import TypesetError
from .breaker import Sums, breakpoints
from .breaks import break_opportunities, in_tailoring
from .data import GlyphRun, Line, Run
from .items import STYLES, build
from .justify import set_line

__all__ = ["Run", "GlyphRun", "Line", "compose_paragraph", "break_opportunities", "in_tailoring"]

ALIGNS = ("justify", "left", "center", "right")


def compose_paragraph(runs: Sequence[Run], width: float, advance: Callable[[str, str], float], *,
                      em: float, indent: float = 2.0, align: str = "justify",
                      punctuation: str = "mainland", last_line_min: int = 2,
                      trim_start: bool = False,
                      squeeze: bool = True, hang: float = 0.0) -> list[Line]:
    """Break and set one paragraph into lines of `width` pt.

    advance(font, ch) gives the advance of `ch` in em of `font`; it is multiplied by the run's size.
    em: the grid unit (body size, pt): the indent and the Han–Latin gaps are in it.
    indent: first-line indent in em (justify and left only; centred and right lines ignore it).
    hang: the indent of the lines after the first, in em (justify and left only): a hanging
                 indent, as 附件说明's wrapped items under the first item's name.
    punctuation: "mainland" (adjacent marks compressed to 1.5 em), "quanjiao" (all full width),
                 "kaiming" (。？！ full, other marks half width).
    last_line_min: the last line holds at least this many characters (Han, Latin letters, digits; a
                 blank counts as one), unless the paragraph has fewer.
    trim_start: an opening bracket at the start of a line (not the paragraph) loses its left half.
    squeeze: punctuation may give up its blank so that a line fits (先挤进); False: never, a
                 character is pushed to the next line instead (先推出), as some printers set.
    Lines that cannot be set within the rules are set as well as possible and marked `emergency`.
    """
    if align not in ALIGNS:
        raise TypesetError(f"unknown alignment {align!r}", fix=f"use one of {', '.join(ALIGNS)}")
    if punctuation not in STYLES:
        raise TypesetError(f"unknown punctuation style {punctuation!r}", fix=f"use one of {', '.join(STYLES)}")
    if not (em > 0) or not (width > 0):
        raise TypesetError(f"cannot compose at width {width} pt with em {em} pt",
                           fix="give a positive measure and body size")
    p = build(runs, advance, em, punctuation, squeeze)
    n = len(p.text)
    if n == 0:
        return []
    offset = indent * em if align in ("justify", "left") else 0.0
    hung = hang * em if align in ("justify", "left") else 0.0
    first = width - offset
    rest = width - hung
    widest = max(range(n), key=p.w.__getitem__)
    if p.w[widest] > rest + 1e-6 or first <= 0:
        raise TypesetError(f"the measure {width:g} pt (first line {first:g} pt) is narrower than "
                           f"the character {p.text[widest]!r} ({p.w[widest]:g} pt)",
                           fix="widen the measure or reduce the indent")
    _check_blanks(p, rest)
    lead = p.w[0] if not p.blank[0] else sum(p.w[:next((k for k in range(n) if not p.blank[k]), n)])
    if lead > first + 1e-6:
        raise TypesetError(f"the first line ({first:g} pt after a {indent:g} em indent) cannot hold "
                           f"{p.text[:1]!r} ({lead:g} pt)", fix="reduce the indent or widen the measure")
    justify = align == "justify"
    s = Sums(p)
    ends, forced = breakpoints(p, s, rest, first, justify=justify, last_line_min=last_line_min,
                               trim_start=trim_start)
    lines = []
    a = 0
    for b in ends:
        lines.append(set_line(p, s, a, b, width=width, measure=first if a == 0 else rest,
                              offset=offset if a == 0 else hung, align=align, last=b == n,
                              trim_start=trim_start, emergency=b in forced))
        a = b
        while a < n and p.space[a]:
            a += 1
    return lines


def _check_blanks(p, width: float) -> None:
    k = 0
    n = len(p.text)
    while k < n:
        if p.blank[k]:
            j = k
            while j < n and p.blank[j]:
                j += 1
            if sum(p.w[k:j]) > width + 1e-6:
                raise TypesetError(f"a blank of {j - k} underscores is wider than the measure",
                                   fix="shorten the blank")
            k = j
        else:
            k += 1
