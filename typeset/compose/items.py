"""Runs -> per-character arrays the breaker and justifier read (widths, gaps, shrink, stretch, breaks).

All lengths are in pt. Pair compression is a negative gap between two marks, so it disappears by itself
when a break falls between them; whichever mark gives up the blank, the glyph origins come out the same.
"""
from __future__ import annotations

import math
import re
from typing import Callable, Sequence

from ..errors import TypesetError
from . import classes as C
from .breaks import break_opportunities, glue_spans
from .data import Run

STYLES = ("mainland", "quanjiao", "kaiming")


class Para:
    """Per-character data of one paragraph (lists indexed by character offset)."""
    __slots__ = ("text", "runs", "run_of", "adv", "w", "lfix", "rfix", "g", "gshrink", "midL", "midR",
                 "fullL", "fullR", "scls", "stretchy", "brk", "count", "space", "blank", "em")
    text: str
    runs: list[Run]
    run_of: list[int]          # run index of each character
    adv: list[float]           # advance, pt
    w: list[float]             # width in the line (advance less fixed blanks), pt
    lfix: list[float]
    rfix: list[float]
    g: list[float]             # gap after the character, pt
    gshrink: list[float]
    midL: list[float]
    midR: list[float]
    fullL: list[float]
    fullR: list[float]
    scls: list[int]            # shrink class
    stretchy: list[int]
    brk: list[bool]
    count: list[int]
    space: list[bool]
    blank: list[bool]
    em: float


def build(runs: Sequence[Run], advance: Callable[[str, str], float], em: float, style: str,
          squeeze: bool = True) -> Para:
    if style not in STYLES:
        raise TypesetError(f"unknown punctuation style {style!r}", fix=f"use one of {', '.join(STYLES)}")
    p = Para()
    p.em = em
    p.runs = [r for r in runs if r.text]
    text = p.text = "".join(r.text for r in p.runs)
    n = len(text)
    run_of, adv, codes, sizes = [], [], [], []
    for ri, r in enumerate(p.runs):
        if not (r.size > 0 and math.isfinite(r.size)):
            raise TypesetError(f"run {r.text[:20]!r} has size {r.size}", fix="give every run a positive size")
        length = len(r.text)
        run_of += [ri] * length
        sizes += [r.size] * length
        if r.blank:
            if r.text.strip("_"):
                raise TypesetError(f"blank run {r.text[:20]!r} holds more than underscores",
                                   fix="write a blank as underscores only")
            adv += [r.size * 0.5] * length
            codes.append("b" * length)
            continue
        cache = {ch: _advance(advance, r.font, ch) * r.size for ch in set(r.text)}
        adv += [cache[ch] for ch in r.text]
        codes.append("".join([_code(ch) for ch in r.text]))
    kinds = "".join(codes)              # one letter a character: h han, l latin, p punct, s space, o other, b blank
    p.run_of, p.adv = run_of, adv
    p.blank = blank = [c == "b" for c in kinds]
    p.space = space = [c == "s" for c in kinds]

    # Adjustable blanks of full-width marks; Latin spaces.
    lfix = [0.0] * n
    rfix = [0.0] * n
    fullL = [0.0] * n
    fullR = [0.0] * n
    scls = [C.SHRINK_PAUSE] * n
    for m in _ADJUSTABLE.finditer(text):
        k = m.start()
        ch = text[k]
        if ch == " " or ch == "\u00a0":
            fullR[k] = max(0.0, adv[k] - C.SPACE_MIN * sizes[k])
            scls[k] = C.SHRINK_SPACE
            continue
        if blank[k] or adv[k] < C.FULL_WIDTH_MIN * sizes[k]:
            continue
        left, right = C.ADJUST[ch]
        left, right = left * sizes[k], right * sizes[k]
        if style == "kaiming" and ch not in C.KAIMING_FULL:
            lfix[k], rfix[k] = left, right
            left = right = 0.0
        fullL[k], fullR[k] = left, right
        scls[k] = C.SHRINK_CLASS.get(ch, C.SHRINK_PAUSE)
    p.lfix, p.rfix, p.fullL, p.fullR, p.scls = lfix, rfix, fullL, fullR, scls
    p.w = [x - y - z for x, y, z in zip(adv, lfix, rfix)] if style == "kaiming" else adv
    # What a line may give up to fit; none when the layout forbids squeezing (push out only).
    midL = fullL[:] if squeeze else [0.0] * n
    midR = fullR[:] if squeeze else [0.0] * n

    # Gaps after each character: Han–Latin space and pair compression.
    g = [0.0] * n
    gshrink = [0.0] * n
    gap, gap_min = C.MIXED_GAP * em, C.MIXED_GAP_MIN * em
    for m in _MIXED.finditer(kinds):
        k = m.start()
        g[k] = gap
        gshrink[k] = gap - gap_min
    if style == "mainland":
        for m in _PAIR.finditer(text):
            k = m.start()
            if midR[k] or midL[k + 1]:
                c = min(midR[k] + midL[k + 1], 0.5 * min(sizes[k], sizes[k + 1]))
                take = min(c, midR[k])
                midR[k] -= take
                midL[k + 1] -= c - take
                g[k] = -c
    # Which gaps take justification space; no break inside a blank.
    brk = break_opportunities(text)
    stretchy = [1] * n
    for m in C.TIGHT_RE.finditer(text):
        stretchy[m.start():m.end() - 1] = [0] * (m.end() - m.start() - 1)
    for m in _RUN_OF_BLANK.finditer(kinds):
        stretchy[m.start():m.end() - 1] = [0] * (m.end() - m.start() - 1)
        brk[m.start() + 1:m.end()] = [False] * (m.end() - m.start() - 1)
    for m in _BEFORE_SPACE.finditer(kinds):
        stretchy[m.start()] = 0
    for start, stop, name in glue_spans(text):
        if name != "wenhao":                 # URLs and e-mail addresses are letter-spaced never
            stretchy[start:stop - 1] = [0] * (stop - start - 1)
    if n:
        stretchy[n - 1] = 0
    p.g, p.gshrink, p.midL, p.midR, p.stretchy, p.brk = g, gshrink, midL, midR, stretchy, brk
    # 孤字 counting: Han, Latin letters and digits, other signs; a blank counts once.
    p.count = [1 if c in "hlo" else 0 for c in kinds]
    for m in _RUN_OF_BLANK.finditer(kinds):
        p.count[m.start()] = 1
    return p


_ADJUSTABLE = re.compile("[" + re.escape("".join(C.ADJUST)) + " \u00a0]")
_PAIR = re.compile("(?=[" + re.escape("".join(C.ADJUST)) + "]{2})")
_MIXED = re.compile("(?=hl|lh)")
_BEFORE_SPACE = re.compile("(?=.s)")
_RUN_OF_BLANK = re.compile("b+")
_CODES = {"han": "h", "latin": "l", "punct": "p", "space": "s", "other": "o"}
_codes: dict[str, str] = {}


def _code(ch: str) -> str:
    k = _codes.get(ch)
    if k is None:
        k = _codes[ch] = _CODES[C.kind(ch)]
    return k


def _advance(advance, font: str, ch: str) -> float:
    a = advance(font, ch)
    if not (a >= 0 and math.isfinite(a)):
        raise TypesetError(f"advance({font!r}, {ch!r}) returned {a}",
                           fix="the font metrics must give a finite width >= 0")
    return a
